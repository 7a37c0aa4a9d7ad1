"""Initiatives: list, register, read, edit, workflow actions and comments.

Each endpoint parses input, calls one selector or service, and serialises. The rules (who may
do what, in which state, with which data) live in ``veivalg.initiatives``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import (
    NULLABLE_FIELDS,
    ActionIn,
    CommentIn,
    CommentOut,
    InitiativeCreateIn,
    InitiativeOut,
    InitiativePage,
    InitiativePatchIn,
    Problem,
    ValidationProblem,
    patch_data,
)
from veivalg.governance.selectors import board_reason
from veivalg.initiatives import selectors, services, workflow
from veivalg.initiatives.models import Comment, Initiative
from veivalg.org.models import User

router = Router(tags=["Initiativer"])

MAX_LIMIT = 500

ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}


# --- serialisation -----------------------------------------------------------------------


def list_item(initiative: Initiative) -> dict[str, Any]:
    """One row; reads only what ``selectors.with_list_data`` joined or annotated."""
    total = getattr(initiative, "total_cost", None)
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "state": initiative.state,
        "unit": initiative.unit.slug,
        "portfolio": initiative.portfolio.slug,
        "directorate": initiative.unit.directorate.slug,
        "program": initiative.program.slug if initiative.program else None,
        "work_type": initiative.work_type,
        "politically_mandated": initiative.politically_mandated,
        "confidential": initiative.confidential,
        "owner": initiative.owner.get_username(),
        "total_cost": int(total) if total is not None else None,
        "updated_at": initiative.updated_at,
    }


def comment_out(comment: Comment) -> dict[str, Any]:
    return {"author": comment.author.get_username(), "at": comment.at, "body": comment.body}


def detail(user: User, initiative: Initiative) -> dict[str, Any]:
    """The full initiative as ``user`` sees it (``initiative`` from ``initiative_for_user``)."""
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "summary": initiative.summary,
        "need": initiative.need,
        "state": initiative.state,
        "unit": initiative.unit.slug,
        "directorate": initiative.unit.directorate.slug,
        "portfolio": initiative.portfolio.slug,
        "contributing_portfolios": [p.slug for p in initiative.contributing_portfolios.all()],
        "program": initiative.program.slug if initiative.program else None,
        "goals": [g.slug for g in initiative.goals.all()],
        "work_type": initiative.work_type,
        "politically_mandated": initiative.politically_mandated,
        "political_reference": initiative.political_reference,
        "confidential": initiative.confidential,
        "archive_reference": initiative.archive_reference,
        "costs": [
            {"year": c.year, "investment": int(c.investment), "operating": int(c.operating)}
            for c in initiative.costs.all()
        ],
        "owner": initiative.owner.get_username(),
        "board": initiative.board.slug if initiative.board else None,
        "board_reason": board_reason(initiative),
        "merged_into": initiative.merged_into_id,
        "created_at": initiative.created_at,
        "updated_at": initiative.updated_at,
        "allowed_actions": [a.name for a in workflow.allowed_actions(user, initiative)],
        "history": [
            {
                "action": t.action,
                "actor": t.actor.get_username() if t.actor else None,
                "at": t.at,
                "comment": t.comment,
                "from_state": t.from_state or None,
                "to_state": t.to_state,
            }
            for t in selectors.history(initiative)
        ],
        "comments": [comment_out(c) for c in selectors.comments(initiative)],
    }


def _fresh_detail(user: User, pk: int) -> dict[str, Any]:
    return detail(user, selectors.initiative_for_user(user, pk))


# --- endpoints ---------------------------------------------------------------------------


@router.get(
    "/initiatives",
    response={200: InitiativePage, 401: Problem, 422: ValidationProblem},
    summary="Initiativer (filtrert, med sideinndeling)",
)
def list_initiatives(
    request: HttpRequest,
    state: str = Query("", description="Status, flere skilt med komma"),
    portfolio: str = Query("", description="Primær eller bidragende portefølje (slug)"),
    directorate: str = Query("", description="Direktørområde (slug)"),
    unit: str = Query("", description="Virksomhet (slug)"),
    program: str = Query("", description="Program (slug)"),
    goal: str = Query("", description="Mål eller overordnet mål (slug)"),
    work_type: str = Query("", description="development, maintenance eller operations"),
    mandated: str = Query("", description="«yes» eller «no»: politisk vedtatt"),
    q: str = Query("", description="Fritekst i tittel, sammendrag, behov, saksnummer; #id"),
    sort: str = Query("", description="title, created, state, cost, portfolio, unit; «-» snur"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    filters = selectors.Filters.from_mapping(
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
            "sort": sort,
        }
    )
    qs = selectors.filter_initiatives(caller(request), filters)
    rows = qs[offset : offset + limit]
    return {"count": qs.count(), "items": [list_item(i) for i in rows]}


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **ERRORS},
    summary="Registrer et nytt initiativ (som utkast)",
)
def create_initiative(request: HttpRequest, payload: InitiativeCreateIn) -> Status[Any]:
    user = caller(request)
    data = services.resolve_references(payload.model_dump())
    initiative = services.initiative_create(actor=user, data=data)
    return Status(201, _fresh_detail(user, initiative.pk))


@router.get(
    "/initiatives/{int:initiative_id}",
    response={200: InitiativeOut, 401: Problem, 404: Problem},
    summary="Ett initiativ med historikk, kommentarer og mulige handlinger",
)
def get_initiative(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    return _fresh_detail(caller(request), initiative_id)


@router.patch(
    "/initiatives/{int:initiative_id}",
    response={200: InitiativeOut, **ERRORS},
    summary="Endre et initiativ (eier i utkast, porteføljekontoret under analyse)",
)
def patch_initiative(
    request: HttpRequest, initiative_id: int, payload: InitiativePatchIn
) -> dict[str, Any]:
    user = caller(request)
    initiative = selectors.initiative_for_user(user, initiative_id)
    data = services.resolve_references(patch_data(payload, NULLABLE_FIELDS))
    services.initiative_update(actor=user, initiative=initiative, data=data)
    return _fresh_detail(user, initiative_id)


@router.post(
    "/initiatives/{int:initiative_id}/actions/{action}",
    response={200: InitiativeOut, **ERRORS},
    summary="Utfør en handling i arbeidsflyten",
    description="Handlinger: " + ", ".join(workflow.ACTIONS) + ".",
)
def perform_action(
    request: HttpRequest, initiative_id: int, action: str, payload: ActionIn | None = None
) -> dict[str, Any]:
    user = caller(request)
    initiative = selectors.initiative_for_user(user, initiative_id)
    body = payload or ActionIn()
    services.initiative_perform_action(
        actor=user,
        initiative=initiative,
        action=action,
        comment=body.comment,
        target=body.target,
    )
    return _fresh_detail(user, initiative_id)


@router.post(
    "/initiatives/{int:initiative_id}/comments",
    response={201: CommentOut, 401: Problem, 404: Problem, 422: ValidationProblem},
    summary="Skriv en kommentar",
)
def add_comment(request: HttpRequest, initiative_id: int, payload: CommentIn) -> Status[Any]:
    user = caller(request)
    initiative = selectors.initiative_for_user(user, initiative_id)
    comment = services.initiative_comment(actor=user, initiative=initiative, body=payload.body)
    return Status(201, comment_out(comment))
