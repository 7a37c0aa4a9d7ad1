"""The solver on small hand-made problems: relations, windows, granularity, reasons."""

from __future__ import annotations

from typing import Any

import pytest

from veivalg.optimize import frontier, load_problem, solve
from veivalg.optimize.model import decimal_scale
from veivalg.optimize.problem import PROBLEM_FORMAT, Solution
from veivalg.optimize.tests.test_properties import verify

QUARTERS = ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]


def doc(
    candidates: list[dict[str, Any]],
    *,
    resources: list[dict[str, Any]] | None = None,
    relations: list[dict[str, Any]] | None = None,
    periods: Any = None,
    objective: str = "max_value",
) -> dict[str, Any]:
    return {
        "format": PROBLEM_FORMAT,
        "periods": QUARTERS if periods is None else periods,
        "resources": [{"id": "dev", "capacity": 2}] if resources is None else resources,
        "candidates": candidates,
        "relations": relations or [],
        "objective": objective,
    }


def run(document: dict[str, Any]) -> Solution:
    problem = load_problem(document)
    solution = solve(problem, time_limit_s=10)
    verify(problem, solution)
    return solution


def starts(solution: Solution) -> dict[str, int]:
    return {s.id: s.start for s in solution.selected}


def reasons(solution: Solution) -> dict[str, str]:
    return {u.id: u.reason for u in solution.unselected}


def test_picks_the_most_valuable_combination() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 10, "demand": {"dev": [2]}},
                {"id": "B", "value": 6, "demand": {"dev": [1]}},
                {"id": "C", "value": 6, "demand": {"dev": [1]}},
            ]
        )
    )
    assert solution.status == "optimal"
    assert solution.objective == 12 and solution.bound == 12
    assert solution.selected_ids == ["B", "C"]
    assert reasons(solution) == {"A": "adding it would exceed dev in 2027Q1"}
    assert solution.usage == {"dev": (2, 0, 0, 0)}
    assert [(b.resource, b.period, b.slack) for b in solution.binding] == [("dev", 0, 0)]


def test_requires_brings_its_target_or_nothing() -> None:
    cands = [
        {"id": "A", "value": 10, "demand": {"dev": [1]}},
        {"id": "B", "value": 1, "demand": {"dev": [1]}},
        {"id": "C", "value": 5, "demand": {"dev": [1]}},
    ]
    relation = [{"type": "requires", "from": "A", "to": "B"}]
    solution = run(doc(cands, relations=relation))
    assert solution.selected_ids == ["A", "B"]
    # B forced out: A cannot be selected either.
    cands[1]["decision"] = "out"
    solution = run(doc(cands, relations=relation))
    assert solution.selected_ids == ["C"]
    assert reasons(solution) == {"A": "requires B (not selected)", "B": "forced out"}


def test_excludes_allows_at_most_one() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 3},
                {"id": "B", "value": 5},
                {"id": "C", "value": 4},
                {"id": "D", "value": 1},
            ],
            relations=[{"type": "excludes", "ids": ["A", "B", "C"]}],
        )
    )
    assert solution.selected_ids == ["B", "D"]
    assert reasons(solution) == {"A": "excludes B", "C": "excludes B"}


def test_together_is_all_or_none() -> None:
    cands = [
        {"id": "A", "value": 5, "demand": {"dev": [1]}},
        {"id": "B", "value": 5, "demand": {"dev": [1]}},
        {"id": "C", "value": 5, "demand": {"dev": [1]}},
        {"id": "D", "value": 4, "demand": {"dev": [1]}},
    ]
    relation = [{"type": "together", "ids": ["A", "B", "C"]}]
    solution = run(doc(cands, relations=relation))
    assert solution.selected_ids == ["D"]
    assert reasons(solution)["A"] == "together with B, C (not selected)"
    solution = run(doc(cands, resources=[{"id": "dev", "capacity": 3}], relations=relation))
    assert solution.selected_ids == ["A", "B", "C"]


def test_finish_to_start_orders_the_selected() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 5, "demand": {"dev": [2, 2]}, "latest_start": 2},
                {"id": "B", "value": 5, "demand": {"dev": [1]}, "latest_start": 3},
            ],
            relations=[{"type": "finish_to_start", "from": "B", "to": "A"}],
        )
    )
    s = starts(solution)
    assert s["A"] >= s["B"] + 1


