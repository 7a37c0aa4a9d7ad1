"""One benefit: register, edit, read, delete, and record a measurement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from veivalg.benefits import selectors, services
from veivalg.benefits.forms import (
    BENEFIT_ERROR_ALIASES,
    PLAN_ROWS_MAX,
    BenefitForm,
    MeasurementForm,
    apply_service_errors,
    plan_formset,
    plan_initial,
    plan_rows,
)
from veivalg.benefits.models import Benefit
from veivalg.benefits.views.common import benefit_for_request, error_summary
from veivalg.core.errors import DomainError, InvalidTransition, NotAllowed, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.web.access import _initiative_for_user

# --- register and edit ------------------------------------------------------------------------


def _render_form(
    request: HttpRequest,
    form: BenefitForm,
    formset: forms.BaseFormSet,
    *,
    initiative: Initiative,
    benefit: Benefit | None,
    status: int = 200,
    focus_row: int | None = None,
) -> HttpResponse:
    errors = error_summary(form, formset) if form.is_bound and status != 200 else []
    return render(
        request,
        "benefits/benefit_form.html",
        {
            "form": form,
            "formset": formset,
            "initiative": initiative,
            "benefit": benefit,
            "errors": errors,
            "focus_row": focus_row,
            "can_add_row": len(formset.forms) < PLAN_ROWS_MAX,
        },
        status=status,
    )


def _save(
    request: HttpRequest, initiative: Initiative, benefit: Benefit | None
) -> tuple[Benefit | None, HttpResponse | None]:
    """Parse the POST, call the service; return the saved benefit or the page to show."""
    form = BenefitForm(request.POST)
    adding_row = "add_plan_row" in request.POST
    formset = plan_formset(request.POST, add_row=adding_row)
    context: dict[str, Any] = {"initiative": initiative, "benefit": benefit}
    if adding_row:
        # "Legg til år" without JavaScript: one more row, keep what was typed, save nothing.
        form.is_valid()
        return None, _render_form(
            request, form, formset, **context, focus_row=len(formset.forms) - 1
        )
    if not (form.is_valid() and formset.is_valid()):
        return None, _render_form(request, form, formset, **context, status=422)
    data = form.service_data()
    data["plan"], form_indexes = plan_rows(formset)
    try:
        if benefit is None:
            saved = services.benefit_create(actor=request.user, initiative=initiative, data=data)
        else:
            saved = services.benefit_update(actor=request.user, benefit=benefit, data=data)
    except ValidationFailed as exc:
        apply_service_errors(
            form,
            exc,
            formset=formset,
            form_indexes=form_indexes,
            aliases=BENEFIT_ERROR_ALIASES,
        )
        return None, _render_form(request, form, formset, **context, status=422)
    except (NotAllowed, InvalidTransition) as exc:
        messages.error(request, exc.message)
        return None, _render_form(request, form, formset, **context, status=exc.status)
    return saved, None


def _require_edit(request: HttpRequest, initiative: Initiative) -> None:
    try:
        services.check_edit_benefits(request.user, initiative)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc


@login_required
def benefit_new(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    _require_edit(request, initiative)
    if request.method == "POST":
        saved, page = _save(request, initiative, None)
        if page is not None:
            return page
        assert saved is not None
        messages.success(
            request, _("Gevinsten «%(title)s» er registrert.") % {"title": saved.title}
        )
        return redirect("benefits:benefit", pk=saved.pk)
    form = BenefitForm(initial={"goals": [g.pk for g in initiative.goals.all()]})
    return _render_form(request, form, plan_formset(), initiative=initiative, benefit=None)


@login_required
def benefit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = benefit_for_request(request, pk)
    initiative = benefit.initiative
    _require_edit(request, initiative)
    if request.method == "POST":
        saved, page = _save(request, initiative, benefit)
        if page is not None:
            return page
        assert saved is not None
        messages.success(request, _("Endringene er lagret."))
        return redirect("benefits:benefit", pk=saved.pk)
    form = BenefitForm(initial=BenefitForm.initial_from(benefit))
    formset = plan_formset(initial=plan_initial(benefit))
    return _render_form(request, form, formset, initiative=initiative, benefit=benefit)


@login_required
def benefit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = benefit_for_request(request, pk)
    initiative = benefit.initiative
    _require_edit(request, initiative)
    error = ""
    if request.method == "POST":
        try:
            services.benefit_delete(actor=request.user, benefit=benefit)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request, _("Gevinsten «%(title)s» er slettet.") % {"title": benefit.title}
            )
            return redirect(reverse("web:initiative", args=[initiative.pk]) + "#gevinster")
    return render(
        request,
        "benefits/benefit_delete.html",
        {"benefit": benefit, "initiative": initiative, "error": error},
        status=409 if error else 200,
    )


# --- read and measure --------------------------------------------------------------------------


def _detail_context(
    request: HttpRequest, benefit: Benefit, measurement_form: MeasurementForm | None = None
) -> dict[str, Any]:
    user = request.user
    status = selectors.status_of(benefit)
    measurements = [
        (m, selectors.achievement_of(benefit, m.value)) for m in benefit.measurements.all()
    ]
    can_measure = services.can_measure(user, benefit)
    return {
        "benefit": benefit,
        "initiative": benefit.initiative,
        "status": status,
        "measurements": measurements,
        "plan": list(benefit.plan.all()),
        "goals": list(benefit.goals.all()),
        "can_edit": services.can_edit_benefits(user, benefit.initiative),
        "can_measure": can_measure,
        "measurement_form": measurement_form or (MeasurementForm() if can_measure else None),
    }


@login_required
def benefit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefit = benefit_for_request(request, pk)
    return render(request, "benefits/benefit_detail.html", _detail_context(request, benefit))


@login_required
def measurement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """The measurement form on its own page, and its POST (htmx swaps the measurements)."""
    benefit = benefit_for_request(request, pk)
    try:
        services.check_measure(request.user, benefit)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if request.method != "POST":
        return render(
            request,
            "benefits/measurement_form.html",
            {"benefit": benefit, "initiative": benefit.initiative, "form": MeasurementForm()},
        )
    form = MeasurementForm(request.POST)
    error_status = 0
    if form.is_valid():
        try:
            services.measurement_record(
                actor=request.user, benefit=benefit, data=form.service_data()
            )
        except ValidationFailed as exc:
            apply_service_errors(form, exc)
            error_status = 422
        except DomainError as exc:
            form.add_error(None, exc.message)
            error_status = exc.status
    else:
        error_status = 422
    if request.htmx:
        # htmx swaps only the measurements; a failed post keeps what was typed.
        fresh = selectors.benefit_for_user(request.user, benefit.pk)
        context = _detail_context(
            request, fresh, measurement_form=form if error_status else MeasurementForm()
        )
        context["errors"] = error_summary(form) if error_status else []
        context["measured"] = not error_status
        return render(request, "benefits/partials/measurements.html", context)
    if error_status:
        return render(
            request,
            "benefits/measurement_form.html",
            {
                "benefit": benefit,
                "initiative": benefit.initiative,
                "form": form,
                "errors": error_summary(form),
            },
            status=error_status,
        )
    messages.success(request, _("Målingen er registrert."))
    return redirect(reverse("benefits:benefit", args=[benefit.pk]) + "#malinger")
