"""Registering, editing and deleting a benefit in the browser: the service decides, errors
return to their fields, and nothing is stored when something is wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.benefits.models import Benefit
from veivalg.benefits.tests.conftest import make_benefit, measure
from veivalg.initiatives.models import State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def form_data(
    world: World, rows: list[tuple[str, str]] | None = None, **over: Any
) -> dict[str, Any]:
    """A complete, valid POST; ``rows`` are (year, value) of the plan."""
    rows = rows if rows is not None else [("2028", "300 000"), ("2029", "450000"), ("", "")]
    data: dict[str, Any] = {
        "title": "Færre telefoner til servicetorget",
        "description": "Innbyggerne finner svar selv.",
        "category": "alternative_use",
        "goals": [str(world.goal_main.pk)],
        "owner": str(world.benefit_owner.pk),
        "responsible": str(world.employee.pk),
        "preconditions": "Ny hjemmeside.",
        "indicator_unit": "count",
        "baseline": "4 500",
        "baseline_date": "2026-01-01",
        "target": "3000",
        "target_date": "2028-12-31",
        "effect": "",
        "plan-TOTAL_FORMS": str(len(rows)),
        "plan-INITIAL_FORMS": "0",
        "plan-MIN_NUM_FORMS": "0",
        "plan-MAX_NUM_FORMS": "30",
    }
    for index, (year, value) in enumerate(rows):
        data[f"plan-{index}-year"] = year
        data[f"plan-{index}-value"] = value
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def test_new_form_renders_with_the_initiatives_goals_ticked(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)

    response = client.get(reverse("benefits:benefit_new", args=[initiative.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="plan-2-year"' in html  # three empty plan rows to start with
    assert f'value="{world.goal_main.pk}" id="id_goals_1" checked' in html
    assert 'type="date"' in html


def test_valid_form_creates_the_benefit_and_redirects(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)

    response = client.post(reverse("benefits:benefit_new", args=[initiative.pk]), form_data(world))

    benefit = Benefit.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("benefits:benefit", args=[benefit.pk])
    assert benefit.initiative == initiative and benefit.owner == world.benefit_owner
    assert (benefit.baseline, benefit.target) == (Decimal(4500), Decimal(3000))
    assert list(benefit.plan.values_list("year", "value")) == [
        (2028, Decimal(300000)),
        (2029, Decimal(450000)),
    ]
    page = client.get(response.url).content.decode()
    assert "er registrert" in page
    assert "Færre telefoner til servicetorget" in page


@pytest.mark.parametrize(
    ("override", "field_id", "message"),
    [
        ({"title": ""}, "id_title", "Gi gevinsten en tittel."),
        ({"category": ""}, "id_category_0", "Velg en kategori."),
        ({"target": "4500"}, "id_target", "Målet må være ulikt nullpunktet."),
        ({"baseline_date": "i fjor"}, "id_baseline_date", "Må være en dato"),
        ({"indicator_unit": ""}, "id_indicator_unit", "Velg en enhet for indikatoren."),
        ({"effect": "2"}, "id_effect", "Bare ikke-prissatte virkninger"),
        ({"plan-0-year": "20x"}, "id_plan-0-year", "Året må være et heltall"),
        ({"plan-1-value": "-5"}, "id_plan-1-value", "kan ikke være negativ"),
    ],
)
def test_invalid_input_shows_errors_and_stores_nothing(
    client: Client, world: World, override: dict[str, str], field_id: str, message: str
) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)

    response = client.post(
        reverse("benefits:benefit_new", args=[initiative.pk]), form_data(world, **override)
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert f'href="#{field_id}"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    assert not Benefit.objects.exists()


def test_add_row_shows_one_more_row_and_stores_nothing(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)

    response = client.post(
        reverse("benefits:benefit_new", args=[initiative.pk]),
        form_data(world, add_plan_row="1"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="plan-3-year"' in html and "vv-new-row" in html
    assert 'value="Færre telefoner til servicetorget"' in html
    assert not Benefit.objects.exists()


def test_edit_form_shows_the_values_and_saves_changes(client: Client, world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)
    client.force_login(world.office)

    page = client.get(reverse("benefits:benefit_edit", args=[benefit.pk])).content.decode()
    assert 'value="1 000"' in page and 'value="2026-01-01"' in page
    assert 'value="300 000"' in page

    response = client.post(
        reverse("benefits:benefit_edit", args=[benefit.pk]),
        form_data(world, title="Endret tittel", rows=[("2030", "1"), ("", "")]),
    )

    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.title == "Endret tittel"
    assert list(benefit.plan.values_list("year", flat=True)) == [2030]


def test_a_non_priced_effect_is_saved_with_its_rating(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)

    client.post(
        reverse("benefits:benefit_new", args=[initiative.pk]),
        form_data(world, category="non_priced", effect="-3", rows=[("2028", "3,5")]),
    )

    benefit = Benefit.objects.get()
    assert (benefit.category, benefit.effect) == ("non_priced", -3)
    assert benefit.plan.get().value == Decimal("3.50")


@pytest.mark.parametrize(("state", "person"), [(State.DRAFT, "outsider"), (State.CLOSED, "office")])
def test_forms_are_refused_to_those_who_may_not_edit(
    client: Client, world: World, state: str, person: str
) -> None:
    initiative = world.initiative(state)
    benefit = make_benefit(world, world.initiative(State.IN_ANALYSIS))
    client.force_login(getattr(world, person))

    assert client.get(reverse("benefits:benefit_new", args=[initiative.pk])).status_code == 403
    response = client.post(reverse("benefits:benefit_new", args=[initiative.pk]), form_data(world))
    assert response.status_code == 403
    if person == "outsider":
        edit = client.get(reverse("benefits:benefit_edit", args=[benefit.pk]))
        assert edit.status_code == 403
    assert Benefit.objects.count() == 1


def test_a_hidden_initiative_is_404(client: Client, world: World) -> None:
    secret = world.initiative(State.IN_ANALYSIS, confidential=True)
    benefit = make_benefit(world, secret)
    client.force_login(world.outsider)

    assert client.get(reverse("benefits:benefit_new", args=[secret.pk])).status_code == 404
    assert client.get(reverse("benefits:benefit", args=[benefit.pk])).status_code == 404


def test_delete_asks_first_then_deletes(client: Client, world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)
    client.force_login(world.office)

    page = client.get(reverse("benefits:benefit_delete", args=[benefit.pk]))
    assert page.status_code == 200 and "Slette gevinsten" in page.content.decode()
    assert Benefit.objects.exists()

    response = client.post(reverse("benefits:benefit_delete", args=[benefit.pk]))

    assert response.status_code == 302
    assert response.url == reverse("web:initiative", args=[initiative.pk]) + "#gevinster"
    assert not Benefit.objects.exists()


def test_a_measured_benefit_is_not_deleted(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.IN_PROGRESS))
    measure(benefit, date(2026, 6, 1), "900")
    client.force_login(world.office)

    response = client.post(reverse("benefits:benefit_delete", args=[benefit.pk]))

    assert response.status_code == 409
    assert "har målinger" in response.content.decode()
    assert Benefit.objects.exists()
