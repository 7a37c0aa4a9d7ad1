"""Excel downloads: a write-only workbook streamed to a temporary file, so long lists take
little memory; every text cell stays text."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KRONER = '#,##0 "kr"'


def text(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell | str:
    """Always text: a title like ``=SUM(…)`` must never become a formula in the sheet."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    if not value.startswith("="):
        return value  # a plain value is cheaper than a cell object
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def formatted(ws: WriteOnlyWorksheet, value: Any, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def sheet(
    title: str, widths: Sequence[int], headers: Sequence[Any]
) -> tuple[Workbook, WriteOnlyWorksheet]:
    """A write-only workbook with one sheet: column widths set, the bold header row written,
    and the header row and the first two columns frozen."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    return wb, ws


def download(write: Callable[[Any], object], *, filename: str) -> FileResponse:
    """``write(target)`` saves a workbook to ``target``; the response sends it as ``filename``."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
