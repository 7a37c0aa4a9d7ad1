"""Guidance for project owners, steering groups and benefit owners: pages and checklists per
phase. Everyone reads; the portfolio office edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound, ValidationFailed
from veivalg.governance import permissions, selectors, services
from veivalg.governance.forms import ChecklistForm, GuidancePageForm, apply_errors
from veivalg.governance.markdown import render as render_markdown
from veivalg.governance.models import Audience, Checklist, GuidancePage
from veivalg.governance.views.common import not_found, require
from veivalg.web.views.initiatives import error_summary


def _require_office(request: HttpRequest) -> None:
    require(
        permissions.can_edit_guidance(request.user),
        _("Bare porteføljekontoret kan endre veiledningen."),
    )


@login_required
def guidance(request: HttpRequest) -> HttpResponse:
    pages = list(selectors.guidance_pages())
    groups = [
        (value, label, [p for p in pages if p.audience == value])
        for value, label in Audience.choices
    ]
    return render(
        request,
        "governance/guidance.html",
        {
            "groups": [g for g in groups if g[2]],
            "checklists": selectors.checklists(),
            "can_edit": permissions.can_edit_guidance(request.user),
        },
    )


@login_required
def guidance_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = selectors.guidance_page(slug)
    except NotFound as exc:
        raise not_found(exc) from exc
    related = [c for c in selectors.checklists() if c.audience == page.audience]
    if page.phase:
        related = [c for c in related if c.phase == page.phase] or related
    return render(
        request,
        "governance/guidance_page.html",
        {
            "page": page,
            "body": render_markdown(page.body),
            "checklists": related,
            "can_edit": permissions.can_edit_guidance(request.user),
        },
    )


def _page_form(request: HttpRequest, page: GuidancePage | None) -> HttpResponse:
    _require_office(request)
    status = 200
    if request.method == "POST":
        form = GuidancePageForm(request.POST, creating=page is None)
        if form.is_valid():
            try:
                saved = services.guidance_page_save(
                    actor=request.user, page=page, data=form.cleaned_data
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Siden «%(title)s» er lagret.") % {"title": saved.title}
                )
                return redirect("governance:guidance_page", slug=saved.slug)
        status = 422
    elif page is not None:
        form = GuidancePageForm(
            initial={
                "title": page.title,
                "summary": page.summary,
                "audience": page.audience,
                "phase": page.phase,
                "order": page.order,
                "body": page.body,
            },
            creating=False,
        )
    else:
        form = GuidancePageForm(creating=True)
    return render(
        request,
        "governance/guidance_form.html",
        {"page": page, "form": form, "errors": error_summary(form) if form.is_bound else []},
        status=status,
    )


@login_required
def guidance_new(request: HttpRequest) -> HttpResponse:
    return _page_form(request, None)


@login_required
def guidance_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_office(request)
    try:
        page = selectors.guidance_page(slug)
    except NotFound as exc:
        raise not_found(exc) from exc
    return _page_form(request, page)


@login_required
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request)
    checklist = get_object_or_404(Checklist.objects.prefetch_related("items"), pk=pk)
    status = 200
    if request.method == "POST":
        form = ChecklistForm(request.POST)
        if form.is_valid():
            try:
                services.checklist_save(
                    actor=request.user,
                    checklist=checklist,
                    title=form.cleaned_data.get("title", ""),
                    items=form.item_list(),
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Sjekklisten er lagret."))
                return redirect("governance:guidance")
        status = 422
    else:
        form = ChecklistForm(
            initial={
                "title": checklist.title,
                "items": "\n".join(i.text for i in checklist.items.all()),
            }
        )
    return render(
        request,
        "governance/checklist_form.html",
        {
            "checklist": checklist,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=status,
    )
