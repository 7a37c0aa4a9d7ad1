"""Import capacity or demand from an Excel sheet, and download the two templates.

The import functions check every row first and store nothing when any row is wrong; the
page shows their report (row, column, message)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veivalg.capacity import imports
from veivalg.capacity.forms import ImportForm
from veivalg.capacity.views.common import error_summary
from veivalg.core.errors import DomainError, ValidationFailed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORTERS = {"capacity": "import_capacity", "demand": "import_demand"}


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Anyone signed in may try: the import refuses rows for pools or initiatives that the
    person may not change, and names them in the report."""
    context: dict[str, Any] = {"report": None, "errors": [], "kind": ""}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        loose: list[str] = []
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            importer = getattr(imports, IMPORTERS[kind])
            try:
                report = importer(actor=request.user, file=form.cleaned_data["file"])
            except ValidationFailed as exc:
                loose = [str(m) for messages in exc.errors.values() for m in messages]
                status = 422
            except DomainError as exc:
                loose = [exc.message]
                status = exc.status
            else:
                context["report"] = report
                context["kind"] = kind
                if report.ok:
                    form = ImportForm(initial={"kind": kind})
                else:
                    status = 422
        else:
            status = 422
        if loose or form.errors:
            context["errors"] = error_summary([form], loose=loose)
    else:
        form = ImportForm(initial={"kind": "capacity"})
    context["form"] = form
    return render(request, "capacity/import.html", context, status=status)


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def capacity_template(request: HttpRequest) -> HttpResponse:
    return _download(imports.capacity_template(), "kapasitet-mal.xlsx")


@login_required
def demand_template(request: HttpRequest) -> HttpResponse:
    return _download(imports.demand_template(), "ressursbehov-mal.xlsx")
