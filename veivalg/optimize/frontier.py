"""Efficient frontier: the best value as one resource's capacity grows.

Point ``i`` of ``points`` solves the problem with every capacity entry of the resource
multiplied by ``i / points`` (0.2, 0.4, … 1.0 for five points). Points are solved from the
smallest fraction up, each hinted with the previous schedule, which stays feasible when the
capacity grows.
"""

from __future__ import annotations

from typing import Any

from veivalg.optimize.problem import Problem
from veivalg.optimize.solve import DEFAULT_WORKERS, solve


def frontier(
    problem: Problem,
    resource: str,
    points: int,
    *,
    time_limit_s: float | None = None,
    workers: int = DEFAULT_WORKERS,
) -> dict[str, Any]:
    """``{"resource": id, "points": [{"fraction", "value", "status", "selected"}, …]}``.

    ``value`` is the objective (``None`` when no solution exists at that capacity) and
    ``selected`` the ids of the selected candidates. ``time_limit_s`` applies to each point.
    """
    if resource not in {r.id for r in problem.resources}:
        raise ValueError(f"unknown resource {resource!r}")
    if points < 1:
        raise ValueError("points must be at least 1")
    out: list[dict[str, Any]] = []
    hint: dict[str, int] | None = None
    for i in range(1, points + 1):
        fraction = i / points
        solution = solve(
            problem.with_scaled_capacity(resource, fraction),
            time_limit_s=time_limit_s,
            workers=workers,
            hint=hint,
        )
        if solution.selected:
            hint = {s.id: s.start for s in solution.selected}
        out.append(
            {
                "fraction": round(fraction, 6),
                "value": solution.to_dict()["objective"],
                "status": solution.status,
                "selected": solution.selected_ids,
            }
        )
    return {"resource": resource, "points": out}
