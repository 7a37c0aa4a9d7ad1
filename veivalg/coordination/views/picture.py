"""The whole picture: the graph of initiatives with their connections (and the same as a
table), and the program pages across portfolios."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from veivalg.coordination import selectors
from veivalg.coordination.forms import GraphFilterForm
from veivalg.initiatives.selectors import Filters
from veivalg.strategy.models import Program


@login_required
def graph(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_mapping(request.GET)
    picture = selectors.graph_for_user(request.user, filters)
    return render(
        request,
        "coordination/graph.html",
        {
            "filter_form": GraphFilterForm(request.GET or None),
            "graph": picture,
            "chart": picture.chart(),
            "filtered": any((filters.directorate, filters.program, filters.portfolio)),
        },
    )


@login_required
def programs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coordination/programs.html",
        {"programs": selectors.programs_with_counts(request.user)},
    )


@login_required
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = get_object_or_404(Program.objects.select_related("owner"), slug=slug)
    return render(
        request,
        "coordination/program_detail.html",
        {
            "view": selectors.program_view(request.user, program),
            "program": program,
            "goals": list(program.goals.all()),
        },
    )
