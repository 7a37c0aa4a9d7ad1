"""An initiative's demand: its start window and FTE per competence per quarter after start."""

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

from veivalg.capacity import services
from veivalg.capacity.forms import (
    DEMAND_ROWS_MAX,
    DemandForm,
    apply_service_errors,
    demand_formset,
    demand_initial,
    demand_rows,
)
from veivalg.capacity.views.common import error_summary
from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.web.access import _initiative_for_user


def _row_name(index: int, row: forms.Form) -> str:
    return _("Behov, rad %(n)s") % {"n": index + 1}


def _render(
    request: HttpRequest,
    initiative: Initiative,
    form: DemandForm,
    formset: forms.BaseFormSet,
    *,
    status: int = 200,
    errors: list[Any] | None = None,
    focus_row: int | None = None,
) -> HttpResponse:
    return render(
        request,
        "capacity/demand_form.html",
        {
            "initiative": initiative,
            "form": form,
            "formset": formset,
            "errors": errors or [],
            "focus_row": focus_row,
            "can_add_row": len(formset.forms) < DEMAND_ROWS_MAX,
        },
        status=status,
    )


@login_required
def demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    try:
        services.check_edit_demand(request.user, initiative)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if request.method != "POST":
        window, rows = demand_initial(services.demand_get(initiative))
        return _render(
            request, initiative, DemandForm(initial=window), demand_formset(initial=rows)
        )

    form = DemandForm(request.POST)
    adding_row = "add_row" in request.POST
    formset = demand_formset(request.POST, add_row=adding_row)
    if adding_row:
        # "Legg til rad" without JavaScript: one more row, keep what was typed, save nothing.
        form.is_valid()
        formset.is_valid()
        return _render(request, initiative, form, formset, focus_row=len(formset.forms) - 1)
    loose: list[str] = []
    if form.is_valid() and formset.is_valid():
        rows, indexes = demand_rows(formset)
        data = {**form.service_data(), "rows": rows}
        try:
            services.demand_set(actor=request.user, initiative=initiative, data=data)
        except ValidationFailed as exc:
            loose = apply_service_errors(form, exc, formset=formset, form_indexes=indexes)
        except DomainError as exc:
            loose = [exc.message]
        else:
            messages.success(request, _("Ressursbehovet er lagret."))
            return redirect(reverse("web:initiative", args=[initiative.pk]) + "#ressursbehov")
    errors = error_summary([form], formset=formset, row_name=_row_name, loose=loose)
    return _render(request, initiative, form, formset, status=422, errors=errors)
