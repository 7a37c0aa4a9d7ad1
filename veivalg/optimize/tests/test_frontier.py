"""The efficient frontier: the per-point time limit, a known full-capacity solution, stopping."""

from __future__ import annotations

import importlib
from dataclasses import replace
from typing import Any

import pytest

from veivalg.optimize import frontier, load_problem, solve
from veivalg.optimize.problem import PROBLEM_FORMAT, Problem

frontier_module = importlib.import_module("veivalg.optimize.frontier")


@pytest.fixture
def problem() -> Problem:
    return load_problem(
        {
            "format": PROBLEM_FORMAT,
            "periods": 1,
            "resources": [{"id": "budget", "capacity": 100}],
            "candidates": [
                {"id": f"C{i}", "value": 10 + i, "demand": {"budget": [10 * (i + 1)]}}
                for i in range(5)
            ],
            "relations": [],
            "objective": "max_value",
        }
    )


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Each solve the frontier makes: its capacity and keyword arguments."""
    made: list[dict[str, Any]] = []

    def counting(problem: Problem, **kwargs: Any) -> Any:
        made.append({"capacity": problem.resources[0].capacity[0], **kwargs})
        return solve(problem, **kwargs)

    monkeypatch.setattr(frontier_module, "solve", counting)
    return made


def test_the_time_limit_applies_to_each_point(
    problem: Problem, calls: list[dict[str, Any]]
) -> None:
    frontier(problem, "budget", 4, time_limit_s=1.5)

    assert [c["time_limit_s"] for c in calls] == [1.5] * 4
    assert [c["capacity"] for c in calls] == [25, 50, 75, 100]


def test_a_known_full_solution_is_the_last_point(
    problem: Problem, calls: list[dict[str, Any]]
) -> None:
    full = solve(problem)

    result = frontier(problem, "budget", 4, full=full)

    assert [c["capacity"] for c in calls] == [25, 50, 75]  # 100 % is not solved again
    last = result["points"][-1]
    assert last == {
        "fraction": 1.0,
        "value": full.objective,
        "status": full.status,
        "selected": full.selected_ids,
    }


def test_a_full_solution_worth_less_than_the_point_before_is_solved_again(
    problem: Problem, calls: list[dict[str, Any]]
) -> None:
    weak = replace(solve(problem), objective=1, status="feasible")

    result = frontier(problem, "budget", 4, full=weak)

    assert [c["capacity"] for c in calls] == [25, 50, 75, 100]
    assert result["points"][-1]["value"] == solve(problem).objective


def test_stop_ends_the_frontier_before_the_next_point(
    problem: Problem, calls: list[dict[str, Any]]
) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(len(calls))
        return len(calls) >= 2

    result = frontier(problem, "budget", 5, stop=stop)

    assert len(calls) == 2 and asked == [0, 1, 2]
    assert [p["fraction"] for p in result["points"]] == [0.2, 0.4]
