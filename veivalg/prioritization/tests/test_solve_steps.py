"""A solve is stored in steps: the solution first, then the efficient frontier, then the
competence insight; the scenario page shows each as it arrives and polls for the rest."""

from __future__ import annotations

import importlib
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization import tasks
from veivalg.prioritization.models import (
    FrontierStatus,
    PrioritizationSet,
    Scenario,
    ScenarioStatus,
)
from veivalg.prioritization.services import (
    rating_set,
    scenario_create,
    scenario_solve,
    scenario_update,
)
from veivalg.prioritization.tests.conftest import client_for
from veivalg.prioritization.tests.test_schedule import (
    ALL_QUARTERS,
    capacity,
    competence,
    cost,
    create,
    demand,
)

frontier_module = importlib.import_module("veivalg.optimize.frontier")
MANDATED = {"politically_mandated": True, "political_reference": "PS 2024/17"}


def _cost(amount: int) -> list[dict[str, int]]:
    return [{"year": 2027, "investment": amount, "operating": 0}]


@pytest.fixture
def small(world: World, criteria: PrioritizationSet) -> dict[str, Initiative]:
    """Budget 600 000 in 2027 for: a mandated 200 000, a valuable 400 000, a cheaper 300 000."""
    made = {
        "mandated": world.initiative(
            State.READY_FOR_DECISION, title="Lovkrav", costs=_cost(200_000), **MANDATED
        ),
        "best": world.initiative(State.READY_FOR_DECISION, title="Verdifull", costs=_cost(400_000)),
        "cheap": world.initiative(State.READY_FOR_DECISION, title="Billig", costs=_cost(300_000)),
    }
    rating_set(actor=world.office, initiative=made["mandated"], ratings={"nytte": 1})
    rating_set(actor=world.office, initiative=made["best"], ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=made["cheap"], ratings={"nytte": 3})
    return made


def _scenario(world: World) -> Scenario:
    return scenario_create(
        actor=world.office, name="Stram ramme", board=world.board, budget={"2027": 600_000}
    )


def _url(scenario: Scenario) -> str:
    return reverse("prioritization:scenario", args=[scenario.pk])


def _poll(client: Client, scenario: Scenario, target: str, seen: str) -> Any:
    return client.get(_url(scenario), {"seen": seen}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)


def _frontier_pending(scenario: Scenario) -> None:
    """As the scenario stands between storing its solution and storing its frontier."""
    insight = dict(scenario.insight or {}, status="queued", rows=[])
    Scenario.objects.filter(pk=scenario.pk).update(
        frontier=None, frontier_status=FrontierStatus.RUNNING, insight=insight
    )


# --- the task --------------------------------------------------------------------------------


def test_the_solution_is_stored_before_the_frontier_is_computed(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    real = tasks.frontier

    def frontier(problem: Any, resource: str, **kwargs: Any) -> dict[str, Any]:
        stored = Scenario.objects.get(status=ScenarioStatus.OPTIMAL)
        seen.update(
            value=stored.value,
            solved_at=stored.solved_at,
            selected=len(stored.result["selected"]),
            frontier=stored.frontier,
            frontier_status=stored.frontier_status,
            pending=stored.frontier_pending,
            insight=stored.insight["status"],
        )
        return real(problem, resource, **kwargs)

    monkeypatch.setattr(tasks, "frontier", frontier)

    solved = scenario_solve(actor=world.office, scenario=_scenario(world))

    assert seen["value"] == pytest.approx(92.5) and seen["solved_at"] is not None
    assert seen["selected"] == 2
    assert seen["frontier"] is None and seen["frontier_status"] == FrontierStatus.RUNNING
    assert seen["pending"] is True
    assert seen["insight"] == "queued"  # it waits for the frontier
    assert solved.frontier_status == FrontierStatus.DONE and not solved.frontier_pending
    assert len(solved.frontier["points"]) == 10
    assert solved.insight["status"] == "done"


def test_the_insight_starts_after_the_frontier_is_stored(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}
    real = tasks.insight_rows

    def insight_rows(*args: Any, **kwargs: Any) -> Any:
        stored = Scenario.objects.get(status=ScenarioStatus.OPTIMAL)
        seen.update(
            frontier_status=stored.frontier_status,
            points=len(stored.frontier["points"]),
            insight=stored.insight["status"],
            deadline=kwargs.get("deadline"),
        )
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "insight_rows", insight_rows)
    began = time.monotonic()

    scenario_solve(actor=world.office, scenario=_scenario(world))

    assert seen["frontier_status"] == FrontierStatus.DONE and seen["points"] == 10
    assert seen["insight"] == "running"
    # Frontier and insight together get three times the solve's time limit (5 s in tests).
    assert began < seen["deadline"] <= time.monotonic() + tasks.AFTER_SOLVE_FACTOR * 5


