"""The business case (nytte-kost-analyse) of one initiative, and the office's overrides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.benefits import selectors, services
from veivalg.benefits.business_case import DEFAULT_SENSITIVITY
from veivalg.benefits.forms import SettingsForm, apply_service_errors
from veivalg.benefits.views.common import error_summary
from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.web.access import _initiative_for_user


def sensitivity_labels() -> dict[str, str]:
    share = {"share": int(DEFAULT_SENSITIVITY * 100)}
    return {
        "base": _("Beregnet"),
        "costs_up": _("Kostnader +%(share)s %%") % share,
        "costs_down": _("Kostnader −%(share)s %%") % share,
        "benefits_up": _("Gevinster +%(share)s %%") % share,
        "benefits_down": _("Gevinster −%(share)s %%") % share,
        "pessimistic": _("Kostnader +%(share)s %% og gevinster −%(share)s %%") % share,
        "optimistic": _("Kostnader −%(share)s %% og gevinster +%(share)s %%") % share,
    }


def _render(
    request: HttpRequest,
    initiative: Initiative,
    *,
    settings_form: SettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    benefits = selectors.benefits_of(initiative)
    view = selectors.business_case(initiative, benefits)
    is_office = services.can_change_settings(request.user)
    if is_office and settings_form is None:
        settings_form = SettingsForm(
            initial=SettingsForm.initial_from(view.settings), defaults=view.defaults
        )
    labels = sensitivity_labels()
    context: dict[str, Any] = {
        "initiative": initiative,
        "view": view,
        "case": view.case,
        "sensitivity": [(labels[s.case], s) for s in view.case.sensitivity],
        "is_office": is_office,
        "settings_form": settings_form if is_office else None,
        "errors": (
            error_summary(settings_form)
            if settings_form is not None and settings_form.is_bound and status != 200
            else []
        ),
        "can_edit": services.can_edit_benefits(request.user, initiative),
    }
    return render(request, "benefits/business_case.html", context, status=status)


@login_required
def business_case(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _initiative_for_user(request, pk))


@login_required
@require_POST
def business_case_settings(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    if not services.can_change_settings(request.user):
        raise PermissionDenied(
            _("Bare porteføljekontoret kan endre forutsetningene for nytte-kost-analysen.")
        )
    defaults = selectors.parameters_of(None)
    form = SettingsForm(request.POST, defaults=defaults)
    if not form.is_valid():
        return _render(request, initiative, settings_form=form, status=422)
    try:
        services.business_case_settings_set(
            actor=request.user, initiative=initiative, data=form.service_data()
        )
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return _render(request, initiative, settings_form=form, status=422)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render(request, initiative, settings_form=form, status=exc.status)
    messages.success(request, _("Forutsetningene for nytte-kost-analysen er endret."))
    return redirect("benefits:business_case", pk=initiative.pk)
