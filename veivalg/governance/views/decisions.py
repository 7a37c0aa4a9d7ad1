"""Recording a decision in a meeting, and the decision register with its exports."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.governance import permissions, selectors, services
from veivalg.governance.forms import DecisionForm, RegisterFilterForm, apply_errors
from veivalg.governance.models import ITEM_DECISIONS, AgendaItem, DecisionType, Meeting
from veivalg.governance.views.common import not_found, require
from veivalg.initiatives.models import State
from veivalg.initiatives.selectors import visible_initiatives
from veivalg.web.htmx import wants_fragment
from veivalg.web.views.initiatives import error_summary

CHOICES = ITEM_DECISIONS


def _meeting(pk: Any) -> Meeting:
    try:
        return selectors.meeting_by_id(pk)
    except NotFound as exc:
        raise not_found(exc) from exc


def _case(request: HttpRequest, meeting: Meeting) -> AgendaItem:
    raw = request.POST.get("sak") or request.GET.get("sak") or ""
    item = (
        meeting.agenda_items.select_related(
            "initiative__unit__directorate", "initiative__portfolio"
        )
        .filter(pk=int(raw) if raw.isdigit() else 0, kind__in=list(CHOICES))
        .first()
    )
    if item is None or item.initiative is None:
        raise Http404(_("Saken finnes ikke på sakslisten."))
    if not visible_initiatives(request.user).filter(pk=item.initiative_id).exists():
        raise Http404(_("Saken finnes ikke, eller du har ikke tilgang til den."))
    return item


def _render_form(
    request: HttpRequest,
    meeting: Meeting,
    item: AgendaItem,
    form: DecisionForm,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    return render(
        request,
        "governance/decision_form.html",
        {
            "meeting": meeting,
            "item": item,
            "initiative": item.initiative,
            "form": form,
            "frame_fields": [form[name] for name in DecisionForm.FRAME_FIELDS],
            "allows_approve": DecisionType.APPROVE in CHOICES[item.kind],
            "allows_defer": DecisionType.DEFER in CHOICES[item.kind],
            "reason": selectors.board_reason(item.initiative),
            "errors": error_summary(form) if form.is_bound and status == 422 else [],
            "error": error,
        },
        status=status,
    )


@login_required
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(pk)
    require(
        permissions.can_record(request.user, meeting.board),
        _("Bare styrets medlemmer og sekretær kan registrere vedtak."),
    )
    item = _case(request, meeting)
    choices = [str(c) for c in CHOICES[item.kind]]
    if request.method != "POST":
        initial = {"decision": choices[0]} if len(choices) == 1 else {}
        return _render_form(request, meeting, item, DecisionForm(initial=initial, choices=choices))
    form = DecisionForm(request.POST, choices=choices)
    if not form.is_valid():
        return _render_form(request, meeting, item, form, status=422)
    kwargs = form.service_kwargs()
    if not kwargs["decision"]:
        form.add_error("decision", _("Velg vedtaket."))
        return _render_form(request, meeting, item, form, status=422)
    try:
        record = services.decision_record(
            actor=request.user, meeting=meeting, initiative=item.initiative, **kwargs
        )
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_form(request, meeting, item, form, status=422)
    except DomainError as exc:
        # Refused by a rule (403/409): nothing is stored; say why and keep what was typed.
        return _render_form(request, meeting, item, form, status=exc.status, error=exc.message)
    text = _("Vedtaket er registrert: %(decision)s. Status er nå «%(state)s».") % {
        "decision": DecisionType(record.decision).label,
        "state": State(record.initiative.state).label,
    }
    if record.mandate_id:
        text += " " + _("Utkast til prosjektmandat og mandat for styringsgruppen er laget.")
    messages.success(request, text)
    return redirect(reverse("governance:meeting", args=[meeting.pk]) + f"#sak-{item.pk}")


# --- the register ----------------------------------------------------------------------------


def _filters(request: HttpRequest) -> selectors.RegisterFilters:
    return selectors.RegisterFilters.from_mapping(request.GET)


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def register(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    entries = selectors.register(request.user, filters)
    paginator = Paginator(entries, getattr(settings, "VEIVALG_PAGE_SIZE", 50) or 50)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "entries": list(page.object_list),
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "filtered": filters.active,
        "total": paginator.count,
    }
    if wants_fragment(request, "results"):
        return render(
            request, "governance/partials/register_results.html", {**context, "oob": True}
        )
    context["filter_form"] = RegisterFilterForm(request.GET)
    return render(request, "governance/register.html", context)


CSV_COLUMNS = (
    "id",
    "transition",
    "decided_at",
    "board",
    "meeting",
    "initiative",
    "initiative_title",
    "directorate",
    "decision",
    "per_capsulam",
    "defer_until",
    "comment",
    "decided_by",
    "mandate",
    "archive_reference",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    # A cell that starts like a formula stays text when the file is opened in a spreadsheet.
    if text[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text


@login_required
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    entries = selectors.register(request.user, _filters(request))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "json":
        body = json.dumps(
            {
                "generated_at": timezone.now(),
                "count": len(entries),
                "decisions": [e.as_dict() for e in entries],
            },
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that spreadsheets read æøå as UTF-8
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for entry in entries:
            row = entry.as_dict()
            writer.writerow([_cell(row[name]) for name in CSV_COLUMNS])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="vedtaksregister-{stamp}.{fmt}"'
    return response


@login_required
def decision_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision's own address leads to its meeting or, per capsulam, its initiative."""
    try:
        decision = selectors.decision_for_user(request.user, pk)
    except NotFound as exc:
        raise not_found(exc) from exc
    if decision.meeting_id:
        return redirect(reverse("governance:meeting", args=[decision.meeting_id]) + "#vedtak")
    return redirect("web:initiative", pk=decision.initiative_id)