def test_finish_to_start_without_room_leaves_one_out() -> None:
    solution = run(
        doc(
            [
                {
                    "id": "A",
                    "value": 5,
                    "demand": {"dev": [1, 1]},
                    "earliest_start": 1,
                    "latest_start": 2,
                },
                {"id": "B", "value": 3, "demand": {"dev": [1]}, "latest_start": 2},
            ],
            relations=[{"type": "finish_to_start", "from": "A", "to": "B"}],
        )
    )
    assert solution.selected_ids == ["A"]
    assert reasons(solution) == {"B": "finish_to_start with A leaves no start in its window"}


def test_finish_to_start_binds_only_when_both_are_selected() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 1, "demand": {"dev": [1]}, "decision": "out"},
                {"id": "B", "value": 3, "demand": {"dev": [1]}},
            ],
            relations=[{"type": "finish_to_start", "from": "A", "to": "B"}],
        )
    )
    assert solution.selected_ids == ["B"]


def test_window_moves_a_candidate_to_a_free_period() -> None:
    solution = run(
        doc(
            [
                {"id": "Fixed", "value": 5, "demand": {"dev": [2, 2]}, "decision": "in"},
                {"id": "Flex", "value": 5, "demand": {"dev": [2]}, "latest_start": 3},
                {
                    "id": "Late",
                    "value": 5,
                    "demand": {"dev": [1, 1, 1]},
                    "earliest_start": 1,
                    "latest_start": 1,
                },
            ]
        )
    )
    s = starts(solution)
    assert s["Fixed"] == 0 and s["Flex"] in (2, 3)
    assert solution.selected_ids == ["Fixed", "Flex"]
    assert reasons(solution) == {"Late": "adding it would exceed dev in 2027Q2"}


def test_reason_names_the_resource_blocking_every_start() -> None:
    solution = run(
        doc(
            [
                {"id": "Big", "value": 9, "demand": {"dev": [2, 2, 2, 2]}, "decision": "in"},
                {"id": "Any", "value": 5, "demand": {"dev": [1]}, "latest_start": 3},
            ]
        )
    )
    assert reasons(solution) == {
        "Any": "adding it at any start in its window would exceed dev (first in 2027Q1)"
    }


def test_yearly_budget_holds_per_group() -> None:
    resources = [{"id": "budget", "capacity": [10, 10], "granularity": 2}]
    cands = [
        {"id": "A", "value": 5, "demand": {"budget": [6, 6]}, "latest_start": 2},
        {"id": "B", "value": 4, "demand": {"budget": [6, 6]}, "latest_start": 2},
    ]
    solution = run(doc(cands, resources=resources))
    # Each candidate needs 12 inside one year; straddling the years (start 1) spreads it.
    assert solution.selected_ids == ["A"]
    assert starts(solution)["A"] == 1
    assert solution.usage == {"budget": (0, 6, 6, 0)}
    assert [(b.resource, b.period, b.slack) for b in solution.binding] == []
    assert reasons(solution)["B"] == (
        "adding it at any start in its window would exceed budget (first in 2027Q1–2027Q2)"
    )
    cands[1].update(demand={"budget": [4]}, latest_start=0)
    solution = run(doc(cands, resources=resources))
    assert solution.selected_ids == ["A", "B"]
    assert [(b.resource, b.period, b.slack) for b in solution.binding] == [("budget", 0, 0)]


def test_zero_duration_candidate() -> None:
    solution = run(doc([{"id": "M", "value": 1, "earliest_start": 2}]))
    assert [(s.id, s.start, s.finish) for s in solution.selected] == [("M", 2, 1)]


def test_duration_longer_than_demand() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 1, "demand": {"dev": [2]}, "duration": 3},
                {"id": "B", "value": 1, "demand": {"dev": [1]}, "latest_start": 3},
            ],
            relations=[{"type": "finish_to_start", "from": "A", "to": "B"}],
            periods=4,
        )
    )
    assert [(s.id, s.start, s.finish) for s in solution.selected] == [("A", 0, 2), ("B", 3, 3)]


