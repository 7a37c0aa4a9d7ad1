"""A scenario as a portfolio problem document (``docs/portfolio-problem.md``).

This is the boundary between the application and the optimiser: Decimal kroner, FTE and
scores become floats here and nowhere else.

The document:

- ``periods``: the quarters of the scenario's horizon (``scenario.horizon``: the stored one,
  or the budget years from Q1 to Q4), labelled ``"2027Q1"`` …; the horizon starts in a Q1
  and ends in a Q4, and the budget has every year of it (the service checks that);
- resource ``budget`` with ``granularity`` 4: one capacity per calendar year of the horizon,
  the year's amount less what committed initiatives (below) spend that year, never below 0;
- one resource per competence, ``id`` = the competence's slug, with one capacity per
  quarter: what all pools of that competence have available for development
  (``capacity.loads.development_available``, not filtered by directorate or portfolio), plus
  the scenario's ``capacity_adjustments``, less the committed load, never below 0;
- one candidate per initiative, ``id`` = the initiative's id as a string, ``value`` = its
  score (0–100), ``decision`` = ``decision_for`` (politically mandated: always ``in``;
  otherwise the override; otherwise ``in`` for approved and in-progress initiatives; else
  ``auto``), ``relations`` = the ``Dependency`` rows whose two ends are both candidates.

Demand of a candidate, per quarter after its start:

- per competence: its demand profile (``DemandRow``: FTE at an offset from the start);
- ``budget``: each cost year's investment + operating spread evenly over four quarters, the
  first cost year beginning at the start quarter (a start in 2027Q3 puts the first cost year
  in 2027Q3–2028Q2).

Start window: the demand plan's earliest … latest start, replaced by the scenario's
``window_overrides`` for that initiative; without either, a fixed start in Q1 of its first
cost year (the first quarter of the horizon when it has no costs).

Horizon edges (a candidate must finish inside the horizon, and is clipped rather than made
impossible):

- starts before the horizon are dropped from the window; when the whole window lies before
  it, the candidate starts in the first quarter with the quarters before the horizon cut off
  its demand (counted from its latest start);
- the latest start is moved earlier so that the candidate finishes inside the horizon, but
  not before its earliest start; when even the earliest start finishes after the horizon,
  it starts there and the demand after the horizon is cut off;
- a window that lies wholly after the horizon leaves nothing inside it: the candidate starts
  in the last quarter with no demand and duration 0.

Committed initiatives (approved or in progress, not forced out by an override) are already
decided: they keep their planned start (the demand plan's earliest start, which the window
override may replace; without a plan Q1 of the first cost year). Their load, competences and
budget, comes off the capacity first. They appear as candidates with ``decision`` ``in``, a
fixed start, their ``duration`` and no demand, so they take part in relations and
``finish_to_start`` but can never make the problem infeasible. Where their load alone
exceeds a competence's capacity in a quarter, nothing is left there for candidates and the
cell is listed in ``x-veivalg.committed_over``. People are shared across boards, so the
competence load of committed development initiatives that are not candidates of this scenario
(another board's projects) comes off the competences too; their costs do not come off this
scenario's budget.

``x-veivalg`` (an extension the optimiser ignores) keeps what the pages need to show the
result against the numbers that were solved: the horizon, per competence the available and
committed FTE per quarter, the budget and committed budget per year, the committed ids and
the over-allocated cells. A committed candidate keeps its own load under ``x-load``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings

from veivalg.capacity import loads
from veivalg.capacity.models import Competence
from veivalg.capacity.quarters import first_quarter, parse_quarter, quarter_label
from veivalg.initiatives.models import Initiative, InitiativeCost, WorkType
from veivalg.optimize.problem import PROBLEM_FORMAT
from veivalg.prioritization.models import Dependency, DependencyType, Scenario
from veivalg.prioritization.selectors import (
    BUDGET,
    EXTENSION,
    LOAD,
    scenario_candidates,
    scores_for,
)

QUARTERS_PER_YEAR = 4
DEFAULT_TIME_LIMIT_S = 10.0
ZERO = Decimal(0)


def solve_time_limit() -> float:
    """Seconds the solver may use: ``VEIVALG_SOLVE_TIME_LIMIT`` (default 10)."""
    return float(getattr(settings, "VEIVALG_SOLVE_TIME_LIMIT", DEFAULT_TIME_LIMIT_S))


# --- pure placement rules ------------------------------------------------------------------


def quarterly_costs(costs: Mapping[int, Decimal]) -> tuple[int | None, list[Decimal]]:
    """``(first cost year, cost per quarter from Q1 of that year)``: each year's cost spread
    evenly over its four quarters; years without a row inside the span count as 0."""
    if not costs:
        return None, []
    first, last = min(costs), max(costs)
    out: list[Decimal] = []
    for year in range(first, last + 1):
        out.extend([costs.get(year, ZERO) / QUARTERS_PER_YEAR] * QUARTERS_PER_YEAR)
    return first, out


def profile_lists(rows: Mapping[str, Mapping[int, Decimal]]) -> dict[str, list[Decimal]]:
    """A demand profile ``{slug: {offset: fte}}`` as dense lists from offset 0."""
    out: dict[str, list[Decimal]] = {}
    for slug, offsets in rows.items():
        if not offsets:
            continue
        dense = [ZERO] * (max(offsets) + 1)
        for offset, fte in offsets.items():
            dense[offset] = fte
        out[slug] = dense
    return out


def fit_to_horizon(
    n: int, earliest: int, latest: int, demand: Mapping[str, Sequence[float]]
) -> tuple[int, int, dict[str, list[float]], int]:
    """``(earliest, latest, demand, duration)`` of a candidate inside periods ``0 … n-1``.

    ``earliest``/``latest`` are period indexes that may lie outside; ``demand`` lists are per
    period after the start. See the module docstring for the rules.
    """
    lists = {r: list(v) for r, v in demand.items()}
    if latest < 0:
        cut = -latest
        lists = {r: v[cut:] for r, v in lists.items()}
        earliest = latest = 0
    elif earliest < 0:
        earliest = 0
    if earliest > n - 1:
        return n - 1, n - 1, {}, 0
    length = max((len(v) for v in lists.values()), default=0)
    latest = min(latest, n - 1)
    if latest + length > n:
        latest = max(earliest, n - length)
    if earliest + length > n:
        lists = {r: v[: n - earliest] for r, v in lists.items()}
    lists = {r: v for r, v in lists.items() if v}
    duration = max((len(v) for v in lists.values()), default=0)
    return earliest, latest, lists, duration


def decision_for(initiative: Initiative, overrides: Mapping[str, str]) -> str:
    if initiative.politically_mandated:
        return "in"
    override = overrides.get(str(initiative.pk))
    if override in ("in", "out"):
        return override
    if initiative.state in loads.COMMITTED_STATES:
        return "in"
    return "auto"


def is_committed(initiative: Initiative, overrides: Mapping[str, str]) -> bool:
    """Approved or in progress and not forced out: its start and load are already decided."""
    return initiative.state in loads.COMMITTED_STATES and overrides.get(str(initiative.pk)) != "out"


def relations_among(ids: Iterable[int]) -> list[dict[str, Any]]:
    """The dependencies whose both ends are in ``ids``, in exchange-format form."""
    idset = set(ids)
    # One IN list, the other end checked here: SQLite plans two long IN lists badly
    # (seconds for 5,000 candidates).
    rows = (
        Dependency.objects.filter(from_initiative_id__in=idset)
        .order_by("type", "from_initiative_id", "to_initiative_id")
        .values_list("type", "from_initiative_id", "to_initiative_id")
    )
    out: list[dict[str, Any]] = []
    for kind, a, b in rows:
        if b not in idset:
            continue
        if kind in (DependencyType.REQUIRES, DependencyType.FINISH_TO_START):
            out.append({"type": kind, "from": str(a), "to": str(b)})
        else:
            out.append({"type": kind, "ids": [str(a), str(b)]})
    return out


def horizon_of(scenario: Scenario) -> tuple[int, int]:
    """The scenario's horizon in quarters; a scenario without budget gets the current year."""
    horizon = scenario.horizon
    if horizon is not None:
        return horizon
    from django.utils import timezone

    year = timezone.localdate().year
    return first_quarter(year), first_quarter(year) + QUARTERS_PER_YEAR - 1


