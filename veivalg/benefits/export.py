"""Excel export of the benefits register.

A write-only workbook streams rows to a temporary file; the rows come from the same selector
as the overview page, loaded once (the benefits, their goals, plans and measurements).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from veivalg.benefits.models import PRICED_CATEGORIES, Category, IndicatorUnit
from veivalg.benefits.selectors import Row
from veivalg.core import xlsx
from veivalg.initiatives.models import State

NUMBER = "#,##0.##"
PERCENT = "0%"


def _formatted(ws: WriteOnlyWorksheet, value: Any, number_format: str) -> WriteOnlyCell:
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    return xlsx.formatted(ws, value, number_format)


def _day(ws: WriteOnlyWorksheet, value: date | None) -> WriteOnlyCell:
    return xlsx.formatted(ws, value, "dd.mm.yyyy")


def build_workbook(table: Sequence[Row], target: Any) -> int:
    """Write one row per benefit to ``target``; returns the number of rows written."""
    years = sorted({p.year for row in table for p in row.benefit.plan.all()})
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
    widths = [8, 40, 20, 24, 24, 40, 30, 30, 22, 22, 12, 12, 12, 12, 12, 12, 12, 12, 10, 16]
    widths += [14] * len(years)
    wb, ws = xlsx.sheet(_("Gevinster"), widths, headers)

    states = dict(State.choices)
    categories = dict(Category.choices)
    units = dict(IndicatorUnit.choices)
    yes, no = _("Ja"), _("Nei")
    for row in table:
        benefit, status = row.benefit, row.status
        initiative = benefit.initiative
        priced = benefit.category in PRICED_CATEGORIES
        plan_format = xlsx.KRONER if priced else NUMBER
        by_year = {p.year: p.value for p in benefit.plan.all()}
        latest = status.latest
        ws.append(
            [
                initiative.pk,
                xlsx.text(ws, initiative.title),
                xlsx.text(ws, str(states.get(initiative.state, initiative.state))),
                xlsx.text(ws, initiative.unit.directorate.name),
                xlsx.text(ws, initiative.program.name if initiative.program else ""),
                xlsx.text(ws, benefit.title),
                xlsx.text(ws, str(categories.get(benefit.category, benefit.category))),
                xlsx.text(ws, ", ".join(g.name for g in benefit.goals.all())),
                xlsx.text(ws, benefit.owner.display_name if benefit.owner else ""),
                xlsx.text(ws, benefit.responsible.display_name if benefit.responsible else ""),
                xlsx.text(ws, str(units.get(benefit.indicator_unit, ""))),
                _formatted(ws, benefit.baseline, NUMBER),
                _day(ws, benefit.baseline_date),
                _formatted(ws, benefit.target, NUMBER),
                _day(ws, benefit.target_date),
                _formatted(ws, latest.value if latest else None, NUMBER),
                _day(ws, latest.measured_on if latest else None),
                _formatted(ws, status.achievement, PERCENT),
                xlsx.text(ws, yes if status.due else no),
                _formatted(ws, row.planned_total if by_year else None, plan_format),
                *[_formatted(ws, by_year.get(year), plan_format) for year in years],
            ]
        )
    wb.save(target)
    return len(table)


def export_response(table: Sequence[Row], *, filename: str) -> FileResponse:
    return xlsx.download(lambda target: build_workbook(table, target), filename=filename)