def test_decimal_numbers_are_scaled_exactly() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 0.1, "demand": {"dev": [0.1]}},
                {"id": "B", "value": 0.2, "demand": {"dev": [0.2]}},
                {"id": "C", "value": 0.25, "demand": {"dev": [0.25]}},
            ],
            resources=[{"id": "dev", "capacity": 0.3}],
            periods=1,
        )
    )
    assert solution.selected_ids == ["A", "B"]
    assert solution.objective == pytest.approx(0.3)
    assert solution.usage["dev"] == (0.3,)


def test_inexact_fractions_are_rounded_conservatively() -> None:
    third = 1 / 3
    solution = run(
        doc(
            [{"id": f"T{i}", "value": 1, "demand": {"dev": [third]}} for i in range(3)],
            resources=[{"id": "dev", "capacity": 1}],
            periods=1,
        )
    )
    # 1/3 is rounded up at 6 decimals, so the three together would exceed 1.
    assert len(solution.selected) == 2


def test_decimal_scale() -> None:
    assert decimal_scale([1, 2, 3]) == (1, True)
    assert decimal_scale([0.5, 2.25]) == (100, True)
    assert decimal_scale([0.1, 0.2, 0.3]) == (10, True)
    assert decimal_scale([1 / 3]) == (10**6, False)
    assert decimal_scale([16000000.5]) == (10, True)
    assert decimal_scale([1e12 + 0.5]) == (1, False)


def test_min_finish_schedules_a_tiny_rcpsp() -> None:
    # A and B cannot overlap (3 + 2 > 4); C must follow A; optimum: A 0-1, C 2, B 2-3.
    problem = doc(
        [
            {"id": "A", "value": 0, "demand": {"r": [3, 3]}, "latest_start": 4, "decision": "in"},
            {"id": "B", "value": 0, "demand": {"r": [2, 2]}, "latest_start": 4, "decision": "in"},
            {"id": "C", "value": 0, "demand": {"r": [1]}, "latest_start": 5, "decision": "in"},
            {"id": "Optional", "value": 99, "demand": {"r": [1]}, "latest_start": 5},
        ],
        resources=[{"id": "r", "capacity": 4}],
        relations=[{"type": "finish_to_start", "from": "A", "to": "C"}],
        periods=6,
        objective="min_finish",
    )
    solution = run(problem)
    assert solution.status == "optimal"
    assert solution.objective == 4 and solution.bound == 4
    assert max(s.finish for s in solution.selected) == 3
    assert reasons(solution) == {
        "Optional": "not forced in (min_finish schedules only forced-in candidates)"
    }


def test_min_finish_schedules_auto_candidates_a_relation_requires() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 0, "demand": {"dev": [1]}, "decision": "in"},
                {"id": "B", "value": 0, "demand": {"dev": [1]}, "latest_start": 3},
            ],
            relations=[
                {"type": "requires", "from": "A", "to": "B"},
                {"type": "finish_to_start", "from": "A", "to": "B"},
            ],
            objective="min_finish",
        )
    )
    assert starts(solution) == {"A": 0, "B": 1}
    assert solution.objective == 2


def test_infeasible_forced_in_names_the_conflict() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 1, "demand": {"dev": [2]}, "decision": "in"},
                {"id": "B", "value": 1, "demand": {"dev": [1]}, "decision": "in"},
                {
                    "id": "C",
                    "value": 1,
                    "demand": {"dev": [1]},
                    "decision": "in",
                    "earliest_start": 1,
                },
                {"id": "D", "value": 1, "decision": "in"},
            ],
            resources=[{"id": "dev", "capacity": 2}, {"id": "other", "capacity": 0}],
        )
    )
    assert solution.status == "infeasible"
    assert solution.objective is None and solution.selected == ()
    assert solution.conflict is not None
    out = solution.to_dict()["conflict"]
    assert out["forced_in"] == ["A", "B"]
    assert out["resources"] == ["dev"]
    assert out["relations"] == [] and out["forced_out"] == []
    assert out["explanation"] == ["A is forced in", "B is forced in", "capacity of dev"]


def test_infeasible_relations_are_named() -> None:
    solution = run(
        doc(
            [
                {"id": "A", "value": 1, "decision": "in"},
                {"id": "B", "value": 1, "decision": "out"},
                {"id": "C", "value": 1},
            ],
            relations=[
                {"type": "excludes", "ids": ["A", "C"]},
                {"type": "together", "ids": ["A", "B"]},
            ],
        )
    )
    assert solution.status == "infeasible"
    out = solution.to_dict()["conflict"]
    assert out["forced_in"] == ["A"] and out["forced_out"] == ["B"]
    assert out["relations"] == [{"index": 1, "type": "together", "ids": ["A", "B"]}]
    assert out["resources"] == []


