"""A board meeting: the agenda (build, complete, reorder), the status, the papers and the
minutes. Reordering works as plain forms; with htmx only the agenda is swapped."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.governance import papers, permissions, selectors, services
from veivalg.governance.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    ArchiveReferenceForm,
    apply_errors,
)
from veivalg.governance.models import ITEM_DECISIONS, AgendaItem, Meeting, MeetingStatus
from veivalg.governance.views.common import document_response, not_found, require
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.workflow import check_action
from veivalg.web.access import safe_next
from veivalg.web.htmx import wants_fragment
from veivalg.web.views.initiatives import error_summary

NEXT_STATUS = {
    MeetingStatus.PLANNED: (MeetingStatus.HELD, gettext_lazy("Marker møtet som avholdt")),
    MeetingStatus.HELD: (MeetingStatus.CLOSED, gettext_lazy("Godkjenn protokollen og lukk møtet")),
}


def _meeting(pk: Any) -> Meeting:
    try:
        return selectors.meeting_by_id(pk)
    except NotFound as exc:
        raise not_found(exc) from exc


def _item(meeting: Meeting, item_pk: Any) -> AgendaItem:
    item = meeting.agenda_items.select_related("initiative", "scenario").filter(pk=item_pk).first()
    if item is None:
        raise Http404(_("Saken finnes ikke på sakslisten."))
    return item


def _add_candidates(meeting: Meeting) -> Any:
    """What may be added by hand: cases in progress (stop) or ready, routed to the board."""
    on_this = meeting.agenda_items.filter(initiative__isnull=False).values("initiative_id")
    return (
        Initiative.objects.filter(selectors.routed_to(meeting.board))
        .filter(Q(state=State.IN_PROGRESS) | Q(state=State.READY_FOR_DECISION))
        .exclude(pk__in=on_this)
        .order_by("state", "title")
    )


def _can_decide(user: Any, row: selectors.AgendaRow) -> bool:
    """Whether the workflow lets ``user`` take one of the case's decisions now (a secretary
    who is not a member of the board may record, but the workflow lets only members act)."""
    if not row.decidable or row.decisions or row.item.initiative is None:
        return False
    for action in ITEM_DECISIONS.get(row.item.kind, ()):
        try:
            check_action(user, row.item.initiative, action)
        except DomainError:
            continue
        return True
    return False


def _agenda_context(request: HttpRequest, meeting: Meeting, **extra: Any) -> dict[str, Any]:
    user = request.user
    rows = selectors.agenda_of(user, meeting)
    can_manage = permissions.can_manage_meetings(user, meeting.board)
    can_record = permissions.can_record(user, meeting.board) and not meeting.is_closed
    if can_record:
        for row in rows:
            row.can_decide = _can_decide(user, row)
    return {
        "meeting": meeting,
        "rows": rows,
        "can_manage": can_manage and not meeting.is_closed,
        "can_record": can_record,
        "members_record": can_record and not permissions.is_member(user, meeting.board),
        **extra,
    }


def _render_meeting(
    request: HttpRequest,
    meeting: Meeting,
    *,
    add_form: AgendaItemForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = _agenda_context(request, meeting)
    can_manage = permissions.can_manage_meetings(request.user, meeting.board)
    if context["can_manage"] and add_form is None:
        add_form = AgendaItemForm(initiatives=_add_candidates(meeting))
    decisions = selectors.meeting_decisions(request.user, meeting)
    context.update(
        {
            "add_form": add_form if context["can_manage"] else None,
            "errors": error_summary(add_form) if add_form is not None and add_form.is_bound else [],
            "decisions": decisions,
            "can_set_reference": can_manage,
            "next_status": NEXT_STATUS.get(meeting.status) if can_manage else None,
            "candidates": selectors.agenda_candidate_initiatives(meeting).count()
            + selectors.agenda_candidate_scenarios(meeting).count()
            if context["can_manage"]
            else 0,
            "error": error,
        }
    )
    return render(request, "governance/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_meeting(request, _meeting(pk))


def _require_manage(request: HttpRequest, meeting: Meeting) -> None:
    require(
        permissions.can_manage_meetings(request.user, meeting.board),
        _("Bare porteføljekontoret og styrets sekretær kan forberede møtet."),
    )


def _back(meeting: Meeting, anchor: str = "saksliste") -> str:
    return reverse("governance:meeting", args=[meeting.pk]) + f"#{anchor}"


@login_required
@require_POST
def meeting_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    try:
        services.meeting_set_status(
            actor=request.user, meeting=meeting, status=request.POST.get("status", "")
        )
    except DomainError as exc:
        return _render_meeting(request, meeting, status=exc.status, error=exc.message)
    meeting.refresh_from_db()
    messages.success(
        request,
        _("Møtet har nå status «%(status)s».") % {"status": MeetingStatus(meeting.status).label},
    )
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    try:
        added = services.agenda_build(actor=request.user, meeting=meeting)
    except DomainError as exc:
        return _render_meeting(request, meeting, status=exc.status, error=exc.message)
    if added:
        messages.success(
            request, _("%(count)s saker er lagt til på sakslisten.") % {"count": len(added)}
        )
    else:
        messages.info(request, _("Ingen nye saker er klare for dette styret."))
    return redirect(_back(meeting))


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    form = AgendaItemForm(request.POST, initiatives=_add_candidates(meeting))
    if not form.is_valid():
        return _render_meeting(request, meeting, add_form=form, status=422)
    try:
        item = services.agenda_item_add(actor=request.user, meeting=meeting, data=form.cleaned_data)
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_meeting(request, meeting, add_form=form, status=422)
    except DomainError as exc:
        return _render_meeting(request, meeting, status=exc.status, error=exc.message)
    messages.success(request, _("«%(title)s» er lagt til på sakslisten.") % {"title": item.title})
    return redirect(_back(meeting, f"sak-{item.pk}"))


@login_required
@require_POST
@vary_on_headers("HX-Request", "HX-Target")
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    item = _item(meeting, item_pk)
    direction = request.POST.get("direction", "")
    error = ""
    try:
        services.agenda_item_move(actor=request.user, item=item, direction=direction)
    except DomainError as exc:
        error = exc.message
    if wants_fragment(request, "saksliste"):
        context = _agenda_context(
            request, meeting, moved=item.pk, direction=direction, move_error=error
        )
        rows = context["rows"]
        moved_to = next((r.number for r in rows if r.item.pk == item.pk), None)
        context["moved_to"] = moved_to
        # Keep keyboard focus on the moved case: the same button, or the other one at an end.
        way = direction if direction in ("up", "down") else "up"
        if moved_to == 1:
            way = "down"
        elif moved_to == len(rows):
            way = "up"
        context["focus_id"] = f"move-{way}-{item.pk}" if len(rows) > 1 else f"sak-{item.pk}-title"
        return render(request, "governance/partials/agenda.html", context)
    if error:
        messages.error(request, error)
    return redirect(_back(meeting, f"sak-{item.pk}"))


@login_required
def agenda_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    item = _item(meeting, item_pk)
    status = 200
    error = ""
    if request.method == "POST":
        form = AgendaItemEditForm(request.POST)
        if form.is_valid():
            try:
                services.agenda_item_update(actor=request.user, item=item, data=form.cleaned_data)
            except ValidationFailed as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Saken er lagret."))
                return redirect(_back(meeting, f"sak-{item.pk}"))
        status = 422
    else:
        form = AgendaItemEditForm(
            initial={"title": item.title, "recommendation": item.recommendation}
        )
    return render(
        request,
        "governance/agenda_item_form.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "error": error,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=status,
    )


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    _require_manage(request, meeting)
    item = _item(meeting, item_pk)
    try:
        services.agenda_item_remove(actor=request.user, item=item)
    except DomainError as exc:
        return _render_meeting(request, meeting, status=exc.status, error=exc.message)
    messages.success(request, _("«%(title)s» er fjernet fra sakslisten.") % {"title": item.title})
    return redirect(_back(meeting))


@login_required
@require_POST
def decision_reference(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    try:
        decision = selectors.decision_for_user(request.user, decision_pk)
    except NotFound as exc:
        raise not_found(exc) from exc
    if decision.meeting_id != meeting.pk:
        raise Http404
    require(
        permissions.can_manage_meetings(request.user, meeting.board),
        _("Bare porteføljekontoret og styrets sekretær kan sette saksnummer."),
    )
    form = ArchiveReferenceForm(request.POST)
    form.is_valid()
    try:
        services.decision_set_archive_reference(
            actor=request.user,
            decision=decision,
            reference=form.cleaned_data.get("archive_reference", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saksnummeret er lagret."))
    return redirect(safe_next(request, _back(meeting, "vedtak")))


@login_required
def meeting_papers(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    return document_response(
        papers.board_papers(request.user, meeting), "pdf", f"saksdokumenter {meeting.title}"
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = _meeting(pk)
    return document_response(
        papers.minutes(request.user, meeting), fmt, f"protokoll {meeting.title}"
    )