def test_each_frontier_point_gets_a_quarter_of_the_time_limit(
    world: World,
    small: dict[str, Initiative],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.VEIVALG_SOLVE_TIME_LIMIT = 10
    limits: list[float | None] = []
    real = frontier_module.solve

    def solve(problem: Any, **kwargs: Any) -> Any:
        limits.append(kwargs.get("time_limit_s"))
        return real(problem, **kwargs)

    monkeypatch.setattr(frontier_module, "solve", solve)

    solved = scenario_solve(actor=world.office, scenario=_scenario(world))

    # Nine points solved at 2.5 s each; the tenth (the whole budget) is the solution itself.
    assert limits == [2.5] * 9
    assert solved.frontier["points"][-1]["value"] == pytest.approx(float(solved.value))
    assert solved.frontier["points"][-1]["status"] == solved.result["status"]


def test_a_frontier_point_gets_at_least_one_second() -> None:
    assert tasks.frontier_point_limit(10) == 2.5
    assert tasks.frontier_point_limit(60) == 15.0
    assert tasks.frontier_point_limit(2) == 1.0
    assert tasks.frontier_point_limit(0.5) == 1.0


def test_a_late_frontier_is_dropped_when_the_scenario_was_edited(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tasks.frontier
    solves: list[Any] = []
    real_solve = frontier_module.solve

    def counting_solve(problem: Any, **kwargs: Any) -> Any:
        solves.append(problem)
        return real_solve(problem, **kwargs)

    def frontier(problem: Any, resource: str, **kwargs: Any) -> dict[str, Any]:
        scenario = Scenario.objects.get(status=ScenarioStatus.OPTIMAL)
        scenario_update(actor=world.office, scenario=scenario, data={"budget": {"2027": 700_000}})
        return real(problem, resource, **kwargs)

    monkeypatch.setattr(tasks, "frontier", frontier)
    monkeypatch.setattr(frontier_module, "solve", counting_solve)

    scenario_solve(actor=world.office, scenario=_scenario(world))

    stored = Scenario.objects.get()
    assert stored.status == ScenarioStatus.DRAFT and stored.budget == {"2027": 700_000}
    assert stored.frontier is None and not stored.frontier_pending
    assert stored.insight is None  # the insight queued with the solution is dropped too
    assert solves == []  # the frontier stopped before its first point


def test_a_late_frontier_is_dropped_when_a_newer_solve_was_requested(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = _scenario(world)
    real = tasks.frontier

    def frontier(problem: Any, resource: str, **kwargs: Any) -> dict[str, Any]:
        Scenario.objects.filter(pk=scenario.pk).update(
            status=ScenarioStatus.QUEUED, task_token="newer", frontier_status=""
        )
        return real(
            problem, resource, stop=None, **{k: v for k, v in kwargs.items() if k != "stop"}
        )

    monkeypatch.setattr(tasks, "frontier", frontier)

    scenario_solve(actor=world.office, scenario=scenario)

    stored = Scenario.objects.get()
    assert stored.status == ScenarioStatus.QUEUED and stored.task_token == "newer"
    assert stored.frontier is None


def test_a_failing_frontier_keeps_the_solution_and_the_insight(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("for mange punkter")

    monkeypatch.setattr(tasks, "frontier", broken)

    solved = scenario_solve(actor=world.office, scenario=_scenario(world))

    assert solved.status == ScenarioStatus.OPTIMAL and solved.value is not None
    assert solved.frontier is None and solved.frontier_status == FrontierStatus.FAILED
    assert "Effisiensgrensen kunne ikke beregnes: for mange punkter" in solved.error
    assert solved.insight["status"] == "done"


def test_an_infeasible_scenario_has_no_frontier_to_wait_for(
    world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_create(
        actor=world.office,
        name="For lite",
        board=world.board,
        budget={"2027": 500_000},
        overrides={str(small["best"].pk): "in"},
    )

    solved = scenario_solve(actor=world.office, scenario=scenario)

    assert solved.status == ScenarioStatus.INFEASIBLE
    assert solved.frontier_status == FrontierStatus.NONE and not solved.frontier_pending
    assert solved.insight is None


def test_after_a_solve_the_insight_shares_the_time_left(
    world: World, criteria: PrioritizationSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev, arch = competence(), competence("arkitekt", "Arkitekt")
    capacity(world, dev, "1", ALL_QUARTERS)
    capacity(world, arch, "5", ALL_QUARTERS)
    for title in ("Best", "Nest best"):
        initiative = world.initiative("ready_for_decision", title=title, costs=[cost(2027, 100)])
        demand(initiative, {dev: [0, 1], arch: [1]}, window=("2027Q1", "2027Q1"))
        rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 4})
    solved = scenario_solve(actor=world.office, scenario=create(world))
    limits: list[float] = []
    real = tasks.solve

    def solve(problem: Any, **kwargs: Any) -> Any:
        limits.append(kwargs["time_limit_s"])
        return real(problem, **kwargs)

    monkeypatch.setattr(tasks, "solve", solve)

    tasks.insight_rows(solved.problem, solved.result)  # on request: the usual limit
    tasks.insight_rows(solved.problem, solved.result, deadline=time.monotonic() - 1)  # none left
    tasks.insight_rows(solved.problem, solved.result, deadline=time.monotonic() + 2)

    assert limits[:2] == [3.0, 3.0]  # min(3 s, the tests' 5 s limit), one per competence
    assert limits[2:4] == [tasks.INSIGHT_MIN_TIME_LIMIT_S] * 2
    assert 0.5 <= limits[4] <= 1.0  # about half of the 2 s for the first of two
    assert limits[5] <= 2.0


# --- the page --------------------------------------------------------------------------------


def test_the_page_shows_the_solution_while_the_frontier_is_computed(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    _frontier_pending(scenario)
    client.force_login(world.board_member)

    page = client.get(_url(scenario)).content.decode()
    unchanged = _poll(client, scenario, "scenario-frontier", "running")

    assert "Verdifull" in page and "92,5" in page  # the solution is there
    frontier = page.split('id="frontier-heading"', 1)[1].split('id="insight-heading"', 1)[0]
    assert 'id="scenario-frontier" aria-live="polite"' in frontier
    assert "Effisiensgrensen beregnes …" in frontier and "<progress" in frontier
    assert f'hx-get="{_url(scenario)}?seen=running" hx-trigger="every 1s"' in frontier
    assert 'hx-target="#scenario-frontier"' in frontier
    assert f'href="{_url(scenario)}#effisiensgrense">Oppdater</a>' in frontier
    assert 'id="chart-frontier-data"' not in page
    insight = page.split('id="insight-heading"', 1)[1]
    assert "beregnes når effisiensgrensen er klar" in insight
    assert 'hx-target="#scenario-insight"' in insight  # the insight region polls too
    assert unchanged.status_code == 204  # nothing new: no swap


def test_the_frontier_region_stops_polling_when_the_frontier_is_stored(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    done = scenario.frontier
    _frontier_pending(scenario)
    client.force_login(world.board_member)
    assert (
        "Effisiensgrensen beregnes"
        in _poll(client, scenario, "scenario-frontier", "").content.decode()
    )

    Scenario.objects.filter(pk=scenario.pk).update(
        frontier=done, frontier_status=FrontierStatus.DONE
    )
    response = _poll(client, scenario, "scenario-frontier", "running")

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in fragment and "hx-trigger" not in fragment
    assert "Effisiensgrensen beregnes" not in fragment
    assert 'id="chart-frontier-data"' in fragment and 'data-chart="frontier"' in fragment
    assert "100\u00a0%" in fragment  # the table: the whole budget


def test_a_finished_scenario_page_polls_nothing(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    client.force_login(world.office)

    page = client.get(_url(scenario)).content.decode()

    assert "hx-trigger" not in page and "Effisiensgrensen beregnes" not in page
    assert 'id="chart-frontier-data"' in page


def test_a_failed_frontier_says_so_once_in_its_section(
    client: Client, world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("for mange punkter")

    monkeypatch.setattr(tasks, "frontier", broken)
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    client.force_login(world.office)

    page = client.get(_url(scenario)).content.decode()

    frontier = page.split('id="frontier-heading"', 1)[1].split('id="insight-heading"', 1)[0]
    assert "Effisiensgrensen kunne ikke beregnes: for mange punkter" in frontier
    assert page.count("Effisiensgrensen kunne ikke beregnes") == 1
    assert "hx-trigger" not in page


def test_the_api_gives_no_frontier_while_it_is_computed(
    world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    done = client_for(world.board_member).get(f"/api/v1/scenarios/{scenario.pk}").json()
    _frontier_pending(scenario)

    pending = client_for(world.board_member).get(f"/api/v1/scenarios/{scenario.pk}").json()

    assert done["frontier"]["resource"] == "budget" and len(done["frontier"]["points"]) == 10
    assert pending["status"] == "optimal" and pending["value"] == pytest.approx(92.5)
    assert pending["frontier"] is None
    assert (done["frontier_status"], pending["frontier_status"]) == ("done", "running")
