"""Efficient frontier: the best value as one resource's capacity grows.

Point ``i`` of ``points`` solves the problem with every capacity entry of the resource
multiplied by ``i / points`` (0.2, 0.4, … 1.0 for five points). Points are solved from the
smallest fraction up, each hinted with the previous schedule, which stays feasible when the
capacity grows.

The last point (fraction 1.0) is the problem itself: when its solution is already known
(``full``, e.g. the scenario's own solve, usually given more time than one point) it is used
as that point instead of being solved again, unless it is worth less than the point before
(which a time-limited solve can leave): then the point is solved, hinted, as the others.

``stop`` is asked before each point; when it answers true the frontier ends there and holds
only the points solved so far (the caller no longer wants it: the scenario was changed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from veivalg.optimize.problem import Problem, Solution
from veivalg.optimize.solve import DEFAULT_WORKERS, solve


def _point(fraction: float, solution: Solution) -> dict[str, Any]:
    return {
        "fraction": round(fraction, 6),
        "value": solution.to_dict()["objective"],
        "status": solution.status,
        "selected": solution.selected_ids,
    }


def _at_least(solution: Solution, previous: dict[str, Any] | None) -> bool:
    """Whether ``solution`` is worth at least the previous point (so the curve never falls)."""
    value = solution.to_dict()["objective"]
    if previous is None or previous["value"] is None:
        return True
    return value is not None and value >= previous["value"]


def frontier(
    problem: Problem,
    resource: str,
    points: int,
    *,
    time_limit_s: float | None = None,
    workers: int = DEFAULT_WORKERS,
    full: Solution | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """``{"resource": id, "points": [{"fraction", "value", "status", "selected"}, …]}``.

    ``value`` is the objective (``None`` when no solution exists at that capacity) and
    ``selected`` the ids of the selected candidates. ``time_limit_s`` applies to each point.
    ``full`` and ``stop``: see the module docstring.
    """
    if resource not in {r.id for r in problem.resources}:
        raise ValueError(f"unknown resource {resource!r}")
    if points < 1:
        raise ValueError("points must be at least 1")
    out: list[dict[str, Any]] = []
    hint: dict[str, int] | None = None
    for i in range(1, points + 1):
        if stop is not None and stop():
            break
        fraction = i / points
        if i == points and full is not None and _at_least(full, out[-1] if out else None):
            out.append(_point(fraction, full))
            break
        solution = solve(
            problem.with_scaled_capacity(resource, fraction),
            time_limit_s=time_limit_s,
            workers=workers,
            hint=hint,
        )
        if solution.selected:
            hint = {s.id: s.start for s in solution.selected}
        out.append(_point(fraction, solution))
    return {"resource": resource, "points": out}
