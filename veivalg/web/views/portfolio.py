"""The portfolio across all portfolios, per directorate, and its Excel export.

Every list goes through ``selectors.filter_initiatives`` (visibility, filters, annotations and
``select_related``), so a page costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from veivalg.initiatives import selectors
from veivalg.initiatives.models import OPEN_STATES, Initiative, InitiativeCost, State
from veivalg.org.models import Directorate
from veivalg.web.export import export_response
from veivalg.web.forms import FilterForm
from veivalg.web.htmx import wants_fragment

# Sortable columns: column key → (ascending sort, descending sort) in ``selectors.SORTS``.
SORTABLE = {
    "number": ("created", "-created"),
    "title": ("title", "-title"),
    "state": ("state", "-state"),
    "unit": ("unit", "-unit"),
    "portfolio": ("portfolio", "-portfolio"),
    "cost": ("cost", "-cost"),
}
DEFAULT_SORT = "-created"
# Lists never show these; leaving them out keeps a page of 50 rows small.
LONG_TEXT = ("summary", "need")


def _sort_headers(current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: its ``aria-sort`` (on the active column only) and next sort."""
    current = current if current in selectors.SORTS else DEFAULT_SORT
    headers = {}
    for column, (ascending, descending) in SORTABLE.items():
        if current == ascending:
            headers[column] = {"aria_sort": "ascending", "next": descending}
        elif current == descending:
            headers[column] = {"aria_sort": "descending", "next": ascending}
        else:
            headers[column] = {"aria_sort": "", "next": ascending}
    return headers


def _page(request: HttpRequest, qs: QuerySet[Initiative]) -> Page:
    paginator = Paginator(qs, getattr(settings, "VEIVALG_PAGE_SIZE", 50) or 50)
    return paginator.get_page(request.GET.get("page"))


def _results_context(
    request: HttpRequest, filters: selectors.Filters, qs: QuerySet[Initiative]
) -> dict[str, Any]:
    page = _page(request, qs)
    return {
        "page": page,
        "rows": list(page.object_list),
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "sort_headers": _sort_headers(filters.sort),
        "filtered": any(
            getattr(filters, name)
            for name in selectors.Filters.__dataclass_fields__
            if name != "sort"
        ),
    }


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def overview(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_mapping(request.GET)
    qs = selectors.filter_initiatives(request.user, filters).defer(*LONG_TEXT)
    context = _results_context(request, filters, qs)
    if wants_fragment(request, "results"):
        return render(request, "web/partials/overview_results.html", {**context, "oob": True})
    context["filter_form"] = FilterForm(request.GET)
    return render(request, "web/overview.html", context)


@login_required
def overview_export(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_mapping(request.GET)
    qs = selectors.filter_initiatives(request.user, filters).defer(*LONG_TEXT)
    return export_response(qs, filename="veivalg-portefolje.xlsx")


@login_required
def directorates(request: HttpRequest) -> HttpResponse:
    counts: dict[int, dict[str, int]] = {}
    rows = (
        selectors.visible_initiatives(request.user)
        .values_list("unit__directorate_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for directorate_id, state, n in rows:
        counts.setdefault(directorate_id, {})[state] = n
    columns = [s for s in State if s in OPEN_STATES]
    table = []
    for directorate in Directorate.objects.annotate(unit_count=Count("units")).order_by("name"):
        by_state = counts.get(directorate.pk, {})
        table.append(
            {
                "directorate": directorate,
                "cells": [(state, by_state.get(state, 0)) for state in columns],
                "finished": sum(n for s, n in by_state.items() if s not in OPEN_STATES),
                "total": sum(by_state.values()),
            }
        )
    return render(
        request,
        "web/directorates.html",
        {
            "columns": columns,
            "table": table,
            "column_totals": [
                sum(row["cells"][i][1] for row in table) for i in range(len(columns))
            ],
            "finished_total": sum(row["finished"] for row in table),
            "grand_total": sum(row["total"] for row in table),
        },
    )


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def directorate(request: HttpRequest, slug: str) -> HttpResponse:
    directorate = get_object_or_404(Directorate, slug=slug)
    filters = dataclasses.replace(
        selectors.Filters.from_mapping(request.GET), directorate=directorate.slug
    )
    qs = selectors.filter_initiatives(request.user, filters).defer(*LONG_TEXT)
    context = _results_context(request, filters, qs)
    context["directorate"] = directorate
    context["filtered"] = any(
        getattr(filters, name)
        for name in selectors.Filters.__dataclass_fields__
        if name not in ("sort", "directorate")
    )
    if wants_fragment(request, "results"):
        return render(request, "web/partials/overview_results.html", {**context, "oob": True})
    open_ids = qs.filter(state__in=OPEN_STATES).order_by().values("pk")
    yearly = list(
        InitiativeCost.objects.filter(initiative_id__in=open_ids)
        .values("year")
        .annotate(investment=Sum("investment"), operating=Sum("operating"))
        .order_by("year")
    )
    for row in yearly:
        row["total"] = (row["investment"] or 0) + (row["operating"] or 0)
    unit_counts = dict(
        selectors.visible_initiatives(request.user)
        .filter(unit__directorate=directorate)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    context.update(
        {
            "filter_form": FilterForm(request.GET, directorate=directorate),
            "units": [(unit, unit_counts.get(unit.pk, 0)) for unit in directorate.units.all()],
            "yearly": yearly,
            "yearly_totals": {
                "investment": sum(r["investment"] or 0 for r in yearly),
                "operating": sum(r["operating"] or 0 for r in yearly),
                "total": sum(r["total"] for r in yearly),
            },
        }
    )
    return render(request, "web/directorate.html", context)