def adjustment_cells(
    adjustments: Sequence[Mapping[str, Any]], first: int, last: int
) -> dict[loads.Cell, Decimal]:
    """``capacity_adjustments`` as FTE per (competence, quarter) inside the horizon."""
    out: dict[loads.Cell, Decimal] = {}
    for item in adjustments or ():
        slug = str(item.get("competence"))
        fte = Decimal(str(item.get("fte", 0)))
        label = item.get("quarter")
        quarters = [parse_quarter(str(label))] if label else range(first, last + 1)
        for q in quarters:
            if first <= q <= last:
                out[(slug, q)] = out.get((slug, q), ZERO) + fte
    return out


def _float(x: Decimal) -> float:
    return float(x)


def _floats(demand: Mapping[str, Sequence[Decimal]]) -> dict[str, list[float]]:
    return {r: [float(x) for x in v] for r, v in demand.items()}


def _budget(scenario: Scenario, year: int) -> Decimal:
    return Decimal(str(scenario.budget.get(str(year), 0)))


def committed_elsewhere(
    candidate_ids: Sequence[int], first: int, last: int
) -> dict[loads.Cell, Decimal]:
    """The competence load of committed development initiatives that are not candidates,
    per cell inside ``first``…``last``, at their planned start (the demand plan's earliest
    start), summed by the database."""
    rows = loads.placed_rows(first, last).filter(
        initiative__state__in=loads.COMMITTED_STATES,
        initiative__work_type=WorkType.DEVELOPMENT,
    )
    return {
        (slug, quarter): total
        for slug, quarter, total in loads.sum_by_cell(
            rows.exclude(initiative_id__in=list(candidate_ids))
        )
    }


