"""Mandates: the list, one mandate with its versions, editing (a new version per save),
approval by the board, and the DOCX and PDF downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.governance import papers, permissions, selectors, services
from veivalg.governance.forms import MandateApproveForm, MandateForm, MandateNewForm, apply_errors
from veivalg.governance.mandates import sections_of
from veivalg.governance.models import Mandate, MandateKind, MandateVersion
from veivalg.governance.views.common import document_response, not_found, require
from veivalg.initiatives.selectors import initiative_for_user
from veivalg.web.views.initiatives import error_summary

# The guidance page each kind of mandate links to.
GUIDANCE = {
    MandateKind.PROJECT: "prosjektmandatet",
    MandateKind.STEERING_GROUP: "styringsgruppens-ansvar",
    MandateKind.PROGRAM: "porteforljekontorets-rolle",
}


def _mandate(request: HttpRequest, pk: Any) -> Mandate:
    try:
        return selectors.mandate_for_user(request.user, pk)
    except NotFound as exc:
        raise not_found(exc) from exc


@login_required
def mandates(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type", "")
    rows = []
    for mandate in selectors.mandates_for(request.user, kind=kind):
        latest = mandate.versions.order_by("-number").first()
        rows.append(
            {
                "mandate": mandate,
                "latest": latest,
                "approved": latest is not None and mandate.approved_version_id == latest.pk,
            }
        )
    return render(
        request,
        "governance/mandates.html",
        {
            "rows": rows,
            "kind": kind if kind in MandateKind.values else "",
            "kinds": MandateKind.choices,
            "can_create": permissions.is_office(request.user),
        },
    )


def _version(mandate: Mandate, raw: str) -> MandateVersion | None:
    if raw.isdigit():
        version = mandate.versions.filter(number=int(raw)).select_related("created_by").first()
        if version is None:
            raise Http404(_("Versjonen finnes ikke."))
        return version
    return selectors.latest_version(mandate)


def _render_detail(
    request: HttpRequest,
    mandate: Mandate,
    *,
    approve_form: MandateApproveForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    latest = selectors.latest_version(mandate)
    shown = _version(mandate, request.GET.get("versjon", ""))
    content = shown.content if shown else {}
    approved = selectors.is_approved(mandate, latest)
    can_approve = permissions.can_approve_mandate(request.user, mandate) and not approved
    return render(
        request,
        "governance/mandate_detail.html",
        {
            "mandate": mandate,
            "latest": latest,
            "shown": shown,
            "is_latest": shown is not None and latest is not None and shown.pk == latest.pk,
            "approved": approved,
            "sections": [(s, content.get(s.key, "")) for s in sections_of(mandate.kind)],
            "versions": selectors.versions_of(mandate),
            "can_edit": permissions.can_edit_mandate(request.user, mandate),
            "approve_form": (approve_form or MandateApproveForm(board=mandate.board))
            if can_approve
            else None,
            "guidance_slug": GUIDANCE.get(MandateKind(mandate.kind)),
            "error": error,
        },
        status=status,
    )


@login_required
def mandate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _mandate(request, pk))


@login_required
def mandate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    require(
        permissions.can_edit_mandate(request.user, mandate),
        _("Bare porteføljekontoret, prosjekteieren eller eieren av programmet kan endre mandatet."),
    )
    latest = selectors.latest_version(mandate)
    status = 200
    if request.method == "POST":
        form = MandateForm(request.POST, mandate=mandate)
        if form.is_valid():
            try:
                version = services.mandate_save(
                    actor=request.user,
                    mandate=mandate,
                    content=form.content(),
                    comment=form.cleaned_data.get("comment", ""),
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                if latest is not None and version.pk == latest.pk:
                    messages.info(request, _("Ingen endringer – ingen ny versjon er lagret."))
                else:
                    messages.success(
                        request,
                        _("Versjon %(number)s er lagret.") % {"number": version.number},
                    )
                return redirect("governance:mandate", pk=mandate.pk)
        status = 422
    else:
        form = MandateForm(initial=dict(latest.content) if latest else {}, mandate=mandate)
    return render(
        request,
        "governance/mandate_form.html",
        {
            "mandate": mandate,
            "form": form,
            "latest": latest,
            "approved": selectors.is_approved(mandate, latest),
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=status,
    )


@login_required
@require_POST
def mandate_approve(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    require(
        permissions.can_approve_mandate(request.user, mandate),
        _("Bare styrets medlemmer og sekretær kan godkjenne mandatet."),
    )
    form = MandateApproveForm(request.POST, board=mandate.board)
    if not form.is_valid():
        return _render_detail(request, mandate, approve_form=form, status=422)
    try:
        services.mandate_approve(
            actor=request.user, mandate=mandate, meeting=form.cleaned_data.get("meeting")
        )
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_detail(request, mandate, approve_form=form, status=422)
    except DomainError as exc:
        return _render_detail(request, mandate, status=exc.status, error=exc.message)
    messages.success(request, _("Mandatet er godkjent."))
    return redirect("governance:mandate", pk=mandate.pk)


@login_required
def mandate_new(request: HttpRequest) -> HttpResponse:
    require(
        permissions.is_office(request.user), _("Bare porteføljekontoret kan opprette mandater.")
    )
    status = 200
    if request.method == "POST":
        form = MandateNewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            initiative = None
            number = (data.get("initiative") or "").strip().lstrip("#")
            if number:
                try:
                    initiative = initiative_for_user(request.user, number)
                except NotFound as exc:
                    form.add_error("initiative", exc.message)
            if not form.errors:
                try:
                    mandate = services.mandate_create(
                        actor=request.user,
                        kind=data.get("kind") or "",
                        initiative=initiative,
                        program=data.get("program"),
                        board=data.get("board"),
                    )
                except ValidationFailed as exc:
                    apply_errors(form, exc)
                else:
                    messages.success(
                        request,
                        _("Mandatet er opprettet med et utkast fylt ut fra dataene."),
                    )
                    return redirect("governance:mandate", pk=mandate.pk)
        status = 422
    else:
        form = MandateNewForm(initial={"kind": MandateKind.PROGRAM})
    return render(
        request,
        "governance/mandate_new.html",
        {"form": form, "errors": error_summary(form) if form.is_bound else []},
        status=status,
    )


@login_required
def mandate_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    mandate = _mandate(request, pk)
    version = _version(mandate, request.GET.get("versjon", ""))
    return document_response(papers.mandate_document(mandate, version), fmt, mandate.title)
