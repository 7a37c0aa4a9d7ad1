"""Weights: AHP from pairwise judgements (CR stored and flagged) and direct weights."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.prioritization.defaults import ensure_default_criteria
from veivalg.prioritization.models import Criterion, PairwiseJudgement, PrioritizationSet
from veivalg.prioritization.services import (
    parse_saaty,
    weights_direct,
    weights_from_pairwise,
)


def _weights(pset: PrioritizationSet) -> dict[str, Decimal]:
    return dict(pset.criteria.values_list("slug", "weight"))


def test_consistent_judgements_give_the_eigenvector_weights(
    world: World, criteria: PrioritizationSet
) -> None:
    outcome = weights_from_pairwise(
        actor=world.office,
        set=criteria,
        judgements=[
            {"a": "nytte", "b": "strategi", "value": 2},
            {"a": "nytte", "b": "risiko", "value": 4},
            {"a": "strategi", "b": "risiko", "value": 2},
        ],
    )

    criteria.refresh_from_db()
    assert _weights(criteria) == {
        "nytte": Decimal("0.57143"),
        "strategi": Decimal("0.28571"),
        "risiko": Decimal("0.14286"),
    }
    assert sum(_weights(criteria).values()) == Decimal(1)
    assert outcome.consistency_ratio == Decimal("0.0000")
    assert outcome.consistent and outcome.revisit is None
    assert criteria.weights_method == "ahp"
    assert criteria.consistency_ratio == Decimal("0.0000")


def test_inconsistent_judgements_are_stored_but_flagged_with_the_pair_to_revisit(
    world: World, criteria: PrioritizationSet
) -> None:
    outcome = weights_from_pairwise(
        actor=world.office,
        set=criteria,
        judgements=[
            {"a": "nytte", "b": "strategi", "value": 9},
            {"a": "strategi", "b": "risiko", "value": 9},
            {"a": "risiko", "b": "nytte", "value": 9},
        ],
    )

    criteria.refresh_from_db()
    assert outcome.consistency_ratio > Decimal("0.10")
    assert not outcome.consistent
    assert criteria.consistency_ratio == outcome.consistency_ratio
    assert outcome.revisit is not None
    assert {outcome.revisit.a, outcome.revisit.b} <= {"nytte", "strategi", "risiko"}
    assert outcome.revisit.a != outcome.revisit.b
    assert PairwiseJudgement.objects.filter(set=criteria).count() == 3


def test_reciprocal_judgements_are_stored_once_per_pair(
    world: World, criteria: PrioritizationSet
) -> None:
    weights_from_pairwise(
        actor=world.office,
        set=criteria,
        judgements=[
            {"a": "strategi", "b": "nytte", "value": "1/2"},
            {"a": "risiko", "b": "nytte", "value": 0.25},
            {"a": "strategi", "b": "risiko", "value": 2},
        ],
    )

    assert PairwiseJudgement.objects.count() == 3
    assert _weights(criteria)["nytte"] == Decimal("0.57143")


def test_one_judgement_can_be_changed_later(world: World, criteria: PrioritizationSet) -> None:
    weights_from_pairwise(
        actor=world.office,
        set=criteria,
        judgements=[
            {"a": "nytte", "b": "strategi", "value": 1},
            {"a": "nytte", "b": "risiko", "value": 1},
            {"a": "strategi", "b": "risiko", "value": 1},
        ],
    )

    weights_from_pairwise(
        actor=world.office,
        set=criteria,
        judgements=[{"a": "nytte", "b": "strategi", "value": 3}],
    )

    weights = _weights(criteria)
    assert weights["nytte"] > weights["risiko"] > weights["strategi"]


def test_missing_pairs_are_named(world: World, criteria: PrioritizationSet) -> None:
    with pytest.raises(ValidationFailed) as exc:
        weights_from_pairwise(
            actor=world.office,
            set=criteria,
            judgements=[{"a": "nytte", "b": "strategi", "value": 3}],
        )

    assert "nytte–risiko" in exc.value.errors["judgements"][0]
    assert not PairwiseJudgement.objects.exists()


def test_values_off_the_saaty_scale_and_unknown_criteria_are_named(
    world: World, criteria: PrioritizationSet
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        weights_from_pairwise(
            actor=world.office,
            set=criteria,
            judgements=[
                {"a": "nytte", "b": "strategi", "value": 10},
                {"a": "nytte", "b": "gevinst", "value": 3},
                {"a": "strategi", "b": "risiko", "value": 0},
            ],
        )

    assert set(exc.value.errors) == {
        "judgements[0].value",
        "judgements[1].b",
        "judgements[2].value",
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, Fraction(3)),
        ("1/3", Fraction(1, 3)),
        (Decimal("0.333333333"), Fraction(1, 3)),
        ("9", Fraction(9)),
        (0.5, Fraction(1, 2)),
        (10, None),
        (2.5, None),
        ("tre", None),
        (True, None),
    ],
)
def test_saaty_values(raw: object, expected: Fraction | None) -> None:
    assert parse_saaty(raw) == expected


def test_direct_weights_are_scaled_to_sum_one(world: World, criteria: PrioritizationSet) -> None:
    result = weights_direct(
        actor=world.office, set=criteria, weights={"nytte": 3, "strategi": 2, "risiko": "1"}
    )

    assert result == {
        "nytte": Decimal("0.5"),
        "strategi": Decimal("0.33333"),
        "risiko": Decimal("0.16667"),
    }
    assert sum(result.values()) == Decimal(1)
    criteria.refresh_from_db()
    assert criteria.weights_method == "direct" and criteria.consistency_ratio is None


@pytest.mark.parametrize(
    ("weights", "fields"),
    [
        ({"nytte": -1, "strategi": 1, "risiko": 1}, {"nytte"}),
        ({"nytte": 0, "strategi": 0, "risiko": 0}, {"weights"}),
        ({"nytte": 1, "strategi": 1}, {"risiko"}),
        ({"nytte": 1, "strategi": 1, "risiko": 1, "gevinst": 1}, {"gevinst"}),
        ({"nytte": "mye", "strategi": 1, "risiko": 1}, {"nytte"}),
    ],
)
def test_direct_weights_are_validated(
    world: World, criteria: PrioritizationSet, weights: dict[str, object], fields: set[str]
) -> None:
    before = _weights(criteria)

    with pytest.raises(ValidationFailed) as exc:
        weights_direct(actor=world.office, set=criteria, weights=weights)

    assert set(exc.value.errors) == fields
    assert _weights(criteria) == before


def test_only_the_office_sets_weights(world: World, criteria: PrioritizationSet) -> None:
    with pytest.raises(NotAllowed):
        weights_direct(actor=world.board_member, set=criteria, weights={"nytte": 1})
    with pytest.raises(NotAllowed):
        weights_from_pairwise(actor=world.director, set=criteria, judgements=[])


def test_default_criteria_have_written_levels_and_consistent_weights(world: World) -> None:
    pset = ensure_default_criteria(world.board)

    again = ensure_default_criteria(world.board)

    assert again == pset
    criteria = list(pset.criteria.order_by("order"))
    assert [c.slug for c in criteria] == [
        "strategisk-bidrag",
        "okonomisk-gevinst",
        "kvalitativ-gevinst",
        "lovpalagt",
        "hast",
        "innovasjon",
        "risiko",
    ]
    assert [c.slug for c in criteria if c.inverted] == ["risiko"]
    assert all(c.levels.count() == 5 for c in criteria)
    assert all(lv.meaning for c in criteria for lv in c.levels.all())
    assert pset.consistency_ratio is not None and pset.consistency_ratio < Decimal("0.10")
    assert sum(c.weight for c in criteria) == Decimal(1)
    weights = {c.slug: c.weight for c in criteria}
    assert max(weights, key=lambda s: weights[s]) == "strategisk-bidrag"
    assert Criterion.objects.count() == 7
