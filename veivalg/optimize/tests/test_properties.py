"""Property tests on random small problems, checked independently of the solver.

``verify`` recomputes everything a solution claims from the problem itself; ``brute_force``
enumerates every subset and every start inside the windows.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veivalg.optimize import load_problem, solve
from veivalg.optimize.problem import PROBLEM_FORMAT, Problem, Solution

TOLERANCE = 1e-6


def verify(problem: Problem, solution: Solution) -> None:
    """Assert that ``solution`` obeys every rule of ``problem``."""
    cands = {c.id: c for c in problem.candidates}
    if solution.status in ("infeasible", "unknown"):
        assert solution.selected == ()
        assert solution.objective is None
        if solution.status == "infeasible":
            assert solution.conflict is not None
            assert solution.conflict.describe()
        return
    assert solution.status in ("optimal", "feasible")
    chosen = {s.id: s.start for s in solution.selected}
    assert len(chosen) == len(solution.selected)
    for s in solution.selected:
        cand = cands[s.id]
        assert cand.earliest_start <= s.start <= cand.latest_start
        assert s.finish == s.start + cand.duration - 1
        assert s.start + cand.duration <= problem.n_periods
    for cand in problem.candidates:
        if cand.decision == "in":
            assert cand.id in chosen, f"forced-in {cand.id} not selected"
        if cand.decision == "out":
            assert cand.id not in chosen, f"forced-out {cand.id} selected"
    for rel in problem.relations:
        if rel.type == "requires":
            assert rel.from_id not in chosen or rel.to_id in chosen
        elif rel.type == "excludes":
            assert sum(x in chosen for x in rel.ids) <= 1
        elif rel.type == "together":
            assert len({x in chosen for x in rel.ids}) == 1
        elif rel.from_id in chosen and rel.to_id in chosen:
            assert chosen[rel.to_id] >= chosen[rel.from_id] + cands[rel.from_id].duration
    for res in problem.resources:
        usage = [0.0] * problem.n_periods
        for cid, start in chosen.items():
            for k, d in enumerate(cands[cid].demand.get(res.id, ())):
                usage[start + k] += d
        assert len(solution.usage[res.id]) == problem.n_periods
        for p in range(problem.n_periods):
            assert math.isclose(solution.usage[res.id][p], usage[p], abs_tol=TOLERANCE)
        for g, cap in enumerate(res.capacity):
            used = sum(usage[p] for p in res.group_periods(g))
            assert used <= cap + TOLERANCE * max(1.0, cap), f"{res.id} group {g} over"
    unselected = {u.id for u in solution.unselected}
    assert unselected == set(cands) - set(chosen)
    assert all(u.reason for u in solution.unselected)
    if problem.objective == "max_value":
        value = sum(cands[c].value for c in chosen)
        assert math.isclose(solution.objective, value, abs_tol=TOLERANCE)
        assert solution.bound >= solution.objective - TOLERANCE
    else:
        makespan = max((s + cands[c].duration for c, s in chosen.items()), default=0)
        assert solution.objective == makespan
        assert solution.bound <= solution.objective
    if solution.status == "optimal":
        assert solution.bound == solution.objective


def brute_force(problem: Problem) -> float | None:
    """The optimal objective by enumeration (``None`` if infeasible)."""
    cands = problem.candidates
    index = problem.candidate_index()
    resources = problem.resources
    options: list[list[int | None]] = []
    for cand in cands:
        starts: list[int | None] = list(cand.starts)
        if cand.decision == "auto":
            starts = [None, *starts]
        elif cand.decision == "out":
            starts = [None]
        options.append(starts)
    use: list[dict[int, list[list[float]]]] = []  # candidate -> start -> per resource group use
    for cand in cands:
        per_start = {}
        for s in cand.starts:
            rows = []
            for res in resources:
                row = [0.0] * len(res.capacity)
                for k, d in enumerate(cand.demand.get(res.id, ())):
                    row[(s + k) // res.granularity] += d
                rows.append(row)
            per_start[s] = rows
        use.append(per_start)

    best: list[float | None] = [None]
    assignment: list[int | None] = [None] * len(cands)
    totals = [[0.0] * len(res.capacity) for res in resources]

    def relations_hold() -> bool:
        for rel in problem.relations:
            sel = [assignment[index[x]] is not None for x in rel.ids]
            if rel.type == "requires" and sel[0] and not sel[1]:
                return False
            if rel.type == "excludes" and sum(sel) > 1:
                return False
            if rel.type == "together" and len(set(sel)) > 1:
                return False
            if rel.type == "finish_to_start" and all(sel):
                a, b = index[rel.from_id], index[rel.to_id]
                if assignment[b] < assignment[a] + cands[a].duration:  # type: ignore[operator]
                    return False
        return True

    def objective() -> float:
        if problem.objective == "max_value":
            return sum(c.value for c, s in zip(cands, assignment, strict=True) if s is not None)
        return max(
            (s + c.duration for c, s in zip(cands, assignment, strict=True) if s is not None),
            default=0,
        )

    def better(value: float) -> bool:
        if best[0] is None:
            return True
        return value > best[0] if problem.objective == "max_value" else value < best[0]

    def search(i: int) -> None:
        if i == len(cands):
            if relations_hold():
                value = objective()
                if better(value):
                    best[0] = value
            return
        for s in options[i]:
            assignment[i] = s
            if s is None:
                search(i + 1)
                continue
            rows = use[i][s]
            fits = True
            for r, res in enumerate(resources):
                for g, cap in enumerate(res.capacity):
                    totals[r][g] += rows[r][g]
                    if totals[r][g] > cap + 1e-9:
                        fits = False
            if fits:
                search(i + 1)
            for r, res in enumerate(resources):
                for g in range(len(res.capacity)):
                    totals[r][g] -= rows[r][g]
        assignment[i] = None

    search(0)
    return best[0]


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    max_candidates: int = 6,
    min_candidates: int = 0,
    max_window: int = 3,
    objectives: tuple[str, ...] = ("max_value", "min_finish"),
    decimals: bool = False,
) -> dict[str, Any]:
    objective = draw(st.sampled_from(objectives))
    # min_finish schedules the forced-in candidates, so most of them are forced in there.
    decisions = ["auto"] * 6 + ["in", "out"]
    if objective == "min_finish":
        decisions = ["in"] * 5 + ["auto", "out"]
    n_periods = draw(st.integers(1, 4))
    numbers = st.integers(0, 40).map(lambda x: x / 10) if decimals else st.integers(0, 6)
    resources = []
    for r in range(draw(st.integers(0, 2))):
        gran = draw(st.sampled_from([g for g in (1, 2, 4) if n_periods % g == 0]))
        groups = n_periods // gran
        caps = draw(st.lists(st.integers(0, 10), min_size=groups, max_size=groups))
        capacity: Any = caps if groups > 1 or draw(st.booleans()) else caps[0]
        resources.append({"id": f"r{r}", "capacity": capacity, "granularity": gran})
    candidates = []
    for i in range(draw(st.integers(min_candidates, max_candidates))):
        duration = draw(st.integers(0, min(2, n_periods)))
        demand = {}
        for res in resources:
            if duration and draw(st.booleans()):
                demand[res["id"]] = draw(st.lists(numbers, min_size=duration, max_size=duration))
        last = n_periods - max(duration, 1)
        earliest = draw(st.integers(0, last))
        latest = draw(st.integers(earliest, min(last, earliest + max_window - 1)))
        candidates.append(
            {
                "id": f"C{i}",
                "value": draw(st.integers(-2, 20)) / (10 if decimals else 1),
                "demand": demand,
                "duration": duration,
                "earliest_start": earliest,
                "latest_start": latest,
                "decision": draw(st.sampled_from(decisions)),
            }
        )
    relations = []
    ids = [c["id"] for c in candidates]
    if len(ids) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["requires", "excludes", "together", "finish_to_start"]))
            pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
            if kind in ("requires", "finish_to_start"):
                relations.append({"type": kind, "from": pair[0], "to": pair[1]})
            else:
                relations.append({"type": kind, "ids": pair})
    return {
        "format": PROBLEM_FORMAT,
        "periods": n_periods,
        "resources": resources,
        "candidates": candidates,
        "relations": relations,
        "objective": objective,
    }


def check_against_brute_force(doc: dict[str, Any]) -> None:
    problem = load_problem(doc)
    solution = solve(problem, time_limit_s=20)
    verify(problem, solution)
    expected = brute_force(problem)
    if expected is None:
        assert solution.status == "infeasible"
    else:
        assert solution.status == "optimal"
        assert math.isclose(solution.objective, expected, abs_tol=TOLERANCE)


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems(max_candidates=8))
def test_every_solution_obeys_every_rule(doc: dict[str, Any]) -> None:
    problem = load_problem(doc)
    verify(problem, solve(problem, time_limit_s=20))


@FAST
@given(problems(min_candidates=2, max_candidates=6, max_window=3))
def test_optimum_with_start_windows_matches_brute_force(doc: dict[str, Any]) -> None:
    check_against_brute_force(doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_candidates=6, max_window=2, objectives=("max_value",), decimals=True))
def test_optimum_with_decimal_numbers_matches_brute_force(doc: dict[str, Any]) -> None:
    check_against_brute_force(doc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(min_candidates=9, max_candidates=12, max_window=1, objectives=("max_value",)))
def test_optimum_of_twelve_fixed_candidates_matches_brute_force(doc: dict[str, Any]) -> None:
    check_against_brute_force(doc)
