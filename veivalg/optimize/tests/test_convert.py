"""Benchmark readers and converters, on small inline instances."""

from __future__ import annotations

from veivalg.optimize import load_problem, solve
from veivalg.optimize.convert import (
    critical_path_windows,
    mkp_to_problem,
    parse_orlib_mknap,
    parse_psplib_sm,
    rcpsp_to_problem,
)

# Two instances in OR-Library mknap layout (n m opt, profits, m weight rows, capacities).
MKNAP = """2
4 2 0
10 7 6 3
5 4 3 1
2 4 3 5
8 7
3 1 11
4 5 6
3 4 5
7
"""

# A 4-job PSPLIB .sm file (dummy source 1 and sink 4 around jobs 2 and 3).
PSPLIB = """************************************************************************
file with basedata            : tiny.bas
************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  4
horizon                       :  10
RESOURCES
  - renewable                 :  1   R
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
"""


def test_parse_and_solve_mknap() -> None:
    first, second = parse_orlib_mknap(MKNAP, "tiny")
    assert first.name == "tiny-00"
    assert first.profits == (10, 7, 6, 3)
    assert first.weights == ((5, 4, 3, 1), (2, 4, 3, 5))
    assert first.capacities == (8, 7)
    assert second.optimum == 11
    # Items 1 and 3: weights (8, 5), profit 16 — the best within (8, 7).
    solution = solve(load_problem(mkp_to_problem(first)))
    assert solution.status == "optimal" and solution.objective == 16
    assert solution.selected_ids == ["I1", "I3"]


def test_parse_and_solve_psplib() -> None:
    inst = parse_psplib_sm(PSPLIB, "tiny")
    assert inst.durations == (0, 3, 2, 0)
    assert inst.successors == ((1, 2), (3,), (3,), ())
    assert inst.capacities == (3,)
    assert critical_path_windows(inst, 10) == ([0, 0, 0, 3], [7, 7, 8, 10])
    problem = load_problem(rcpsp_to_problem(inst))
    assert all(c.decision == "in" for c in problem.candidates)
    solution = solve(problem)
    # Jobs 2 and 3 need 2 + 2 > 3, so they run one after the other: makespan 5.
    assert solution.status == "optimal" and solution.objective == 5
