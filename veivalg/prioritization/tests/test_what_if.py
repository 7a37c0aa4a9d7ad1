"""What-if: a copy of a scenario with changed capacity, windows or forced-in initiatives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.selectors import scenario_compare, selected_ids
from veivalg.prioritization.services import rating_set, scenario_solve, scenario_what_if
from veivalg.prioritization.tests.test_schedule import (
    ALL_QUARTERS,
    capacity,
    competence,
    cost,
    create,
    demand,
)


@pytest.fixture
def base(world: World, criteria: PrioritizationSet) -> dict[str, Any]:
    """1 FTE utvikler; two candidates need 1 FTE in 2027Q1; a third is low-valued."""
    dev = competence()
    capacity(world, dev, "1", ALL_QUARTERS)
    best = world.initiative("ready_for_decision", title="Best", costs=[cost(2027, 100)])
    demand(best, {dev: [1]}, window=("2027Q1", "2027Q1"))
    second = world.initiative("ready_for_decision", title="Nest", costs=[cost(2027, 100)])
    demand(second, {dev: [1]}, window=("2027Q1", "2027Q1"))
    low = world.initiative("ready_for_decision", title="Lav", costs=[cost(2027, 100)])
    rating_set(actor=world.office, initiative=best, ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=second, ratings={"nytte": 4})
    scenario = create(
        world,
        name="Grunnlag",
        candidates=[best.pk, second.pk, low.pk],
        horizon={"from": "2027Q1", "to": "2028Q4"},
        capacity_adjustments=[{"competence": "utvikler", "quarter": "2028Q4", "fte": 2}],
        overrides={str(low.pk): "out"},
    )
    solved = scenario_solve(actor=world.office, scenario=scenario)
    return {"best": best, "second": second, "low": low, "scenario": solved}


def test_what_if_copies_the_scenario_with_the_changes_and_solves_it(
    world: World, base: dict[str, Any]
) -> None:
    original: Scenario = base["scenario"]
    second = base["second"]

    copy = scenario_what_if(
        actor=world.office,
        scenario=original,
        data={
            "capacity_adjustments": [{"competence": "utvikler", "quarter": "2027Q1", "fte": 1}],
            "window_overrides": {
                str(second.pk): {"earliest_start": "2027Q1", "latest_start": "2027Q2"}
            },
        },
    )

    assert copy.pk != original.pk and copy.based_on == original
    assert copy.name == "Hva hvis: Grunnlag"
    assert copy.board == original.board and copy.budget == original.budget
    assert copy.explicit_candidates
    assert sorted(c.pk for c in copy.candidates.all()) == sorted(
        c.pk for c in original.candidates.all()
    )
    assert copy.overrides == original.overrides
    assert copy.horizon == original.horizon
    assert copy.capacity_adjustments == [
        {"competence": "utvikler", "quarter": "2028Q4", "fte": 2.0},
        {"competence": "utvikler", "quarter": "2027Q1", "fte": 1.0},
    ]
    assert copy.window_overrides == {
        str(second.pk): {"earliest_start": "2027Q1", "latest_start": "2027Q2"}
    }
    assert copy.status == ScenarioStatus.OPTIMAL
    assert set(selected_ids(copy)) == {base["best"].pk, second.pk}
    comparison = scenario_compare(original, copy)
    assert comparison.only_b == [second.pk]
    assert comparison.value_difference == Decimal("50.000")
    original.refresh_from_db()
    assert original.capacity_adjustments == [
        {"competence": "utvikler", "quarter": "2028Q4", "fte": 2.0}
    ]


def test_what_if_forces_initiatives_in(world: World, base: dict[str, Any]) -> None:
    low = base["low"]

    copy = scenario_what_if(
        actor=world.office,
        scenario=base["scenario"],
        data={"name": "Med Lav", "force_in": [low.pk]},
    )

    assert copy.name == "Med Lav"
    assert copy.overrides[str(low.pk)] == "in"
    assert low.pk in selected_ids(copy)


def test_what_if_of_a_default_set_scenario_keeps_the_default_set(
    world: World, criteria: PrioritizationSet
) -> None:
    world.initiative("ready_for_decision", costs=[cost(2027, 100)])
    original = scenario_solve(actor=world.office, scenario=create(world))

    copy = scenario_what_if(actor=world.office, scenario=original, data={})

    assert not copy.explicit_candidates
    assert copy.horizon_from is None and copy.horizon == original.horizon
    assert copy.is_solved


def test_what_if_input_is_validated_and_nothing_is_stored(
    world: World, base: dict[str, Any]
) -> None:
    before = Scenario.objects.count()

    with pytest.raises(ValidationFailed) as exc:
        scenario_what_if(
            actor=world.office,
            scenario=base["scenario"],
            data={
                "capacity_adjustments": [
                    {"competence": "snekker", "quarter": None, "fte": 1},
                    {"competence": "utvikler", "quarter": "2029Q1", "fte": 1},
                    {"competence": "utvikler", "quarter": "2027Q1", "fte": "mye"},
                ],
                "window_overrides": {
                    "424242": {"earliest_start": "2027Q1", "latest_start": "2027Q2"},
                    str(base["best"].pk): {"earliest_start": "2026Q4", "latest_start": "2027Q2"},
                },
                "force_in": [424242, "x"],
                "budget": {"2027": 1},
            },
        )

    assert set(exc.value.errors) == {
        "capacity_adjustments[0].competence",
        "capacity_adjustments[1].quarter",
        "capacity_adjustments[2].fte",
        "window_overrides.424242",
        f"window_overrides.{base['best'].pk}.earliest_start",
        "force_in[0]",
        "force_in[1]",
        "budget",
    }
    assert "snekker" in exc.value.errors["capacity_adjustments[0].competence"][0]
    assert Scenario.objects.count() == before


@pytest.mark.parametrize("person", ["board_member", "director", "outsider"])
def test_only_the_office_makes_what_ifs(world: World, base: dict[str, Any], person: str) -> None:
    with pytest.raises(NotAllowed):
        scenario_what_if(actor=getattr(world, person), scenario=base["scenario"], data={})
