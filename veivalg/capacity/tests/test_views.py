"""The capacity pages: heatmap and drill-down, competences and pools, a pool's capacity
grid, the Excel import and an initiative's demand (page and section)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from conftest import World
from veivalg.capacity import selectors, services
from veivalg.capacity.models import Competence, DemandRow, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import quarter_display, quarter_label
from veivalg.core.audit import AuditEvent
from veivalg.initiatives.models import Initiative, State
from veivalg.web.tests.test_accessibility import check

HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Capacity:
    """Utvikler: 3 FTE available in DigIT's pool and 2 at Haug skole (Oppvekst) per quarter.

    In the first quarter of the default range: committed 2.5 (platform) + 2 (a confidential
    initiative) = 4.5 and potential 1 (chatbot) against 5 → risk. In the second: committed 6
    against 5 → over."""

    q0: int
    utvikler: Competence
    digit_pool: ResourcePool
    haug_pool: ResourcePool
    platform: Initiative
    chatbot: Initiative
    secret: Initiative


def _demand(world: World, initiative: Initiative, start: int, rows: list[tuple[int, str]]) -> None:
    services.demand_set(
        actor=world.office,
        initiative=initiative,
        data={
            "earliest_start": quarter_label(start),
            "latest_start": quarter_label(start + 2),
            "rows": [{"competence": "utvikler", "offset": o, "fte": f} for o, f in rows],
        },
    )


@pytest.fixture
def cap(world: World) -> Capacity:
    q0, _last = selectors.default_range()
    utvikler = services.competence_create(
        actor=world.office, data={"slug": "utvikler", "name": "Utvikler"}
    )
    digit_pool = services.pool_create(
        actor=world.office,
        data={
            "slug": "digit-utv",
            "name": "DigIT utviklere",
            "competence": "utvikler",
            "portfolio": "digit",
        },
    )
    haug_pool = services.pool_create(
        actor=world.office,
        data={
            "slug": "haug-utv",
            "name": "Haug utviklere",
            "competence": "utvikler",
            "unit": "haug-skole",
        },
    )
    services.capacity_set(
        actor=world.office,
        rows=[
            {"pool": pool, "quarter": quarter_label(q0 + i), "fte": fte, "operations_fte": ops}
            for i in range(8)
            for pool, fte, ops in (("digit-utv", "4", "1"), ("haug-utv", "2", "0"))
        ],
    )
    platform = world.initiative(State.APPROVED, title="Ny skoleplattform")
    chatbot = world.initiative(State.SUBMITTED, title="Chatbot")
    secret = world.initiative(
        State.APPROVED, owner=world.office, title="Hemmelig omorganisering", confidential=True
    )
    _demand(world, platform, q0, [(0, "2.5"), (1, "6")])
    _demand(world, chatbot, q0, [(0, "1")])
    _demand(world, secret, q0, [(0, "2")])
    return Capacity(q0, utvikler, digit_pool, haug_pool, platform, chatbot, secret)


def _text(response: Any) -> str:
    """The page's text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cell_url(cap: Capacity, offset: int = 0, query: str = "") -> str:
    return reverse("capacity:cell", args=["utvikler", quarter_label(cap.q0 + offset)]) + query


# --- heatmap ------------------------------------------------------------------------------


