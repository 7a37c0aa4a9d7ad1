"""Benefits across the portfolio: the overview with its chart, the benefit map, the Excel
export, and "Mine gevinstmålinger" (the measurements a benefit owner owes).

Every page loads its benefits with ``selectors.filter_benefits`` (visibility, filters and
prefetching), so it costs the same number of queries whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from veivalg.benefits import selectors
from veivalg.benefits.business_case import as_float
from veivalg.benefits.export import export_response
from veivalg.benefits.forms import FilterForm
from veivalg.web.htmx import wants_fragment


def _chart(points: list[selectors.YearPoint]) -> dict[str, Any]:
    return {
        "years": [p.year for p in points],
        "planned": [as_float(p.planned) for p in points],
        "realised": [as_float(p.realised) for p in points],
        "labels": {
            "planned": _("Planlagt"),
            "realised": _("Realisert (anslått)"),
            "axis": _("Kroner"),
        },
    }


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def overview(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_mapping(request.GET)
    table = selectors.rows(selectors.filter_benefits(request.user, filters))
    points = selectors.planned_vs_realised(table)
    paginator = Paginator(table, getattr(settings, "VEIVALG_PAGE_SIZE", 50) or 50)
    page = paginator.get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "filters": filters,
        "summary": selectors.summarise(table),
        "points": points,
        "chart": _chart(points),
        "late": selectors.late_initiatives(table),
        "total": len(table),
        "page": page,
        "rows": list(page.object_list),
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "filter_action": reverse("benefits:portfolio"),
    }
    if wants_fragment(request, "benefit-results"):
        return render(request, "benefits/partials/overview_results.html", context)
    context["filter_form"] = FilterForm(request.GET)
    return render(request, "benefits/overview.html", context)


@login_required
def benefit_map(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.from_mapping(request.GET)
    benefits = list(selectors.filter_benefits(request.user, filters))
    table, graph = selectors.benefit_map(benefits)
    graph["labels"] = {
        "initiative": _("Initiativ"),
        "benefit": _("Gevinst"),
        "goal": _("Mål"),
    }
    return render(
        request,
        "benefits/map.html",
        {
            "filters": filters,
            "filter_form": FilterForm(request.GET),
            "filter_action": reverse("benefits:map"),
            "table": table,
            "graph": graph,
        },
    )


@login_required
def export(request: HttpRequest) -> FileResponse:
    filters = selectors.Filters.from_mapping(request.GET)
    table = selectors.rows(selectors.filter_benefits(request.user, filters))
    return export_response(table, filename="veivalg-gevinster.xlsx")


@login_required
def my_measurements(request: HttpRequest) -> HttpResponse:
    user = request.user
    due = selectors.due_measurements(user)
    due_ids = {row.benefit.pk for row in due}
    mine = [
        row for row in selectors.rows(selectors.my_benefits(user)) if row.benefit.pk not in due_ids
    ]
    return render(request, "benefits/my_measurements.html", {"due": due, "mine": mine})
