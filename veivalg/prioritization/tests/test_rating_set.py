"""``rating_set`` and ``score_for``: all or nothing, the office only, the stored score."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.prioritization.models import PrioritizationSet, Rating
from veivalg.prioritization.selectors import score_for
from veivalg.prioritization.services import rating_set


def test_office_rates_and_gets_the_weighted_score(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")

    score = rating_set(
        actor=world.office,
        initiative=initiative,
        ratings={"nytte": 4, "strategi": 2, "risiko": 1},
        comments={"risiko": "Kjent leverandør."},
    )

    assert score.total == Decimal("80.00")
    assert score_for(initiative).total == Decimal("80.00")
    risk = Rating.objects.get(initiative=initiative, criterion__slug="risiko")
    assert (risk.level, risk.comment, risk.rated_by) == (1, "Kjent leverandør.", world.office)
    assert AuditEvent.objects.filter(verb="prioritization.rate").count() == 1


def test_breakdown_names_each_criterion_and_the_missing_ones(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")
    rating_set(actor=world.office, initiative=initiative, ratings={"strategi": 4})

    score = score_for(initiative)

    assert [(p.slug, p.level, p.points) for p in score.parts] == [
        ("nytte", None, Decimal("0.00")),
        ("strategi", 4, Decimal("30.00")),
        ("risiko", None, Decimal("0.00")),
    ]
    assert score.missing == ("nytte", "risiko")


def test_unknown_criterion_refuses_everything(world: World, criteria: PrioritizationSet) -> None:
    initiative = world.initiative("in_analysis")

    with pytest.raises(ValidationFailed) as exc:
        rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 3, "gevinst": 2})

    assert set(exc.value.errors) == {"gevinst"}
    assert not Rating.objects.filter(initiative=initiative).exists()


@pytest.mark.parametrize("level", [5, -1, "høy", 2.5, True])
def test_level_outside_0_to_4_names_the_criterion_and_stores_nothing(
    world: World, criteria: PrioritizationSet, level: object
) -> None:
    initiative = world.initiative("in_analysis")
    rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 1})

    with pytest.raises(ValidationFailed) as exc:
        rating_set(
            actor=world.office, initiative=initiative, ratings={"nytte": 4, "strategi": level}
        )

    assert set(exc.value.errors) == {"strategi"}
    assert dict(Rating.objects.values_list("criterion__slug", "level")) == {"nytte": 1}


def test_none_removes_a_rating(world: World, criteria: PrioritizationSet) -> None:
    initiative = world.initiative("in_analysis")
    rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 4, "strategi": 4})

    score = rating_set(actor=world.office, initiative=initiative, ratings={"nytte": None})

    assert score.total == Decimal("30.00")
    assert list(Rating.objects.values_list("criterion__slug", flat=True)) == ["strategi"]


@pytest.mark.parametrize("person", ["employee", "director", "board_member", "admin", "outsider"])
def test_only_the_portfolio_office_rates(
    world: World, criteria: PrioritizationSet, person: str
) -> None:
    initiative = world.initiative("in_analysis")

    with pytest.raises(NotAllowed):
        rating_set(actor=getattr(world, person), initiative=initiative, ratings={"nytte": 4})

    assert not Rating.objects.exists()


def test_initiative_routed_to_a_board_without_criteria_uses_the_board_above(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")
    initiative.board = world.area_board
    initiative.save(update_fields=["board"])

    score = rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 4})

    assert score.set_id == criteria.pk
    assert score.total == Decimal("50.00")
