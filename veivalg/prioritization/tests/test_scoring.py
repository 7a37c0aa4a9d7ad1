"""Score arithmetic on plain data: a worked example, inversion, missing ratings, bounds."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from veivalg.prioritization.scoring import CriterionSpec, compute_score, normalise_to_sum_one

CRITERIA = [
    CriterionSpec(slug="nytte", name="Nytte", weight=Decimal("0.5")),
    CriterionSpec(slug="strategi", name="Strategi", weight=Decimal("0.3")),
    CriterionSpec(slug="risiko", name="Risiko", weight=Decimal("0.2"), inverted=True),
]


def test_worked_example_by_hand() -> None:
    # nytte 4/4 * 0.5 * 100 = 50; strategi 2/4 * 0.3 * 100 = 15;
    # risiko inverted, level 1: (4 - 1)/4 * 0.2 * 100 = 15. Total 80.
    score = compute_score(CRITERIA, {"nytte": 4, "strategi": 2, "risiko": 1})

    assert score.total == Decimal("80.00")
    assert [p.points for p in score.parts] == [Decimal("50.00"), Decimal("15.00"), Decimal("15.00")]
    assert [p.max_points for p in score.parts] == [
        Decimal("50.00"),
        Decimal("30.00"),
        Decimal("20.00"),
    ]
    assert score.missing == ()
    assert score.complete


def test_inverted_criterion_rewards_low_risk_and_punishes_high() -> None:
    low = compute_score(CRITERIA, {"nytte": 0, "strategi": 0, "risiko": 0})
    high = compute_score(CRITERIA, {"nytte": 0, "strategi": 0, "risiko": 4})

    assert low.total == Decimal("20.00")
    assert high.total == Decimal("0.00")


def test_unrated_criteria_count_as_zero_and_are_reported_missing() -> None:
    score = compute_score(CRITERIA, {"nytte": 2})

    assert score.total == Decimal("25.00")
    assert score.missing == ("strategi", "risiko")
    assert not score.complete
    risk = score.parts[2]
    assert risk.level is None and risk.points == Decimal("0.00")


def test_weights_that_do_not_sum_to_one_are_normalised() -> None:
    doubled = [CriterionSpec(c.slug, c.name, c.weight * 2, c.inverted) for c in CRITERIA]

    score = compute_score(doubled, {"nytte": 4, "strategi": 2, "risiko": 1})

    assert score.total == Decimal("80.00")


def test_without_positive_weights_every_criterion_weighs_the_same() -> None:
    zero = [CriterionSpec(c.slug, c.name, Decimal(0), c.inverted) for c in CRITERIA]

    score = compute_score(zero, {"nytte": 4, "strategi": 4, "risiko": 0})

    assert score.total == Decimal("100.00")


@given(
    weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=9),
    data=st.data(),
)
def test_score_is_between_0_and_100_and_best_levels_give_100(
    weights: list[int], data: st.DataObject
) -> None:
    specs = [
        CriterionSpec(slug=f"k{i}", name=f"K{i}", weight=Decimal(w), inverted=i % 3 == 2)
        for i, w in enumerate(weights)
    ]
    levels = {
        s.slug: data.draw(st.one_of(st.none(), st.integers(0, 4)), label=s.slug) for s in specs
    }
    rated = {k: v for k, v in levels.items() if v is not None}

    score = compute_score(specs, rated)
    best = compute_score(specs, {s.slug: 0 if s.inverted else 4 for s in specs})

    assert Decimal(0) <= score.total <= Decimal(100)
    assert best.total == Decimal("100.00")


@given(st.lists(st.decimals(min_value=0, max_value=1000, places=3), min_size=1, max_size=12))
def test_normalised_weights_sum_to_exactly_one(raw: list[Decimal]) -> None:
    assume(sum(raw) > 0)
    scaled = normalise_to_sum_one(raw)

    assert sum(scaled) == Decimal(1)
    assert all(w >= 0 for w in scaled)
    assert all(w == w.quantize(Decimal("0.00001")) for w in scaled)