# --- the document --------------------------------------------------------------------------


def scenario_problem(scenario: Scenario) -> dict[str, Any]:
    """The exchange-format document of ``scenario``, as it stands now."""
    first, last = horizon_of(scenario)
    quarters = list(range(first, last + 1))
    n = len(quarters)
    years = sorted({q // QUARTERS_PER_YEAR for q in quarters})
    candidates = list(scenario_candidates(scenario))
    ids = [c.pk for c in candidates]
    scores = scores_for(candidates)
    costs: dict[int, dict[int, Decimal]] = {}
    for initiative_id, year, investment, operating in InitiativeCost.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "year", "investment", "operating"):
        costs.setdefault(initiative_id, {})[year] = investment + operating
    profiles = loads.profiles_for(ids)
    overrides = {str(k): str(v) for k, v in (scenario.overrides or {}).items()}
    windows = {str(k): v for k, v in (scenario.window_overrides or {}).items()}

    available: dict[loads.Cell, Decimal] = loads.development_available(first, last)
    for cell, fte in adjustment_cells(scenario.capacity_adjustments or [], first, last).items():
        available[cell] = available.get(cell, ZERO) + fte
    committed_load: dict[loads.Cell, Decimal] = {}
    committed_budget: dict[int, Decimal] = {}
    committed_ids: list[str] = []

    documents: list[dict[str, Any]] = []
    for initiative in candidates:
        pk = initiative.pk
        profile = profiles[pk]
        first_year, budget = quarterly_costs(costs.get(pk, {}))
        demand: dict[str, list[Decimal]] = profile_lists(profile.rows)
        if any(budget):
            demand[BUDGET] = budget
        window = windows.get(str(pk))
        if window:
            earliest = parse_quarter(window["earliest_start"])
            latest = parse_quarter(window["latest_start"])
        elif profile.earliest_start is not None and profile.latest_start is not None:
            earliest, latest = profile.earliest_start, profile.latest_start
        else:
            earliest = latest = first_quarter(first_year) if first_year is not None else first
        document: dict[str, Any] = {
            "id": str(pk),
            "value": float(scores[pk].total),
            "demand": {},
            "earliest_start": 0,
            "latest_start": 0,
            "decision": decision_for(initiative, overrides),
        }
        if is_committed(initiative, overrides):
            start = earliest
            for resource, values in demand.items():
                for offset, amount in enumerate(values):
                    q = start + offset
                    if not first <= q <= last or not amount:
                        continue
                    if resource == BUDGET:
                        year = q // QUARTERS_PER_YEAR
                        committed_budget[year] = committed_budget.get(year, ZERO) + amount
                    else:
                        cell = (resource, q)
                        committed_load[cell] = committed_load.get(cell, ZERO) + amount
            s, _latest, inside, duration = fit_to_horizon(
                n, start - first, start - first, _floats(demand)
            )
            document.update(
                {"earliest_start": s, "latest_start": s, "duration": duration, "decision": "in"}
            )
            if inside:
                document[LOAD] = inside
            committed_ids.append(str(pk))
        else:
            e, lt, inside, duration = fit_to_horizon(
                n,
                earliest - first,
                latest - first,
                _floats(demand),
            )
            document.update({"demand": inside, "earliest_start": e, "latest_start": lt})
        documents.append(document)

    # People are shared across boards: committed development work outside this scenario
    # (other boards' projects, or not among its candidates) also comes off the competences
    # first. Budget is the scenario's own, so their costs do not.
    loads.add_load(committed_load, committed_elsewhere(ids, first, last))

    demanded = {slug for d in documents for slug in d["demand"] if slug != BUDGET}
    slugs = {slug for slug, _q in available} | {slug for slug, _q in committed_load} | demanded
    names = dict(Competence.objects.filter(slug__in=slugs).values_list("slug", "name"))
    resources: list[dict[str, Any]] = [
        {
            "id": BUDGET,
            "capacity": [
                max(0.0, _float(_budget(scenario, y) - committed_budget.get(y, ZERO)))
                for y in years
            ],
            "granularity": QUARTERS_PER_YEAR,
        }
    ]
    competences: list[dict[str, Any]] = []
    over: list[dict[str, str]] = []
    for slug in sorted(slugs, key=lambda s: (names.get(s, s).lower(), s)):
        avail = [available.get((slug, q), ZERO) for q in quarters]
        used = [committed_load.get((slug, q), ZERO) for q in quarters]
        resources.append(
            {
                "id": slug,
                "capacity": [max(0.0, _float(a - u)) for a, u in zip(avail, used, strict=True)],
            }
        )
        competences.append(
            {
                "id": slug,
                "name": names.get(slug, slug),
                "available": [_float(a) for a in avail],
                "committed": [_float(u) for u in used],
            }
        )
        over.extend(
            {"competence": slug, "quarter": quarter_label(q)}
            for q, a, u in zip(quarters, avail, used, strict=True)
            if u > a
        )
    return {
        "format": PROBLEM_FORMAT,
        "periods": [quarter_label(q) for q in quarters],
        "resources": resources,
        "candidates": documents,
        "relations": relations_among(ids),
        "objective": "max_value",
        "time_limit_s": solve_time_limit(),
        EXTENSION: {
            "horizon": {"from": quarter_label(first), "to": quarter_label(last)},
            "first_quarter": first,
            "years": years,
            "budget": {
                "limit": [_float(_budget(scenario, y)) for y in years],
                "committed": [_float(committed_budget.get(y, ZERO)) for y in years],
            },
            "competences": competences,
            "committed": committed_ids,
            "committed_over": over,
        },
    }


def with_extra_capacity(
    document: Mapping[str, Any], competence: str, fte: float, period: int | None = None
) -> dict[str, Any]:
    """``document`` with ``fte`` more of ``competence`` available in every period (or only
    in ``period``): the capacity for candidates is recomputed as available + extra −
    committed, never below 0, so an over-allocated cell gains only what exceeds the
    committed load."""
    info = {c["id"]: c for c in document.get(EXTENSION, {}).get("competences", [])}
    entry = info.get(competence)
    resources: list[dict[str, Any]] = []
    for resource in document["resources"]:
        if resource["id"] != competence or entry is None:
            resources.append(resource)
            continue
        capacity = []
        for p, (avail, used) in enumerate(zip(entry["available"], entry["committed"], strict=True)):
            extra = fte if period is None or p == period else 0.0
            capacity.append(max(0.0, avail + extra - used))
        resources.append({**resource, "capacity": capacity})
    return {**document, "resources": resources}
