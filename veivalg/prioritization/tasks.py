"""The background solve of a scenario (django-tasks; run by ``manage.py db_worker``).

``services.scenario_solve`` stores the problem document, sets ``queued`` with a fresh
``task_token`` and enqueues ``solve_scenario``. The worker answers only the request it was
given: it claims the scenario (``queued`` → ``running``) only while the token still matches,
and stores its answer only while the scenario is still ``running`` under that token. A newer
request, or an edit of the scenario, simply makes an older task's answer be dropped.

The answer comes in three steps, each stored as soon as it is ready, so the scenario page
shows the solution while the rest is computed:

1. The solution (status, result, value, ``solved_at``). A solved scenario is stored with
   ``frontier_status`` ``running`` and its insight ``queued``.
2. The efficient frontier of value against budget (``FRONTIER_POINTS`` budget fractions,
   0.1 … 1.0). Each point gets ``frontier_point_limit(limit)`` = max(1 s, a quarter of the
   scenario's time limit) seconds; the last point (the whole budget) is the scenario's own
   solution. It is stored (``frontier_status`` ``done``, or ``failed`` with the error) only
   while the scenario still has this task's token and is solved; an edit or a newer solve
   stops it before its next point, and its answer is dropped.
3. The competence insight (below), after the frontier is stored.

Steps 2 and 3 together are bounded by about ``AFTER_SOLVE_FACTOR`` (3) times the scenario's
time limit: the insight's re-solves share what the frontier left of that time (each still
at most ``INSIGHT_TIME_LIMIT_S``, at least ``INSIGHT_MIN_TIME_LIMIT_S``).

Competence insight (``scenario.insight``) follows a successful solve, after the frontier,
and runs again on request (``services.scenario_insight_start`` → ``compute_insight``). For
each competence that some candidate needs, the stored problem is solved again with one FTE
more of it in every quarter of the horizon (or only in the chosen quarter), hinted with the
scenario's own schedule (which stays feasible with more capacity); its marginal value is
max(0, new objective − the scenario's objective), rows ranked largest first. Each re-solve
gets at most ``INSIGHT_TIME_LIMIT_S`` (3 s) or the scenario's time limit if lower, so that
fifteen competences stay within a minute (after a solve, less: see above); a re-solve cut
off by that limit gives a lower bound of what the extra FTE is worth, and when the scenario
itself was not proven optimal a better schedule found by the re-solve also counts (so the
value is approximate then). ``insight`` is ``{"status": "queued"|"running"|"done"|"failed",
"quarter", "base_value", "rows": [{"competence", "name", "marginal_value"}], "computed_at",
"error", "token"}``; an answer is stored only while its ``token`` is still the scenario's.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from veivalg.core.audit import audit
from veivalg.optimize.frontier import frontier
from veivalg.optimize.problem import Problem, Solution, load_problem
from veivalg.optimize.solve import solve
from veivalg.prioritization.exchange import BUDGET, EXTENSION, solve_time_limit, with_extra_capacity
from veivalg.prioritization.models import (
    SOLVED_STATUSES,
    FrontierStatus,
    Scenario,
    ScenarioStatus,
)

logger = logging.getLogger("veivalg.prioritization")

FRONTIER_POINTS = 10
FRONTIER_POINT_MIN_S = 1.0
AFTER_SOLVE_FACTOR = 3.0
INSIGHT_TIME_LIMIT_S = 3.0
INSIGHT_MIN_TIME_LIMIT_S = 0.5
EXTRA_FTE = 1.0
STATUSES = {
    "optimal": ScenarioStatus.OPTIMAL,
    "feasible": ScenarioStatus.FEASIBLE,
    "infeasible": ScenarioStatus.INFEASIBLE,
}


def frontier_point_limit(limit: float) -> float:
    """Seconds for one frontier point: a quarter of the scenario's time limit, at least
    ``FRONTIER_POINT_MIN_S`` (10 s → 2.5 s; ten points then take at most about 25 s)."""
    return max(FRONTIER_POINT_MIN_S, limit / 4)


def _frontier(
    problem: Problem,
    time_limit_s: float,
    *,
    full: Solution | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Value against budget at ``FRONTIER_POINTS`` budget fractions (0.1 … 1.0), each point
    solved within ``frontier_point_limit(time_limit_s)``."""
    return frontier(
        problem,
        BUDGET,
        points=FRONTIER_POINTS,
        time_limit_s=frontier_point_limit(time_limit_s),
        full=full,
        stop=stop,
    )