def test_infeasible_precedence_cycle() -> None:
    solution = run(
        doc(
            [
                {
                    "id": "A",
                    "value": 1,
                    "demand": {"dev": [1]},
                    "decision": "in",
                    "latest_start": 3,
                },
                {
                    "id": "B",
                    "value": 1,
                    "demand": {"dev": [1]},
                    "decision": "in",
                    "latest_start": 3,
                },
            ],
            relations=[
                {"type": "finish_to_start", "from": "A", "to": "B"},
                {"type": "finish_to_start", "from": "B", "to": "A"},
            ],
        )
    )
    assert solution.status == "infeasible"
    assert solution.conflict is not None
    assert [i for i, _ in solution.conflict.relations] == [0, 1]
    assert set(solution.conflict.forced_in) == {"A", "B"}


def test_solution_document_shape() -> None:
    solution = run(doc([{"id": "A", "value": 2.5, "demand": {"dev": [1.5]}}]))
    out = solution.to_dict()
    assert out["format"] == "veivalg-portfolio-solution/1"
    assert set(out) == {
        "format",
        "status",
        "objective",
        "bound",
        "selected",
        "usage",
        "binding",
        "unselected",
        "solve_seconds",
    }
    assert out["selected"] == [{"id": "A", "start": 0, "finish": 0}]
    assert out["usage"] == {"dev": [1.5, 0, 0, 0]}
    assert out["objective"] == 2.5


def test_empty_problem() -> None:
    solution = run(doc([], resources=[]))
    assert solution.status == "optimal" and solution.objective == 0


def test_same_input_gives_the_same_answer() -> None:
    cands = [
        {
            "id": f"C{i}",
            "value": (i * 7) % 11 + 1,
            "demand": {"dev": [1 + i % 3, 1]},
            "latest_start": 2,
        }
        for i in range(12)
    ]
    problem = load_problem(doc(cands, resources=[{"id": "dev", "capacity": 5}]))
    first = solve(problem, workers=1).to_dict()
    second = solve(problem, workers=1).to_dict()
    first.pop("solve_seconds"), second.pop("solve_seconds")
    assert first == second
    parallel = solve(problem, workers=2).to_dict()
    assert parallel["status"] == "optimal" and parallel["objective"] == first["objective"]


def test_frontier_points_grow_with_capacity() -> None:
    problem = load_problem(
        doc(
            [
                {"id": f"C{i}", "value": 10 + i, "demand": {"budget": [10 * (i + 1)]}}
                for i in range(5)
            ],
            resources=[{"id": "budget", "capacity": 100}],
            periods=1,
        )
    )
    result = frontier(problem, "budget", 5)
    assert result["resource"] == "budget"
    assert [p["fraction"] for p in result["points"]] == [0.2, 0.4, 0.6, 0.8, 1.0]
    values = [p["value"] for p in result["points"]]
    assert values == sorted(values)
    assert values[-1] == solve(problem).objective
    assert result["points"][0]["selected"] == ["C1"]  # capacity 20: the best single one
    with pytest.raises(ValueError, match="unknown resource"):
        frontier(problem, "nope", 3)


def test_reason_for_a_together_partner_that_is_forced_out() -> None:
    solution = run(
        doc(
            [{"id": "A", "value": 5}, {"id": "B", "value": 5, "decision": "out"}],
            relations=[{"type": "together", "ids": ["A", "B"]}],
        )
    )
    assert reasons(solution) == {"A": "together with B (forced out)", "B": "forced out"}


def test_hint_does_not_change_the_optimum() -> None:
    problem = load_problem(
        doc(
            [
                {"id": "A", "value": 10, "demand": {"dev": [2]}, "latest_start": 3},
                {"id": "B", "value": 6, "demand": {"dev": [1, 1]}, "latest_start": 2},
            ]
        )
    )
    plain = solve(problem)
    hinted = solve(problem, hint={"B": 2})
    assert hinted.status == "optimal" and hinted.objective == plain.objective == 16
