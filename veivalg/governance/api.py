"""Governance API: meetings of a board, one meeting with agenda and decisions, recording a
decision, the decision register, board papers and mandates as documents.

Mounted on the Veivalg API (``/api/v1/``). Each endpoint parses input, calls one selector or
service and serialises; the rules live in ``veivalg.governance.services``. Domain errors
become problem+json (403 for who, 409 for a refusal such as deferring a politically mandated
initiative, 422 for input) and a refused decision stores nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import Problem, ValidationProblem
from veivalg.core.errors import NotFound, ValidationFailed
from veivalg.governance import papers, selectors, services
from veivalg.governance.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    Document,
    filename,
    render_docx,
    render_pdf,
)
from veivalg.governance.models import Meeting
from veivalg.governance.schemas import (
    DecisionIn,
    DecisionOut,
    MeetingIn,
    MeetingListItem,
    MeetingOut,
)
from veivalg.initiatives.selectors import initiative_for_user
from veivalg.org.models import Board, User

router = Router(tags=["Styring"])

ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}
FILE = {
    "responses": {
        "200": {
            "description": "Dokumentet",
            "content": {
                PDF_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
                DOCX_CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }
}


def _board(slug: str) -> Board:
    return selectors.board_by_slug(slug)


def meeting_item(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "board": meeting.board.slug,
        "date": meeting.date,
        "title": meeting.title,
        "location": meeting.location,
        "status": meeting.status,
    }


def meeting_out(user: User, meeting: Meeting) -> dict[str, Any]:
    rows = selectors.agenda_of(user, meeting)
    return {
        **meeting_item(meeting),
        "agenda": [
            {
                "id": row.item.pk,
                "order": row.number,
                "kind": row.item.kind,
                "initiative": None if row.hidden else row.item.initiative_id,
                "scenario": row.item.scenario_id,
                "title": row.title,
                "recommendation": "" if row.hidden else row.item.recommendation,
                "hidden": row.hidden,
            }
            for row in rows
        ],
        "decisions": [
            selectors.entry_of(d).as_dict() for d in selectors.meeting_decisions(user, meeting)
        ],
    }


def _file(document: Document, fmt: str, stem: str) -> HttpResponse:
    if fmt == "docx":
        response = HttpResponse(render_docx(document), content_type=DOCX_CONTENT_TYPE)
    else:
        response = HttpResponse(render_pdf(document), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(stem, fmt)}"'
    return response


# --- meetings ------------------------------------------------------------------------------


@router.get(
    "/boards/{slug}/meetings",
    response={200: list[MeetingListItem], 401: Problem, 404: Problem},
    summary="Et styres møter, nyeste først",
)
def list_meetings(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return [meeting_item(m) for m in selectors.meetings_of(_board(slug))]


@router.post(
    "/boards/{slug}/meetings",
    response={201: MeetingOut, **ERRORS},
    summary="Planlegg et møte (porteføljekontoret eller styrets sekretær)",
)
def create_meeting(request: HttpRequest, slug: str, payload: MeetingIn) -> Status[Any]:
    user = caller(request)
    meeting = services.meeting_create(actor=user, board=_board(slug), data=payload.model_dump())
    return Status(201, meeting_out(user, selectors.meeting_by_id(meeting.pk)))


@router.get(
    "/meetings/{int:meeting_id}",
    response={200: MeetingOut, 401: Problem, 404: Problem},
    summary="Ett møte med saksliste og vedtak",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return meeting_out(caller(request), selectors.meeting_by_id(meeting_id))


@router.post(
    "/meetings/{int:meeting_id}/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Registrer et vedtak i møtet (styrets medlemmer og sekretær)",
    description=(
        "Vedtaket utfører handlingen i arbeidsflyten (approve, defer, reject, stop) i samme "
        "transaksjon. Nekter arbeidsflyten, for eksempel å utsette et politisk vedtatt "
        "initiativ, svarer API-et 409 og lagrer ingenting. «approve» lager utkast til "
        "prosjektmandat og mandat for styringsgruppen fra «mandate»; «defer» krever «until»."
    ),
)
def record_decision(request: HttpRequest, meeting_id: int, payload: DecisionIn) -> Status[Any]:
    user = caller(request)
    meeting = selectors.meeting_by_id(meeting_id)
    try:
        initiative = initiative_for_user(user, payload.initiative)
    except NotFound:
        raise ValidationFailed(
            {"initiative": [_("Initiativ #%(id)s finnes ikke.") % {"id": payload.initiative}]}
        ) from None
    decision = services.decision_record(
        actor=user,
        meeting=meeting,
        initiative=initiative,
        decision=payload.decision,
        comment=payload.comment,
        mandate=payload.mandate.model_dump() if payload.mandate is not None else None,
        until=payload.until,
    )
    fresh = selectors.decision_for_user(user, decision.pk)
    return Status(201, selectors.entry_of(fresh).as_dict())


@router.get(
    "/meetings/{int:meeting_id}/papers.pdf",
    response={401: Problem, 404: Problem},
    summary="Saksdokumentene til møtet som én PDF",
    openapi_extra=FILE,
)
def meeting_papers(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_by_id(meeting_id)
    return _file(papers.board_papers(caller(request), meeting), "pdf", meeting.title)


# --- the register ---------------------------------------------------------------------------


@router.get(
    "/decisions",
    response={200: list[DecisionOut], 401: Problem, 422: ValidationProblem},
    summary="Vedtaksregisteret: alle vedtak, i møter og per capsulam, nyeste først",
)
def list_decisions(
    request: HttpRequest,
    board: str = Query("", description="Styrets kortnavn"),
    date_from: str = Query("", alias="from", description="Fra og med dato (åååå-mm-dd)"),
    date_to: str = Query("", alias="to", description="Til og med dato (åååå-mm-dd)"),
    type: str = Query("", description="approve, defer, reject eller stop; flere med komma"),
    meeting: str = Query("", description="Møtets id"),
    directorate: str = Query("", description="Direktørområdets kortnavn"),
    q: str = Query("", description="Fritekst i tittel, begrunnelse og saksnummer"),
) -> list[dict[str, Any]]:
    errors: dict[str, list[str]] = {}
    days: dict[str, date | None] = {}
    for name, value in (("from", date_from), ("to", date_to)):
        try:
            days[name] = date.fromisoformat(value.strip()) if value.strip() else None
        except ValueError:
            errors[name] = [_("Må være en dato (åååå-mm-dd).")]
    if meeting.strip() and not meeting.strip().isdigit():
        errors["meeting"] = [_("Må være et heltall.")]
    if errors:
        raise ValidationFailed(errors)
    filters = selectors.RegisterFilters(
        board=board.strip(),
        meeting=meeting.strip(),
        date_from=days["from"],
        date_to=days["to"],
        directorate=directorate.strip(),
        type=type.strip(),
        q=q.strip(),
    )
    return [e.as_dict() for e in selectors.register(caller(request), filters)]


# --- mandates -------------------------------------------------------------------------------


def _mandate_file(request: HttpRequest, mandate_id: int, fmt: str) -> HttpResponse:
    mandate = selectors.mandate_for_user(caller(request), mandate_id)
    return _file(papers.mandate_document(mandate), fmt, mandate.title)


@router.get(
    "/mandates/{int:mandate_id}.docx",
    response={401: Problem, 404: Problem},
    summary="Mandatet som Word-dokument (siste versjon)",
    openapi_extra=FILE,
)
def mandate_docx(request: HttpRequest, mandate_id: int) -> HttpResponse:
    return _mandate_file(request, mandate_id, "docx")


@router.get(
    "/mandates/{int:mandate_id}.pdf",
    response={401: Problem, 404: Problem},
    summary="Mandatet som PDF (siste versjon)",
    openapi_extra=FILE,
)
def mandate_pdf(request: HttpRequest, mandate_id: int) -> HttpResponse:
    return _mandate_file(request, mandate_id, "pdf")
