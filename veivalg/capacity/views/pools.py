"""Competences and resource pools, and the capacity grid of one pool."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.capacity import selectors, services
from veivalg.capacity.forms import (
    CompetenceForm,
    PoolForm,
    RangeForm,
    apply_service_errors,
    capacity_formset,
    capacity_initial,
    capacity_rows,
)
from veivalg.capacity.models import ResourcePool
from veivalg.capacity.quarters import quarter_display, quarter_label
from veivalg.capacity.views.common import error_summary
from veivalg.core.errors import DomainError, NotFound, ValidationFailed

# --- the list, and new competences and pools ------------------------------------------------


def _render_pools(
    request: HttpRequest,
    *,
    competence_form: CompetenceForm | None = None,
    pool_form: PoolForm | None = None,
    status: int = 200,
    errors: list[Any] | None = None,
) -> HttpResponse:
    can_manage = services.can_manage_capacity(request.user)
    pools = list(selectors.pools_for(request.user))
    competences = list(selectors.competences())
    counts: dict[int, int] = {}
    for pool in pools:
        counts[pool.competence_id] = counts.get(pool.competence_id, 0) + 1
    context = {
        "competences": [(c, counts.get(c.pk, 0)) for c in competences],
        "pools": pools,
        "can_manage": can_manage,
        "competence_form": competence_form or (CompetenceForm() if can_manage else None),
        "pool_form": pool_form or (PoolForm() if can_manage and competences else None),
        "errors": errors or [],
    }
    return render(request, "capacity/pools.html", context, status=status)


@login_required
def pools(request: HttpRequest) -> HttpResponse:
    return _render_pools(request)


def _create(
    request: HttpRequest, form: forms.Form, create: Any, form_name: str
) -> tuple[Any, HttpResponse | None]:
    try:
        services.check_manage_capacity(request.user)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    loose: list[str] = []
    if form.is_valid():
        try:
            return create(actor=request.user, data=form.service_data()), None
        except ValidationFailed as exc:
            loose = apply_service_errors(form, exc)
        except DomainError as exc:
            loose = [exc.message]
    return None, _render_pools(
        request,
        **{form_name: form},
        status=422,
        errors=error_summary([form], loose=loose),
    )


@login_required
@require_POST
def competence_new(request: HttpRequest) -> HttpResponse:
    created, page = _create(
        request, CompetenceForm(request.POST), services.competence_create, "competence_form"
    )
    if page is not None:
        return page
    messages.success(request, _("Kompetansen «%(name)s» er opprettet.") % {"name": created.name})
    return redirect(reverse("capacity:pools") + "#kompetanser")


@login_required
@require_POST
def pool_new(request: HttpRequest) -> HttpResponse:
    created, page = _create(request, PoolForm(request.POST), services.pool_create, "pool_form")
    if page is not None:
        return page
    messages.success(request, _("Poolen «%(name)s» er opprettet.") % {"name": created.name})
    return redirect("capacity:pool", slug=created.slug)


# --- one pool's capacity ------------------------------------------------------------------


def _pool_for_edit(request: HttpRequest, slug: str) -> ResourcePool:
    try:
        pool = selectors.pool_by_slug(slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not services.can_edit_pool(request.user, pool):
        raise PermissionDenied(
            _(
                "Bare porteføljekontoret, direktøren for enhetens område og forvalteren av "
                "porteføljen kan endre kapasiteten til denne poolen."
            )
        )
    return pool


def _row_name(index: int, row: forms.Form) -> str:
    quarter = row.quarter_index
    return quarter_display(quarter) if quarter is not None else _("Rad %(n)s") % {"n": index + 1}


@login_required
def pool_capacity(request: HttpRequest, slug: str) -> HttpResponse:
    """The pool's capacity for a range of quarters, one row per quarter, saved at once."""
    pool = _pool_for_edit(request, slug)
    range_form = RangeForm(request.GET, default=selectors.default_range())
    first, last = range_form.quarters()
    table = selectors.capacity_table(pool, first, last)
    status = 200
    errors: list[Any] = []
    if request.method == "POST":
        formset = capacity_formset(request.POST)
        loose: list[str] = []
        if formset.is_valid():
            rows, indexes = capacity_rows(formset, pool.slug)
            try:
                services.capacity_set(actor=request.user, rows=rows)
            except ValidationFailed as exc:
                loose = apply_service_errors(None, exc, formset=formset, form_indexes=indexes)
            except DomainError as exc:
                loose = [exc.message]
            else:
                messages.success(
                    request,
                    _("Kapasiteten til «%(pool)s» er lagret.") % {"pool": pool.name},
                )
                return redirect(request.get_full_path())
        status = 422
        errors = error_summary([], formset=formset, row_name=_row_name, loose=loose)
    else:
        formset = capacity_formset(initial=capacity_initial(table))
    stored = {row.quarter: row for row in table}
    grid = [(form, form.quarter_index, stored.get(form.quarter_index)) for form in formset.forms]
    return render(
        request,
        "capacity/pool_capacity.html",
        {
            "pool": pool,
            "range_form": range_form,
            "range_action": reverse("capacity:pool", args=[pool.slug]),
            "first_label": quarter_label(first),
            "last_label": quarter_label(last),
            "first_display": quarter_display(first),
            "last_display": quarter_display(last),
            "formset": formset,
            "grid": grid,
            "errors": errors,
        },
        status=status,
    )
