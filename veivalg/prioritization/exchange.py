"""A scenario as a portfolio problem document (``docs/portfolio-problem.md``).

This is the boundary between the application and the optimiser: Decimal kroner and scores
become floats here and nowhere else.

The document:

- ``periods``: the scenario's budget years, one period per year, labelled ``"2027"`` …
  (the years must follow each other without gaps; the service checks that);
- one resource, ``budget``, with the year's amount as its capacity in each period;
- one candidate per initiative, ``id`` = the initiative's id as a string, ``value`` = its
  score (0–100), ``demand.budget`` = its yearly cost (investment + operating, whole kroner)
  from its first cost year on, with years without a cost row inside that span counted as 0;
  it starts at a fixed period: the index of its first cost year.

  Horizon edges: when its costs start before the first budget year, the earlier years are
  clipped away and it starts in period 0 (only what falls inside the horizon is counted);
  when its costs reach beyond the last budget year, only the years inside the horizon
  count. An initiative without cost rows, or whose costs all lie after the horizon, has no
  demand inside the horizon: it starts in period 0 with an empty demand list;
- ``decision``: ``in`` for politically mandated initiatives (always, whatever the
  overrides say) and for those already ``approved`` or ``in_progress`` unless an override
  says ``out``; otherwise the override (``in``/``out``); otherwise ``auto``;
- ``relations``: the ``Dependency`` rows whose two ends are both candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings

from veivalg.initiatives.models import Initiative, InitiativeCost
from veivalg.optimize.problem import PROBLEM_FORMAT
from veivalg.prioritization.models import Dependency, DependencyType, Scenario
from veivalg.prioritization.selectors import COMMITTED_STATES, scenario_candidates, scores_for

BUDGET = "budget"
DEFAULT_TIME_LIMIT_S = 10.0


def solve_time_limit() -> float:
    """Seconds the solver may use: ``VEIVALG_SOLVE_TIME_LIMIT`` (default 10)."""
    return float(getattr(settings, "VEIVALG_SOLVE_TIME_LIMIT", DEFAULT_TIME_LIMIT_S))


def demand_in_horizon(
    costs: Mapping[int, Decimal], years: Sequence[int]
) -> tuple[int, list[float]]:
    """``(start period, yearly demand)`` of yearly ``costs`` within the horizon ``years``.

    ``years`` are consecutive. See the module docstring for the clipping rules.
    """
    if not costs or not years:
        return 0, []
    first, last = min(costs), max(costs)
    horizon_first, horizon_last = years[0], years[-1]
    span_first = max(first, horizon_first)
    span_last = min(last, horizon_last)
    if span_first > span_last:
        return 0, []
    demand = [float(costs.get(year, Decimal(0))) for year in range(span_first, span_last + 1)]
    return span_first - horizon_first, demand


def decision_for(initiative: Initiative, overrides: Mapping[str, str]) -> str:
    if initiative.politically_mandated:
        return "in"
    override = overrides.get(str(initiative.pk))
    if override in ("in", "out"):
        return override
    if initiative.state in COMMITTED_STATES:
        return "in"
    return "auto"


def relations_among(ids: Iterable[int]) -> list[dict[str, Any]]:
    """The dependencies whose both ends are in ``ids``, in exchange-format form."""
    idset = set(ids)
    rows = (
        Dependency.objects.filter(from_initiative_id__in=idset, to_initiative_id__in=idset)
        .order_by("type", "from_initiative_id", "to_initiative_id")
        .values_list("type", "from_initiative_id", "to_initiative_id")
    )
    out: list[dict[str, Any]] = []
    for kind, a, b in rows:
        if kind in (DependencyType.REQUIRES, DependencyType.FINISH_TO_START):
            out.append({"type": kind, "from": str(a), "to": str(b)})
        else:
            out.append({"type": kind, "ids": [str(a), str(b)]})
    return out


def scenario_problem(scenario: Scenario) -> dict[str, Any]:
    """The exchange-format document of ``scenario``, as it stands now."""
    years = scenario.years
    candidates = list(scenario_candidates(scenario))
    ids = [c.pk for c in candidates]
    scores = scores_for(candidates)
    costs: dict[int, dict[int, Decimal]] = {}
    for initiative_id, year, investment, operating in InitiativeCost.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "year", "investment", "operating"):
        costs.setdefault(initiative_id, {})[year] = investment + operating
    overrides = {str(k): str(v) for k, v in (scenario.overrides or {}).items()}

    documents: list[dict[str, Any]] = []
    for initiative in candidates:
        start, demand = demand_in_horizon(costs.get(initiative.pk, {}), years)
        documents.append(
            {
                "id": str(initiative.pk),
                "value": float(scores[initiative.pk].total),
                "demand": {BUDGET: demand} if demand else {},
                "earliest_start": start,
                "latest_start": start,
                "decision": decision_for(initiative, overrides),
            }
        )
    return {
        "format": PROBLEM_FORMAT,
        "periods": [str(year) for year in years],
        "resources": [
            {
                "id": BUDGET,
                "capacity": [float(Decimal(str(scenario.budget[str(y)]))) for y in years],
            }
        ],
        "candidates": documents,
        "relations": relations_among(ids),
        "objective": "max_value",
        "time_limit_s": solve_time_limit(),
    }
