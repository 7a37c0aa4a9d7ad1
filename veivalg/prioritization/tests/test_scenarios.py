"""Scenarios: candidates, the problem document, the background solve, proposal, comparison."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from veivalg.initiatives.models import Initiative, Transition
from veivalg.optimize.problem import load_problem
from veivalg.prioritization import tasks
from veivalg.prioritization.exchange import fit_to_horizon, quarterly_costs, scenario_problem
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.selectors import (
    default_candidates,
    scenario_compare,
    scenario_for_user,
    scenario_rows,
    scenarios_for,
    selected_ids,
)
from veivalg.prioritization.services import (
    dependency_add,
    rating_set,
    scenario_create,
    scenario_propose,
    scenario_solve,
    scenario_update,
)

MANDATED = {"politically_mandated": True, "political_reference": "PS 2024/17"}


def _cost(year: int, amount: int) -> dict[str, int]:
    return {"year": year, "investment": amount, "operating": 0}


@pytest.fixture
def pipeline(world: World, criteria: PrioritizationSet) -> dict[str, Initiative]:
    """Initiatives of the default board in every situation that matters for candidates."""
    made = {
        "ready": world.initiative("ready_for_decision", title="Klar"),
        "approved": world.initiative("approved", title="Vedtatt"),
        "running": world.initiative("in_progress", title="Pågår"),
        "mandated": world.initiative("ready_for_decision", title="Politisk", **MANDATED),
        "analysis": world.initiative("in_analysis", title="Under analyse"),
        "building": world.initiative(
            "ready_for_decision", title="Gymsal", portfolio=world.bygg, contributing_portfolios=[]
        ),
        "operations": world.initiative("ready_for_decision", title="Drift", work_type="operations"),
        "maintenance": world.initiative("approved", title="Forvaltning", work_type="maintenance"),
    }
    area = world.initiative("ready_for_decision", title="Områdestyrets")
    area.board = world.area_board
    area.save(update_fields=["board"])
    made["area"] = area
    return made


def _create(world: World, **kw: Any) -> Scenario:
    kw.setdefault("name", "Scenario")
    kw.setdefault("board", world.board)
    kw.setdefault("budget", {"2027": 1_000_000})
    return scenario_create(actor=world.office, **kw)


def _decisions(scenario: Scenario) -> dict[int, str]:
    return {int(c["id"]): c["decision"] for c in scenario_problem(scenario)["candidates"]}


# --- candidates ----------------------------------------------------------------------------


def test_default_candidates_are_ready_and_committed_work_of_the_board(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    expected = {pipeline[k].pk for k in ("ready", "approved", "running", "mandated")}

    assert set(default_candidates(world.board).values_list("pk", flat=True)) == expected


def test_committed_and_mandated_initiatives_are_forced_in(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    scenario = _create(world)

    assert _decisions(scenario) == {
        pipeline["ready"].pk: "auto",
        pipeline["approved"].pk: "in",
        pipeline["running"].pk: "in",
        pipeline["mandated"].pk: "in",
    }


def test_override_out_of_a_mandated_initiative_is_refused(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    pk = pipeline["mandated"].pk

    with pytest.raises(ValidationFailed) as exc:
        _create(world, overrides={str(pk): "out"})

    assert list(exc.value.errors) == [f"overrides.{pk}"]
    assert "politisk vedtatt" in exc.value.errors[f"overrides.{pk}"][0]
    assert not Scenario.objects.exists()


def test_overrides_force_candidates_in_and_out(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    scenario = _create(
        world, overrides={str(pipeline["ready"].pk): "in", str(pipeline["approved"].pk): "out"}
    )

    decisions = _decisions(scenario)
    assert decisions[pipeline["ready"].pk] == "in"
    assert decisions[pipeline["approved"].pk] == "out"


def test_mandated_stays_forced_in_even_if_an_old_override_says_out(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    ready = pipeline["ready"]
    scenario = _create(world, overrides={str(ready.pk): "out"})
    Initiative.objects.filter(pk=ready.pk).update(**MANDATED)

    assert _decisions(scenario)[ready.pk] == "in"


def test_explicit_candidates_are_exactly_those(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    chosen = [pipeline["analysis"].pk, pipeline["ready"].pk]

    scenario = _create(world, candidates=chosen)

    assert scenario.explicit_candidates
    assert sorted(_decisions(scenario)) == sorted(chosen)


def test_out_of_scope_and_operations_cannot_be_explicit_candidates(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _create(
            world,
            candidates=[
                pipeline["ready"].pk,
                pipeline["building"].pk,
                pipeline["operations"].pk,
                pipeline["maintenance"].pk,
                999999,
            ],
        )

    assert set(exc.value.errors) == {
        "candidates[1]",
        "candidates[2]",
        "candidates[3]",
        "candidates[4]",
    }
    assert "utenfor porteføljestyringen" in exc.value.errors["candidates[1]"][0]


def test_override_for_a_non_candidate_is_refused(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    pk = pipeline["analysis"].pk

    with pytest.raises(ValidationFailed) as exc:
        _create(world, overrides={str(pk): "in"})

    assert list(exc.value.errors) == [f"overrides.{pk}"]


@pytest.mark.parametrize(
    ("budget", "field"),
    [
        ({}, "budget"),
        ({"2027": -5}, "budget.2027"),
        ({"27": 100}, "budget.27"),
        ({"2027": "mye"}, "budget.2027"),
        ({"2027": 1, "2029": 1}, "budget"),
    ],
)
def test_budget_is_validated_per_year(
    world: World, criteria: PrioritizationSet, budget: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _create(world, budget=budget)

    assert field in exc.value.errors


@pytest.mark.parametrize("person", ["employee", "board_member", "director", "admin", "outsider"])
def test_only_the_office_creates_scenarios(
    world: World, criteria: PrioritizationSet, person: str
) -> None:
    with pytest.raises(NotAllowed):
        scenario_create(
            actor=getattr(world, person), name="X", board=world.board, budget={"2027": 1}
        )

    assert not Scenario.objects.exists()


def test_members_of_the_board_and_of_boards_above_it_read_its_scenarios(
    world: World, criteria: PrioritizationSet
) -> None:
    area = _create(world, board=world.area_board)
    main = _create(world)

    assert set(scenarios_for(world.board_member)) == {area, main}
    assert set(scenarios_for(world.other_board_member)) == {area}
    assert set(scenarios_for(world.office)) == {area, main}
    assert list(scenarios_for(world.outsider)) == []
    with pytest.raises(NotFound):
        scenario_for_user(world.other_board_member, main.pk)


# --- the problem document ------------------------------------------------------------------


def test_yearly_costs_are_spread_evenly_over_the_quarters_of_each_year() -> None:
    assert quarterly_costs({2027: Decimal(400), 2029: Decimal(8)}) == (
        2027,
        [Decimal(100)] * 4 + [Decimal(0)] * 4 + [Decimal(2)] * 4,
    )
    assert quarterly_costs({}) == (None, [])


@pytest.mark.parametrize(
    ("window", "demand", "expected"),
    [
        ((0, 2), [1, 2], (0, 2, [1, 2], 2)),  # fits as it is
        ((1, 3), [1, 2, 3], (1, 3, [1, 2, 3], 3)),  # latest start + duration = horizon
        ((1, 5), [1, 2, 3], (1, 3, [1, 2, 3], 3)),  # latest start moved to finish inside
        ((-2, 1), [1, 2], (0, 1, [1, 2], 2)),  # starts before the horizon dropped
        ((-3, -2), [1, 2, 3, 4], (0, 0, [3, 4], 2)),  # all before: cut from the latest start
        ((4, 5), [1, 2, 3], (4, 4, [1, 2], 2)),  # cannot finish inside: cut at the end
        ((7, 9), [1, 2], (5, 5, [], 0)),  # wholly after the horizon: nothing inside
        ((2, 2), [], (2, 2, [], 0)),  # no demand
    ],
)
def test_a_candidate_is_fitted_inside_the_horizon(
    window: tuple[int, int], demand: list[float], expected: tuple[int, int, list[float], int]
) -> None:
    earliest, latest, lists, duration = fit_to_horizon(6, *window, {"r": demand})

    assert (earliest, latest, lists.get("r", []), duration) == expected


def test_problem_document_matches_the_exchange_format(
    world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(
        "ready_for_decision",
        title="A",
        costs=[_cost(2026, 100), _cost(2027, 200), _cost(2028, 300)],
    )
    b = world.initiative("ready_for_decision", title="B", costs=[_cost(2028, 50), _cost(2031, 70)])
    rating_set(actor=world.office, initiative=a, ratings={"nytte": 4, "strategi": 2, "risiko": 1})
    dependency_add(actor=world.office, from_initiative=b, to_initiative=a, type="requires")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="finish_to_start")
    scenario = _create(world, budget={"2027": 1000, "2028": 2000, "2029": 500})

    document = scenario_problem(scenario)

    problem = load_problem(document)
    assert problem.periods == tuple(f"{y}Q{q}" for y in (2027, 2028, 2029) for q in (1, 2, 3, 4))
    assert document["resources"] == [
        {"id": "budget", "capacity": [1000.0, 2000.0, 500.0], "granularity": 4}
    ]
    # Without a demand plan: a fixed start in Q1 of the first cost year; 2026 lies before
    # the horizon and is cut off, b's 2031 after it.
    assert document["candidates"] == [
        {
            "id": str(a.pk),
            "value": 80.0,
            "demand": {"budget": [50.0] * 4 + [75.0] * 4},
            "earliest_start": 0,
            "latest_start": 0,
            "decision": "auto",
        },
        {
            "id": str(b.pk),
            "value": 0.0,
            "demand": {"budget": [12.5] * 4 + [0.0] * 4},
            "earliest_start": 4,
            "latest_start": 4,
            "decision": "auto",
        },
    ]
    assert document["relations"] == [
        {"type": "finish_to_start", "from": str(a.pk), "to": str(b.pk)},
        {"type": "requires", "from": str(b.pk), "to": str(a.pk)},
    ]
    assert document["objective"] == "max_value"
    assert document["time_limit_s"] == 5.0


def test_relations_to_initiatives_outside_the_candidates_are_left_out(
    world: World, pipeline: dict[str, Initiative]
) -> None:
    dependency_add(
        actor=world.office,
        from_initiative=pipeline["ready"],
        to_initiative=pipeline["analysis"],
        type="requires",
    )
    dependency_add(
        actor=world.office,
        from_initiative=pipeline["ready"],
        to_initiative=pipeline["mandated"],
        type="excludes",
    )

    relations = scenario_problem(_create(world))["relations"]

    assert relations == [
        {"type": "excludes", "ids": [str(pipeline["ready"].pk), str(pipeline["mandated"].pk)]}
    ]


# --- solving -------------------------------------------------------------------------------


@pytest.fixture
def small(world: World, criteria: PrioritizationSet) -> dict[str, Initiative]:
    """Budget 600 000 in 2027 for: a mandated 200 000, a valuable 400 000, a cheaper 300 000."""
    made = {
        "mandated": world.initiative(
            "ready_for_decision", title="Lovkrav", costs=[_cost(2027, 200_000)], **MANDATED
        ),
        "best": world.initiative(
            "ready_for_decision", title="Verdifull", costs=[_cost(2027, 400_000)]
        ),
        "cheap": world.initiative(
            "ready_for_decision", title="Billig", costs=[_cost(2027, 300_000)]
        ),
    }
    rating_set(actor=world.office, initiative=made["mandated"], ratings={"nytte": 1})
    rating_set(actor=world.office, initiative=made["best"], ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=made["cheap"], ratings={"nytte": 3})
    return made


def test_solve_end_to_end_selects_within_budget(world: World, small: dict[str, Initiative]) -> None:
    scenario = _create(world, budget={"2027": 600_000})

    solved = scenario_solve(actor=world.office, scenario=scenario)

    assert solved.status == ScenarioStatus.OPTIMAL
    assert set(selected_ids(solved)) == {small["mandated"].pk, small["best"].pk}
    assert solved.value == Decimal("92.500")  # 12.5 + 80
    assert solved.result["usage"]["budget"] == [150_000] * 4
    assert sum(solved.result["usage"]["budget"]) <= 600_000
    assert solved.result["unselected"] == [
        {"id": str(small["cheap"].pk), "reason": "adding it would exceed budget in 2027Q1–2027Q4"}
    ]
    assert solved.solved_at is not None and solved.error == ""
    assert solved.problem["candidates"][0]["id"] == str(small["mandated"].pk)


def test_solve_stores_a_frontier_over_the_budget(
    world: World, small: dict[str, Initiative]
) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world, budget={"2027": 600_000}))

    assert solved.frontier["resource"] == "budget"
    points = solved.frontier["points"]
    assert len(points) == 10
    values = [p["value"] for p in points if p["value"] is not None]
    assert values == sorted(values)
    assert points[-1]["value"] == pytest.approx(92.5)


def test_rows_explain_the_solution_in_norwegian(world: World, small: dict[str, Initiative]) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world, budget={"2027": 600_000}))

    rows = scenario_rows(world.board_member, solved)

    assert [(r.id, r.selected) for r in rows] == [
        (small["best"].pk, True),
        (small["mandated"].pk, True),
        (small["cheap"].pk, False),
    ]
    assert rows[0].start_year == "2027" and rows[0].cost == Decimal(400_000)
    assert (rows[0].start, rows[0].finish) == ("2027Q1", "2027Q4")
    assert rows[2].reason_text == "Får ikke plass innenfor budsjettet for 2027."


def test_forced_in_beyond_the_budget_is_infeasible_with_a_conflict(
    world: World, small: dict[str, Initiative]
) -> None:
    scenario = _create(
        world,
        budget={"2027": 500_000},
        overrides={str(small["best"].pk): "in"},
    )

    solved = scenario_solve(actor=world.office, scenario=scenario)

    assert solved.status == ScenarioStatus.INFEASIBLE
    assert solved.value is None
    assert solved.result["conflict"]["resources"] == ["budget"]


def test_a_solver_error_is_stored_as_failed(
    world: World, small: dict[str, Initiative], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("CP-SAT rejected the model")

    monkeypatch.setattr(tasks, "solve", broken)

    solved = scenario_solve(actor=world.office, scenario=_create(world))

    assert solved.status == ScenarioStatus.FAILED
    assert "CP-SAT rejected the model" in solved.error


def test_an_outdated_task_does_not_overwrite_a_newer_request(
    world: World, small: dict[str, Initiative]
) -> None:
    scenario = _create(world)
    Scenario.objects.filter(pk=scenario.pk).update(
        status=ScenarioStatus.QUEUED, task_token="new", problem=scenario_problem(scenario)
    )

    assert tasks.run_solve(scenario.pk, "old") == "superseded"
    assert Scenario.objects.get(pk=scenario.pk).status == ScenarioStatus.QUEUED
    assert tasks.run_solve(scenario.pk, "new") == ScenarioStatus.OPTIMAL


def test_a_scenario_without_candidates_is_not_solved(
    world: World, criteria: PrioritizationSet
) -> None:
    scenario = _create(world)

    with pytest.raises(ValidationFailed) as exc:
        scenario_solve(actor=world.office, scenario=scenario)

    assert set(exc.value.errors) == {"candidates"}
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DRAFT


def test_editing_discards_the_result(world: World, small: dict[str, Initiative]) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world))

    edited = scenario_update(actor=world.office, scenario=solved, data={"budget": {"2027": 10}})

    assert edited.status == ScenarioStatus.DRAFT
    assert edited.result is None and edited.value is None


# --- proposal and comparison ---------------------------------------------------------------


def test_proposing_changes_no_initiative(world: World, small: dict[str, Initiative]) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world, budget={"2027": 600_000}))
    states_before = dict(Initiative.objects.values_list("pk", "state"))
    history_before = Transition.objects.count()

    proposed = scenario_propose(actor=world.office, scenario=solved)

    assert proposed.proposed_to_board_at is not None
    assert proposed.proposed_by == world.office
    assert dict(Initiative.objects.values_list("pk", "state")) == states_before
    assert Transition.objects.count() == history_before


def test_an_unsolved_scenario_cannot_be_proposed(
    world: World, small: dict[str, Initiative]
) -> None:
    with pytest.raises(InvalidTransition):
        scenario_propose(actor=world.office, scenario=_create(world))


def test_a_proposed_scenario_cannot_be_changed(world: World, small: dict[str, Initiative]) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world))
    scenario_propose(actor=world.office, scenario=solved)

    with pytest.raises(InvalidTransition):
        scenario_update(actor=world.office, scenario=solved, data={"budget": {"2027": 1}})
    with pytest.raises(InvalidTransition):
        scenario_solve(actor=world.office, scenario=solved)


def test_board_members_may_not_propose(world: World, small: dict[str, Initiative]) -> None:
    solved = scenario_solve(actor=world.office, scenario=_create(world))

    with pytest.raises(NotAllowed):
        scenario_propose(actor=world.board_member, scenario=solved)


def test_compare_shows_what_differs_with_value_and_cost(
    world: World, small: dict[str, Initiative]
) -> None:
    tight = scenario_solve(
        actor=world.office, scenario=_create(world, name="Stramt", budget={"2027": 500_000})
    )
    roomy = scenario_solve(
        actor=world.office, scenario=_create(world, name="Romslig", budget={"2027": 900_000})
    )

    comparison = scenario_compare(tight, roomy)

    # 500 000: the mandated 200 000 and the cheaper 300 000; 900 000: all three.
    assert comparison.only_a == []
    assert comparison.only_b == [small["best"].pk]
    assert comparison.both == sorted([small["mandated"].pk, small["cheap"].pk])
    assert (comparison.a.value, comparison.b.value) == (Decimal("50.000"), Decimal("130.000"))
    assert (comparison.a.cost, comparison.b.cost) == (Decimal(500_000), Decimal(900_000))
    assert comparison.value_difference == Decimal("80.000")
