"""The background solve of a scenario (django-tasks; run by ``manage.py db_worker``).

``services.scenario_solve`` stores the problem document, sets ``queued`` with a fresh
``task_token`` and enqueues ``solve_scenario``. The worker answers only the request it was
given: it claims the scenario (``queued`` → ``running``) only while the token still matches,
and stores its answer only while the scenario is still ``running`` under that token. A newer
request, or an edit of the scenario, simply makes an older task's answer be dropped.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from veivalg.core.audit import audit
from veivalg.optimize.frontier import frontier
from veivalg.optimize.problem import Problem, load_problem
from veivalg.optimize.solve import solve
from veivalg.prioritization.exchange import BUDGET, solve_time_limit
from veivalg.prioritization.models import Scenario, ScenarioStatus

logger = logging.getLogger("veivalg.prioritization")

FRONTIER_POINTS = 10
STATUSES = {
    "optimal": ScenarioStatus.OPTIMAL,
    "feasible": ScenarioStatus.FEASIBLE,
    "infeasible": ScenarioStatus.INFEASIBLE,
}


def _frontier(problem: Problem, time_limit_s: float) -> dict[str, Any]:
    """Value against budget at ``FRONTIER_POINTS`` budget fractions (0.1 … 1.0), each point
    solved with the same time limit as the scenario."""
    return frontier(problem, BUDGET, points=FRONTIER_POINTS, time_limit_s=time_limit_s)


def run_solve(scenario_id: int, token: str) -> str:
    """Solve the scenario's stored problem and store the answer. Returns the new status."""
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
    frontier: dict[str, Any] | None = None
    if status is None:
        status = ScenarioStatus.FAILED
        error = _("Ingen løsning funnet innen tidsgrensen på %(s)s sekunder.") % {"s": limit}
    elif status != ScenarioStatus.INFEASIBLE:
        try:
            frontier = _frontier(problem, limit)
        except Exception as exc:  # a missing frontier must not hide the solution
            logger.exception("Frontier of scenario %s failed", scenario_id)
            error = _("Effisiensgrensen kunne ikke beregnes: %(e)s") % {"e": exc}
    objective = result.get("objective")
    stored = mine.update(
        status=status,
        result=result,
        frontier=frontier,
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
    return str(status)


@task()
def solve_scenario(scenario_id: int, token: str) -> str:
    """Background entry point: see ``run_solve``."""
    return run_solve(scenario_id, token)
