"""Excel export of the benefits register.

A write-only workbook streams rows to a temporary file; the rows come from the same selector
as the overview page, loaded once (the benefits, their goals, plans and measurements).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from veivalg.benefits.models import PRICED_CATEGORIES, Category, IndicatorUnit
from veivalg.benefits.selectors import Row
from veivalg.initiatives.models import State

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KRONER = '#,##0 "kr"'
NUMBER = "#,##0.##"
PERCENT = "0%"


def _text(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell | str:
    """Always text: a title like ``=SUM(…)`` must never become a formula in the sheet."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _formatted(ws: WriteOnlyWorksheet, value: Any, number_format: str) -> WriteOnlyCell:
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def _day(ws: WriteOnlyWorksheet, value: date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "dd.mm.yyyy"
    return cell


def build_workbook(table: Sequence[Row], target: Any) -> int:
    """Write one row per benefit to ``target``; returns the number of rows written."""
    years = sorted({p.year for row in table for p in row.benefit.plan.all()})
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Gevinster"))
    widths = [8, 40, 20, 24, 24, 40, 30, 30, 22, 22, 12, 12, 12, 12, 12, 12, 12, 12, 10, 16]
    widths += [14] * len(years)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    headers = [
        _("Initiativ nr."),
        _("Initiativ"),
        _("Status"),
        _("Direktørområde"),
        _("Program"),
        _("Gevinst"),
        _("Kategori"),
        _("Mål"),
        _("Gevinsteier"),
        _("Gevinstansvarlig"),
        _("Enhet"),
        _("Nullpunkt"),
        _("Dato for nullpunkt"),
        _("Målverdi"),
        _("Måldato"),
        _("Siste måling"),
        _("Dato for siste måling"),
        _("Måloppnåelse"),
        _("Måling forfalt"),
        _("Plan totalt"),
        *[_("Plan %(year)s") % {"year": year} for year in years],
    ]
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)

    states = dict(State.choices)
    categories = dict(Category.choices)
    units = dict(IndicatorUnit.choices)
    yes, no = _("Ja"), _("Nei")
    for row in table:
        benefit, status = row.benefit, row.status
        initiative = benefit.initiative
        priced = benefit.category in PRICED_CATEGORIES
        plan_format = KRONER if priced else NUMBER
        by_year = {p.year: p.value for p in benefit.plan.all()}
        latest = status.latest
        ws.append(
            [
                initiative.pk,
                _text(ws, initiative.title),
                _text(ws, str(states.get(initiative.state, initiative.state))),
                _text(ws, initiative.unit.directorate.name),
                _text(ws, initiative.program.name if initiative.program else ""),
                _text(ws, benefit.title),
                _text(ws, str(categories.get(benefit.category, benefit.category))),
                _text(ws, ", ".join(g.name for g in benefit.goals.all())),
                _text(ws, benefit.owner.display_name if benefit.owner else ""),
                _text(ws, benefit.responsible.display_name if benefit.responsible else ""),
                _text(ws, str(units.get(benefit.indicator_unit, ""))),
                _formatted(ws, benefit.baseline, NUMBER),
                _day(ws, benefit.baseline_date),
                _formatted(ws, benefit.target, NUMBER),
                _day(ws, benefit.target_date),
                _formatted(ws, latest.value if latest else None, NUMBER),
                _day(ws, latest.measured_on if latest else None),
                _formatted(ws, status.achievement, PERCENT),
                _text(ws, yes if status.due else no),
                _formatted(ws, row.planned_total if by_year else None, plan_format),
                *[_formatted(ws, by_year.get(year), plan_format) for year in years],
            ]
        )
    wb.save(target)
    return len(table)


def export_response(table: Sequence[Row], *, filename: str) -> FileResponse:
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    build_workbook(table, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
