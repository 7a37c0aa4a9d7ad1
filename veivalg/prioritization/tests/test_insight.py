"""Competence insight: the value one more FTE of each competence would allow, ranked."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.optimize.solve import solve as real_solve
from veivalg.prioritization import tasks
from veivalg.prioritization.models import PrioritizationSet, Scenario
from veivalg.prioritization.services import (
    rating_set,
    scenario_insight_start,
    scenario_solve,
)
from veivalg.prioritization.tests.test_schedule import (
    ALL_QUARTERS,
    capacity,
    competence,
    cost,
    create,
    demand,
)


@pytest.fixture
def limited(world: World, criteria: PrioritizationSet) -> dict[str, Any]:
    """Utvikler is the bottleneck (1 FTE, two candidates need 1 each in 2027Q2); arkitekt has
    room to spare; tjenestedesigner is needed by nobody."""
    dev, arch = competence(), competence("arkitekt", "Arkitekt")
    designer = competence("tjenestedesigner", "Tjenestedesigner")
    capacity(world, dev, "1", ALL_QUARTERS)
    capacity(world, arch, "5", ALL_QUARTERS)
    capacity(world, designer, "5", ALL_QUARTERS)
    best = world.initiative("ready_for_decision", title="Best", costs=[cost(2027, 100)])
    demand(best, {dev: [0, 1], arch: [1]}, window=("2027Q1", "2027Q1"))
    second = world.initiative("ready_for_decision", title="Nest best", costs=[cost(2027, 100)])
    demand(second, {dev: [0, 1], arch: [1]}, window=("2027Q1", "2027Q1"))
    rating_set(actor=world.office, initiative=best, ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=second, ratings={"nytte": 4})
    return {"best": best, "second": second}


def test_a_solve_is_followed_by_the_insight_ranked_largest_first(
    world: World, limited: dict[str, Any]
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    insight = Scenario.objects.get(pk=solved.pk).insight
    assert insight["status"] == "done"
    assert insight["quarter"] is None
    assert insight["base_value"] == pytest.approx(80.0)
    # One more utvikler lets the second one in too (50 points); arkitekt has room already.
    assert insight["rows"] == [
        {"competence": "utvikler", "name": "Utvikler", "marginal_value": 50.0},
        {"competence": "arkitekt", "name": "Arkitekt", "marginal_value": 0.0},
    ]
    assert insight["computed_at"] and insight["error"] == ""


def test_insight_for_one_quarter_counts_only_that_quarter(
    world: World, limited: dict[str, Any]
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    scenario_insight_start(actor=world.office, scenario=solved, quarter="2027Q1")
    q1 = Scenario.objects.get(pk=solved.pk).insight
    scenario_insight_start(actor=world.office, scenario=solved, quarter="2027Q2")
    q2 = Scenario.objects.get(pk=solved.pk).insight

    assert q1["quarter"] == "2027Q1" and q1["status"] == "done"
    assert {r["competence"]: r["marginal_value"] for r in q1["rows"]} == {
        "utvikler": 0.0,
        "arkitekt": 0.0,
    }
    assert q2["rows"][0] == {"competence": "utvikler", "name": "Utvikler", "marginal_value": 50.0}


def test_a_marginal_value_is_never_negative(
    world: World, limited: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    def worse(problem: Any, **kwargs: Any) -> Any:
        solution = real_solve(problem, **kwargs)
        from dataclasses import replace

        return replace(solution, objective=solution.objective - 30)

    monkeypatch.setattr(tasks, "solve", worse)
    scenario_insight_start(actor=world.office, scenario=solved)

    rows = Scenario.objects.get(pk=solved.pk).insight["rows"]
    assert {r["competence"]: r["marginal_value"] for r in rows} == {
        "utvikler": 20.0,
        "arkitekt": 0.0,
    }


def test_a_failing_insight_is_stored_as_failed(
    world: World, limited: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("CP-SAT rejected the model")

    monkeypatch.setattr(tasks, "solve", broken)
    scenario_insight_start(actor=world.office, scenario=solved)

    insight = Scenario.objects.get(pk=solved.pk).insight
    assert insight["status"] == "failed"
    assert "CP-SAT rejected the model" in insight["error"]


def test_an_outdated_insight_task_is_dropped(world: World, limited: dict[str, Any]) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    assert tasks.run_insight(solved.pk, "old-token") == "superseded"


def test_insight_needs_a_solved_scenario(world: World, limited: dict[str, Any]) -> None:
    with pytest.raises(InvalidTransition):
        scenario_insight_start(actor=world.office, scenario=create(world))


def test_insight_quarter_must_be_inside_the_horizon(world: World, limited: dict[str, Any]) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    with pytest.raises(ValidationFailed) as exc:
        scenario_insight_start(actor=world.office, scenario=solved, quarter="2031Q1")

    assert list(exc.value.errors) == ["quarter"]


@pytest.mark.parametrize("person", ["board_member", "employee", "outsider"])
def test_only_the_office_asks_for_insight(
    world: World, limited: dict[str, Any], person: str
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    with pytest.raises(NotAllowed):
        scenario_insight_start(actor=getattr(world, person), scenario=solved)


def test_editing_the_scenario_discards_the_insight(world: World, limited: dict[str, Any]) -> None:
    from veivalg.prioritization.services import scenario_update

    solved = scenario_solve(actor=world.office, scenario=create(world))

    edited = scenario_update(
        actor=world.office, scenario=solved, data={"budget": {"2027": 5, "2028": 5, "2029": 5}}
    )

    assert edited.insight is None
