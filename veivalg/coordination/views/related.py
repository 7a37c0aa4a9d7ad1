"""Related initiatives: the search «as you type» (and its page without JavaScript), and the
portfolio office's links between related initiatives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.coordination import selectors, services
from veivalg.coordination.forms import RelatedLinkForm, RelatedSearchForm
from veivalg.coordination.models import RelatedLink
from veivalg.coordination.views.common import require_office
from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.org.models import Unit
from veivalg.strategy.models import Goal, Program
from veivalg.web.access import _initiative_for_user

# The initiative form's fields that describe the need.
TEXT_FIELDS = ("title", "summary", "need")


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip().lstrip("#"))
    except (TypeError, ValueError):
        return None


def _search(request: HttpRequest) -> tuple[str, list[selectors.RelatedInitiative]]:
    """Parse the posted text (``text``, or the initiative form's title, summary and need)
    and the form's unit, program and goals; return the text and the related initiatives."""
    data = request.POST
    text = (data.get("text") or "").strip() or "\n".join(
        (data.get(name) or "").strip() for name in TEXT_FIELDS
    ).strip()
    unit_id, program_id = _int(data.get("unit")), _int(data.get("program"))
    goal_ids = [g for g in (_int(v) for v in data.getlist("goals")) if g is not None]
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    program = Program.objects.filter(pk=program_id).first() if program_id else None
    goals = list(Goal.objects.filter(pk__in=goal_ids)) if goal_ids else []
    exclude = _int(request.GET.get("exclude") or data.get("exclude"))
    results = selectors.related_to_text(
        request.user, text, unit=unit, program=program, goals=goals, exclude=exclude
    )
    return text, results


@login_required
def related_search(request: HttpRequest) -> HttpResponse:
    """POST from the initiative form (htmx, as you type): the suggestions as a fragment.
    Without htmx: a page where any text can be checked against the portfolio."""
    text, results = _search(request) if request.method == "POST" else ("", [])
    context = {"results": results, "searched": bool(text), "text": text}
    if request.htmx:
        return render(
            request, "coordination/partials/related_suggestions.html", {**context, "oob": True}
        )
    form = RelatedSearchForm(initial={"text": text})
    return render(request, "coordination/related_search.html", {**context, "form": form})


def _back(pk: int) -> str:
    return reverse("web:initiative", args=[pk]) + "#relaterte"


@login_required
@require_POST
def related_link(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan koble initiativer som relaterte."))
    initiative = _initiative_for_user(request, pk)
    form = RelatedLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
        return redirect(_back(initiative.pk))
    other = (form.cleaned_data.get("other") or "").strip()
    try:
        services.related_link_create(
            actor=request.user,
            initiative=initiative,
            other=other or "",
            note=form.cleaned_data.get("note") or "",
        )
    except ValidationFailed as exc:
        messages.error(request, " ".join(m for msgs in exc.errors.values() for m in msgs))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Initiativene er koblet som relaterte."))
    return redirect(_back(initiative.pk))


@login_required
@require_POST
def related_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan fjerne koblinger."))
    initiative = _initiative_for_user(request, pk)
    link = RelatedLink.objects.filter(
        Q(first_id=initiative.pk) | Q(second_id=initiative.pk), pk=link_pk
    ).first()
    if link is None:
        raise Http404(_("Koblingen finnes ikke."))
    services.related_link_delete(actor=request.user, link=link)
    messages.success(request, _("Koblingen er fjernet."))
    return redirect(_back(initiative.pk))
