"""The portfolio overview: filters, sorting, pagination, htmx, Excel and a constant query count."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from conftest import World
from veivalg.initiatives.models import Initiative, State
from veivalg.strategy.models import Goal, Program


def titles(html: str) -> list[str]:
    """Titles in the result table, in order (each title is a link in a row header)."""
    found = []
    for part in html.split('<th scope="row" class="vv-title-cell">')[1:]:
        link = part.split("</a>", 1)[0]
        found.append(link.rsplit(">", 1)[1].strip())
    return found


@pytest.fixture
def spread(world: World) -> dict[str, Initiative]:
    """Initiatives that differ in one filterable property each."""
    sub_goal = Goal.objects.create(
        slug="digitale-tjenester", name="Digitale tjenester", level="sub", parent=world.goal_main
    )
    other_program = Program.objects.create(slug="smarte-bygg", name="Smarte bygg")
    return {
        "base": world.initiative(title="Basis", goals=[]),
        "helse": world.initiative(title="Helse", unit=world.sykehjem, goals=[]),
        "digit": world.initiative(
            title="Digit", portfolio=world.digit, contributing_portfolios=[], goals=[]
        ),
        "program": world.initiative(title="Program", program=other_program, goals=[]),
        "goal": world.initiative(title="Mål", goals=[sub_goal]),
        "state": world.initiative(State.IN_ANALYSIS, title="Analyse", goals=[]),
        "work": world.initiative(title="Drift", work_type="operations", goals=[]),
        "mandated": world.initiative(
            title="Vedtatt", politically_mandated=True, political_reference="PS 1", goals=[]
        ),
        "text": world.initiative(title="Søkbar", need="Gammel sentralbord-løsning", goals=[]),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"directorate": "helse-omsorg"}, {"helse"}),
        ({"unit": "oksenoya-sykehjem"}, {"helse"}),
        ({"portfolio": "byggeprosjekter"}, set()),
        ({"program": "smarte-bygg"}, {"program"}),
        ({"goal": "digitale-tjenester"}, {"goal"}),
        ({"state": "in_analysis"}, {"state"}),
        ({"work_type": "operations"}, {"work"}),
        ({"mandated": "yes"}, {"mandated"}),
        ({"q": "sentralbord"}, {"text"}),
    ],
)
def test_each_filter_narrows_the_list(
    client: Client, world: World, spread: dict[str, Initiative], query: dict, expected: set
) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:overview"), query).content.decode()
    assert set(titles(html)) == {spread[key].title for key in expected}


def test_portfolio_filter_includes_contributing_portfolios(
    client: Client, world: World, spread: dict[str, Initiative]
) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:overview"), {"portfolio": "digit"}).content.decode()
    # "Digit" is primary in DigIT; the others have DigIT as contributing portfolio
    assert "Digit" in titles(html) and "Basis" in titles(html)


def test_no_filter_lists_everything_with_a_count(
    client: Client, world: World, spread: dict[str, Initiative]
) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:overview")).content.decode()
    assert len(titles(html)) == len(spread)
    assert f"Viser 1–{len(spread)} av {len(spread)} initiativer" in html
    for label in ("Fritekst", "Direktørområde", "Virksomhet", "Portefølje", "Program", "Mål"):
        assert f">{label}" in html


def test_sorting_by_title_marks_the_column(client: Client, world: World) -> None:
    for title in ("Beta", "Alfa", "Gamma"):
        world.initiative(title=title)
    client.force_login(world.employee)
    html = client.get(reverse("web:overview"), {"sort": "title"}).content.decode()
    assert titles(html) == ["Alfa", "Beta", "Gamma"]
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="ascending"' in html
    assert "sort=-title" in html  # the active column's link reverses the order
    html = client.get(reverse("web:overview"), {"sort": "-title"}).content.decode()
    assert titles(html) == ["Gamma", "Beta", "Alfa"]
    assert 'aria-sort="descending"' in html


def test_default_sort_is_newest_first(client: Client, world: World) -> None:
    for title in ("Første", "Andre"):
        world.initiative(title=title)
    client.force_login(world.employee)
    html = client.get(reverse("web:overview")).content.decode()
    assert titles(html) == ["Andre", "Første"]
    assert 'aria-sort="descending"' in html


def test_pagination(client: Client, world: World, settings: Any) -> None:
    settings.VEIVALG_PAGE_SIZE = 2
    for n in range(5):
        world.initiative(title=f"Nr {n}")
    client.force_login(world.employee)
    first = client.get(reverse("web:overview"), {"sort": "title"}).content.decode()
    second = client.get(reverse("web:overview"), {"sort": "title", "page": 2}).content.decode()
    assert titles(first) == ["Nr 0", "Nr 1"]
    assert titles(second) == ["Nr 2", "Nr 3"]
    assert 'class="ds-pagination"' in second
    assert 'aria-current="true"' in second
    assert "Viser 3–4 av 5 initiativer" in second
    assert "page=3" in second and "sort=title" in second  # links keep the filters


def test_out_of_scope_portfolio_is_tagged(client: Client, world: World) -> None:
    world.initiative(title="Nytt bygg", portfolio=world.bygg, contributing_portfolios=[])
    client.force_login(world.employee)
    html = client.get(reverse("web:overview")).content.decode()
    assert "Utenfor porteføljestyringen" in html


def test_confidential_is_absent_for_outsider_and_listed_for_owner(
    client: Client, world: World
) -> None:
    world.initiative(title="Hemmelig", confidential=True)
    world.initiative(title="Åpen")
    client.force_login(world.outsider)
    html = client.get(reverse("web:overview")).content.decode()
    assert titles(html) == ["Åpen"]
    export = client.get(reverse("web:overview_export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Åpen"]
    client.force_login(world.employee)
    assert "Hemmelig" in titles(client.get(reverse("web:overview")).content.decode())


def test_htmx_request_gets_only_the_results(client: Client, world: World) -> None:
    world.initiative(title="Alfa")
    client.force_login(world.employee)
    response = client.get(
        reverse("web:overview"), {"q": "Alfa"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="results"' in html
    assert titles(html) == ["Alfa"]
    assert 'id="result-count" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in response["Vary"]
    # a history restore needs the whole page
    response = client.get(
        reverse("web:overview"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


def test_excel_export_has_exactly_the_filtered_rows(
    client: Client, world: World, spread: dict[str, Initiative]
) -> None:
    world.initiative(title='=HYPERLINK("http://x")', unit=world.sykehjem, goals=[])
    client.force_login(world.employee)
    response = client.get(reverse("web:overview_export"), {"directorate": "helse-omsorg"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("Nr.", "Tittel", "Status")
    assert "Kostnad 2027 (kr)" in header and header[-1] == "Sist endret"
    body = rows[1:]
    assert sorted(r[1] for r in body) == sorted(["Helse", '=HYPERLINK("http://x")'])
    helse = next(r for r in body if r[1] == "Helse")
    assert helse[0] == spread["helse"].pk
    assert helse[2] == "Utkast" and helse[3] == "Helse og omsorg"
    assert helse[4] == "Oksenøya sykehjem" and helse[8] == "Nei"
    assert helse[10] == 290000
    assert helse[header.index("Kostnad 2027 (kr)")] == 290000
    # text that looks like a formula stays text
    cell = next(c for c in sheet["B"] if c.value == '=HYPERLINK("http://x")')
    assert cell.data_type == "s"


def test_export_link_keeps_the_filters(client: Client, world: World) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:overview"), {"state": "draft", "page": "1"}).content.decode()
    assert f'{reverse("web:overview_export")}?state=draft"' in html


def _count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:overview"), {"sort": "cost"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_query_count_does_not_grow_with_rows(client: Client, world: World) -> None:
    client.force_login(world.employee)
    for n in range(5):
        world.initiative(title=f"A{n}")
    few = _count_queries(client)
    for n in range(35):
        world.initiative(title=f"B{n}", program=None if n % 2 else world.program)
    many = _count_queries(client)
    assert Initiative.objects.count() == 40
    assert few == many
