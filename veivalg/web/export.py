"""Excel export of a filtered list of initiatives.

A write-only workbook streams rows to a temporary file, so 5,000 initiatives take little memory;
the rows come from the same selector as the page (two queries: the rows and their costs).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from veivalg.core import xlsx
from veivalg.initiatives.models import Initiative, InitiativeCost, State, WorkType


def _money(ws: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    return xlsx.formatted(ws, int(value) if value is not None else None, xlsx.KRONER)


def _when(ws: WriteOnlyWorksheet, value: datetime) -> WriteOnlyCell:
    return xlsx.formatted(ws, timezone.localtime(value).replace(tzinfo=None), "dd.mm.yyyy hh:mm")


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
    widths = [8, 48, 22, 24, 28, 24, 24, 14, 10, 24, 16] + [14] * len(year_columns) + [18]
    wb, ws = xlsx.sheet(_("Porteføljen"), widths, headers)

    states = dict(State.choices)
    work_types = dict(WorkType.choices)
    yes, no = _("Ja"), _("Nei")
    count = 0
    for i in qs.iterator(chunk_size=1000):
        by_year = costs.get(i.pk, {})
        ws.append(
            [
                i.pk,
                xlsx.text(ws, i.title),
                xlsx.text(ws, str(states.get(i.state, i.state))),
                xlsx.text(ws, i.unit.directorate.name),
                xlsx.text(ws, i.unit.name),
                xlsx.text(ws, i.portfolio.name),
                xlsx.text(ws, i.program.name if i.program else ""),
                xlsx.text(ws, str(work_types.get(i.work_type, i.work_type))),
                xlsx.text(ws, yes if i.politically_mandated else no),
                xlsx.text(ws, i.political_reference),
                _money(ws, getattr(i, "total_cost", None)),
                *[_money(ws, by_year.get(year)) for year in year_columns],
                _when(ws, i.updated_at),
            ]
        )
        count += 1
    wb.save(target)
    return count


def export_response(qs: QuerySet[Initiative], *, filename: str) -> FileResponse:
    return xlsx.download(lambda target: build_workbook(qs, target), filename=filename)
