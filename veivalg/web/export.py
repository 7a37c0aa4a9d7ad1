"""Excel export of a filtered list of initiatives.

A write-only workbook streams rows to a temporary file, so 5,000 initiatives take little memory;
the rows come from the same selector as the page (two queries: the rows and their costs).
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from veivalg.initiatives.models import Initiative, InitiativeCost, State, WorkType

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KRONER = '#,##0 "kr"'


def _text(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell | str:
    """Always text: a title like ``=SUM(…)`` must never become a formula in the sheet."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    if not value.startswith("="):
        return value  # a plain value is cheaper than a cell object
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _money(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=int(value) if value is not None else None)
    cell.number_format = KRONER
    return cell


def _when(ws: WriteOnlyWorksheet, value: datetime) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=timezone.localtime(value).replace(tzinfo=None))
    cell.number_format = "dd.mm.yyyy hh:mm"
    return cell


def build_workbook(qs: QuerySet[Initiative], target: Any) -> int:
    """Write the rows of ``qs`` (from ``selectors.filter_initiatives``) to ``target``.

    Returns the number of initiatives written.
    """
    costs: dict[int, dict[int, int]] = defaultdict(dict)
    years: set[int] = set()
    rows = InitiativeCost.objects.filter(initiative_id__in=qs.order_by().values("pk")).values_list(
        "initiative_id", "year", "investment", "operating"
    )
    for initiative_id, year, investment, operating in rows:
        costs[initiative_id][year] = int(investment) + int(operating)
        years.add(year)
    year_columns = sorted(years)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Porteføljen"))
    widths = [8, 48, 22, 24, 28, 24, 24, 14, 10, 24, 16] + [14] * len(year_columns) + [18]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    headers = [
        _("Nr."),
        _("Tittel"),
        _("Status"),
        _("Direktørområde"),
        _("Virksomhet"),
        _("Portefølje"),
        _("Program"),
        _("Arbeidstype"),
        _("Politisk vedtatt"),
        _("Henvisning til politisk vedtak"),
        _("Kostnad totalt (kr)"),
        *[_("Kostnad %(year)s (kr)") % {"year": year} for year in year_columns],
        _("Sist endret"),
    ]
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)

    states = dict(State.choices)
    work_types = dict(WorkType.choices)
    yes, no = _("Ja"), _("Nei")
    count = 0
    for i in qs.iterator(chunk_size=1000):
        by_year = costs.get(i.pk, {})
        ws.append(
            [
                i.pk,
                _text(ws, i.title),
                _text(ws, str(states.get(i.state, i.state))),
                _text(ws, i.unit.directorate.name),
                _text(ws, i.unit.name),
                _text(ws, i.portfolio.name),
                _text(ws, i.program.name if i.program else ""),
                _text(ws, str(work_types.get(i.work_type, i.work_type))),
                _text(ws, yes if i.politically_mandated else no),
                _text(ws, i.political_reference),
                _money(ws, getattr(i, "total_cost", None)),
                *[_money(ws, by_year.get(year)) for year in year_columns],
                _when(ws, i.updated_at),
            ]
        )
        count += 1
    wb.save(target)
    return count


def export_response(qs: QuerySet[Initiative], *, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    build_workbook(qs, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
