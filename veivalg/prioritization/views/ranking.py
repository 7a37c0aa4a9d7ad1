"""The ranking: visible initiatives by score, with the portfolio overview's filters.

``selectors.ranking`` loads the filtered rows, their ratings and every board's criteria in a
constant number of queries; the level names for the breakdowns come in one more.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from veivalg.initiatives.selectors import Filters
from veivalg.prioritization import selectors
from veivalg.prioritization.models import CriterionLevel
from veivalg.web.forms import FilterForm
from veivalg.web.htmx import wants_fragment


def _level_labels() -> dict[tuple[int, str, int], str]:
    """``(set id, criterion slug, level)`` → the level's name, for every active set."""
    rows = CriterionLevel.objects.filter(criterion__set__active=True).values_list(
        "criterion__set_id", "criterion__slug", "level", "label"
    )
    return {(set_id, slug, level): label for set_id, slug, level, label in rows}


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def ranking(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_mapping(request.GET)
    ranked = selectors.ranking(request.user, filters)
    paginator = Paginator(ranked, getattr(settings, "VEIVALG_PAGE_SIZE", 50) or 50)
    page = paginator.get_page(request.GET.get("page"))
    labels = _level_labels() if page.object_list else {}
    rows = [
        {
            "ranked": item,
            "parts": [
                {
                    "part": part,
                    "label": labels.get((item.score.set_id or 0, part.slug, part.level), "")
                    if part.level is not None
                    else "",
                }
                for part in item.score.parts
            ],
        }
        for item in page.object_list
    ]
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "filtered": any(
            getattr(filters, name) for name in Filters.__dataclass_fields__ if name != "sort"
        ),
    }
    if wants_fragment(request, "results"):
        return render(
            request, "prioritization/partials/ranking_results.html", {**context, "oob": True}
        )
    context["filter_form"] = FilterForm(request.GET)
    return render(request, "prioritization/ranking.html", context)
