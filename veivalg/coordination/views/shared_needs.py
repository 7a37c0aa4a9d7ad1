"""Shared needs (felles behov): the list, registering one, its page with who takes part and
what each brings, and editing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.coordination import selectors, services
from veivalg.coordination.forms import ContributionForm, SharedNeedForm
from veivalg.coordination.models import SharedNeed
from veivalg.coordination.views.common import is_office, require_office
from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.org.models import Unit
from veivalg.web.forms import apply_service_errors
from veivalg.web.views.initiatives import error_summary


@login_required
def shared_needs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coordination/shared_needs.html",
        {
            "shared_needs": selectors.shared_needs_for_user(request.user),
            "is_office": is_office(request),
        },
    )


def _need_or_404(request: HttpRequest, pk: int) -> SharedNeed:
    try:
        return selectors.shared_need_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _render_form(
    request: HttpRequest, form: SharedNeedForm, shared_need: SharedNeed | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "coordination/shared_need_form.html",
        {
            "form": form,
            "shared_need": shared_need,
            "errors": error_summary(form) if form.is_bound and status != 200 else [],
        },
        status=status,
    )


@login_required
def shared_need_new(request: HttpRequest) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan registrere felles behov."))
    if request.method == "POST":
        form = SharedNeedForm(request.POST)
        if form.is_valid():
            try:
                need = services.shared_need_create(actor=request.user, data=form.service_data())
            except ValidationFailed as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Det felles behovet «%(title)s» er registrert.") % {"title": need}
                )
                return redirect("coordination:shared_need", pk=need.pk)
        return _render_form(request, form, None, status=422)
    initial = {"initiatives": request.GET.get("initiativer", ""), "coordinator": request.user.pk}
    return _render_form(request, SharedNeedForm(initial=initial), None)


@login_required
def shared_need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    if not services.can_edit_shared_need(request.user, need):
        raise PermissionDenied(
            _("Bare porteføljekontoret og koordinatoren kan endre et felles behov.")
        )
    if request.method == "POST":
        form = SharedNeedForm(request.POST)
        if form.is_valid():
            try:
                services.shared_need_update(
                    actor=request.user, shared_need=need, data=form.service_data()
                )
            except ValidationFailed as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Endringene er lagret."))
                return redirect("coordination:shared_need", pk=need.pk)
        return _render_form(request, form, need, status=422)
    initial = {
        "title": need.title,
        "description": need.description,
        "common_benefit": need.common_benefit,
        "coordinator": need.coordinator_id,
        "units": list(need.participants.values_list("unit_id", flat=True)),
        "initiatives": ", ".join(
            str(pk) for pk in need.initiatives.order_by("pk").values_list("pk", flat=True)
        ),
    }
    return _render_form(request, SharedNeedForm(initial=initial), need)


def _render_detail(
    request: HttpRequest,
    need: SharedNeed,
    *,
    status: int = 200,
    failed: ContributionForm | None = None,
) -> HttpResponse:
    view = selectors.shared_need_view(request.user, need)
    can_edit = services.can_edit_shared_need(request.user, need)
    rows = []
    for participant in view.participants:
        form = None
        if can_edit:
            if failed is not None and failed.unit.pk == participant.unit_id:
                form = failed
            else:
                form = ContributionForm(
                    initial={"contribution": participant.contribution}, unit=participant.unit
                )
        rows.append((participant, form))
    return render(
        request,
        "coordination/shared_need_detail.html",
        {"view": view, "need": need, "rows": rows, "can_edit": can_edit},
        status=status,
    )


@login_required
def shared_need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _need_or_404(request, pk))


@login_required
@require_POST
def shared_need_contribution(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    need = _need_or_404(request, pk)
    if not services.can_edit_shared_need(request.user, need):
        raise PermissionDenied(
            _("Bare porteføljekontoret og koordinatoren kan endre bidragene til et felles behov.")
        )
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404(_("Virksomheten finnes ikke."))
    form = ContributionForm(request.POST, unit=unit)
    if not form.is_valid():
        return _render_detail(request, need, status=422, failed=form)
    try:
        services.shared_need_set_contribution(
            actor=request.user,
            shared_need=need,
            unit=unit,
            contribution=form.cleaned_data.get("contribution", ""),
        )
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return _render_detail(request, need, status=422, failed=form)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    messages.success(request, _("Bidraget fra %(unit)s er lagret.") % {"unit": unit.name})
    return redirect("coordination:shared_need", pk=need.pk)
