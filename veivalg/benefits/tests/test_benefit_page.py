"""The benefit page, recording a measurement (with and without htmx), and the benefits
section of the initiative page."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.benefits.models import Measurement
from veivalg.benefits.tests.conftest import make_benefit, measure
from veivalg.initiatives.models import State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def test_benefit_page_shows_indicator_plan_measurements_and_trend(
    client: Client, world: World
) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    measure(benefit, date(2026, 3, 1), "850")
    measure(benefit, date(2026, 9, 1), "700", by=world.employee)
    client.force_login(world.employee)

    html = client.get(reverse("benefits:benefit", args=[benefit.pk])).content.decode()

    assert "<h1" in html and "Mindre tid på manuell registrering" in html
    assert "1\xa0000\xa0t" in html and "400\xa0t" in html  # baseline and target
    assert "300\xa0000\xa0kr" in html  # the plan
    assert "50\xa0%" in html and "Bedre enn forrige måling" in html
    assert "Registrer en måling" in html  # the responsible may measure
    assert "Alice Ansatt" in html  # who recorded it


def test_others_see_the_page_without_the_forms(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.outsider)

    html = client.get(reverse("benefits:benefit", args=[benefit.pk])).content.decode()

    assert "Registrer en måling" not in html
    assert reverse("benefits:benefit_edit", args=[benefit.pk]) not in html


def test_measurement_without_htmx_redirects_to_the_benefit(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.benefit_owner)

    response = client.post(
        reverse("benefits:measurement_new", args=[benefit.pk]),
        {"date": "2026-06-01", "value": "700", "comment": "Juni."},
    )

    assert response.status_code == 302
    assert response.url == reverse("benefits:benefit", args=[benefit.pk]) + "#malinger"
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.recorded_by) == (700, world.benefit_owner)


def test_measurement_with_htmx_returns_the_section(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.benefit_owner)

    response = client.post(
        reverse("benefits:measurement_new", args=[benefit.pk]),
        {"date": "2026-06-01", "value": "700"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('id="malinger"') == 1 and "<html" not in html
    assert 'hx-swap-oob="innerHTML"' in html and "Målingen er registrert." in html
    assert "50\xa0%" in html
    assert Measurement.objects.count() == 1


def test_invalid_measurement_keeps_the_input_and_stores_nothing(
    client: Client, world: World
) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.benefit_owner)
    url = reverse("benefits:measurement_new", args=[benefit.pk])

    plain = client.post(url, {"date": "2026-06-01", "value": "mange", "comment": "Prøver"})
    htmx = client.post(url, {"date": "", "value": "700"}, HTTP_HX_REQUEST="true")

    assert plain.status_code == 422
    assert "Må være et tall." in plain.content.decode()
    assert 'href="#measurement_value"' in plain.content.decode()
    assert "Prøver" in plain.content.decode()
    assert htmx.status_code == 200  # htmx swaps only 2xx answers
    assert "Feltet er påkrevd." in htmx.content.decode()
    assert 'value="700"' in htmx.content.decode()
    assert not Measurement.objects.exists()


def test_measurement_form_is_refused_to_others(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.project_owner)
    url = reverse("benefits:measurement_new", args=[benefit.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2026-06-01", "value": "700"}).status_code == 403
    assert not Measurement.objects.exists()


def test_measurement_form_page_works_without_javascript(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    client.force_login(world.benefit_owner)

    html = client.get(reverse("benefits:measurement_new", args=[benefit.pk])).content.decode()

    assert '<form method="post"' in html and 'name="value"' in html
    assert "hx-post" not in html


def _section(world: World, user: object, initiative: object) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load benefits %}{% benefits_section initiative %}")
    return template.render(Context({"request": request, "initiative": initiative}))


def test_section_on_the_initiative_page_lists_benefits_and_key_figures(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(world, initiative, plan=[{"year": 2028, "value": 600000}])

    html = _section(world, world.office, initiative)

    assert 'id="gevinster"' in html and "Mindre tid på manuell registrering" in html
    assert "Netto nåverdi" in html and "344\xa0308\xa0kr" in html
    assert "Sterk (3)" in html  # NPV per krone 1.38 → level 3
    assert reverse("benefits:benefit_new", args=[initiative.pk]) in html
    assert reverse("benefits:business_case", args=[initiative.pk]) in html
    assert "minst én gevinst med indikator" not in html


def test_section_says_what_is_missing_before_the_board(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    html = _section(world, world.outsider, initiative)

    assert "minst én gevinst med indikator" in html
    assert "Ingen gevinster er registrert ennå." in html
    assert reverse("benefits:benefit_new", args=[initiative.pk]) not in html
