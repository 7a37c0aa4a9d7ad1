"""The business-case page and its settings form, the portfolio overview with its chart and
htmx results, the benefit map, the Excel export and "Mine gevinstmålinger"."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import World
from veivalg.benefits.models import BusinessCaseSettings
from veivalg.benefits.tests.conftest import make_benefit, measure
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import Initiative, State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def chart_data(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert match, element_id
    return json.loads(match.group(1))


def priced_initiative(world: World, **overrides: object) -> Initiative:
    initiative = world.initiative(State.IN_ANALYSIS, **overrides)
    make_benefit(world, initiative, plan=[{"year": 2028, "value": 600000}])
    make_benefit(world, initiative, title="Tryggere skolevei", category="non_priced", effect=2)
    return initiative


# --- the business case page ------------------------------------------------------------------


def test_business_case_page_shows_tables_and_key_figures(client: Client, world: World) -> None:
    initiative = priced_initiative(world)
    client.force_login(world.employee)

    response = client.get(reverse("benefits:business_case", args=[initiative.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "344\xa0308\xa0kr" in html  # −348 000 + 720 000 / 1.04
    assert "Kostnader +20\xa0%" in html or "Kostnader +20 %" in html
    assert "Tryggere skolevei" in html and "+2" in html
    assert "4,0\xa0%" in html and "20,0\xa0%" in html  # r and s
    assert "Endre forutsetningene" not in html  # only for the office


def test_office_changes_the_assumptions_on_the_page(client: Client, world: World) -> None:
    initiative = priced_initiative(world)
    client.force_login(world.office)
    url = reverse("benefits:business_case_settings", args=[initiative.pk])
    assert (
        "Endre forutsetningene"
        in client.get(reverse("benefits:business_case", args=[initiative.pk])).content.decode()
    )

    response = client.post(
        url,
        {
            "discount_rate": "3,5",
            "tax_cost_rate": "",
            "period_years": "12",
            "first_year": "",
            "reason": "Levetiden er lengre.",
        },
    )

    assert response.status_code == 302
    settings = BusinessCaseSettings.objects.get()
    assert str(settings.discount_rate) == "0.0350" and settings.period_years == 12
    page = client.get(response.url).content.decode()
    assert "Levetiden er lengre." in page and "3,5\xa0%" in page
    assert AuditEvent.objects.filter(verb="business_case.settings").count() == 1


def test_invalid_assumptions_show_errors_and_change_nothing(client: Client, world: World) -> None:
    initiative = priced_initiative(world)
    client.force_login(world.office)

    response = client.post(
        reverse("benefits:business_case_settings", args=[initiative.pk]),
        {"discount_rate": "35", "tax_cost_rate": "x", "reason": ""},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert 'href="#settings_discount_rate"' in html and 'href="#settings_reason"' in html
    assert "mellom 0 og 20" in html
    assert not BusinessCaseSettings.objects.exists()


def test_others_may_not_post_assumptions(client: Client, world: World) -> None:
    initiative = priced_initiative(world)
    client.force_login(world.employee)

    response = client.post(
        reverse("benefits:business_case_settings", args=[initiative.pk]),
        {"discount_rate": "1", "reason": "Fordi."},
    )

    assert response.status_code == 403
    assert not BusinessCaseSettings.objects.exists()


# --- the portfolio ---------------------------------------------------------------------------


def test_overview_summarises_and_charts_the_portfolio(client: Client, world: World) -> None:
    priced_initiative(world)
    realising = world.initiative(State.REALISING_BENEFITS, title="Meld en feil")
    late = make_benefit(world, realising, title="Færre manuelle registreringer")
    measure(late, date(2026, 2, 1), "700")  # more than six months ago
    client.force_login(world.employee)

    response = client.get(reverse("benefits:portfolio"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "3 gevinster" in html
    assert "Per mål" in html and "Per direktørområde" in html
    assert "Per program" in html and "Per kategori" in html
    chart = chart_data(html, "chart-yearly-data")
    assert chart["years"] == [2026, 2028, 2029]
    assert chart["planned"] == [0.0, 900000.0, 300000.0]
    # realised: achievement 0.5 × the full yearly plan of 300 000
    assert chart["realised"] == [150000.0, None, None]
    assert "<details" in html and "Vis som tabell" in html
    late_section = html.split('id="late-heading"')[1].split("</section>")[0]
    assert "Meld en feil" in late_section


def test_overview_filters_and_answers_htmx_with_the_results_only(
    client: Client, world: World
) -> None:
    priced_initiative(world)
    make_benefit(world, world.initiative(State.IN_PROGRESS, unit=world.sykehjem), title="Helse")
    client.force_login(world.employee)
    url = reverse("benefits:portfolio") + "?directorate=helse-omsorg"

    page = client.get(url).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="benefit-results")

    assert "1 gevinst" in page and "Listen er filtrert." in page
    fragment_html = fragment.content.decode()
    assert fragment_html.lstrip().startswith('<div id="benefit-results"')
    assert "<html" not in fragment_html and "Helse" in fragment_html


def test_confidential_benefits_stay_hidden_in_the_overview(client: Client, world: World) -> None:
    secret = world.initiative(State.IN_ANALYSIS, confidential=True, title="Hemmelig")
    make_benefit(world, secret, title="Skjult gevinst")
    client.force_login(world.outsider)

    html = client.get(reverse("benefits:portfolio")).content.decode()
    map_html = client.get(reverse("benefits:map")).content.decode()

    assert "Skjult gevinst" not in html and "Skjult gevinst" not in map_html
    assert "0 gevinster" in html


def test_benefit_map_has_the_graph_and_the_same_as_a_table(client: Client, world: World) -> None:
    initiative = priced_initiative(world)
    client.force_login(world.employee)

    html = client.get(reverse("benefits:map")).content.decode()

    graph = chart_data(html, "chart-map-data")
    kinds = [n["kind"] for n in graph["nodes"]]
    assert kinds.count("initiative") == 1 and kinds.count("benefit") == 2
    assert kinds.count("goal") == 1
    assert graph["labels"] == {"initiative": "Initiativ", "benefit": "Gevinst", "goal": "Mål"}
    assert 'data-chart="map"' in html and "hidden" in html
    assert html.count(reverse("web:initiative", args=[initiative.pk])) == 2  # a row per benefit
    assert "Gode tjenester" in html


def test_export_is_an_excel_register_of_the_filtered_benefits(client: Client, world: World) -> None:
    priced_initiative(world, title="=SUM(A1)")
    client.force_login(world.employee)

    response = client.get(reverse("benefits:export") + "?category=budget_releasing")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Initiativ nr." and "Plan 2028" in header
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=True))
    assert row["Initiativ"] == "=SUM(A1)"  # text, never a formula
    assert row["Gevinst"] == "Mindre tid på manuell registrering"
    assert row["Plan 2028"] == 600000 and row["Nullpunkt"] == 1000


def test_my_measurements_lists_what_is_due_first(client: Client, world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    late = make_benefit(world, initiative, title="Forfalt gevinst")
    measure(late, timezone.localdate() - timedelta(days=365), "800")
    fine = make_benefit(world, initiative, title="Nylig målt")
    measure(fine, timezone.localdate() - timedelta(days=10), "800")
    client.force_login(world.benefit_owner)

    html = client.get(reverse("benefits:my_measurements")).content.decode()

    due, rest = html.split('id="mine-heading"')
    assert "Forfalt gevinst" in due and "Nylig målt" not in due
    assert "Nylig målt" in rest
    assert reverse("benefits:measurement_new", args=[late.pk]) in due


def test_my_measurements_is_empty_for_someone_without_benefits(
    client: Client, world: World
) -> None:
    make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.outsider)

    html = client.get(reverse("benefits:my_measurements")).content.decode()

    assert "Ingen målinger er forfalt." in html and "Ingen andre gevinster." in html
