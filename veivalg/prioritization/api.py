"""Prioritisation API: criteria and weights, ratings and the ranking, dependencies, scenarios.

Mounted on the Veivalg API (``/api/v1/``). Each endpoint parses input, calls one selector or
service and serialises; the rules live in ``veivalg.prioritization.services``. Domain
errors become problem+json through ``veivalg.api.errors``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import Problem, ValidationProblem
from veivalg.capacity.quarters import quarter_label
from veivalg.core.errors import InvalidTransition, NotFound, ValidationFailed
from veivalg.initiatives.selectors import Filters, initiative_for_user
from veivalg.org.models import Board
from veivalg.prioritization import selectors, services
from veivalg.prioritization.exchange import EXTENSION, scenario_problem
from veivalg.prioritization.models import Dependency, PrioritizationSet, Scenario
from veivalg.prioritization.schemas import (
    ComparisonOut,
    CriteriaOut,
    CriterionIn,
    CriterionOut,
    DependencyIn,
    DependencyOut,
    DirectWeightsIn,
    InsightIn,
    InsightOut,
    InsightRowOut,
    JudgementsIn,
    RankingPage,
    RatingsIn,
    ScenarioIn,
    ScenarioListItem,
    ScenarioOut,
    ScenarioPatchIn,
    ScoreOut,
    WeightsOut,
    WhatIfIn,
)
from veivalg.prioritization.scoring import Score
from veivalg.prioritization.selectors import ScenarioSummary, describe_reason

router = Router(tags=["Prioritering"])

MAX_LIMIT = 500
ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}


# --- helpers -------------------------------------------------------------------------------


def _board(slug: str | None) -> Board:
    """The board named by ``slug`` (the default board when empty); unknown → 422 ``board``."""
    slug = (slug or "").strip() or Board.DEFAULT_SLUG
    board = Board.objects.filter(slug=slug).first()
    if board is None:
        raise ValidationFailed({"board": [_("Finnes ikke: «%(slug)s».") % {"slug": slug}]})
    return board


def _active_set_or_422(board: Board) -> PrioritizationSet:
    pset = selectors.active_set(board)
    if pset is None:
        raise ValidationFailed({"board": [_("Styret har ingen kriterier ennå.")]})
    return pset


def criterion_out(criterion: Any) -> dict[str, Any]:
    return {
        "slug": criterion.slug,
        "name": criterion.name,
        "description": criterion.description,
        "order": criterion.order,
        "inverted": criterion.inverted,
        "weight": float(criterion.weight),
        "levels": [
            {"level": lv.level, "label": lv.label, "meaning": lv.meaning}
            for lv in criterion.levels.all()
        ],
    }


def score_out(score: Score) -> dict[str, Any]:
    return score.as_dict()


def scenario_out(scenario: Scenario) -> dict[str, Any]:
    result = scenario.result or {}
    problem = scenario.problem or {}
    periods = list(problem.get("periods", []))
    extension = problem.get(EXTENSION) or {}
    committed = {str(x) for x in extension.get("committed", [])}
    horizon = scenario.horizon

    def quarter(index: int) -> str | None:
        return periods[index] if 0 <= index < len(periods) else None

    return {
        "id": scenario.pk,
        "name": scenario.name,
        "board": scenario.board.slug,
        "status": scenario.status,
        "explicit_candidates": scenario.explicit_candidates,
        "candidates": sorted(c.pk for c in scenario.candidates.all())
        if scenario.explicit_candidates
        else None,
        "budget": {str(k): int(v) for k, v in scenario.budget.items()},
        "overrides": dict(scenario.overrides or {}),
        "horizon": {"from": quarter_label(horizon[0]), "to": quarter_label(horizon[1])}
        if horizon
        else None,
        "horizon_explicit": scenario.horizon_from is not None,
        "based_on": scenario.based_on_id,
        "capacity_adjustments": list(scenario.capacity_adjustments or []),
        "window_overrides": dict(scenario.window_overrides or {}),
        "committed_over": list(extension.get("committed_over", [])),
        "value": float(scenario.value) if scenario.value is not None else None,
        "bound": result.get("bound"),
        "selected": [
            {
                "id": int(s["id"]),
                "start": quarter(s["start"]),
                "finish": quarter(max(s["finish"], s["start"])),
                "committed": str(s["id"]) in committed,
            }
            for s in result.get("selected", [])
        ],
        "unselected": [
            {
                "id": int(u["id"]),
                "reason": u.get("reason", ""),
                "reason_text": describe_reason(u.get("reason", "")),
            }
            for u in result.get("unselected", [])
        ],
        "usage": result.get("usage"),
        "binding": result.get("binding", []),
        "conflict": result.get("conflict"),
        "frontier": scenario.frontier,
        "frontier_status": scenario.frontier_status,
        "solve_seconds": result.get("solve_seconds"),
        "error": scenario.error,
        "created_by": scenario.created_by.get_username() if scenario.created_by else None,
        "created_at": scenario.created_at,
        "solved_at": scenario.solved_at,
        "proposed_to_board_at": scenario.proposed_to_board_at,
        "proposed_by": scenario.proposed_by.get_username() if scenario.proposed_by else None,
    }


def _fresh_scenario(request: HttpRequest, pk: int) -> dict[str, Any]:
    return scenario_out(selectors.scenario_for_user(caller(request), pk))


def dependency_out(dependency: Dependency, initiative_id: int) -> dict[str, Any]:
    outgoing = dependency.from_initiative_id == initiative_id
    other = dependency.to_initiative if outgoing else dependency.from_initiative
    return {
        "id": dependency.pk,
        "type": dependency.type,
        "from_initiative": dependency.from_initiative_id,
        "to_initiative": dependency.to_initiative_id,
        "direction": "outgoing" if outgoing else "incoming",
        "other": other.pk,
        "other_title": other.title,
        "created_by": dependency.created_by.get_username() if dependency.created_by else None,
        "created_at": dependency.created_at,
    }


# --- criteria and weights ------------------------------------------------------------------


@router.get(
    "/criteria",
    response={200: CriteriaOut, 401: Problem, 422: ValidationProblem},
    summary="Kriteriene et styre prioriterer etter, med nivåer og vekter",
)
def list_criteria(
    request: HttpRequest, board: str = Query("", description="Styrets kortnavn")
) -> dict[str, Any]:
    target = _board(board)
    pset = selectors.active_set(target)
    if pset is None:
        return {
            "set": {
                "id": None,
                "name": None,
                "board": target.slug,
                "weights_method": None,
                "consistency_ratio": None,
                "consistent": None,
            },
            "criteria": [],
        }
    cr = pset.consistency_ratio
    return {
        "set": {
            "id": pset.pk,
            "name": pset.name,
            "board": pset.board.slug,
            "weights_method": pset.weights_method,
            "consistency_ratio": float(cr) if cr is not None else None,
            "consistent": cr <= services.CR_LIMIT if cr is not None else None,
        },
        "criteria": [criterion_out(c) for c in selectors.criteria_of(pset)],
    }


@router.post(
    "/criteria",
    response={201: CriterionOut, **ERRORS},
    summary="Legg til et kriterium med skrevet betydning for hvert nivå (porteføljekontoret)",
)
def create_criterion(request: HttpRequest, payload: CriterionIn) -> Status[Any]:
    data = payload.model_dump(exclude={"board"}, exclude_none=True)
    data["levels"] = [{k: v for k, v in level.items() if v is not None} for level in data["levels"]]
    criterion = services.criterion_create(
        actor=caller(request), data=data, board=_board(payload.board)
    )
    fresh = selectors.criteria_of(criterion.set).get(pk=criterion.pk)
    return Status(201, criterion_out(fresh))


@router.put(
    "/criteria/weights",
    response={200: WeightsOut, **ERRORS},
    summary="Sett vektene direkte (porteføljekontoret)",
)
def put_direct_weights(request: HttpRequest, payload: DirectWeightsIn) -> dict[str, Any]:
    pset = _active_set_or_422(_board(payload.board))
    weights = services.weights_direct(actor=caller(request), set=pset, weights=payload.weights)
    return {"weights": {k: float(v) for k, v in weights.items()}, "weights_method": "direct"}


@router.put(
    "/criteria/judgements",
    response={200: WeightsOut, **ERRORS},
    summary="Vekt kriteriene ved parvis sammenligning, AHP (porteføljekontoret)",
)
def put_judgements(request: HttpRequest, payload: JudgementsIn) -> dict[str, Any]:
    pset = _active_set_or_422(_board(payload.board))
    outcome = services.weights_from_pairwise(
        actor=caller(request),
        set=pset,
        judgements=[j.model_dump() for j in payload.judgements],
    )
    revisit = outcome.revisit
    return {
        "weights": {k: float(v) for k, v in outcome.weights.items()},
        "weights_method": "ahp",
        "consistency_ratio": float(outcome.consistency_ratio),
        "consistent": outcome.consistent,
        "lambda_max": outcome.lambda_max,
        "consistency_index": outcome.consistency_index,
        "revisit": {
            "a": revisit.a,
            "b": revisit.b,
            "value": str(revisit.value),
            "suggested": str(revisit.suggested) if revisit.suggested is not None else None,
        }
        if revisit
        else None,
    }


# --- ratings and ranking -------------------------------------------------------------------


@router.get(
    "/initiatives/{int:initiative_id}/ratings",
    response={200: ScoreOut, 401: Problem, 404: Problem},
    summary="Et initiativs poengsum med vurdering per kriterium",
)
def get_ratings(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    initiative = initiative_for_user(caller(request), initiative_id)
    return score_out(selectors.score_for(initiative))


@router.put(
    "/initiatives/{int:initiative_id}/ratings",
    response={200: ScoreOut, **ERRORS},
    summary="Vurder et initiativ: {kriterium: nivå 0–4} (porteføljekontoret)",
    description="Alt eller ingenting: ukjent kriterium eller nivå utenfor 0–4 gir 422 med "
    "kriteriets kortnavn som felt. null fjerner en vurdering.",
)
def put_ratings(request: HttpRequest, initiative_id: int, payload: RatingsIn) -> dict[str, Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    score = services.rating_set(actor=user, initiative=initiative, ratings=payload.ratings())
    return score_out(score)


@router.get(
    "/ranking",
    response={200: RankingPage, 401: Problem, 422: ValidationProblem},
    summary="Initiativene rangert etter poengsum, med forklaring per kriterium",
    description="Samme filtre som initiativlisten. Uten statusfilter tas bare åpne initiativer "
    "med.",
)
def get_ranking(
    request: HttpRequest,
    state: str = Query("", description="Status, flere skilt med komma"),
    portfolio: str = Query("", description="Primær eller bidragende portefølje (slug)"),
    directorate: str = Query("", description="Direktørområde (slug)"),
    unit: str = Query("", description="Virksomhet (slug)"),
    program: str = Query("", description="Program (slug)"),
    goal: str = Query("", description="Mål eller overordnet mål (slug)"),
    work_type: str = Query("", description="development, maintenance eller operations"),
    mandated: str = Query("", description="«yes» eller «no»: politisk vedtatt"),
    q: str = Query("", description="Fritekst"),
    board: str = Query("", description="Bare initiativer rutet til dette styret (slug)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    filters = Filters.from_mapping(
        {
            "state": state,
            "portfolio": portfolio,
            "directorate": directorate,
            "unit": unit,
            "program": program,
            "goal": goal,
            "work_type": work_type,
            "mandated": mandated,
            "q": q,
        }
    )
    rows = selectors.ranking(caller(request), filters, board=_board(board) if board else None)
    items = []
    for row in rows[offset : offset + limit]:
        i = row.initiative
        total = getattr(i, "total_cost", None)
        items.append(
            {
                **score_out(row.score),
                "position": row.position,
                "id": i.pk,
                "title": i.title,
                "state": i.state,
                "portfolio": i.portfolio.slug,
                "unit": i.unit.slug,
                "politically_mandated": i.politically_mandated,
                "total_cost": int(total) if total is not None else None,
            }
        )
    return {"count": len(rows), "items": items}


# --- dependencies --------------------------------------------------------------------------


@router.get(
    "/initiatives/{int:initiative_id}/dependencies",
    response={200: list[DependencyOut], 401: Problem, 404: Problem},
    summary="Avhengigheter til og fra et initiativ",
)
def list_dependencies(request: HttpRequest, initiative_id: int) -> list[dict[str, Any]]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    return [dependency_out(d, initiative.pk) for d in selectors.dependencies_of(user, initiative)]


@router.post(
    "/initiatives/{int:initiative_id}/dependencies",
    response={201: DependencyOut, **ERRORS},
    summary="Registrer en avhengighet (porteføljekontoret)",
    description="requires: dette forutsetter «to». excludes: høyst ett av dem. together: "
    "begge eller ingen. finish_to_start: «to» starter etter at dette er ferdig.",
)
def add_dependency(request: HttpRequest, initiative_id: int, payload: DependencyIn) -> Status[Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    dependency = services.dependency_add(
        actor=user, from_initiative=initiative, to_initiative=payload.to, type=payload.type
    )
    fresh = Dependency.objects.select_related("from_initiative", "to_initiative", "created_by").get(
        pk=dependency.pk
    )
    return Status(201, dependency_out(fresh, initiative.pk))


@router.delete(
    "/initiatives/{int:initiative_id}/dependencies",
    response={204: None, **ERRORS},
    summary="Fjern en avhengighet (porteføljekontoret)",
)
def remove_dependency(
    request: HttpRequest,
    initiative_id: int,
    to: int = Query(..., description="Initiativet i den andre enden"),
    type: str = Query(..., description="requires, excludes, together eller finish_to_start"),
) -> Status[None]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    dependency = (
        selectors.dependencies_of(user, initiative)
        .filter(type=type)
        .filter(
            from_initiative_id__in=[initiative.pk, to], to_initiative_id__in=[initiative.pk, to]
        )
        .first()
    )
    if dependency is None:
        raise NotFound(_("Avhengigheten finnes ikke."))
    services.dependency_remove(actor=user, dependency=dependency)
    return Status(204, None)


# --- scenarios -----------------------------------------------------------------------------


@router.get(
    "/scenarios",
    response={200: list[ScenarioListItem], 401: Problem, 422: ValidationProblem},
    summary="Scenarioer (porteføljekontoret og styremedlemmer)",
)
def list_scenarios(
    request: HttpRequest, board: str = Query("", description="Styrets kortnavn")
) -> list[dict[str, Any]]:
    qs = selectors.scenarios_for(caller(request), board=_board(board) if board else None)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "board": s.board.slug,
            "status": s.status,
            "value": float(s.value) if s.value is not None else None,
            "created_at": s.created_at,
            "solved_at": s.solved_at,
            "proposed_to_board_at": s.proposed_to_board_at,
        }
        for s in qs
    ]


@router.post(
    "/scenarios",
    response={201: ScenarioOut, **ERRORS},
    summary="Lag et scenario (porteføljekontoret)",
)
def create_scenario(request: HttpRequest, payload: ScenarioIn) -> Status[Any]:
    user = caller(request)
    scenario = services.scenario_create(
        actor=user,
        name=payload.name,
        board=_board(payload.board),
        budget=payload.budget,
        candidates=payload.candidates,
        overrides=payload.overrides,
        horizon=payload.horizon.model_dump(by_alias=True) if payload.horizon else None,
        capacity_adjustments=[a.model_dump() for a in payload.capacity_adjustments],
        window_overrides={k: v.model_dump() for k, v in payload.window_overrides.items()},
    )
    return Status(201, _fresh_scenario(request, scenario.pk))


@router.patch(
    "/scenarios/{int:scenario_id}",
    response={200: ScenarioOut, **ERRORS},
    summary="Endre et scenario (porteføljekontoret)",
    description="Bare feltene som er med endres. Alt annet enn navnet forkaster løsningen.",
)
def patch_scenario(request: HttpRequest, scenario_id: int, payload: ScenarioPatchIn) -> Any:
    user = caller(request)
    scenario = selectors.scenario_for_user(user, scenario_id)
    data = payload.model_dump(exclude_unset=True, by_alias=True)
    services.scenario_update(actor=user, scenario=scenario, data=data)
    return _fresh_scenario(request, scenario_id)


@router.get(
    "/scenarios/compare",
    response={200: ComparisonOut, 401: Problem, 404: Problem},
    summary="Sammenlign to scenarioer",
)
def compare_scenarios(
    request: HttpRequest,
    a: int = Query(..., description="Scenario A"),
    b: int = Query(..., description="Scenario B"),
) -> dict[str, Any]:
    user = caller(request)
    comparison = selectors.scenario_compare(
        selectors.scenario_for_user(user, a), selectors.scenario_for_user(user, b)
    )

    def side(summary: ScenarioSummary) -> dict[str, Any]:
        s = summary.scenario
        return {
            "id": s.pk,
            "name": s.name,
            "status": s.status,
            "value": float(summary.value) if summary.value is not None else None,
            "cost": int(summary.cost),
            "cost_by_year": {k: int(v) for k, v in summary.cost_by_year.items()},
            "selected": sorted(summary.selected),
        }

    return {
        "a": side(comparison.a),
        "b": side(comparison.b),
        "only_a": comparison.only_a,
        "only_b": comparison.only_b,
        "both": comparison.both,
    }


@router.get(
    "/scenarios/{int:scenario_id}",
    response={200: ScenarioOut, 401: Problem, 404: Problem},
    summary="Et scenario med status og løsning",
)
def get_scenario(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    return _fresh_scenario(request, scenario_id)


@router.get(
    "/scenarios/{int:scenario_id}/problem",
    response={200: dict[str, Any], 401: Problem, 404: Problem},
    summary="Scenariet som problemdokument (veivalg-portfolio-problem/1)",
    description="Dokumentet som ble løst; for et scenario som ikke er beregnet, slik det ser "
    "ut nå. En kandidats «id» er initiativets nummer som tekst.",
)
def get_scenario_problem(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    scenario = selectors.scenario_for_user(caller(request), scenario_id)
    return scenario.problem or scenario_problem(scenario)


@router.post(
    "/scenarios/{int:scenario_id}/solve",
    response={202: ScenarioOut, **ERRORS},
    summary="Beregn scenariet i bakgrunnen (porteføljekontoret)",
    description="Svarer 202 med status «queued» (eller allerede ferdig); følg med på "
    "GET /scenarios/{id} til status er optimal, feasible, infeasible eller failed.",
)
def solve_scenario(request: HttpRequest, scenario_id: int) -> Status[Any]:
    user = caller(request)
    scenario = selectors.scenario_for_user(user, scenario_id)
    services.scenario_solve(actor=user, scenario=scenario)
    return Status(202, _fresh_scenario(request, scenario_id))


@router.post(
    "/scenarios/{int:scenario_id}/what-if",
    response={201: ScenarioOut, **ERRORS},
    summary="Hva hvis: kopier scenariet med endringer og beregn kopien (porteføljekontoret)",
    description="Endre kapasitet, startvinduer eller tving initiativer inn; kopien får "
    "based_on = dette scenariet og beregnes med en gang (eller settes i kø).",
)
def what_if_scenario(request: HttpRequest, scenario_id: int, payload: WhatIfIn) -> Status[Any]:
    user = caller(request)
    scenario = selectors.scenario_for_user(user, scenario_id)
    data = payload.model_dump(exclude_unset=True)
    copy = services.scenario_what_if(actor=user, scenario=scenario, data=data)
    return Status(201, _fresh_scenario(request, copy.pk))


@router.get(
    "/scenarios/{int:scenario_id}/competence-insight",
    response={200: list[InsightRowOut], 401: Problem, 404: Problem, 409: Problem},
    summary="Kompetanseinnsikt: økt verdi med ett årsverk mer per kompetanse, største først",
    description="409 når innsikten ikke er beregnet ennå (eller fortsatt beregnes).",
)
def get_competence_insight(request: HttpRequest, scenario_id: int) -> list[dict[str, Any]]:
    scenario = selectors.scenario_for_user(caller(request), scenario_id)
    insight = scenario.insight or {}
    status = insight.get("status")
    if status == "done":
        return [
            {"competence": r["competence"], "marginal_value": r["marginal_value"]}
            for r in insight.get("rows", [])
        ]
    if status in ("queued", "running"):
        raise InvalidTransition(_("Kompetanseinnsikten beregnes fortsatt. Prøv igjen om litt."))
    if status == "failed":
        raise InvalidTransition(
            _("Kompetanseinnsikten kunne ikke beregnes: %(e)s") % {"e": insight.get("error", "")}
        )
    raise InvalidTransition(
        _(
            "Kompetanseinnsikten er ikke beregnet. Beregn scenariet, eller be om innsikten "
            "med POST til samme adresse."
        )
    )


@router.post(
    "/scenarios/{int:scenario_id}/competence-insight",
    response={202: InsightOut, **ERRORS},
    summary="Beregn kompetanseinnsikten på nytt (porteføljekontoret)",
    description='Valgfritt {"quarter": "2027Q3"}: ett årsverk mer bare i det kvartalet.',
)
def start_competence_insight(
    request: HttpRequest, scenario_id: int, payload: InsightIn | None = None
) -> Status[Any]:
    user = caller(request)
    scenario = selectors.scenario_for_user(user, scenario_id)
    quarter = payload.quarter if payload else None
    fresh = services.scenario_insight_start(actor=user, scenario=scenario, quarter=quarter)
    insight = {k: v for k, v in (fresh.insight or {}).items() if k != "token"}
    return Status(202, insight)


@router.post(
    "/scenarios/{int:scenario_id}/propose",
    response={200: ScenarioOut, **ERRORS},
    summary="Legg scenariet fram for styret som forslag (porteføljekontoret)",
    description="Et forslag, aldri et vedtak: ingen initiativer endrer status.",
)
def propose_scenario(request: HttpRequest, scenario_id: int) -> dict[str, Any]:
    user = caller(request)
    scenario = selectors.scenario_for_user(user, scenario_id)
    services.scenario_propose(actor=user, scenario=scenario)
    return _fresh_scenario(request, scenario_id)
