"""Solves a ``Problem`` with OR-Tools CP-SAT and explains the answer.

Determinism and the time limit. CP-SAT runs with a fixed random seed and, by default, one
worker (``DEFAULT_WORKERS``); a single worker is deterministic, and with tuned settings it
was the fastest on the benchmarks (``max_value``: the LP relaxation with cuts at
``linearization_level=2``; ``min_finish``: pure constraint propagation with
``linearization_level=0``, whose cumulative and precedence propagation closes the RCPSP
bounds). With more workers the portfolio of search strategies runs with
``interleave_search``, which CP-SAT documents as deterministic for any worker count. The time
limit is applied twice: as wall-clock seconds and as ``WORK_UNITS_PER_SECOND`` times that in
CP-SAT's deterministic time (work units, roughly half a second each measured on a 2-core
machine). On a machine of that speed the deterministic limit ends the search first, so a run
cut off by the limit gives the same answer every time; only when the wall-clock limit ends it
first (a slower or busy machine) can a time-limited answer differ between runs. Answers
proven optimal before the limit never depend on timing.

Binding resources. A capacity group is reported as binding when something uses it and its
slack is at most ``BINDING_TOLERANCE`` (1 %) of its capacity. For a resource with a
granularity above 1 the group is reported once, with its first period.

Unselected candidates get one short reason, checked in this order: forced out; an
``excludes`` partner is selected; no start in its window fits next to the selected
candidates (a capacity would be exceeded, or a ``finish_to_start`` with a selected
candidate leaves no start); a ``requires`` target or a ``together`` partner is not selected;
for ``min_finish``, that only forced-in candidates (and what they require) are scheduled;
a value that is not positive. Under ``min_finish`` an ``auto`` candidate is optional: it is
scheduled only when a relation forces it in, as it can only lengthen the schedule.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from ortools.sat.python import cp_model

from veivalg.optimize.model import PortfolioModel, build_model
from veivalg.optimize.problem import (
    Binding,
    Conflict,
    Problem,
    Scheduled,
    Solution,
    Unselected,
)

DEFAULT_WORKERS = 1
DEFAULT_TIME_LIMIT_S = 10.0
WORK_UNITS_PER_SECOND = 0.5
RANDOM_SEED = 1
BINDING_TOLERANCE = 0.01
CONFLICT_STEP_LIMIT_S = 2.0


def solver_for(
    time_limit_s: float, workers: int, objective: str = "max_value"
) -> cp_model.CpSolver:
    """A CP-SAT solver with the settings described in the module docstring."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = max(1, workers)
    params.random_seed = RANDOM_SEED
    params.max_time_in_seconds = time_limit_s
    params.max_deterministic_time = time_limit_s * WORK_UNITS_PER_SECOND
    if workers > 1:
        params.interleave_search = True
    else:
        params.linearization_level = 2 if objective == "max_value" else 0
    return solver


def solve(
    problem: Problem,
    *,
    time_limit_s: float | None = None,
    workers: int = DEFAULT_WORKERS,
    hint: Mapping[str, int] | None = None,
) -> Solution:
    """Solve ``problem``; ``hint`` maps candidate ids to starts of a known schedule.

    ``time_limit_s`` overrides the document's ``time_limit_s`` (default
    ``DEFAULT_TIME_LIMIT_S``). An infeasible problem then gets up to the same limit again to
    find the conflict.
    """
    began = time.perf_counter()
    limit = time_limit_s or problem.time_limit_s or DEFAULT_TIME_LIMIT_S
    pm = build_model(problem)
    if hint:
        pm.add_hint(dict(hint))
    solver = solver_for(limit, workers, problem.objective)
    status = solver.solve(pm.model)

    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _solution(pm, solver, status == cp_model.OPTIMAL, began)
    if status == cp_model.INFEASIBLE:
        conflict = find_conflict(problem, time_limit_s=limit)
        return _empty(problem, "infeasible", began, conflict)
    if status == cp_model.UNKNOWN:
        return _empty(problem, "unknown", began, None)
    raise RuntimeError(f"CP-SAT rejected the model: {solver.status_name(status)}")


def _starts(pm: PortfolioModel, solver: cp_model.CpSolver) -> dict[int, int]:
    """Selected candidate index -> start."""
    out: dict[int, int] = {}
    for c, starts in enumerate(pm.starts):
        for s, lit in starts.items():
            if solver.boolean_value(lit):
                out[c] = s
                break
    return out