def test_heatmap_shows_numbers_status_and_legend(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    response = client.get(reverse("capacity:heatmap"))
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "5,0 / 4,5 + 1,0" in text  # confidential demand counts in the totals
    assert "5,0 / 6,0 + 0,0" in text
    assert 'class="vv-heat__cell vv-heat--risk"' in html
    assert 'class="vv-heat__cell vv-heat--over"' in html
    # the status is written, not only coloured
    assert text.count("Risiko") >= 2 and text.count("Overbooket") >= 2  # legend + cell
    assert quarter_display(cap.q0) in text
    assert f'href="{_cell_url(cap)}"' in html
    assert 'hx-target="#cell-detail"' in html
    assert 'aria-live="polite"' in html
    check(html)


def test_heatmap_filters_by_directorate_and_answers_htmx_with_the_results(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    url = reverse("capacity:heatmap") + "?directorate=oppvekst-skole"
    response = client.get(url, HTTP_HX_TARGET="heatmap-results", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="heatmap-results"' in html
    assert "2,0 / 4,5 + 1,0" in _text(response)  # only Haug skole's pool
    assert f'href="{_cell_url(cap, query="?directorate=oppvekst-skole")}"' in html
    assert "Oppvekst skole" in _text(response)

    response = client.get(reverse("capacity:heatmap") + "?portfolio=digit")
    assert "3,0 / 0,0 + 0,0" in _text(response)  # DigIT's pool; the initiatives are SU's


def test_heatmap_range_and_bad_filters(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.employee)
    first, last = quarter_label(cap.q0 + 1), quarter_label(cap.q0 + 2)
    response = client.get(reverse("capacity:heatmap") + f"?from={first}&to={last}")
    html = response.content.decode()
    assert f'<th scope="col">{quarter_display(cap.q0 + 1)}</th>' in html
    assert f'<th scope="col">{quarter_display(cap.q0 + 3)}</th>' not in html
    assert "4,5 /" not in _text(response)

    # Only one end: the default length from it.
    html = client.get(reverse("capacity:heatmap") + f"?from={first}").content.decode()
    assert f'<th scope="col">{quarter_display(cap.q0 + 8)}</th>' in html
    assert f'<th scope="col">{quarter_display(cap.q0 + 9)}</th>' not in html
    assert f'<th scope="col">{quarter_display(cap.q0)}</th>' not in html

    response = client.get(reverse("capacity:heatmap") + f"?from={last}&to={first}")
    assert response.status_code == 200
    text = _text(response)
    assert "Til-kvartalet kan ikke være før fra-kvartalet." in text
    assert "5,0 / 4,5 + 1,0" in text  # the default range instead
    check(response.content.decode())


def test_heatmap_without_data_says_so(client: Client, world: World) -> None:
    client.force_login(world.office)
    response = client.get(reverse("capacity:heatmap"))
    assert response.status_code == 200
    assert "Ingen kompetanser har kapasitet eller behov" in _text(response)
    check(response.content.decode())


def test_capacity_pages_need_sign_in(client: Client, world: World) -> None:
    for url in (
        reverse("capacity:heatmap"),
        reverse("capacity:pools"),
        reverse("capacity:import"),
        reverse("capacity:cell", args=["utvikler", "2027Q1"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/logg-inn/" in response["Location"], url


def test_heatmap_query_count_does_not_grow_with_initiatives(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    url = reverse("capacity:heatmap")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        extra = world.initiative(State.SUBMITTED, title=f"Tiltak {i}")
        _demand(world, extra, cap.q0 + i % 3, [(0, "0.5"), (1, "0.5")])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)

    with CaptureQueriesContext(connection) as cell_queries:
        client.get(_cell_url(cap))
    assert len(cell_queries) < 25


# --- drill-down -----------------------------------------------------------------------------


def test_cell_lists_visible_initiatives_and_sums_the_hidden(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    response = client.get(_cell_url(cap))
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "<html" in html  # the page of its own, without htmx
    assert reverse("web:initiative", args=[cap.platform.pk]) in html
    assert reverse("web:initiative", args=[cap.chatbot.pk]) in html
    assert "Hemmelig" not in text and reverse("web:initiative", args=[cap.secret.pk]) not in html
    assert "2,0 årsverk fra tiltak du ikke har tilgang til" in text
    assert "Vedtatt" in text and "Mulig" in text
    assert "2,5" in text
    check(html)

    client.force_login(world.office)
    response = client.get(_cell_url(cap))
    text = _text(response)
    assert "Hemmelig omorganisering" in text
    assert "ikke har tilgang til" not in text


def test_a_busy_cell_lists_the_largest_per_kind_and_sums_the_rest(
    client: Client, world: World, cap: Capacity, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    # the package re-exports the view function under the module's name
    heatmap_views = importlib.import_module("veivalg.capacity.views.heatmap")
    monkeypatch.setattr(heatmap_views, "CELL_ROWS_PER_KIND", 2)
    for i, fte in enumerate(("0.75", "0.5", "0.25")):
        extra = world.initiative(State.SUBMITTED, title=f"Kandidat {i}")
        _demand(world, extra, cap.q0, [(0, fte)])
    client.force_login(world.office)

    text = _text(client.get(_cell_url(cap)))

    # potential: 1.0 (Chatbot), 0.75, 0.5 shown; 0.25 left out. Committed: 2 of 2 shown.
    assert "Chatbot" in text and "Kandidat 0" in text
    assert "Kandidat 1" not in text and "Kandidat 2" not in text
    assert "… og 2 tiltak til av typen «Mulig», til sammen 0,75 årsverk." in text
    assert "Vis alle 6 tiltak" in text

    full = _text(client.get(_cell_url(cap, query="?alle=1")))
    assert "Kandidat 1" in full and "Kandidat 2" in full and "Vis alle" not in full


def test_cell_answers_htmx_with_the_fragment(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.employee)
    response = client.get(_cell_url(cap, offset=1), HTTP_HX_TARGET="cell-detail", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<h2" in html
    assert "Overbooket" in html and "Ny skoleplattform" in html
    assert "Chatbot" not in html  # its demand is in the first quarter only


def test_cell_respects_filters(client: Client, world: World, cap: Capacity) -> None:
    other = world.initiative(State.APPROVED, title="Helseplattform", unit=world.sykehjem)
    _demand(world, other, cap.q0, [(0, "1")])
    client.force_login(world.employee)
    text = _text(client.get(_cell_url(cap, query="?directorate=helse-omsorg")))
    assert "Helseplattform" in text and "Ny skoleplattform" not in text
    text = _text(client.get(_cell_url(cap)))
    assert "Helseplattform" in text and "Ny skoleplattform" in text


def test_cell_404_for_unknown_competence_or_quarter(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    assert client.get(reverse("capacity:cell", args=["ingen-slik", "2027Q1"])).status_code == 404
    assert client.get(reverse("capacity:cell", args=["utvikler", "2027Q9"])).status_code == 404


# --- competences and pools -----------------------------------------------------------------


def test_pools_page_lists_pools_and_offers_forms_only_to_the_office(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.employee)
    response = client.get(reverse("capacity:pools"))
    assert response.status_code == 200
    text = _text(response)
    assert "DigIT utviklere" in text and "Haug skole" in text and "Utvikler" in text
    assert "Ny kompetanse" not in text
    assert reverse("capacity:pool", args=["digit-utv"]) not in response.content.decode()
    check(response.content.decode())

    client.force_login(world.portfolio_manager)
    html = client.get(reverse("capacity:pools")).content.decode()
    assert reverse("capacity:pool", args=["digit-utv"]) in html
    assert reverse("capacity:pool", args=["haug-utv"]) not in html

    client.force_login(world.office)
    response = client.get(reverse("capacity:pools"))
    text = _text(response)
    assert "Ny kompetanse" in text and "Ny pool" in text
    check(response.content.decode())


def test_office_creates_a_competence(client: Client, world: World) -> None:
    client.force_login(world.office)
    response = client.post(
        reverse("capacity:competence_new"),
        {"name": "Tjenestedesigner", "slug": "tjenestedesigner", "description": ""},
    )
    assert response.status_code == 302
    assert Competence.objects.filter(slug="tjenestedesigner").exists()
    assert AuditEvent.objects.filter(verb="capacity.competence_create").exists()
    assert "Tjenestedesigner" in _text(client.get(response["Location"]))


def test_competence_errors_are_shown_and_nothing_is_saved(client: Client, world: World) -> None:
    client.force_login(world.office)
    response = client.post(
        reverse("capacity:competence_new"), {"name": "Budsjett", "slug": "budget"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "reservert" in html
    assert 'href="#competence_slug"' in html  # the error summary links to the field
    assert 'aria-invalid="true"' in html
    assert not Competence.objects.exists()
    check(html)


def test_only_the_office_may_create_competences_and_pools(
    client: Client, world: World, cap: Capacity
) -> None:
    for person in (world.employee, world.director, world.portfolio_manager):
        client.force_login(person)
        response = client.post(
            reverse("capacity:competence_new"), {"name": "Arkitekt", "slug": "arkitekt"}
        )
        assert response.status_code == 403
        response = client.post(
            reverse("capacity:pool_new"),
            {"name": "P", "slug": "p", "competence": "utvikler", "portfolio": "digit"},
        )
        assert response.status_code == 403
    assert not Competence.objects.filter(slug="arkitekt").exists()
    assert not ResourcePool.objects.filter(slug="p").exists()


def test_office_creates_a_pool_and_gets_its_grid(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.office)
    response = client.post(
        reverse("capacity:pool_new"),
        {"name": "SU utviklere", "slug": "su-utv", "competence": "utvikler", "portfolio": "su"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("capacity:pool", args=["su-utv"])
    assert ResourcePool.objects.get(slug="su-utv").portfolio == world.su


def test_pool_with_both_unit_and_portfolio_is_refused(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.office)
    response = client.post(
        reverse("capacity:pool_new"),
        {
            "name": "Blandet",
            "slug": "blandet",
            "competence": "utvikler",
            "unit": "haug-skole",
            "portfolio": "digit",
        },
    )
    assert response.status_code == 422
    assert not ResourcePool.objects.filter(slug="blandet").exists()
    assert "ds-error-summary" in response.content.decode()
    check(response.content.decode())


# --- a pool's capacity grid ----------------------------------------------------------------


def test_capacity_grid_is_for_those_who_may_edit_the_pool(
    client: Client, world: World, cap: Capacity
) -> None:
    url = reverse("capacity:pool", args=["digit-utv"])
    for person in (world.employee, world.director, world.outsider):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    client.force_login(world.director)
    assert client.get(reverse("capacity:pool", args=["haug-utv"])).status_code == 200
    client.force_login(world.portfolio_manager)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="rows-0-fte"' in html and 'value="4"' in html and 'value="1"' in html
    assert "Tilgjengelig for utvikling" in html and "3,0" in _text(response)
    assert client.get(reverse("capacity:pool", args=["ingen-slik"])).status_code == 404
    check(html)


def _grid_post(
    cap: Capacity, values: list[tuple[str, str]], first: int | None = None
) -> dict[str, str]:
    first = cap.q0 if first is None else first
    data = {"rows-TOTAL_FORMS": str(len(values)), "rows-INITIAL_FORMS": str(len(values))}
    for i, (fte, ops) in enumerate(values):
        data[f"rows-{i}-quarter"] = quarter_label(first + i)
        data[f"rows-{i}-fte"] = fte
        data[f"rows-{i}-operations_fte"] = ops
    return data


def test_capacity_grid_saves_through_the_service(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.portfolio_manager)
    first, last = quarter_label(cap.q0), quarter_label(cap.q0 + 2)
    url = reverse("capacity:pool", args=["digit-utv"]) + f"?from={first}&to={last}"
    response = client.post(url, _grid_post(cap, [("6,5", "2"), ("", ""), ("5", "")]))
    assert response.status_code == 302 and response["Location"] == url
    rows = {c.quarter: c for c in PoolCapacity.objects.filter(pool=cap.digit_pool)}
    assert rows[cap.q0].fte == Decimal("6.5") and rows[cap.q0].operations_fte == Decimal(2)
    assert rows[cap.q0 + 1].fte == Decimal(4)  # left blank: unchanged
    assert rows[cap.q0 + 2].fte == Decimal(5) and rows[cap.q0 + 2].operations_fte == 0
    assert AuditEvent.objects.filter(verb="capacity.capacity_set").exists()
    response = client.get(url)
    assert "Kapasiteten til «DigIT utviklere» er lagret." in _text(response)
    assert 'value="6,5"' in response.content.decode()


def test_capacity_grid_errors_per_field_and_nothing_saved(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.portfolio_manager)
    url = reverse("capacity:pool", args=["digit-utv"])
    response = client.post(url, _grid_post(cap, [("7", "1"), ("3", "5"), ("x", "")]))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_rows-2-fte"' in html  # the form's own parse error
    assert PoolCapacity.objects.get(pool=cap.digit_pool, quarter=cap.q0).fte == Decimal(4)
    check(html)

    response = client.post(url, _grid_post(cap, [("7", "1"), ("3", "5")]))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_rows-1-operations_fte"' in html
    assert "Driftsandelen" in html
    assert quarter_display(cap.q0 + 1) in _text(response)
    assert 'id="id_rows-1-operations_fte_error"' in html
    assert PoolCapacity.objects.get(pool=cap.digit_pool, quarter=cap.q0).fte == Decimal(4)
    check(html)


# --- import --------------------------------------------------------------------------------


def _xlsx(headers: list[str], rows: list[list[Any]], name: str = "ark.xlsx") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def test_import_page_and_templates(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.employee)
    response = client.get(reverse("capacity:import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("capacity:capacity_template") in html
    assert reverse("capacity:demand_template") in html
    check(html)
    for name in ("capacity:capacity_template", "capacity:demand_template"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        assert response.content[:2] == b"PK"


def test_import_with_errors_reports_rows_and_stores_nothing(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.office)
    q = quarter_label(cap.q0)
    upload = _xlsx(
        ["pool", "kvartal", "kapasitet", "drift"],
        [["digit-utv", q, 9, 1], ["ingen-slik", q, 3, 0], ["haug-utv", "2027Q9", 3, 0]],
    )
    response = client.post(reverse("capacity:import"), {"kind": "capacity", "file": upload})
    assert response.status_code == 422
    text = _text(response)
    assert "Ingenting er importert" in text
    assert "ingen-slik" in text
    assert re.search(r"Rad Kolonne Feil", text)
    assert PoolCapacity.objects.get(pool=cap.digit_pool, quarter=cap.q0).fte == Decimal(4)
    check(response.content.decode())


def test_import_capacity_succeeds_with_counts(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.office)
    upload = _xlsx(
        ["pool", "kvartal", "kapasitet", "drift"],
        [
            ["digit-utv", quarter_label(cap.q0), 9, 1],
            ["digit-utv", quarter_label(cap.q0 + 20), 2, 0],
        ],
    )
    response = client.post(reverse("capacity:import"), {"kind": "capacity", "file": upload})
    assert response.status_code == 200
    assert "1 nye rader og 1 endrede rader" in _text(response)
    assert PoolCapacity.objects.get(pool=cap.digit_pool, quarter=cap.q0).fte == Decimal(9)
    check(response.content.decode())


def test_import_demand(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.office)
    upload = _xlsx(
        [
            "tiltak",
            "kompetanse",
            "kvartal_etter_start",
            "aarsverk",
            "tidligste_start",
            "seneste_start",
        ],
        [[cap.chatbot.pk, "utvikler", 0, 2, quarter_label(cap.q0), quarter_label(cap.q0 + 1)]],
    )
    response = client.post(reverse("capacity:import"), {"kind": "demand", "file": upload})
    assert response.status_code == 200, _text(response)
    assert "Ressursbehovet er importert" in _text(response)
    assert DemandRow.objects.get(initiative=cap.chatbot).fte == Decimal(2)


def test_import_form_needs_a_kind_and_an_xlsx(client: Client, world: World) -> None:
    client.force_login(world.office)
    response = client.post(reverse("capacity:import"), {})
    assert response.status_code == 422
    text = _text(response)
    assert "Velg hva du vil importere." in text and "Velg en fil å importere." in text
    check(response.content.decode())
    text_file = io.BytesIO(b"pool;kvartal")
    text_file.name = "ark.csv"
    response = client.post(reverse("capacity:import"), {"kind": "capacity", "file": text_file})
    assert response.status_code == 422
    assert "Filen må være en Excel-fil (.xlsx)." in _text(response)


def test_import_refuses_pools_the_person_may_not_change(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.director)  # Oppvekst: Haug's pool, not DigIT's
    upload = _xlsx(["pool", "kvartal", "kapasitet"], [["digit-utv", quarter_label(cap.q0), 9]])
    response = client.post(reverse("capacity:import"), {"kind": "capacity", "file": upload})
    assert response.status_code == 422
    assert "digit-utv" in _text(response)
    assert PoolCapacity.objects.get(pool=cap.digit_pool, quarter=cap.q0).fte == Decimal(4)


# --- an initiative's demand ---------------------------------------------------------------


def _demand_post(
    earliest: str, latest: str, rows: list[tuple[str, str, str]], **extra: str
) -> dict[str, str]:
    data = {
        "earliest_start": earliest,
        "latest_start": latest,
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": "0",
        **extra,
    }
    for i, (competence, offset, fte) in enumerate(rows):
        data[f"rows-{i}-competence"] = competence
        data[f"rows-{i}-offset"] = offset
        data[f"rows-{i}-fte"] = fte
    return data


def test_demand_form_access(client: Client, world: World, cap: Capacity) -> None:
    url = reverse("capacity:demand", args=[cap.secret.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404  # confidential: not even its existence
    assert client.post(url, {}).status_code == 404
    assert client.get(reverse("capacity:demand", args=[999999])).status_code == 404
    client.force_login(world.employee)
    assert client.get(reverse("capacity:demand", args=[cap.platform.pk])).status_code == 403
    client.force_login(world.project_owner)  # approved: the project owner plans it
    assert client.get(reverse("capacity:demand", args=[cap.platform.pk])).status_code == 200
    client.force_login(world.office)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{quarter_label(cap.q0)}"' in html
    assert 'name="rows-3-fte"' in html  # the existing row and three blank ones
    assert '<option value="utvikler" selected>' in html
    check(html)


def test_demand_form_saves_through_the_service(client: Client, world: World, cap: Capacity) -> None:
    draft = world.initiative(title="Min side")
    services.competence_create(actor=world.office, data={"slug": "arkitekt", "name": "Arkitekt"})
    client.force_login(world.employee)  # the owner of a draft may edit it
    url = reverse("capacity:demand", args=[draft.pk])
    first, last = quarter_label(cap.q0 + 1), quarter_label(cap.q0 + 3)
    response = client.post(
        url,
        _demand_post(
            first, last, [("utvikler", "0", "1,5"), ("", "", ""), ("arkitekt", "2", "0.5")]
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:initiative", args=[draft.pk]) + "#ressursbehov"
    assert services.demand_get(draft) == {
        "earliest_start": first,
        "latest_start": last,
        "rows": [
            {"competence": "arkitekt", "offset": 2, "fte": 0.5},
            {"competence": "utvikler", "offset": 0, "fte": 1.5},
        ],
    }
    assert AuditEvent.objects.filter(verb="capacity.demand_set").exists()


def test_demand_form_errors_per_row_and_nothing_saved(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.office)
    url = reverse("capacity:demand", args=[cap.chatbot.pk])
    before = services.demand_get(cap.chatbot)
    response = client.post(
        url,
        _demand_post(
            quarter_label(cap.q0 + 2),
            quarter_label(cap.q0),
            [("utvikler", "0", "2"), ("", "", ""), ("utvikler", "45", "1")],
        ),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#demand_latest_start"' in html
    assert 'href="#id_rows-2-offset"' in html  # rows[1] of the service is the third form
    assert "Behov, rad 3" in html
    assert services.demand_get(cap.chatbot) == before
    check(html)

    response = client.post(url, _demand_post("2027Q1", "2027Q2", [("utvikler", "x", "1,x")]))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_rows-0-offset"' in html and 'href="#id_rows-0-fte"' in html
    assert services.demand_get(cap.chatbot) == before


def test_demand_form_adds_a_row_without_saving(client: Client, world: World, cap: Capacity) -> None:
    client.force_login(world.office)
    url = reverse("capacity:demand", args=[cap.chatbot.pk])
    before = services.demand_get(cap.chatbot)
    response = client.post(
        url, _demand_post("2027Q1", "2027Q2", [("utvikler", "0", "9")], add_row="1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="rows-1-competence"' in html and "vv-new-row" in html
    assert 'value="9"' in html
    assert services.demand_get(cap.chatbot) == before
    check(html)


def test_demand_locked_when_closed(client: Client, world: World, cap: Capacity) -> None:
    closed = world.initiative(State.CLOSED, title="Ferdig")
    client.force_login(world.office)
    assert client.get(reverse("capacity:demand", args=[closed.pk])).status_code == 403


# --- the initiative page's section ---------------------------------------------------------


def test_initiative_page_shows_demand_and_overloads(
    client: Client, world: World, cap: Capacity
) -> None:
    client.force_login(world.office)
    response = client.get(reverse("web:initiative", args=[cap.platform.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert 'id="ressursbehov"' in html
    assert quarter_display(cap.q0) in text and quarter_display(cap.q0 + 1) in text
    assert "2,5" in text and "6,0" in text
    # the second quarter: 6 own against 5 available → written out, not only coloured
    assert "Overbelaster" in text and "Tiltaket vil overbelaste" in text
    assert reverse("capacity:demand", args=[cap.platform.pk]) in html
    assert "Endre ressursbehov" in text
    check(html)

    client.force_login(world.employee)
    html = client.get(reverse("web:initiative", args=[cap.platform.pk])).content.decode()
    assert 'id="ressursbehov"' in html
    assert reverse("capacity:demand", args=[cap.platform.pk]) not in html


def test_initiative_page_without_demand(client: Client, world: World) -> None:
    draft = world.initiative()
    client.force_login(world.employee)
    response = client.get(reverse("web:initiative", args=[draft.pk]))
    text = _text(response)
    assert "Ressursbehovet er ikke registrert ennå." in text
    assert reverse("capacity:demand", args=[draft.pk]) in response.content.decode()
    check(response.content.decode())


def test_demand_section_renders_alone_with_one_h2(world: World, cap: Capacity) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    from veivalg.web.tests.test_accessibility import Page

    request = RequestFactory().get("/")
    request.user = world.office
    html = Template("{% load capacity %}{% demand_section initiative %}").render(
        Context({"request": request, "initiative": cap.platform})
    )
    page = Page()
    page.feed(html)
    tags = [t for t, _a in page.tags]
    assert "h1" not in tags and tags.count("h2") == 1
    assert len(page.ids) == len(set(page.ids))
    assert all(t["named"] for t in page.tables)
