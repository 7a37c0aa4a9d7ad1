"""Bundles (samordnede initiativer): the coordination overview, bundling several initiatives
into one, a bundle's page, and dissolving it until the board decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.coordination import selectors, services
from veivalg.coordination.forms import BundleForm, DissolveForm, parse_numbers
from veivalg.coordination.models import Bundle
from veivalg.coordination.views.common import is_office, require_office
from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.web.forms import apply_service_errors
from veivalg.web.views.initiatives import error_summary


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Samordning: bundles, shared needs, programs and the ways into the whole picture."""
    bundles = list(selectors.bundles_for_user(request.user)[:50])
    return render(
        request,
        "coordination/overview.html",
        {
            "active_bundles": [b for b in bundles if b.dissolved_at is None],
            "dissolved_bundles": [b for b in bundles if b.dissolved_at is not None],
            "shared_needs": list(selectors.shared_needs_for_user(request.user)[:50]),
            "programs": selectors.programs_with_counts(request.user),
            "is_office": is_office(request),
        },
    )


def _numbers(values: list[str]) -> list[int]:
    result: list[int] = []
    for value in values:
        for part in parse_numbers(value):
            if part.isdigit() and int(part) not in result:
                result.append(int(part))
    return result


@login_required
def bundle_new(request: HttpRequest) -> HttpResponse:
    require_office(
        request, _("Bare porteføljekontoret kan samle initiativer i et samordnet initiativ.")
    )
    if request.method == "POST":
        shown = _numbers(request.POST.getlist("candidates"))
        candidates = selectors.bundle_candidates(request.user, shown) if shown else []
        form = BundleForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                bundle = services.bundle_create(
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    initiatives=form.initiative_numbers(),
                    summary=form.cleaned_data["summary"],
                )
            except ValidationFailed as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Det samordnede initiativet «%(title)s» er opprettet som utkast med "
                        "%(count)s deler. Send det til direktøren når teksten er klar."
                    )
                    % {"title": bundle.initiative.title, "count": bundle.parts.count()},
                )
                return redirect("coordination:bundle", pk=bundle.pk)
        return _render_form(request, form, candidates, status=422)
    wanted = _numbers(request.GET.getlist("initiativer"))
    candidates = selectors.bundle_candidates(request.user, wanted) if wanted else []
    form = BundleForm(initial={"initiatives": [str(pk) for pk in wanted]}, candidates=candidates)
    return _render_form(request, form, candidates)


def _render_form(
    request: HttpRequest, form: BundleForm, candidates: list[Any], status: int = 200
) -> HttpResponse:
    errors = error_summary(form) if form.is_bound and status != 200 else []
    return render(
        request,
        "coordination/bundle_form.html",
        {
            "form": form,
            "errors": errors,
            "candidates": ",".join(str(c.pk) for c in candidates),
        },
        status=status,
    )


def _bundle_or_404(request: HttpRequest, pk: int) -> Bundle:
    try:
        return selectors.bundle_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _render_bundle(
    request: HttpRequest,
    bundle: Bundle,
    *,
    status: int = 200,
    error: str = "",
    form: DissolveForm | None = None,
) -> HttpResponse:
    view = selectors.bundle_view(request.user, bundle)
    decided = services.board_has_decided(view.coordinated)
    can_dissolve = is_office(request) and view.is_active and not decided
    return render(
        request,
        "coordination/bundle_detail.html",
        {
            "view": view,
            "bundle": bundle,
            "coordinated": view.coordinated,
            "decided": decided,
            "dissolve_form": (form or DissolveForm()) if can_dissolve else None,
            "error": error,
        },
        status=status,
    )


@login_required
def bundle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_bundle(request, _bundle_or_404(request, pk))


@login_required
@require_POST
def bundle_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan løse opp en samordning."))
    bundle = _bundle_or_404(request, pk)
    form = DissolveForm(request.POST)
    if not form.is_valid():
        return _render_bundle(request, bundle, status=422, form=form)
    try:
        services.bundle_dissolve(
            actor=request.user, bundle=bundle, comment=form.cleaned_data.get("comment", "")
        )
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return _render_bundle(request, bundle, status=422, form=form)
    except DomainError as exc:
        return _render_bundle(request, bundle, status=exc.status, error=exc.message)
    messages.success(
        request,
        _(
            "Samordningen er løst opp. Delene er tilbake i statusen de hadde, og det samordnede "
            "initiativet er trukket."
        ),
    )
    return redirect("coordination:bundle", pk=bundle.pk)
