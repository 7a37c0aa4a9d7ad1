"""The coordination API: shapes as documented, refusals as problem+json."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.coordination.models import Bundle, SharedNeed
from veivalg.coordination.tests.conftest import client_for, post_json
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.services import initiative_perform_action
from veivalg.org.models import Unit

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")
PROBLEM = "application/problem+json"


def _haug(world: World) -> list[Initiative]:
    return [
        world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole"),
        world.initiative(
            State.IN_ANALYSIS,
            title="Digitale verktøy ved Haug skole",
            portfolio=world.digit,
            contributing_portfolios=[],
        ),
    ]


def test_related_of_an_initiative(world: World) -> None:
    first, second = _haug(world)
    response = client_for(world.employee).get(f"/api/v1/initiatives/{first.pk}/related?limit=10")
    assert response.status_code == 200
    [item] = response.json()
    assert set(item) == {"id", "title", "score", "reasons"}
    assert item["id"] == second.pk
    assert item["title"] == "Digitale verktøy ved Haug skole"
    assert 0 < item["score"] <= 1
    assert "Samme virksomhet: Haug skole" in item["reasons"]


def test_related_of_a_hidden_initiative_is_not_found(world: World) -> None:
    secret = world.initiative(State.ENDORSED, confidential=True)
    response = client_for(world.outsider).get(f"/api/v1/initiatives/{secret.pk}/related")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_related_search_for_an_unsaved_text(world: World) -> None:
    first, _second = _haug(world)
    client = client_for(world.employee)
    response = post_json(
        client,
        "/api/v1/related/search",
        {"text": "utvikling av ledere", "unit": "haug-skole", "goals": ["gode-tjenester"]},
    )
    assert response.status_code == 200
    assert response.json()[0]["id"] == first.pk
    bad = post_json(client, "/api/v1/related/search", {"text": "x", "unit": "nei", "y": 1})
    assert bad.status_code == 422
    assert bad["Content-Type"] == PROBLEM
    assert {e["field"] for e in bad.json()["errors"]} == {"y"}
    unknown = post_json(client, "/api/v1/related/search", {"text": "x", "unit": "nei"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "unit"


def test_the_office_bundles_through_the_api(world: World) -> None:
    parts = _haug(world)
    response = post_json(
        client_for(world.office),
        "/api/v1/bundles",
        {"title": "Haug skole samlet", "initiatives": [p.pk for p in parts]},
    )
    assert response.status_code == 201
    body = response.json()
    bundle = Bundle.objects.get()
    assert body["id"] == bundle.pk
    assert body["title"] == "Haug skole samlet"
    assert body["initiative"] == bundle.initiative_id
    assert body["state"] == "draft"
    assert [{k: p[k] for k in ("id", "title", "portfolio", "unit")} for p in body["parts"]] == [
        {"id": parts[0].pk, "title": parts[0].title, "portfolio": "su", "unit": "haug-skole"},
        {"id": parts[1].pk, "title": parts[1].title, "portfolio": "digit", "unit": "haug-skole"},
    ]
    assert body["costs"] == [{"year": 2027, "investment": 500_000, "operating": 80_000}]
    again = client_for(world.employee).get(f"/api/v1/bundles/{bundle.pk}")
    assert again.status_code == 200
    assert again.json()["parts"] == body["parts"]


def test_others_may_not_bundle(world: World) -> None:
    parts = _haug(world)
    response = post_json(
        client_for(world.portfolio_manager),
        "/api/v1/bundles",
        {"title": "Samlet", "initiatives": [p.pk for p in parts]},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "NotAllowed"
    assert not Bundle.objects.exists()


def test_bundling_errors_are_problems(world: World) -> None:
    draft = world.initiative()
    response = post_json(
        client_for(world.office), "/api/v1/bundles", {"title": "", "initiatives": [draft.pk]}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"title", "initiatives"}


def test_dissolving_through_the_api_until_the_board_decides(world: World) -> None:
    office = client_for(world.office)
    body = post_json(
        office, "/api/v1/bundles", {"title": "Samlet", "initiatives": [p.pk for p in _haug(world)]}
    ).json()
    coordinated = Initiative.objects.get(pk=body["initiative"])
    add_benefit = getattr(world, "add_benefit", None)  # the board needs a measurable benefit
    if add_benefit is not None:
        add_benefit(coordinated)
    for actor, action in (
        (world.office, "submit"),
        (world.director, "endorse"),
        (world.office, "start_analysis"),
        (world.office, "send_to_board"),
        (world.board_member, "approve"),
    ):
        coordinated = initiative_perform_action(actor=actor, initiative=coordinated, action=action)
    refused = post_json(office, f"/api/v1/bundles/{body['id']}/dissolve", {})
    assert refused.status_code == 409
    assert refused["Content-Type"] == PROBLEM
    assert refused.json()["code"] == "board_decided"


def test_dissolving_through_the_api(world: World) -> None:
    office = client_for(world.office)
    body = post_json(
        office, "/api/v1/bundles", {"title": "Samlet", "initiatives": [p.pk for p in _haug(world)]}
    ).json()
    assert (
        post_json(
            client_for(world.employee), f"/api/v1/bundles/{body['id']}/dissolve", {}
        ).status_code
        == 403
    )
    response = post_json(office, f"/api/v1/bundles/{body['id']}/dissolve", {"comment": "Feil."})
    assert response.status_code == 200
    assert response.json()["dissolved_at"] is not None
    assert response.json()["state"] == "withdrawn"
    assert [p["state"] for p in response.json()["parts"]] == ["endorsed", "in_analysis"]


def test_shared_needs_through_the_api(world: World, oksenoya: dict[str, Unit]) -> None:
    kitchen = world.initiative(State.ENDORSED, title="Kantine", unit=oksenoya["sykehjem"])
    secret = world.initiative(
        State.ENDORSED,
        title="Hemmelig",
        confidential=True,
        unit=oksenoya["sykehjem"],
        portfolio=world.bygg,
        contributing_portfolios=[],
    )
    payload: dict[str, Any] = {
        "title": "Fellesfunksjoner på Oksenøya",
        "description": "Kantine, hall og møterom.",
        "initiatives": [kitchen.pk, secret.pk],
        "units": ["oksenoya-skole", "oksenoya-sykehjem"],
        "coordinator": "forvalter",
        "contributions": {"oksenoya-sykehjem": "Kjøkkenet."},
    }
    response = post_json(client_for(world.office), "/api/v1/shared-needs", payload)
    assert response.status_code == 201
    body = response.json()
    assert body["id"] == SharedNeed.objects.get().pk
    assert body["title"] == payload["title"]
    assert body["coordinator"] == "forvalter"
    assert body["units"] == ["oksenoya-skole", "oksenoya-sykehjem"]
    assert {"unit": "oksenoya-sykehjem", "contribution": "Kjøkkenet."} in body["participants"]
    assert len(body["initiatives"]) == 2
    seen = client_for(world.outsider).get(f"/api/v1/shared-needs/{body['id']}").json()
    assert seen["initiatives"] == [
        {
            "id": kitchen.pk,
            "title": "Kantine",
            "state": "endorsed",
            "unit": "oksenoya-sykehjem",
            "portfolio": "su",
        }
    ]
    assert seen["combined_costs"] == [{"year": 2027, "investment": 250_000, "operating": 40_000}]


def test_shared_need_errors_are_problems(world: World, oksenoya: dict[str, Unit]) -> None:
    payload = {
        "title": "x",
        "description": "x",
        "units": ["oksenoya-skole", "finnes-ikke"],
        "coordinator": "ingen",
    }
    response = post_json(client_for(world.office), "/api/v1/shared-needs", payload)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"units", "coordinator"}
    refused = post_json(client_for(world.employee), "/api/v1/shared-needs", payload)
    assert refused.status_code == 403
    missing = client_for(world.employee).get("/api/v1/shared-needs/999999")
    assert missing.status_code == 404
    assert missing["Content-Type"] == PROBLEM


def test_related_links_through_the_api(world: World) -> None:
    first, second = _haug(world)
    url = f"/api/v1/initiatives/{first.pk}/related-links"
    refused = post_json(client_for(world.employee), url, {"other": second.pk})
    assert refused.status_code == 403
    response = post_json(client_for(world.office), url, {"other": second.pk, "note": "Samme skole"})
    assert response.status_code == 201
    assert response.json()["initiatives"] == sorted([first.pk, second.pk])
    duplicate = post_json(client_for(world.office), url, {"other": second.pk})
    assert duplicate.status_code == 422


def test_the_discussion_through_the_api(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    url = f"/api/v1/initiatives/{initiative.pk}/discussion"
    response = post_json(client_for(world.director), url, {"body": "@kontor se her"})
    assert response.status_code == 201
    assert response.json()["mentions"] == ["kontor"]
    posts = client_for(world.office).get(url).json()
    assert [p["body"] for p in posts] == ["@kontor se her"]
    refused = client_for(world.outsider).get(url)
    assert refused.status_code == 403
    assert refused["Content-Type"] == PROBLEM


def test_the_api_needs_a_caller(client: Any, world: World) -> None:
    response = client.get("/api/v1/bundles/1")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
