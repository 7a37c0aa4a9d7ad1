"""Registering and editing an initiative: the service decides, errors return to their fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Initiative, State, Transition


def form_data(world: World, rows: list[tuple[str, str, str]] | None = None, **over: Any) -> dict:
    """A complete, valid POST of the form; ``rows`` are (year, investment, operating)."""
    rows = rows if rows is not None else [("2027", "250 000", "40000"), ("", "", ""), ("", "", "")]
    data: dict[str, Any] = {
        "title": "Nytt læringsbrett",
        "summary": "Felles læringsbrett for mellomtrinnet.",
        "need": "Elevene mangler digitale verktøy.",
        "unit": str(world.haug.pk),
        "portfolio": str(world.su.pk),
        "contributing_portfolios": [str(world.digit.pk)],
        "program": str(world.program.pk),
        "goals": [str(world.goal_main.pk)],
        "work_type": "development",
        "political_reference": "",
        "archive_reference": "2025/77",
        "costs-TOTAL_FORMS": str(len(rows)),
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "0",
        "costs-MAX_NUM_FORMS": "30",
    }
    for index, (year, investment, operating) in enumerate(rows):
        data[f"costs-{index}-year"] = year
        data[f"costs-{index}-investment"] = investment
        data[f"costs-{index}-operating"] = operating
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_new_form_renders_units_grouped_by_directorate(client: Client, world: World) -> None:
    client.force_login(world.employee)
    response = client.get(reverse("web:initiative_new"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<optgroup label="Oppvekst skole">' in html
    assert '<optgroup label="Helse og omsorg">' in html
    assert "Byggeprosjekter (utenfor porteføljestyringen)" in html
    assert 'name="costs-2-year"' in html  # three empty cost rows to start with
    assert 'class="ds-field vv-indent-1"' in html  # the main goal sits under the plan


def test_valid_form_creates_the_initiative_and_redirects(client: Client, world: World) -> None:
    client.force_login(world.employee)
    response = client.post(
        reverse("web:initiative_new"),
        form_data(world, politically_mandated="on", political_reference="PS 2024/12"),
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:initiative", args=[initiative.pk])
    assert initiative.owner == world.employee
    assert initiative.state == State.DRAFT
    assert initiative.politically_mandated and initiative.political_reference == "PS 2024/12"
    assert list(initiative.contributing_portfolios.all()) == [world.digit]
    assert list(initiative.goals.all()) == [world.goal_main]
    costs = list(initiative.costs.values_list("year", "investment", "operating"))
    assert costs == [(2027, 250000, 40000)]
    page = client.get(response.url).content.decode()
    assert "er registrert som utkast" in page


@pytest.mark.parametrize(
    ("override", "field_id", "message"),
    [
        ({"title": ""}, "id_title", "Feltet kan ikke være blankt."),
        (
            {"costs-0-investment": "-5"},
            "id_costs-0-investment",
            "Beløpet kan ikke være negativt.",
        ),
        (
            {"politically_mandated": "on", "political_reference": ""},
            "id_political_reference",
            "Oppgi henvisning til det politiske vedtaket",
        ),
    ],
)
def test_invalid_input_shows_the_error_at_its_field_and_stores_nothing(
    client: Client, world: World, override: dict, field_id: str, message: str
) -> None:
    client.force_login(world.employee)
    response = client.post(reverse("web:initiative_new"), form_data(world, **override))
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'id="{field_id}_error"' in html
    assert f'href="#{field_id}"' in html  # the error summary links to the field
    assert "aria-invalid" in html
    assert "ds-error-summary" in html
    assert not Initiative.objects.exists()
    assert not Transition.objects.exists()


def test_every_error_is_shown_in_one_round(client: Client, world: World) -> None:
    client.force_login(world.employee)
    data = form_data(
        world,
        title="",
        politically_mandated="on",
        political_reference="",
        **{"costs-0-investment": "-5"},
    )
    html = client.post(reverse("web:initiative_new"), data).content.decode()
    for field_id in ("id_title", "id_political_reference", "id_costs-0-investment"):
        assert f'id="{field_id}_error"' in html
        assert f'href="#{field_id}"' in html
    # what was typed is kept
    assert "Felles læringsbrett for mellomtrinnet." in html
    assert not Initiative.objects.exists()


def test_rules_only_the_service_knows_are_tied_to_their_fields(
    client: Client, world: World
) -> None:
    client.force_login(world.employee)
    data = form_data(
        world,
        rows=[("2027", "1", "1"), ("2027", "2", "2"), ("", "", "")],
        contributing_portfolios=[str(world.su.pk)],
    )
    html = client.post(reverse("web:initiative_new"), data).content.decode()
    assert "Den primære porteføljen skal ikke også stå som bidragende." in html
    assert 'id="id_contributing_portfolios_error"' in html
    assert 'href="#id_contributing_portfolios_0"' in html
    assert "Året 2027 står mer enn én gang." in html
    assert 'id="id_costs-1-year_error"' in html
    assert not Initiative.objects.exists()


def test_blank_cost_rows_between_filled_rows_map_errors_to_the_right_row(
    client: Client, world: World
) -> None:
    client.force_login(world.employee)
    data = form_data(world, rows=[("2027", "1", "1"), ("", "", ""), ("2028", "x", "1")])
    html = client.post(reverse("web:initiative_new"), data).content.decode()
    assert 'id="id_costs-2-investment_error"' in html
    assert "Må være et beløp i hele kroner." in html


def test_add_year_shows_one_more_row_and_saves_nothing(client: Client, world: World) -> None:
    client.force_login(world.employee)
    response = client.post(
        reverse("web:initiative_new"), form_data(world, add_cost_row="1", title="")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="costs-3-year"' in html
    assert 'value="250 000"' in html  # what was typed is kept
    assert "ds-error-summary" not in html
    assert not Initiative.objects.exists()


def test_owner_edits_a_draft(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)
    page = client.get(reverse("web:initiative_edit", args=[initiative.pk]))
    assert page.status_code == 200
    assert 'value="Lederutvikling ved Haug skole"' in page.content.decode()
    assert 'value="2027"' in page.content.decode()
    response = client.post(
        reverse("web:initiative_edit", args=[initiative.pk]),
        form_data(world, title="Nytt navn", rows=[("2028", "10", "20")]),
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Nytt navn"
    assert list(initiative.costs.values_list("year", flat=True)) == [2028]


def test_invalid_edit_changes_nothing(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)
    response = client.post(
        reverse("web:initiative_edit", args=[initiative.pk]),
        form_data(world, title="", rows=[("2030", "1", "1")]),
    )
    assert response.status_code == 422
    initiative.refresh_from_db()
    assert initiative.title == "Lederutvikling ved Haug skole"
    assert list(initiative.costs.values_list("year", flat=True)) == [2027]


@pytest.mark.parametrize("person", ["outsider", "director", "office"])
def test_edit_is_refused_for_others_than_the_owner_of_a_draft(
    client: Client, world: World, person: str
) -> None:
    initiative = world.initiative()
    client.force_login(getattr(world, person))
    assert client.get(reverse("web:initiative_edit", args=[initiative.pk])).status_code == 403
    response = client.post(
        reverse("web:initiative_edit", args=[initiative.pk]), form_data(world, title="Kapret")
    )
    assert response.status_code == 403
    assert "Bare eieren kan endre et utkast" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.title != "Kapret"


def test_edit_is_refused_outside_draft(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.employee)
    assert client.get(reverse("web:initiative_edit", args=[initiative.pk])).status_code == 403
    page = client.get(reverse("web:initiative", args=[initiative.pk])).content.decode()
    assert reverse("web:initiative_edit", args=[initiative.pk]) not in page


def test_office_edits_during_analysis(client: Client, world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)
    response = client.post(
        reverse("web:initiative_edit", args=[initiative.pk]), form_data(world, title="Analysert")
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Analysert"


def test_edit_of_hidden_initiative_is_not_found(client: Client, world: World) -> None:
    initiative = world.initiative(confidential=True)
    client.force_login(world.outsider)
    assert client.get(reverse("web:initiative_edit", args=[initiative.pk])).status_code == 404
