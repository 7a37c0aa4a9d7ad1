"""The heatmap: demand against available capacity per competence and quarter, and the
initiatives behind one cell (htmx into the page, or a page of its own without JavaScript).

The selectors do the work in a fixed number of queries; the views only turn filters into
arguments and arrange the cells for the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from veivalg.capacity import selectors
from veivalg.capacity.forms import HeatmapFilterForm
from veivalg.capacity.quarters import parse_quarter, quarter_display, quarter_label
from veivalg.capacity.services import can_manage_capacity
from veivalg.core.errors import NotFound
from veivalg.web.htmx import wants_fragment


@dataclass(frozen=True)
class LinkedCell:
    """A heatmap cell with the address of its drill-down."""

    cell: Any
    url: str


def _filter_params(form: HeatmapFilterForm) -> dict[str, str]:
    """``{"directorate": slug, "portfolio": slug}`` for the filters chosen."""
    chosen = (("directorate", form.directorate()), ("portfolio", form.portfolio()))
    return {name: value.slug for name, value in chosen if value is not None}


def _filter_query(form: HeatmapFilterForm) -> str:
    """``?directorate=…&portfolio=…`` for the drill-down links (empty without filters)."""
    params = _filter_params(form)
    return "?" + urlencode(params) if params else ""


def _filters(request: HttpRequest) -> tuple[HeatmapFilterForm, dict[str, Any]]:
    form = HeatmapFilterForm(request.GET, default=selectors.default_range())
    directorate, portfolio = form.directorate(), form.portfolio()
    return form, {
        "directorate": directorate.pk if directorate is not None else None,
        "portfolio": portfolio.pk if portfolio is not None else None,
    }


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def heatmap(request: HttpRequest) -> HttpResponse:
    form, scope = _filters(request)
    first, last = form.quarters()
    result = selectors.heatmap(request.user, first=first, last=last, **scope)
    query = _filter_query(form)
    rows = [
        (
            row.competence,
            [
                LinkedCell(
                    cell,
                    reverse("capacity:cell", args=[row.competence.slug, cell.label]) + query,
                )
                for cell in row.cells
            ],
        )
        for row in result.rows
    ]
    context: dict[str, Any] = {
        "heatmap": result,
        "rows": rows,
        "quarters": [(quarter_label(q), quarter_display(q)) for q in result.quarters],
        "first_display": quarter_display(first),
        "last_display": quarter_display(last),
        "filter_form": form,
        "directorate": form.directorate(),
        "portfolio": form.portfolio(),
        "filter_action": reverse("capacity:heatmap"),
        "can_manage": can_manage_capacity(request.user),
    }
    if wants_fragment(request, "heatmap-results"):
        return render(request, "capacity/partials/heatmap_results.html", context)
    return render(request, "capacity/heatmap.html", context)


# A busy cell can hold a thousand initiatives: show the largest of each kind, sum the rest.
CELL_ROWS_PER_KIND = 50


def _shown_rows(request: HttpRequest, rows: list[Any]) -> dict[str, Any]:
    """The rows to list (all with ``?alle=1``), and per kind how many are left out and their
    FTE. ``rows`` are ordered by kind, then largest first."""
    if request.GET.get("alle"):
        return {"shown_rows": rows, "left_out": [], "all_url": ""}
    shown: list[Any] = []
    left: dict[str, list[Any]] = {}
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.kind] = counts.get(row.kind, 0) + 1
        if counts[row.kind] <= CELL_ROWS_PER_KIND:
            shown.append(row)
        else:
            left.setdefault(row.kind, []).append(row)
    query = request.GET.copy()
    query["alle"] = "1"
    return {
        "shown_rows": shown,
        "left_out": [
            {"kind": kind, "count": len(rest), "fte": sum(r.fte for r in rest)}
            for kind, rest in left.items()
        ],
        "all_url": f"{request.path}?{query.urlencode()}" if left else "",
    }


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def cell(request: HttpRequest, competence: str, quarter: str) -> HttpResponse:
    try:
        index = parse_quarter(quarter)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    form, scope = _filters(request)
    try:
        detail = selectors.cell_detail(request.user, competence=competence, quarter=index, **scope)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context: dict[str, Any] = {
        "detail": detail,
        "filter_form": form,
        "directorate": form.directorate(),
        "portfolio": form.portfolio(),
        "back_url": reverse("capacity:heatmap")
        + (
            "?"
            + urlencode(
                {
                    "from": quarter_label(index),
                    "to": quarter_label(index + selectors.DEFAULT_QUARTERS - 1),
                    **_filter_params(form),
                }
            )
        ),
    }
    context.update(_shown_rows(request, detail.rows))
    if wants_fragment(request, "cell-detail"):
        return render(request, "capacity/partials/cell_detail.html", context)
    return render(request, "capacity/cell.html", context)
