"""The benefits API: register, read, change and delete benefits, and record measurements.
Refusals are problem+json: 401, 403, 404, 409 and 422 with the fields named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.benefits.models import Benefit, Measurement
from veivalg.benefits.tests.conftest import client_for, make_benefit, measure
from veivalg.initiatives.models import State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")

PROBLEM = "application/problem+json"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Raskere svar på byggesøknader",
        "description": "Færre mangelbrev.",
        "category": "alternative_use",
        "goals": ["gode-tjenester"],
        "owner": "gevinsteier",
        "responsible": "ansatt",
        "preconditions": "Fellestjenester bygg er tatt i bruk.",
        "indicator": {
            "unit": "percent",
            "baseline": 40,
            "baseline_date": "2026-01-01",
            "target": 80,
            "target_date": "2028-12-31",
        },
        "plan": [{"year": 2028, "value": 300000}, {"year": 2029, "value": 450000}],
    }
    data.update(overrides)
    return data


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def test_post_returns_201_with_the_benefit_and_get_returns_the_same(world: World) -> None:
    initiative = world.initiative()
    client = client_for(world.employee)

    response = post(client, f"/api/v1/initiatives/{initiative.pk}/benefits", body())

    assert response.status_code == 201, response.content
    created = response.json()
    for name, value in body().items():
        assert created[name] == value, name
    assert created["effect"] is None and created["achievement"] is None
    assert created["measurements"] == [] and created["measurement_due"] is False
    listed = client.get(f"/api/v1/initiatives/{initiative.pk}/benefits").json()
    assert listed == [created]
    assert client.get(f"/api/v1/benefits/{created['id']}").json() == created


def test_a_non_priced_effect_has_its_plus_minus_rating(world: World) -> None:
    initiative = world.initiative()
    data = body(category="non_priced", effect=-2, indicator=None, plan=[])

    response = post(
        client_for(world.employee), f"/api/v1/initiatives/{initiative.pk}/benefits", data
    )

    assert response.status_code == 201, response.content
    assert response.json()["effect"] == -2 and response.json()["indicator"] is None


def test_invalid_benefit_is_422_with_every_field_named(world: World) -> None:
    initiative = world.initiative()
    data = body(
        title="",
        goals=["finnes-ikke"],
        indicator={
            "unit": "percent",
            "baseline": 40,
            "baseline_date": "2026-01-01",
            "target": 40,
            "target_date": "2025-01-01",
        },
    )

    response = post(
        client_for(world.employee), f"/api/v1/initiatives/{initiative.pk}/benefits", data
    )

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    # Unknown goals are refused before the rest is checked.
    assert [e["field"] for e in response.json()["errors"]] == ["goals"]

    data["goals"] = []
    response = post(
        client_for(world.employee), f"/api/v1/initiatives/{initiative.pk}/benefits", data
    )
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"title", "indicator.target", "indicator.target_date"}
    assert not Benefit.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"category": "gevinst"}, "category"),
        ({"effect": 7}, "effect"),
        ({"plan": [{"year": "x", "value": 1}]}, "plan[0].year"),
        ({"indicator": {"unit": "liter"}}, "indicator.unit"),
        ({"owner": "ingen-slik"}, "owner"),
        ({"ukjent": 1}, "ukjent"),
    ],
)
def test_request_errors_name_their_field(
    world: World, override: dict[str, Any], field: str
) -> None:
    initiative = world.initiative()

    response = post(
        client_for(world.employee),
        f"/api/v1/initiatives/{initiative.pk}/benefits",
        body(**override),
    )

    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}


def test_someone_who_may_not_edit_gets_403(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    response = post(
        client_for(world.outsider), f"/api/v1/initiatives/{initiative.pk}/benefits", body()
    )

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "NotAllowed"
    assert not Benefit.objects.exists()


def test_the_owner_after_submitting_gets_409(world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)

    response = post(
        client_for(world.employee), f"/api/v1/initiatives/{initiative.pk}/benefits", body()
    )

    assert response.status_code == 409
    assert response.json()["code"] == "benefits_locked"


def test_a_hidden_initiative_and_its_benefits_are_404(world: World) -> None:
    secret = world.initiative(State.IN_ANALYSIS, confidential=True)
    benefit = make_benefit(world, secret)
    client = client_for(world.outsider)

    for response in (
        client.get(f"/api/v1/initiatives/{secret.pk}/benefits"),
        post(client, f"/api/v1/initiatives/{secret.pk}/benefits", body()),
        client.get(f"/api/v1/benefits/{benefit.pk}"),
        client.patch(
            f"/api/v1/benefits/{benefit.pk}", {"title": "x"}, content_type="application/json"
        ),
        client.delete(f"/api/v1/benefits/{benefit.pk}"),
        post(
            client,
            f"/api/v1/benefits/{benefit.pk}/measurements",
            {"date": "2026-01-01", "value": 1},
        ),
        client.get(f"/api/v1/initiatives/{secret.pk}/business-case"),
    ):
        assert response.status_code == 404, response.content
        assert response["Content-Type"] == PROBLEM
    assert client.get("/api/v1/benefits").json()["count"] == 0


def test_without_credentials_the_api_answers_401(world: World) -> None:
    initiative = world.initiative()

    response = Client().get(f"/api/v1/initiatives/{initiative.pk}/benefits")

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


def test_patch_changes_only_what_is_sent(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)
    client = client_for(world.office)

    response = client.patch(
        f"/api/v1/benefits/{benefit.pk}",
        {"title": "Nytt navn", "responsible": None},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    changed = response.json()
    assert changed["title"] == "Nytt navn" and changed["responsible"] is None
    assert changed["indicator"]["unit"] == "hours"
    assert changed["plan"] == [{"year": 2028, "value": 300000}, {"year": 2029, "value": 300000}]


def test_patch_refuses_null_for_required_fields(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.IN_ANALYSIS))

    response = client_for(world.office).patch(
        f"/api/v1/benefits/{benefit.pk}", {"title": None}, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "title"


def test_delete_answers_204_and_409_when_measured(world: World) -> None:
    initiative = world.initiative(State.IN_PROGRESS)
    unmeasured = make_benefit(world, initiative)
    measured = make_benefit(world, initiative, title="Målt")
    measure(measured, date(2026, 6, 1), "900")
    client = client_for(world.office)

    assert client.delete(f"/api/v1/benefits/{unmeasured.pk}").status_code == 204
    refused = client.delete(f"/api/v1/benefits/{measured.pk}")

    assert refused.status_code == 409
    assert refused.json()["code"] == "benefit_has_measurements"
    assert list(Benefit.objects.all()) == [measured]


def test_the_benefit_owner_records_a_measurement_and_gets_the_achievement(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    response = post(
        client_for(world.benefit_owner),
        f"/api/v1/benefits/{benefit.pk}/measurements",
        {"date": "2026-06-01", "value": 700, "comment": "Halvveis."},
    )

    assert response.status_code == 201, response.content
    result = response.json()
    assert result["achievement"] == 0.5  # (700 − 1000) / (400 − 1000)
    assert result["latest"]["value"] == 700
    assert result["latest"]["recorded_by"] == "gevinsteier"
    assert result["measurements"][0]["comment"] == "Halvveis."


def test_the_responsible_may_measure_but_the_project_owner_may_not(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    url = f"/api/v1/benefits/{benefit.pk}/measurements"
    entry = {"date": "2026-06-01", "value": "850"}

    assert post(client_for(world.employee), url, entry).status_code == 201
    refused = post(client_for(world.project_owner), url, entry)

    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM
    assert Measurement.objects.count() == 1


def test_an_invalid_measurement_is_422(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    response = post(
        client_for(world.benefit_owner),
        f"/api/v1/benefits/{benefit.pk}/measurements",
        {"date": "i går", "value": "mye"},
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"date", "value"}


def test_list_filters_across_the_portfolio(world: World) -> None:
    in_helse = world.initiative(State.IN_PROGRESS, unit=world.sykehjem, goals=[])
    make_benefit(world, in_helse, category="other_public")
    make_benefit(world, world.initiative(State.IN_ANALYSIS), title="Skole", goals=[])
    client = client_for(world.employee)

    everything = client.get("/api/v1/benefits").json()
    helse = client.get("/api/v1/benefits?directorate=helse-omsorg").json()
    other = client.get("/api/v1/benefits?category=other_public&state=in_progress").json()
    by_goal = client.get("/api/v1/benefits?goal=gode-tjenester").json()

    assert everything["count"] == 2
    assert [i["directorate"] for i in helse["items"]] == ["helse-omsorg"]
    assert other["count"] == 1 and other["items"][0]["category"] == "other_public"
    assert [i["title"] for i in by_goal["items"]] == ["Mindre tid på manuell registrering"]
    assert everything["items"][0]["planned_total"] == 600000
    assert client.get("/api/v1/benefits?limit=1&offset=1").json()["items"][0]["title"] == "Skole"
