"""Excel imports of capacity and demand: good files are stored, every error names its
spreadsheet row and column, and one error means nothing is stored."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from conftest import World
from veivalg.capacity import imports
from veivalg.capacity.models import (
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.services import demand_get
from veivalg.capacity.tests.conftest import q, set_demand, xlsx
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import State

CAPACITY_HEADER = ["pool", "kvartal", "kapasitet", "drift"]
DEMAND_HEADER = [
    "tiltak",
    "kompetanse",
    "kvartal_etter_start",
    "aarsverk",
    "tidligste_start",
    "seneste_start",
]


def texts(report: imports.ImportReport) -> list[str]:
    return [issue.text for issue in report.errors]


# --- capacity -----------------------------------------------------------------------------


def test_a_good_capacity_sheet_is_stored_and_a_second_run_updates(
    world: World, unit_pool: ResourcePool, portfolio_pool: ResourcePool
) -> None:
    file = xlsx(
        [
            CAPACITY_HEADER,
            ["haug-utviklere", "2027Q1", 6, 2],
            ["haug-utviklere", "2027Q2", "6,5", None],
            ["digit-utviklere", "2027K1", 4.25, 0],
        ]
    )
    report = imports.import_capacity(actor=world.office, file=file)
    assert report.ok and (report.created, report.updated, report.rows) == (3, 0, 3)
    assert PoolCapacity.objects.get(pool=unit_pool, quarter=q("2027Q2")).fte == Decimal("6.5")
    again = imports.import_capacity(actor=world.office, file=file)
    assert (again.created, again.updated) == (0, 3)
    assert PoolCapacity.objects.count() == 3
    assert AuditEvent.objects.filter(verb="capacity.capacity_set").first().data["source"] == "excel"  # type: ignore[union-attr]


def test_english_headers_in_any_case_and_order_and_without_drift(
    world: World, unit_pool: ResourcePool
) -> None:
    file = xlsx([["FTE", "Quarter", "notat", "POOL"], [3, "2027Q1", "ignoreres", "haug-utviklere"]])
    report = imports.import_capacity(actor=world.director, file=file)
    assert report.ok, texts(report)
    capacity = PoolCapacity.objects.get()
    assert capacity.fte == 3 and capacity.operations_fte == 0


def test_a_sheet_named_kapasitet_is_preferred(world: World, unit_pool: ResourcePool) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Forklaring"
    workbook.active.append(["Dette arket er bare tekst"])
    sheet = workbook.create_sheet("Kapasitet")
    sheet.append(CAPACITY_HEADER)
    sheet.append(["haug-utviklere", "2027Q1", 2, 1])
    out = BytesIO()
    workbook.save(out)
    assert imports.import_capacity(actor=world.office, file=out.getvalue()).ok


def test_errors_name_row_and_column_and_nothing_is_stored(
    world: World, unit_pool: ResourcePool
) -> None:
    file = xlsx(
        [
            CAPACITY_HEADER,
            ["haug-utviklere", "2027Q1", 6, 2],
            ["haug-utviklere", "2027Q2", 5, 1],
            ["haug-utviklere", "2027Q3", -1, 0],
            [None, None, None, None],
            ["finnes-ikke", "2027Q9", 3, 1],
            ["haug-utviklere", "2027Q1", 1, 0],
        ]
    )
    report = imports.import_capacity(actor=world.office, file=file)
    assert not report.ok
    assert texts(report) == [
        "Rad 4, kolonne C (kapasitet): må være et tall ≥ 0",
        "Rad 6, kolonne A (pool): poolen «finnes-ikke» finnes ikke",
        "Rad 6, kolonne B (kvartal): «2027Q9» er ikke et kvartal på formen 2027Q1",
        "Rad 7, kolonne B (kvartal): haug-utviklere 2027Q1 står to ganger (også i rad 2)",
    ]
    assert report.errors[0].row == 4 and report.errors[0].column == "C (kapasitet)"
    assert not PoolCapacity.objects.exists()


def test_operations_above_capacity_names_the_drift_column(
    world: World, unit_pool: ResourcePool
) -> None:
    report = imports.import_capacity(
        actor=world.office, file=xlsx([CAPACITY_HEADER, ["haug-utviklere", "2027Q1", 2, 3]])
    )
    assert [(i.row, i.column) for i in report.errors] == [(2, "D (drift)")]


def test_each_pool_is_checked_against_the_importer(
    world: World, unit_pool: ResourcePool, other_pool: ResourcePool
) -> None:
    file = xlsx(
        [
            CAPACITY_HEADER,
            ["haug-utviklere", "2027Q1", 6, 2],
            ["sykehjem-design", "2027Q1", 3, 0],
        ]
    )
    report = imports.import_capacity(actor=world.director, file=file)
    assert texts(report) == [
        "Rad 3, kolonne A (pool): du kan ikke endre kapasiteten til poolen «sykehjem-design»"
    ]
    assert not PoolCapacity.objects.exists()
    outsider = imports.import_capacity(actor=world.outsider, file=file)
    assert [i.row for i in outsider.errors] == [2, 3]


def test_not_an_xlsx_file(world: World) -> None:
    report = imports.import_capacity(actor=world.office, file=b"pool;kvartal\nx;2027Q1\n")
    assert texts(report) == ["Filen er ikke en Excel-fil (.xlsx) som kan leses."]


def test_missing_headers(world: World) -> None:
    report = imports.import_capacity(actor=world.office, file=xlsx([["pool", "drift"], ["x", 1]]))
    assert [(i.row, i.message) for i in report.errors] == [
        (1, "Mangler kolonne: kvartal, kapasitet. Første rad må ha overskriftene.")
    ]


def test_a_header_given_twice(world: World) -> None:
    report = imports.import_capacity(
        actor=world.office, file=xlsx([["pool", "kvartal", "kapasitet", "fte"], ["x", 1, 2, 3]])
    )
    assert texts(report) == ["Rad 1, kolonne D (fte): kolonnen står to ganger (også i kolonne C)"]


@pytest.mark.parametrize("rows", [[], [CAPACITY_HEADER], [CAPACITY_HEADER, [None, "", None, None]]])
def test_an_empty_sheet(world: World, rows: list[list[object]]) -> None:
    report = imports.import_capacity(actor=world.office, file=xlsx(rows))
    assert len(report.errors) == 1 and report.errors[0].message.startswith("Arket er tomt")


def test_too_many_rows(
    world: World, unit_pool: ResourcePool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [["haug-utviklere", f"2027Q{n}", 1, 0] for n in range(1, 5)]
    report = imports.import_capacity(actor=world.office, file=xlsx([CAPACITY_HEADER, *rows]))
    assert texts(report) == ["Arket har mer enn 3 rader. Del det opp i flere filer."]
    assert not PoolCapacity.objects.exists()
    ok = imports.import_capacity(actor=world.office, file=xlsx([CAPACITY_HEADER, *rows[:3]]))
    assert ok.ok


def test_the_real_row_limit_is_twenty_thousand() -> None:
    assert imports.MAX_ROWS == 20_000


def test_an_upload_that_is_too_big(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 10)
    upload = SimpleUploadedFile("kapasitet.xlsx", xlsx([CAPACITY_HEADER]))
    assert (
        imports.import_capacity(actor=world.office, file=upload)
        .errors[0]
        .message.startswith("Filen er for stor")
    )


def test_an_uploaded_file_is_read(world: World, unit_pool: ResourcePool) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "kapasitet.xlsx", xlsx([CAPACITY_HEADER, ["haug-utviklere", "2027Q1", 1, 0]])
    )
    assert imports.import_capacity(actor=world.office, file=upload).ok


def test_capacity_template_round_trips(world: World, unit_pool: ResourcePool) -> None:
    content = imports.capacity_template()
    workbook = load_workbook(BytesIO(content))
    assert [c.value for c in workbook.active[1]] == CAPACITY_HEADER
    assert workbook.active["A2"].value == "haug-utviklere"
    assert workbook["pooler"]["A2"].value == "haug-utviklere"
    report = imports.import_capacity(actor=world.office, file=content)
    assert report.ok and report.created == 1


# --- demand -------------------------------------------------------------------------------


def test_a_good_demand_sheet_replaces_the_demand_of_each_initiative(
    world: World, developer: Competence, designer: Competence
) -> None:
    first = world.initiative()
    second = world.initiative(State.IN_ANALYSIS)
    untouched = world.initiative()
    set_demand(first, "2026Q1", [(designer, 7, "9")])
    set_demand(untouched, "2026Q1", [(designer, 1, "1")])
    file = xlsx(
        [
            DEMAND_HEADER,
            [first.pk, "utvikler", 0, 1.5, "2027Q1", "2027Q3"],
            [first.pk, "Tjenestedesigner", 1, "0,5", "2027Q1", "2027Q3"],
            [f"#{second.pk}", "tjenestedesigner", 0, 2, "2028Q1", "2028Q1"],
        ]
    )
    report = imports.import_demand(actor=world.office, file=file)
    assert report.ok, texts(report)
    assert (report.created, report.updated, report.rows) == (1, 1, 3)
    assert demand_get(first) == {
        "earliest_start": "2027Q1",
        "latest_start": "2027Q3",
        "rows": [
            {"competence": "tjenestedesigner", "offset": 1, "fte": 0.5},
            {"competence": "utvikler", "offset": 0, "fte": 1.5},
        ],
    }
    assert demand_get(second)["earliest_start"] == "2028Q1"
    assert demand_get(untouched)["rows"] == [
        {"competence": "tjenestedesigner", "offset": 1, "fte": 1.0}
    ]
    assert AuditEvent.objects.filter(verb="capacity.demand_set").count() == 2


def test_aarsverk_with_a_ring_and_without_window_columns_keeps_the_window(
    world: World, developer: Competence
) -> None:
    initiative = world.initiative()
    set_demand(initiative, "2027Q2", [(developer, 3, "1")], latest="2027Q4")
    file = xlsx(
        [
            ["Tiltak", "Kompetanse", "Kvartal etter start", "Årsverk"],
            [initiative.pk, "utvikler", 0, 2],
        ]
    )
    report = imports.import_demand(actor=world.employee, file=file)
    assert report.ok, texts(report)
    assert demand_get(initiative) == {
        "earliest_start": "2027Q2",
        "latest_start": "2027Q4",
        "rows": [{"competence": "utvikler", "offset": 0, "fte": 2.0}],
    }


def test_without_a_window_anywhere_the_row_is_refused(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    file = xlsx([DEMAND_HEADER[:4], [initiative.pk, "utvikler", 0, 2]])
    report = imports.import_demand(actor=world.employee, file=file)
    assert [(i.row, i.column) for i in report.errors] == [(2, "A (tiltak)")]
    assert "startvindu" in report.errors[0].message
    assert not DemandRow.objects.exists()


def test_demand_errors_name_row_and_column_and_nothing_is_stored(
    world: World, developer: Competence
) -> None:
    good = world.initiative()
    bad = world.initiative()
    file = xlsx(
        [
            DEMAND_HEADER,
            [good.pk, "utvikler", 0, 1, "2027Q1", "2027Q2"],
            [bad.pk, "rørlegger", 0, 1, "2027Q1", "2027Q2"],
            [bad.pk, "utvikler", 40, 0, "2027Q1", "2027Q2"],
            [bad.pk, "utvikler", 1, 1, "2027Q1", "2027Q2"],
            [bad.pk, "utvikler", 1, 2, "2027Q1", "2027Q2"],
            ["abc", "utvikler", 1, 2, "2027Q1", "2027Q2"],
        ]
    )
    report = imports.import_demand(actor=world.office, file=file)
    assert [(i.row, i.column) for i in report.errors] == [
        (3, "B (kompetanse)"),
        (4, "C (kvartal_etter_start)"),
        (4, "D (aarsverk)"),
        (6, "C (kvartal_etter_start)"),
        (7, "A (tiltak)"),
    ]
    assert "også i rad 5" in report.errors[3].message
    assert not DemandRow.objects.exists() and not DemandPlan.objects.exists()


def test_window_must_agree_for_all_rows_of_an_initiative(
    world: World, developer: Competence
) -> None:
    initiative = world.initiative()
    file = xlsx(
        [
            DEMAND_HEADER,
            [initiative.pk, "utvikler", 0, 1, "2027Q1", "2027Q2"],
            [initiative.pk, "utvikler", 1, 1, "2027Q2", "2027Q2"],
            [initiative.pk, "utvikler", 2, 1, "2027Q1", "2027Q3"],
        ]
    )
    report = imports.import_demand(actor=world.office, file=file)
    assert texts(report) == [
        "Rad 3, kolonne E (tidligste_start): må være lik som i rad 2 for samme tiltak",
        "Rad 4, kolonne F (seneste_start): må være lik som i rad 2 for samme tiltak",
    ]


def test_a_bad_window_names_the_window_column(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    file = xlsx([DEMAND_HEADER, [initiative.pk, "utvikler", 0, 1, "2027Q3", "2027Q1"]])
    report = imports.import_demand(actor=world.office, file=file)
    assert [(i.row, i.column) for i in report.errors] == [(2, "F (seneste_start)")]


def test_initiatives_the_importer_may_not_see_or_edit_are_row_errors(
    world: World, developer: Competence
) -> None:
    hidden = world.initiative(
        owner=world.other_director,
        unit=world.sykehjem,
        confidential=True,
        contributing_portfolios=[],
    )
    approved = world.initiative(State.APPROVED)
    own = world.initiative()
    file = xlsx(
        [
            DEMAND_HEADER,
            [own.pk, "utvikler", 0, 1, "2027Q1", "2027Q1"],
            [hidden.pk, "utvikler", 0, 1, "2027Q1", "2027Q1"],
            [approved.pk, "utvikler", 0, 1, "2027Q1", "2027Q1"],
            [999999, "utvikler", 0, 1, "2027Q1", "2027Q1"],
        ]
    )
    report = imports.import_demand(actor=world.employee, file=file)
    assert texts(report) == [
        f"Rad 3, kolonne A (tiltak): tiltak #{hidden.pk} finnes ikke, eller du har ikke "
        "tilgang til det",
        f"Rad 4, kolonne A (tiltak): du kan ikke endre ressursbehovet til tiltak #{approved.pk}",
        "Rad 5, kolonne A (tiltak): tiltak #999999 finnes ikke, eller du har ikke tilgang til det",
    ]
    assert not DemandRow.objects.exists()
    # the project owner may change the approved one
    owner_file = xlsx([DEMAND_HEADER, [approved.pk, "utvikler", 0, 1, "2027Q1", "2027Q1"]])
    assert imports.import_demand(actor=world.project_owner, file=owner_file).ok


def test_demand_sheet_problems(world: World) -> None:
    assert texts(imports.import_demand(actor=world.office, file=b"\x00" * 10)) == [
        "Filen er ikke en Excel-fil (.xlsx) som kan leses."
    ]
    missing = imports.import_demand(actor=world.office, file=xlsx([["tiltak", "kompetanse"]]))
    assert "kvartal_etter_start, aarsverk" in missing.errors[0].message


def test_demand_template_round_trips(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    content = imports.demand_template()
    workbook = load_workbook(BytesIO(content))
    assert [c.value for c in workbook.active[1]] == DEMAND_HEADER
    assert workbook["kompetanser"]["A2"].value == "utvikler"
    workbook.active["A2"] = initiative.pk
    out = BytesIO()
    workbook.save(out)
    report = imports.import_demand(actor=world.office, file=out.getvalue())
    assert report.ok, texts(report)
    assert demand_get(initiative)["rows"] == [{"competence": "utvikler", "offset": 0, "fte": 1.5}]