def run_solve(scenario_id: int, token: str) -> str:
    """Solve the scenario's stored problem and store the answer, then its frontier, then its
    competence insight (see the module docstring). Returns the new status."""
    claimed = Scenario.objects.filter(
        pk=scenario_id, task_token=token, status=ScenarioStatus.QUEUED
    ).update(status=ScenarioStatus.RUNNING, updated_at=timezone.now())
    if not claimed:
        return "superseded"
    mine = Scenario.objects.filter(pk=scenario_id, task_token=token, status=ScenarioStatus.RUNNING)
    document = Scenario.objects.values_list("problem", flat=True).get(pk=scenario_id)
    limit = solve_time_limit()
    try:
        problem = load_problem(document)
        solution = solve(problem, time_limit_s=limit)
        result = solution.to_dict()
    except Exception as exc:  # the error text is the user's only clue; keep it
        logger.exception("Solving scenario %s failed", scenario_id)
        failed = mine.update(
            status=ScenarioStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}",
            solved_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if failed:
            audit(
                None,
                "prioritization.scenario_failed",
                Scenario.objects.get(pk=scenario_id),
                error=f"{type(exc).__name__}: {exc}",
            )
        return ScenarioStatus.FAILED

    status = STATUSES.get(result["status"])
    error = ""
    if status is None:
        status = ScenarioStatus.FAILED
        error = _("Ingen løsning funnet innen tidsgrensen på %(s)s sekunder.") % {"s": limit}
    objective = result.get("objective")
    solved = status in SOLVED_STATUSES
    insight_token = uuid.uuid4().hex
    stored = mine.update(
        status=status,
        result=result,
        frontier=None,
        frontier_status=FrontierStatus.RUNNING if solved else FrontierStatus.NONE,
        insight=insight_state("queued", None, insight_token) if solved else None,
        value=Decimal(str(objective)).quantize(Decimal("0.001"))
        if objective is not None and status != ScenarioStatus.FAILED
        else None,
        solved_at=timezone.now(),
        error=error,
        updated_at=timezone.now(),
    )
    if not stored:
        return "superseded"
    audit(
        None,
        "prioritization.scenario_solved",
        Scenario.objects.get(pk=scenario_id),
        status=str(status),
        objective=objective,
        solve_seconds=result.get("solve_seconds"),
    )
    if solved:
        deadline = time.monotonic() + AFTER_SOLVE_FACTOR * limit
        _compute_frontier(scenario_id, token, problem, solution, limit)
        _insight_after_solve(scenario_id, insight_token, document, result, deadline)
    return str(status)


def _compute_frontier(
    scenario_id: int, token: str, problem: Problem, solution: Solution, limit: float
) -> str:
    """Compute and store the frontier while the solve that found ``solution`` is still the
    scenario's (same token, still solved); ``done``, ``failed`` or ``superseded``."""
    mine = Scenario.objects.filter(
        pk=scenario_id,
        task_token=token,
        status__in=SOLVED_STATUSES,
        frontier_status=FrontierStatus.RUNNING,
    )

    def gone() -> bool:
        return not mine.exists()

    try:
        computed = _frontier(problem, limit, full=solution, stop=gone)
    except Exception as exc:  # a missing frontier must not hide the solution
        logger.exception("Frontier of scenario %s failed", scenario_id)
        failed = mine.update(
            frontier_status=FrontierStatus.FAILED,
            error=_("Effisiensgrensen kunne ikke beregnes: %(e)s") % {"e": exc},
            updated_at=timezone.now(),
        )
        return "failed" if failed else "superseded"
    stored = mine.update(
        frontier=computed, frontier_status=FrontierStatus.DONE, updated_at=timezone.now()
    )
    return "done" if stored else "superseded"


def _insight_after_solve(
    scenario_id: int,
    token: str,
    document: dict[str, Any],
    result: dict[str, Any],
    deadline: float,
) -> str:
    """Run the insight queued with the solution, unless something replaced it meanwhile (an
    edit, a newer solve, or a request for another quarter)."""
    claimed = Scenario.objects.filter(
        pk=scenario_id, insight__token=token, insight__status="queued"
    ).update(insight=insight_state("running", None, token), updated_at=timezone.now())
    if not claimed:
        return "superseded"
    return _compute_and_store(scenario_id, token, document, result, None, deadline=deadline)


