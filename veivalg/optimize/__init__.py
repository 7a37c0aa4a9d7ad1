"""Portfolio optimiser for Veivalg, without Django.

- ``load_problem(dict) -> Problem`` / ``load_problem_json(text)``: validate the exchange
  format (``ProblemError.errors`` lists ``(json_pointer, message)``);
- ``solve(problem, *, time_limit_s=None, workers=1) -> Solution`` (``Solution.to_dict()``);
- ``frontier(problem, resource, points) -> dict``: value against one resource's capacity;
- ``ahp.priorities(matrix)``: AHP weights and consistency.

``python -m veivalg.optimize PROBLEM.json`` is the command line (see ``__main__``).
"""

from __future__ import annotations

from veivalg.optimize.frontier import frontier
from veivalg.optimize.problem import (
    Problem,
    ProblemError,
    Solution,
    load_problem,
    load_problem_json,
)
from veivalg.optimize.solve import solve

__all__ = [
    "Problem",
    "ProblemError",
    "Solution",
    "frontier",
    "load_problem",
    "load_problem_json",
    "solve",
]
