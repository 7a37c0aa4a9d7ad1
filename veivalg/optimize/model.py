"""Builds the CP-SAT model of a ``Problem``.

Variables: for every candidate a selection literal ``select[c]`` and, when its start window
has more than one period, one literal ``starts[c][s]`` per start ``s`` with
``sum(starts[c]) == select[c]``. A fixed start (``earliest_start == latest_start``) reuses
the selection literal, so it costs no extra variable.

Constraints:

- capacity: for every resource and capacity group ``g``,
  ``sum(demand[r][k] * starts[c][s] for s + k in g) <= capacity[g]``; a group that cannot be
  exceeded even when every candidate takes its worst start is left out;
- ``requires``: ``select[from] -> select[to]``; ``excludes``: at most one; ``together``: all
  selection literals equal;
- ``finish_to_start``: for each start ``t`` of ``to``, ``to`` started at or before ``t`` and
  ``from`` started after ``t - duration(from)`` cannot both hold (the disaggregated
  time-indexed precedence, much tighter than one big-M inequality);
- for ``min_finish`` a makespan variable ``M >= sum((s + duration) * starts[c][s])`` per
  candidate, and a redundant cumulative constraint per per-period resource over optional
  intervals, which gives CP-SAT its scheduling propagators.

Scaling. CP-SAT works on integers. Every resource gets its own factor ``10**d``: the smallest
``d <= 6`` that turns all of that resource's capacities and demands into exact integers
(``0.1``, ``2.5`` and whole kroner stay exact). When no such ``d`` exists (``1/3``) or when
``10**d`` would push numbers above 1e12, the largest usable factor is taken and the rounding
is conservative: demands are rounded up and capacities down, so a solution of the scaled model
always respects the original numbers. Values are scaled the same way (rounded to nearest, as
they only steer the search); reported objectives are recomputed from the original values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from veivalg.optimize.problem import Problem

MAX_DECIMALS = 6
SCALED_LIMIT = 1e12
OBJECTIVE_LIMIT = 1e15


def decimal_scale(
    numbers: Iterable[float], *, max_decimals: int = MAX_DECIMALS, limit: float = SCALED_LIMIT
) -> tuple[int, bool]:
    """The smallest ``10**d`` that makes every number an integer, and whether it is exact.

    ``d`` is at most ``max_decimals`` and ``10**d * max(|x|)`` stays at most ``limit`` (a
    factor of 1 is always allowed). Without an exact factor the largest allowed one is given.
    """
    values = [abs(x) for x in numbers]
    biggest = max(values, default=0.0)
    factor = 1
    for d in range(max_decimals + 1):
        candidate = 10**d
        if d > 0 and biggest * candidate > limit:
            return factor, False
        factor = candidate
        if all(_is_whole(x * factor) for x in values):
            return factor, True
    return factor, False


def _is_whole(x: float) -> bool:
    return abs(x - round(x)) <= 1e-13 * max(1.0, abs(x))


def _up(x: float) -> int:
    return round(x) if _is_whole(x) else math.ceil(x)


def _down(x: float) -> int:
    return round(x) if _is_whole(x) else math.floor(x)


@dataclass(frozen=True)
class ScaledResource:
    """A resource in integers: ``capacity[g]`` per group, ``factor`` = integer per unit."""

    id: str
    factor: int
    exact: bool
    granularity: int
    capacity: tuple[int, ...]


@dataclass(frozen=True)
class Scaled:
    """The problem's numbers as integers (see the module docstring)."""

    resources: tuple[ScaledResource, ...]
    # demand[c][r] = per-period demand of candidate c on resource index r (omitted if none)
    demand: tuple[dict[int, tuple[int, ...]], ...]
    values: tuple[int, ...]
    value_factor: int
    values_exact: bool

    def group_use(self, c: int, r: int, start: int) -> dict[int, int]:
        """What candidate ``c`` started at ``start`` uses of resource ``r`` per group."""
        res = self.resources[r]
        use: dict[int, int] = defaultdict(int)
        for k, d in enumerate(self.demand[c].get(r, ())):
            if d:
                use[(start + k) // res.granularity] += d
        return use


def scale_problem(problem: Problem) -> Scaled:
    resources: list[ScaledResource] = []
    demand: list[dict[int, tuple[int, ...]]] = [{} for _ in problem.candidates]
    for r, res in enumerate(problem.resources):
        numbers = list(res.capacity)
        for cand in problem.candidates:
            numbers.extend(cand.demand.get(res.id, ()))
        factor, exact = decimal_scale(numbers)
        resources.append(
            ScaledResource(
                id=res.id,
                factor=factor,
                exact=exact,
                granularity=res.granularity,
                capacity=tuple(_down(v * factor) for v in res.capacity),
            )
        )
        for c, cand in enumerate(problem.candidates):
            if res.id in cand.demand:
                demand[c][r] = tuple(_up(v * factor) for v in cand.demand[res.id])
    values = [cand.value for cand in problem.candidates]
    total = sum(abs(v) for v in values)
    biggest = max((abs(v) for v in values), default=0.0)
    # Keep every coefficient below SCALED_LIMIT and the whole objective below OBJECTIVE_LIMIT.
    limit = min(SCALED_LIMIT, OBJECTIVE_LIMIT * biggest / total) if total else SCALED_LIMIT
    vfactor, vexact = decimal_scale(values, limit=limit)
    return Scaled(
        resources=tuple(resources),
        demand=tuple(demand),
        values=tuple(round(v * vfactor) for v in values),
        value_factor=vfactor,
        values_exact=vexact,
    )


# Keys of the enforcement literals in conflict mode.
AssumptionKey = tuple[str, str | int]
Enforcement = Callable[[AssumptionKey], list[cp_model.IntVar]]


@dataclass
class PortfolioModel:
    """The CP-SAT model plus the variables needed to read a solution back."""

    problem: Problem
    scaled: Scaled
    model: cp_model.CpModel
    select: list[cp_model.IntVar]
    starts: list[dict[int, cp_model.IntVar]]
    makespan: cp_model.IntVar | None = None
    start_vars: dict[int, cp_model.IntVar] = field(default_factory=dict)
    makespan_weight: int = 1
    # conflict mode: enforcement literal -> ("in"|"out"|"relation"|"resource", id or index)
    assumptions: dict[int, AssumptionKey] = field(default_factory=dict)
    assumption_literals: list[cp_model.IntVar] = field(default_factory=list)

    def add_hint(self, starts: dict[str, int]) -> None:
        """Hint a known schedule (candidate id -> start); others are hinted as unselected."""
        for c, cand in enumerate(self.problem.candidates):
            start = starts.get(cand.id)
            for s, lit in self.starts[c].items():
                if lit is not self.select[c]:
                    self.model.add_hint(lit, s == start)
            self.model.add_hint(self.select[c], start is not None)


def build_model(
    problem: Problem, *, conflict_mode: bool = False, cumulative: bool | None = None
) -> PortfolioModel:
    """Build the model.

    ``conflict_mode`` builds a model without objective in which every forced decision,
    relation and resource's capacity is enforced by its own literal (``assumptions``), for
    extracting an infeasibility core. ``cumulative`` adds the redundant cumulative
    constraints (default: for ``min_finish`` only).
    """
    scaled = scale_problem(problem)
    model = cp_model.CpModel()
    pm = PortfolioModel(problem=problem, scaled=scaled, model=model, select=[], starts=[])
    if cumulative is None:
        cumulative = problem.objective == "min_finish" and not conflict_mode

    def enforcement(key: AssumptionKey) -> list[cp_model.IntVar]:
        if not conflict_mode:
            return []
        lit = model.new_bool_var(f"assume_{key[0]}_{key[1]}")
        pm.assumptions[lit.index] = key
        pm.assumption_literals.append(lit)
        return [lit]

    # Selection and start literals.
    for cand in problem.candidates:
        sel = model.new_bool_var(f"sel_{cand.id}")
        pm.select.append(sel)
        if cand.decision == "out" and not conflict_mode:
            model.add(sel == 0)
            pm.starts.append({})
            continue
        if cand.decision != "auto":
            lits = enforcement((cand.decision, cand.id))
            if lits:
                model.add_implication(lits[0], sel if cand.decision == "in" else ~sel)
            else:
                model.add(sel == 1)
        if cand.earliest_start == cand.latest_start:
            pm.starts.append({cand.earliest_start: sel})
        else:
            starts = {s: model.new_bool_var(f"x_{cand.id}_{s}") for s in cand.starts}
            model.add(sum(starts.values()) == sel)
            pm.starts.append(starts)

    _add_capacity(pm, enforcement)
    _add_relations(pm, enforcement)
    if cumulative:
        _add_cumulative(pm)

    if conflict_mode:
        return pm
    if problem.objective == "max_value":
        terms = [v * pm.select[c] for c, v in enumerate(scaled.values) if v]
        model.maximize(sum(terms))
    else:
        _add_makespan(pm)
    return pm


def _add_capacity(pm: PortfolioModel, enforcement: Enforcement) -> None:
    scaled = pm.scaled
    for r, res in enumerate(scaled.resources):
        # group -> literal index -> (literal, coefficient)
        rows: dict[int, dict[int, list[Any]]] = defaultdict(dict)
        worst: dict[int, int] = defaultdict(int)
        for c in range(len(pm.problem.candidates)):
            if r not in scaled.demand[c] or not pm.starts[c]:
                continue
            peak: dict[int, int] = defaultdict(int)
            for s, lit in pm.starts[c].items():
                for g, use in scaled.group_use(c, r, s).items():
                    entry = rows[g].setdefault(lit.index, [lit, 0])
                    entry[1] += use
                    peak[g] = max(peak[g], use)
            for g, use in peak.items():
                worst[g] += use
        lits = None
        for g in sorted(rows):
            cap = res.capacity[g]
            if worst[g] <= cap:
                continue
            if lits is None:
                lits = enforcement(("resource", res.id))
            expr = sum(coef * lit for lit, coef in rows[g].values())
            pm.model.add(expr <= cap).only_enforce_if(lits)


def _add_relations(pm: PortfolioModel, enforcement: Enforcement) -> None:
    model = pm.model
    index = pm.problem.candidate_index()
    for i, rel in enumerate(pm.problem.relations):
        ids = [index[x] for x in rel.ids]
        lits = enforcement(("relation", i))
        sels = [pm.select[c] for c in ids]
        if rel.type == "requires":
            model.add_bool_or([~sels[0], sels[1]]).only_enforce_if(lits)
        elif rel.type == "excludes":
            if lits:
                model.add(sum(sels) <= 1).only_enforce_if(lits)
            else:
                model.add_at_most_one(sels)
        elif rel.type == "together":
            for other in sels[1:]:
                model.add(other == sels[0]).only_enforce_if(lits)
        else:
            _add_finish_to_start(pm, ids[0], ids[1], lits)


STRONG_PRECEDENCE_LIMIT = 200


def _add_finish_to_start(
    pm: PortfolioModel, a: int, b: int, lits: Sequence[cp_model.IntVar]
) -> None:
    """``b`` may not start before ``a`` ends: no pair ``s_b < s_a + duration(a)``.

    With small windows this is the disaggregated time-indexed form: for a cut ``t``, "b
    started at or before t" and "a started after t - duration(a)" exclude each other (cuts
    with the same set of a-starts are nested, so only the largest ``t`` of each is kept).
    Its size grows with the product of the windows, so beyond ``STRONG_PRECEDENCE_LIMIT``
    literals it is replaced by ``start(b) >= start(a) + duration(a)`` on start variables,
    enforced when both are selected.
    """
    xa, xb = pm.starts[a], pm.starts[b]
    if not xa or not xb:
        return
    dur = pm.problem.candidates[a].duration
    if max(xa) + dur <= min(xb):
        return  # the windows already keep them apart
    by_a_set: dict[tuple[int, ...], int] = {}
    for t in sorted(xb):
        a_set = tuple(s for s in sorted(xa) if s > t - dur)
        if a_set:
            by_a_set[a_set] = t
    cuts = [
        [xb[s] for s in sorted(xb) if s <= t] + [xa[s] for s in a_set]
        for a_set, t in by_a_set.items()
    ]
    if sum(len(cut) for cut in cuts) > STRONG_PRECEDENCE_LIMIT:
        both = [*lits]
        for c in (a, b):
            if pm.problem.candidates[c].decision != "in" or lits:
                both.append(pm.select[c])
        pm.model.add(start_var(pm, b) >= start_var(pm, a) + dur).only_enforce_if(both)
        return
    for terms in cuts:
        if lits:
            pm.model.add(sum(terms) <= 1).only_enforce_if(lits)
        else:
            pm.model.add_at_most_one(terms)


def start_var(pm: PortfolioModel, c: int) -> cp_model.IntVar:
    """An integer start variable: the start when selected, ``earliest_start`` otherwise."""
    var = pm.start_vars.get(c)
    if var is None:
        cand = pm.problem.candidates[c]
        e = cand.earliest_start
        var = pm.model.new_int_var(e, cand.latest_start, f"start_{cand.id}")
        pm.model.add(var == e + sum((s - e) * lit for s, lit in pm.starts[c].items() if s != e))
        pm.start_vars[c] = var
    return var


def _add_makespan(pm: PortfolioModel) -> None:
    problem = pm.problem
    model = pm.model
    horizon = problem.n_periods
    makespan = model.new_int_var(0, horizon, "makespan")
    pm.makespan = makespan
    for c, cand in enumerate(problem.candidates):
        if pm.starts[c]:
            model.add(makespan >= sum((s + cand.duration) * lit for s, lit in pm.starts[c].items()))
    # Lexicographic: first the makespan, then as few optional (auto) candidates as possible.
    auto = [pm.select[c] for c, cand in enumerate(problem.candidates) if cand.decision == "auto"]
    pm.makespan_weight = len(auto) + 1
    model.minimize(pm.makespan_weight * makespan + sum(auto))


def _add_cumulative(pm: PortfolioModel) -> None:
    """Redundant cumulative constraints over optional intervals (per-period resources)."""
    problem, scaled, model = pm.problem, pm.scaled, pm.model
    for r, res in enumerate(scaled.resources):
        if res.granularity != 1:
            continue
        intervals: list[cp_model.IntervalVar] = []
        demands: list[int] = []
        for c, cand in enumerate(problem.candidates):
            profile = scaled.demand[c].get(r)
            if not profile or not pm.starts[c] or not any(profile):
                continue
            start = start_var(pm, c)
            k = 0
            while k < len(profile):
                end = k
                while end < len(profile) and profile[end] == profile[k]:
                    end += 1
                if profile[k]:
                    intervals.append(
                        model.new_optional_fixed_size_interval_var(
                            start + k, end - k, pm.select[c], f"iv_{cand.id}_{r}_{k}"
                        )
                    )
                    demands.append(profile[k])
                k = end
        if not intervals:
            continue
        top = max(res.capacity)
        for p, cap in enumerate(res.capacity):
            if cap < top:
                intervals.append(model.new_fixed_size_interval_var(p, 1, f"cap_{r}_{p}"))
                demands.append(top - cap)
        model.add_cumulative(intervals, demands, top)