def insight_state(status: str, quarter: str | None, token: str, **rest: Any) -> dict[str, Any]:
    """``scenario.insight`` in ``status`` (see the module docstring), ``rest`` filled in."""
    state: dict[str, Any] = {
        "status": status,
        "quarter": quarter,
        "base_value": None,
        "rows": [],
        "computed_at": None,
        "error": "",
        "token": token,
    }
    state.update(rest)
    return state


def insight_rows(
    document: dict[str, Any],
    result: dict[str, Any],
    quarter: str | None = None,
    *,
    time_limit_s: float | None = None,
    deadline: float | None = None,
) -> tuple[float, list[dict[str, Any]]]:
    """``(base value, rows)``: the marginal value of one more FTE per competence (see the
    module docstring), largest first, ties by name. With ``deadline`` (``time.monotonic()``)
    the re-solves share the time left until then, each within its usual limit and at least
    ``INSIGHT_MIN_TIME_LIMIT_S``."""
    base = float(result.get("objective") or 0.0)
    hint = {str(s["id"]): int(s["start"]) for s in result.get("selected", [])}
    periods = list(document.get("periods", []))
    period = periods.index(quarter) if quarter is not None else None
    limit = min(time_limit_s or solve_time_limit(), INSIGHT_TIME_LIMIT_S)
    names = {
        c["id"]: c.get("name", c["id"]) for c in document.get(EXTENSION, {}).get("competences", [])
    }
    needed = sorted(
        {
            slug
            for candidate in document.get("candidates", [])
            if candidate.get("decision") != "out"
            for slug, values in candidate.get("demand", {}).items()
            if slug != BUDGET and any(values)
        }
    )
    rows: list[dict[str, Any]] = []
    for index, slug in enumerate(needed):
        share = limit
        if deadline is not None:
            left = (deadline - time.monotonic()) / (len(needed) - index)
            share = min(limit, max(INSIGHT_MIN_TIME_LIMIT_S, left))
        problem = load_problem(with_extra_capacity(document, slug, EXTRA_FTE, period))
        solution = solve(problem, time_limit_s=share, hint=hint)
        value = float(solution.objective) if solution.objective is not None else base
        rows.append(
            {
                "competence": slug,
                "name": str(names.get(slug, slug)),
                "marginal_value": round(max(0.0, value - base), 6),
            }
        )
    rows.sort(key=lambda r: (-r["marginal_value"], r["name"].lower(), r["competence"]))
    return base, rows


def _compute_and_store(
    scenario_id: int,
    token: str,
    document: dict[str, Any],
    result: dict[str, Any],
    quarter: str | None,
    *,
    deadline: float | None = None,
) -> str:
    mine = Scenario.objects.filter(pk=scenario_id, insight__token=token)
    try:
        base, rows = insight_rows(document, result, quarter, deadline=deadline)
    except Exception as exc:  # the error text is the user's only clue; keep it
        logger.exception("Competence insight of scenario %s failed", scenario_id)
        mine.update(
            insight=insight_state("failed", quarter, token, error=f"{type(exc).__name__}: {exc}"),
            updated_at=timezone.now(),
        )
        return "failed"
    stored = mine.update(
        insight=insight_state(
            "done",
            quarter,
            token,
            base_value=base,
            rows=rows,
            computed_at=timezone.now().isoformat(),
        ),
        updated_at=timezone.now(),
    )
    return "done" if stored else "superseded"


def run_insight(scenario_id: int, token: str) -> str:
    """Compute the requested competence insight and store it (see the module docstring)."""
    scenario = Scenario.objects.filter(pk=scenario_id, insight__token=token).first()
    if scenario is None or not scenario.problem or not scenario.result:
        return "superseded"
    quarter = (scenario.insight or {}).get("quarter")
    claimed = Scenario.objects.filter(pk=scenario_id, insight__token=token).update(
        insight=insight_state("running", quarter, token), updated_at=timezone.now()
    )
    if not claimed:
        return "superseded"
    return _compute_and_store(scenario_id, token, scenario.problem, scenario.result, quarter)


@task()
def compute_insight(scenario_id: int, token: str) -> str:
    """Background entry point: see ``run_insight``."""
    return run_insight(scenario_id, token)


@task()
def solve_scenario(scenario_id: int, token: str) -> str:
    """Background entry point: see ``run_solve``."""
    return run_solve(scenario_id, token)
