"""Criteria with their five written levels: create, update, delete, who may."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.prioritization.models import Criterion, PrioritizationSet
from veivalg.prioritization.services import (
    criterion_create,
    criterion_delete,
    criterion_update,
    set_create,
)


def _levels(prefix: str = "Nivå") -> list[dict[str, Any]]:
    return [{"level": lv, "meaning": f"{prefix} {lv}"} for lv in range(5)]


def test_office_creates_a_criterion_with_five_levels_in_the_boards_set(world: World) -> None:
    criterion = criterion_create(
        actor=world.office,
        data={
            "name": "Økonomisk gevinst",
            "description": "Prissatte gevinster",
            "levels": _levels(),
        },
    )

    assert criterion.slug == "okonomisk-gevinst"
    assert criterion.set.board == world.board and criterion.set.active
    assert criterion.weight == Decimal(0)
    assert [(lv.level, lv.label, lv.meaning) for lv in criterion.levels.order_by("level")] == [
        (0, "Ingen", "Nivå 0"),
        (1, "Lav", "Nivå 1"),
        (2, "Moderat", "Nivå 2"),
        (3, "Sterk", "Nivå 3"),
        (4, "Ekstrem", "Nivå 4"),
    ]


def test_a_criterion_needs_a_written_meaning_for_every_level(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        criterion_create(
            actor=world.office,
            data={
                "name": "Hast",
                "levels": [
                    {"level": 0, "meaning": "Kan vente"},
                    {"level": 1, "meaning": ""},
                    {"level": 7, "meaning": "?"},
                ],
            },
        )

    assert set(exc.value.errors) == {"levels[1].meaning", "levels[2].level"}
    assert not Criterion.objects.exists()


def test_missing_levels_are_named(world: World) -> None:
    with pytest.raises(ValidationFailed) as exc:
        criterion_create(
            actor=world.office,
            data={"name": "Hast", "levels": [{"level": 0, "meaning": "Kan vente"}]},
        )

    assert "1, 2, 3, 4" in exc.value.errors["levels"][0]


def test_slug_is_unique_within_the_set(world: World, criteria: PrioritizationSet) -> None:
    with pytest.raises(ValidationFailed) as exc:
        criterion_create(
            actor=world.office,
            set=criteria,
            data={"slug": "nytte", "name": "X", "levels": _levels()},
        )

    assert set(exc.value.errors) == {"slug"}


@pytest.mark.parametrize("person", ["employee", "director", "board_member", "outsider"])
def test_only_the_office_changes_criteria(
    world: World, criteria: PrioritizationSet, person: str
) -> None:
    actor = getattr(world, person)
    criterion = criteria.criteria.get(slug="nytte")

    with pytest.raises(NotAllowed):
        criterion_create(actor=actor, data={"name": "X", "levels": _levels()})
    with pytest.raises(NotAllowed):
        criterion_update(actor=actor, criterion=criterion, data={"name": "Y"})
    with pytest.raises(NotAllowed):
        criterion_delete(actor=actor, criterion=criterion)

    assert criteria.criteria.count() == 3


def test_update_changes_one_level_meaning(world: World, criteria: PrioritizationSet) -> None:
    criterion = criteria.criteria.get(slug="nytte")

    criterion_update(
        actor=world.office,
        criterion=criterion,
        data={"name": "Nytte for innbyggerne", "levels": [{"level": 3, "meaning": "Stor nytte"}]},
    )

    criterion.refresh_from_db()
    assert criterion.name == "Nytte for innbyggerne"
    meanings = dict(criterion.levels.values_list("level", "meaning"))
    assert meanings[3] == "Stor nytte" and meanings[2] == "nytte 2"


def test_deleting_a_direct_criterion_reweighs_the_rest(
    world: World, criteria: PrioritizationSet
) -> None:
    criterion_delete(actor=world.office, criterion=criteria.criteria.get(slug="nytte"))

    weights = dict(criteria.criteria.values_list("slug", "weight"))
    assert weights == {"strategi": Decimal("0.6"), "risiko": Decimal("0.4")}


def test_a_new_set_replaces_the_active_one(world: World, criteria: PrioritizationSet) -> None:
    new = set_create(actor=world.office, board=world.board, name="Kriterier 2028")

    criteria.refresh_from_db()
    assert new.active and not criteria.active
    assert PrioritizationSet.objects.filter(board=world.board, active=True).get() == new