def _solution(
    pm: PortfolioModel, solver: cp_model.CpSolver, optimal: bool, began: float
) -> Solution:
    problem = pm.problem
    starts = _starts(pm, solver)
    cands = problem.candidates
    selected = tuple(
        Scheduled(cands[c].id, s, s + cands[c].duration - 1) for c, s in sorted(starts.items())
    )
    objective: float | int
    bound: float | int
    if problem.objective == "max_value":
        objective = round(math.fsum(cands[c].value for c in starts), 9)
        bound = objective
        if not optimal:
            bound = max(objective, round(solver.best_objective_bound / pm.scaled.value_factor, 9))
    else:
        objective = max((s + cands[c].duration for c, s in starts.items()), default=0)
        bound = (
            objective
            if optimal
            else math.floor(solver.best_objective_bound / pm.makespan_weight + 1e-9)
        )
    usage = _usage(problem, starts)
    return Solution(
        status="optimal" if optimal else "feasible",
        objective=objective,
        bound=bound,
        selected=selected,
        usage=usage,
        binding=_binding(problem, usage),
        unselected=tuple(_explain(pm, starts, optimal)),
        solve_seconds=round(time.perf_counter() - began, 3),
    )


def _empty(problem: Problem, status: str, began: float, conflict: Conflict | None) -> Solution:
    reason = "no feasible portfolio exists (see conflict)" if conflict else "no solution found"
    return Solution(
        status=status,  # type: ignore[arg-type]
        objective=None,
        bound=None,
        selected=(),
        usage={r.id: (0.0,) * problem.n_periods for r in problem.resources},
        binding=(),
        unselected=tuple(Unselected(c.id, reason) for c in problem.candidates),
        solve_seconds=round(time.perf_counter() - began, 3),
        conflict=conflict,
    )


def _usage(problem: Problem, starts: Mapping[int, int]) -> dict[str, tuple[float, ...]]:
    usage: dict[str, tuple[float, ...]] = {}
    for res in problem.resources:
        per: list[list[float]] = [[] for _ in range(problem.n_periods)]
        for c, s in starts.items():
            for k, d in enumerate(problem.candidates[c].demand.get(res.id, ())):
                per[s + k].append(d)
        usage[res.id] = tuple(round(math.fsum(p), 9) for p in per)
    return usage


def _binding(problem: Problem, usage: Mapping[str, tuple[float, ...]]) -> tuple[Binding, ...]:
    out: list[Binding] = []
    for res in problem.resources:
        for g, cap in enumerate(res.capacity):
            used = math.fsum(usage[res.id][p] for p in res.group_periods(g))
            slack = round(cap - used, 9)
            if used > 0 and slack <= BINDING_TOLERANCE * cap:
                out.append(Binding(res.id, g * res.granularity, max(slack, 0.0)))
    out.sort(key=lambda b: (b.period, b.resource))
    return tuple(out)


def group_label(problem: Problem, resource_index: int, group: int) -> str:
    """A capacity group's period label, ``first–last`` for groups of several periods."""
    gran = problem.resources[resource_index].granularity
    first = problem.periods[group * gran]
    if gran == 1:
        return first
    return f"{first}–{problem.periods[group * gran + gran - 1]}"


def _explain(pm: PortfolioModel, starts: Mapping[int, int], optimal: bool) -> list[Unselected]:
    problem, scaled = pm.problem, pm.scaled
    cands = problem.candidates
    index = problem.candidate_index()
    chosen = {cands[c].id: s for c, s in starts.items()}

    used: list[dict[int, int]] = [dict() for _ in scaled.resources]
    for c, s in starts.items():
        for r in scaled.demand[c]:
            for g, use in scaled.group_use(c, r, s).items():
                used[r][g] = used[r].get(g, 0) + use

    out: list[Unselected] = []
    for c, cand in enumerate(cands):
        if c in starts:
            continue
        out.append(Unselected(cand.id, _reason(pm, c, chosen, used, index, optimal)))
    return out


def _reason(
    pm: PortfolioModel,
    c: int,
    chosen: Mapping[str, int],
    used: list[dict[int, int]],
    index: Mapping[str, int],
    optimal: bool,
) -> str:
    problem = pm.problem
    cand = problem.candidates[c]
    if cand.decision == "out":
        return "forced out"
    for rel in problem.relations:
        if rel.type == "excludes" and cand.id in rel.ids:
            for other in rel.ids:
                if other != cand.id and other in chosen:
                    return f"excludes {other}"

    # Would it fit, alone, at some start next to the selected candidates?
    blocks: list[tuple[int, int]] = []  # (resource, group) blocking each start
    timing_blocks: list[str] = []
    for s in cand.starts:
        partner = _timing_block(problem, cand.id, s, chosen, index)
        if partner is not None:
            timing_blocks.append(partner)
            continue
        block = _capacity_block(pm, c, s, used)
        if block is None:
            break
        blocks.append(block)
    else:
        return _blocked_reason(problem, len(cand.starts), blocks, timing_blocks)

    for rel in problem.relations:
        if rel.type == "requires" and rel.from_id == cand.id and rel.to_id not in chosen:
            return f"requires {rel.to_id} (not selected)"
    for rel in problem.relations:
        if rel.type == "together" and cand.id in rel.ids:
            others = [x for x in rel.ids if x != cand.id]
            out = [x for x in others if problem.candidates[index[x]].decision == "out"]
            if out:
                return f"together with {', '.join(out)} (forced out)"
            return f"together with {', '.join(others)} (not selected)"
    if problem.objective == "min_finish":
        return "not forced in (min_finish schedules only forced-in candidates)"
    if cand.value <= 0:
        return "its value is not positive"
    if not optimal:
        return "not chosen in this solution (not proven optimal)"
    return "not chosen"


