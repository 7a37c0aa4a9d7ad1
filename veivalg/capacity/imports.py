"""Importing capacity and demand from Excel (.xlsx), all or nothing.

Capacity: one row per pool × quarter, columns ``pool``, ``kvartal``, ``kapasitet`` and
optionally ``drift`` (also ``quarter``, ``fte``, ``operations_fte``).

Demand: one row per initiative × competence × quarter after start, columns ``tiltak``
(initiative number), ``kompetanse`` (short name or name), ``kvartal_etter_start``,
``aarsverk`` (or ``årsverk``) and optionally ``tidligste_start`` and ``seneste_start`` (the
same for every row of one initiative; when left out, the initiative keeps its window). The
demand of each initiative named is replaced by its rows in the sheet.

Headers are matched without regard to case, spaces or hyphens. Every error is reported with
the row number and the column (letter and header) as the spreadsheet shows them; when there
is any error nothing is stored. The rules are the services' (``clean_capacity_rows``,
``clean_demand``), including who may change which pool and which initiative.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from veivalg.capacity import services
from veivalg.capacity.models import Competence, DemandPlan, DemandRow, ResourcePool
from veivalg.capacity.quarters import parse_quarter, quarter_label
from veivalg.initiatives.models import Initiative
from veivalg.initiatives.selectors import visible_initiatives
from veivalg.org.models import User

MAX_ROWS = 20_000
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_HEADER_COLUMNS = 100
SOURCE = "excel"

# field → (header in templates, accepted headers after normalising)
CAPACITY_COLUMNS: dict[str, tuple[str, frozenset[str]]] = {
    "pool": ("pool", frozenset({"pool"})),
    "quarter": ("kvartal", frozenset({"kvartal", "quarter"})),
    "fte": ("kapasitet", frozenset({"kapasitet", "fte"})),
    "operations_fte": ("drift", frozenset({"drift", "operations_fte"})),
}
CAPACITY_REQUIRED = ("pool", "quarter", "fte")

DEMAND_COLUMNS: dict[str, tuple[str, frozenset[str]]] = {
    "initiative": ("tiltak", frozenset({"tiltak", "initiative"})),
    "competence": ("kompetanse", frozenset({"kompetanse", "competence"})),
    "offset": ("kvartal_etter_start", frozenset({"kvartal_etter_start", "offset"})),
    "fte": ("aarsverk", frozenset({"aarsverk", "årsverk", "fte"})),
    "earliest_start": ("tidligste_start", frozenset({"tidligste_start", "earliest_start"})),
    "latest_start": ("seneste_start", frozenset({"seneste_start", "latest_start"})),
}
DEMAND_REQUIRED = ("initiative", "competence", "offset", "fte")


@dataclass(frozen=True)
class ImportIssue:
    """One error: the spreadsheet row (1 is the header row, 0 the file itself) and the column
    as ``"C (kapasitet)"`` (empty when the error concerns the whole row or file)."""

    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        """``Rad 4, kolonne C (kapasitet): må være et tall ≥ 0``."""
        message = self.message.rstrip(".")
        if message[:1].isupper() and not message[1:2].isupper():
            message = message[:1].lower() + message[1:]
        if self.row <= 0:
            return self.message
        if self.column:
            return _("Rad %(row)s, kolonne %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": message,
            }
        return _("Rad %(row)s: %(message)s") % {"row": self.row, "message": message}

    def __str__(self) -> str:
        return self.text


@dataclass
class ImportReport:
    """The outcome. ``created``/``updated`` count pool × quarter rows for capacity, and
    initiatives (demand new or replaced) for demand; ``rows`` is the data rows read."""

    errors: list[ImportIssue] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading the sheet ----------------------------------------------------------------------


@dataclass
class _Sheet:
    # field → (1-based column index, header as written)
    columns: dict[str, tuple[int, str]]
    # (spreadsheet row number, field → value)
    rows: list[tuple[int, dict[str, Any]]]

    def column(self, name: str) -> str:
        if name not in self.columns:
            return ""
        index, header = self.columns[name]
        return f"{get_column_letter(index)} ({header})"


class _Refused(Exception):
    def __init__(self, issues: list[ImportIssue]) -> None:
        super().__init__("; ".join(i.text for i in issues))
        self.issues = issues


def normalise_header(value: Any) -> str:
    text = "" if value is None else str(value).strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _open(file: Any) -> Any:
    """The workbook in ``file`` (bytes, a path or a file-like object such as an upload)."""
    size = getattr(file, "size", None)
    if isinstance(file, bytes | bytearray):
        size = len(file)
        file = io.BytesIO(file)
    if size is not None and size > MAX_FILE_BYTES:
        raise _Refused(
            [
                ImportIssue(
                    0,
                    "",
                    _("Filen er for stor (høyst %(mb)s MB).")
                    % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
                )
            ]
        )
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # zipfile, XML or openpyxl errors: all mean "not a readable .xlsx"
        raise _Refused(
            [ImportIssue(0, "", _("Filen er ikke en Excel-fil (.xlsx) som kan leses."))]
        ) from None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read(
    file: Any,
    columns: Mapping[str, tuple[str, frozenset[str]]],
    required: Sequence[str],
    preferred_sheets: Sequence[str],
) -> _Sheet:
    workbook = _open(file)
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        names = {normalise_header(n): n for n in workbook.sheetnames}
        for wanted in preferred_sheets:
            if wanted in names:
                sheet = workbook[names[wanted]]
                break
        if sheet is None:
            raise _Refused([ImportIssue(0, "", _("Arbeidsboken har ingen ark."))])
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(_blank(v) for v in header[:MAX_HEADER_COLUMNS]):
            raise _Refused([ImportIssue(0, "", _("Arket er tomt."))])
        found: dict[str, tuple[int, str]] = {}
        issues: list[ImportIssue] = []
        for index, value in enumerate(header[:MAX_HEADER_COLUMNS], start=1):
            key = normalise_header(value)
            for name, (_title, accepted) in columns.items():
                if key in accepted:
                    if name in found:
                        issues.append(
                            ImportIssue(
                                1,
                                f"{get_column_letter(index)} ({str(value).strip()})",
                                _("Kolonnen står to ganger (også i kolonne %(other)s).")
                                % {"other": get_column_letter(found[name][0])},
                            )
                        )
                    else:
                        found[name] = (index, str(value).strip())
        missing = [columns[name][0] for name in required if name not in found]
        if missing:
            issues.append(
                ImportIssue(
                    1,
                    "",
                    _("Mangler kolonne: %(columns)s. Første rad må ha overskriftene.")
                    % {"columns": ", ".join(missing)},
                )
            )
        if issues:
            raise _Refused(issues)
        width = max(index for index, _header in found.values())
        data: list[tuple[int, dict[str, Any]]] = []
        for number, values in enumerate(rows, start=2):
            values = tuple(values[:width]) if values else ()
            if all(_blank(v) for v in values):
                continue
            if len(data) >= MAX_ROWS:
                raise _Refused(
                    [
                        ImportIssue(
                            0,
                            "",
                            _("Arket har mer enn %(max)s rader. Del det opp i flere filer.")
                            % {"max": f"{MAX_ROWS:,}".replace(",", " ")},
                        )
                    ]
                )
            record = {
                name: (values[index - 1] if index - 1 < len(values) else None)
                for name, (index, _header) in found.items()
            }
            for name, value in record.items():
                if isinstance(value, str):
                    record[name] = value.strip()
            data.append((number, record))
        if not data:
            raise _Refused(
                [ImportIssue(0, "", _("Arket er tomt: ingen rader under overskriftene."))]
            )
        return _Sheet(columns=found, rows=data)
    finally:
        workbook.close()


def _issues_from(
    errors: Mapping[str, Sequence[str]],
    sheet: _Sheet,
    row_of: Callable[[int], int],
    column_of: Mapping[str, str],
    *,
    fallback_row: int,
) -> list[ImportIssue]:
    """Service errors keyed ``rows[i].field`` (or a plain field) as spreadsheet issues."""
    out: list[ImportIssue] = []
    for key, messages in errors.items():
        match = services.ROW_KEY.match(key)
        if match:
            row = row_of(int(match.group(1)))
            name = match.group(2) or ""
        else:
            row, name = fallback_row, key
        column = sheet.column(column_of.get(name, name)) if name else ""
        out.extend(ImportIssue(row, column, str(m)) for m in messages)
    return out


def _sorted(issues: list[ImportIssue]) -> list[ImportIssue]:
    return sorted(issues, key=lambda i: (i.row, i.column))


# --- capacity -------------------------------------------------------------------------------


def import_capacity(*, actor: User, file: Any) -> ImportReport:
    """Set capacity from a sheet: all rows or none."""
    try:
        sheet = _read(file, CAPACITY_COLUMNS, CAPACITY_REQUIRED, ("kapasitet", "capacity"))
    except _Refused as refused:
        return ImportReport(errors=refused.issues)
    numbers = [number for number, _record in sheet.rows]
    records = [record for _number, record in sheet.rows]
    cleaned = services.clean_capacity_rows(
        actor, records, label=lambda i: _("rad %(row)s") % {"row": numbers[i]}
    )
    issues = _issues_from(cleaned.errors.errors, sheet, lambda i: numbers[i], {}, fallback_row=1)
    for index, pool in cleaned.forbidden.items():
        issues.append(
            ImportIssue(
                numbers[index],
                sheet.column("pool"),
                _("Du kan ikke endre kapasiteten til poolen «%(pool)s».") % {"pool": pool.slug},
            )
        )
    report = ImportReport(rows=len(records))
    if issues:
        report.errors = _sorted(issues)
        return report
    with transaction.atomic():
        result = services.store_capacity(actor, cleaned.rows, source=SOURCE)
    report.created, report.updated = result.created, result.updated
    return report


# --- demand ---------------------------------------------------------------------------------


def _competence_map() -> dict[str, Competence]:
    out: dict[str, Competence] = {}
    for c in Competence.objects.all():
        out[c.slug] = c
        out.setdefault(c.slug.lower(), c)
        out.setdefault(c.name.strip().lower(), c)
    return out


def _window_key(value: Any) -> Any:
    """A window cell compared across rows: the quarter if it parses, else the text."""
    if _blank(value):
        return None
    try:
        return parse_quarter(str(value))
    except ValueError:
        return str(value).strip()


def import_demand(*, actor: User, file: Any) -> ImportReport:
    """Replace the demand of every initiative named in the sheet: all or none."""
    try:
        sheet = _read(file, DEMAND_COLUMNS, DEMAND_REQUIRED, ("behov", "ressursbehov", "demand"))
    except _Refused as refused:
        return ImportReport(errors=refused.issues)
    report = ImportReport(rows=len(sheet.rows))
    issues: list[ImportIssue] = []

    # group the rows by initiative
    groups: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for number, record in sheet.rows:
        raw = record.get("initiative")
        if isinstance(raw, str):
            raw = raw.lstrip("#")
        pk = services.parse_integer(raw)
        if pk is None or pk <= 0:
            issues.append(
                ImportIssue(number, sheet.column("initiative"), _("Oppgi tiltakets nummer."))
            )
            continue
        groups.setdefault(pk, []).append((number, record))

    initiatives = {
        i.pk: i
        for i in visible_initiatives(actor)
        .filter(pk__in=list(groups))
        .select_related("unit__directorate")
    }
    windows = {
        p.initiative_id: (p.earliest_start, p.latest_start)
        for p in DemandPlan.objects.filter(initiative_id__in=list(initiatives))
    }
    with_rows = set(
        DemandRow.objects.filter(initiative_id__in=list(initiatives)).values_list(
            "initiative_id", flat=True
        )
    )
    competences = _competence_map()
    has_window_columns = "earliest_start" in sheet.columns or "latest_start" in sheet.columns
    to_store: list[tuple[Initiative, services.CleanedDemand]] = []

    for pk, rows in groups.items():
        initiative = initiatives.get(pk)
        if initiative is None:
            issues.extend(
                ImportIssue(
                    number,
                    sheet.column("initiative"),
                    _("Tiltak #%(pk)s finnes ikke, eller du har ikke tilgang til det.")
                    % {"pk": pk},
                )
                for number, _record in rows
            )
            continue
        if not services.can_edit_demand(actor, initiative):
            issues.extend(
                ImportIssue(
                    number,
                    sheet.column("initiative"),
                    _("Du kan ikke endre ressursbehovet til tiltak #%(pk)s.") % {"pk": pk},
                )
                for number, _record in rows
            )
            continue

        # the window: the same on every row of the initiative, or the stored one
        first_number, first_record = rows[0]
        window_ok = True
        for name in ("earliest_start", "latest_start"):
            expected = _window_key(first_record.get(name))
            for number, record in rows[1:]:
                if _window_key(record.get(name)) != expected:
                    window_ok = False
                    issues.append(
                        ImportIssue(
                            number,
                            sheet.column(name),
                            _("Må være lik som i rad %(row)s for samme tiltak.")
                            % {"row": first_number},
                        )
                    )
        if not window_ok:
            continue
        earliest = first_record.get("earliest_start")
        latest = first_record.get("latest_start")
        if _blank(earliest) and _blank(latest):
            stored = windows.get(pk, (None, None))
            earliest = quarter_label(stored[0]) if stored[0] is not None else None
            latest = quarter_label(stored[1]) if stored[1] is not None else None
        data = {
            "earliest_start": None if _blank(earliest) else str(earliest),
            "latest_start": None if _blank(latest) else str(latest),
            "rows": [
                {
                    "competence": "" if _blank(r.get("competence")) else str(r["competence"]),
                    "offset": r.get("offset"),
                    "fte": r.get("fte"),
                }
                for _number, r in rows
            ],
        }
        numbers = [number for number, _record in rows]
        cleaned = services.clean_demand(
            data,
            competences=competences,
            label=lambda i, numbers=numbers: _("rad %(row)s") % {"row": numbers[i]},
        )
        if cleaned.errors.errors:
            window_column = (
                {}
                if has_window_columns
                else {
                    "earliest_start": "initiative",
                    "latest_start": "initiative",
                }
            )
            errors = dict(cleaned.errors.errors)
            if not has_window_columns and "earliest_start" in errors:
                errors["earliest_start"] = [
                    _(
                        "Tiltak #%(pk)s har ikke noe startvindu. Legg til kolonnene "
                        "tidligste_start og seneste_start."
                    )
                    % {"pk": pk}
                ]
            issues.extend(
                _issues_from(
                    errors,
                    sheet,
                    lambda i, numbers=numbers: numbers[i],
                    window_column,
                    fallback_row=first_number,
                )
            )
            continue
        to_store.append((initiative, cleaned))

    if issues:
        report.errors = _sorted(issues)
        return report
    with transaction.atomic():
        locked = {
            i.pk: i
            for i in Initiative.objects.select_for_update().filter(
                pk__in=[i.pk for i, _c in to_store]
            )
        }
        for initiative, cleaned in to_store:
            services.store_demand(actor, locked[initiative.pk], cleaned, source=SOURCE)
            if initiative.pk in with_rows or initiative.pk in windows:
                report.updated += 1
            else:
                report.created += 1
    return report


# --- templates ------------------------------------------------------------------------------


def _workbook_bytes(
    title: str,
    headers: Sequence[str],
    example: Sequence[Any],
    reference_title: str,
    reference: Sequence[tuple[str, str]],
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    sheet.append(list(example))
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    ref = workbook.create_sheet(reference_title)
    ref.append([_("kortnavn"), _("navn")])
    for row in reference:
        ref.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def capacity_template() -> bytes:
    """An .xlsx with the capacity headers, an example row and the pools' short names."""
    pools = list(ResourcePool.objects.order_by("slug").values_list("slug", "name"))
    example_pool = pools[0][0] if pools else "pool-kortnavn"
    headers = [CAPACITY_COLUMNS[name][0] for name in ("pool", "quarter", "fte", "operations_fte")]
    return _workbook_bytes("kapasitet", headers, [example_pool, "2027Q1", 6, 2], "pooler", pools)


def demand_template() -> bytes:
    """An .xlsx with the demand headers, an example row and the competences' short names."""
    competences = list(Competence.objects.order_by("name").values_list("slug", "name"))
    example = competences[0][0] if competences else "kompetanse-kortnavn"
    headers = [
        DEMAND_COLUMNS[name][0]
        for name in ("initiative", "competence", "offset", "fte", "earliest_start", "latest_start")
    ]
    return _workbook_bytes(
        "behov", headers, [1, example, 0, 1.5, "2027Q1", "2027Q3"], "kompetanser", competences
    )