def _capacity_block(
    pm: PortfolioModel, c: int, start: int, used: list[dict[int, int]]
) -> tuple[int, int] | None:
    """The (resource, group) that candidate ``c`` started at ``start`` overfills earliest."""
    scaled = pm.scaled
    over: list[tuple[int, int, int]] = []  # (first period of the group, resource, group)
    for r in scaled.demand[c]:
        res = scaled.resources[r]
        for g, use in scaled.group_use(c, r, start).items():
            if used[r].get(g, 0) + use > res.capacity[g]:
                over.append((g * res.granularity, r, g))
    if not over:
        return None
    _, r, g = min(over)
    return r, g


def _blocked_reason(
    problem: Problem, n_starts: int, blocks: list[tuple[int, int]], timing: list[str]
) -> str:
    if not blocks:
        return f"finish_to_start with {timing[0]} leaves no start in its window"
    r, g = blocks[0]
    name, label = problem.resources[r].id, group_label(problem, r, g)
    if n_starts == 1:
        return f"adding it would exceed {name} in {label}"
    if not timing and all(b == blocks[0] for b in blocks):
        return f"adding it at any start in its window would exceed {name} in {label}"
    names = list(dict.fromkeys(problem.resources[b[0]].id for b in blocks))
    if len(names) == 1 and not timing:
        return f"adding it at any start in its window would exceed {name} (first in {label})"
    limits = " or ".join(names)
    if timing:
        limits += f" (or finish_to_start with {timing[0]})"
    return f"adding it at any start in its window would exceed {limits}"


def _timing_block(
    problem: Problem, cid: str, start: int, chosen: Mapping[str, int], index: Mapping[str, int]
) -> str | None:
    """The selected candidate whose ``finish_to_start`` forbids starting ``cid`` at ``start``."""
    cands = problem.candidates
    for rel in problem.relations:
        if rel.type != "finish_to_start":
            continue
        if rel.from_id == cid and rel.to_id in chosen:
            if chosen[rel.to_id] < start + cands[index[cid]].duration:
                return rel.to_id
        elif rel.to_id == cid and rel.from_id in chosen:
            if start < chosen[rel.from_id] + cands[index[rel.from_id]].duration:
                return rel.from_id
    return None


def find_conflict(problem: Problem, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S) -> Conflict:
    """Forced decisions, relations and resources that cannot all hold.

    Every one of them is switched on by its own literal; CP-SAT's
    ``sufficient_assumptions_for_infeasibility`` gives a first core, which is then shrunk by
    deletion (drop one member, keep it dropped if the rest is still infeasible) as long as
    the time limit allows. Single-threaded, so the core is deterministic.
    """
    pm = build_model(problem, conflict_mode=True)
    deadline = time.perf_counter() + time_limit_s
    literals = {lit.index: lit for lit in pm.assumption_literals}

    def infeasible(keys: list[int]) -> list[int] | None:
        pm.model.clear_assumptions()
        pm.model.add_assumptions([literals[k] for k in keys])
        remaining = max(0.05, min(CONFLICT_STEP_LIMIT_S, deadline - time.perf_counter()))
        solver = solver_for(remaining, 1, "feasibility")
        if solver.solve(pm.model) != cp_model.INFEASIBLE:
            return None
        core = [k for k in solver.sufficient_assumptions_for_infeasibility() if k in literals]
        return core or keys

    core = infeasible(list(literals)) or list(literals)
    position = 0
    while position < len(core) and time.perf_counter() < deadline:
        rest = core[:position] + core[position + 1 :]
        smaller = infeasible(rest) if rest else None
        if smaller is not None:
            keep = set(smaller)
            core = [k for k in rest if k in keep]
        else:
            position += 1

    members = [pm.assumptions[k] for k in core]
    order = {key: i for i, key in enumerate(pm.assumptions.values())}
    members.sort(key=lambda key: order[key])
    return Conflict(
        forced_in=tuple(str(v) for kind, v in members if kind == "in"),
        forced_out=tuple(str(v) for kind, v in members if kind == "out"),
        relations=tuple(
            (int(v), problem.relations[int(v)]) for kind, v in members if kind == "relation"
        ),
        resources=tuple(str(v) for kind, v in members if kind == "resource"),
    )
