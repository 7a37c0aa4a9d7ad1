"""``POST /api/v1/initiatives``: register a draft; invalid input is refused with named fields."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.initiatives.models import Initiative, InitiativeCost
from veivalg.org.models import User
from veivalg.org.services import api_token_create

URL = "/api/v1/initiatives"


def _client(user: User) -> Client:
    raw, _ = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _full_body() -> dict[str, Any]:
    return {
        "title": "Digital søknad om skoleplass",
        "summary": "Innbyggere søker skoleplass på nett.",
        "need": "Papirskjema gir dobbeltarbeid ved Haug skole.",
        "unit": "haug-skole",
        "portfolio": "su",
        "contributing_portfolios": ["digit"],
        "program": "smarte-ledere",
        "goals": ["gode-tjenester"],
        "work_type": "maintenance",
        "politically_mandated": True,
        "political_reference": "PS 12/2024",
        "confidential": True,
        "archive_reference": "2024/1234",
        "costs": [
            {"year": 2027, "investment": 250000, "operating": 40000},
            {"year": 2028, "investment": 0, "operating": 40000},
        ],
    }


def test_create_returns_201_with_the_draft_and_get_returns_the_same(world: World) -> None:
    client = _client(world.employee)
    body = _full_body()

    response = client.post(URL, body, content_type="application/json")

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["state"] == "draft"
    assert created["owner"] == "ansatt"
    assert created["board"] == "porteforljestyret"
    assert created["merged_into"] is None
    assert created["directorate"] == "oppvekst-skole"
    for name, value in body.items():
        assert created[name] == value, name
    fetched = client.get(f"{URL}/{created['id']}").json()
    assert fetched == created


def test_create_records_the_create_step_in_history(world: World) -> None:
    created = (
        _client(world.employee).post(URL, _full_body(), content_type="application/json").json()
    )

    assert [
        (h["action"], h["actor"], h["from_state"], h["to_state"]) for h in created["history"]
    ] == [("create", "ansatt", None, "draft")]
    assert created["comments"] == []
    assert created["allowed_actions"] == ["submit", "withdraw"]


def test_create_with_only_the_required_fields_uses_defaults(world: World) -> None:
    body = {
        "title": "Minimalt",
        "summary": "S",
        "need": "B",
        "unit": "oksenoya-sykehjem",
        "portfolio": "digit",
    }

    created = _client(world.employee).post(URL, body, content_type="application/json").json()

    assert created["work_type"] == "development"
    assert created["program"] is None
    assert created["costs"] == []
    assert created["contributing_portfolios"] == []
    assert created["politically_mandated"] is False


def _without(name: str) -> dict[str, Any]:
    body = _full_body()
    del body[name]
    return body


def _with(**changes: Any) -> dict[str, Any]:
    body = _full_body()
    body.update(changes)
    return body


INVALID = {
    "missing title": (_without("title"), ["title"]),
    "blank title": (_with(title="   "), ["title"]),
    "unknown unit slug": (_with(unit="finnes-ikke"), ["unit"]),
    "unknown goal slug": (_with(goals=["gode-tjenester", "ukjent"]), ["goals"]),
    "negative cost": (
        _with(costs=[{"year": 2027, "investment": -1, "operating": 0}]),
        ["costs[0].investment"],
    ),
    "duplicate year": (
        _with(
            costs=[
                {"year": 2027, "investment": 1, "operating": 0},
                {"year": 2027, "investment": 2, "operating": 0},
            ]
        ),
        ["costs[1].year"],
    ),
    "mandated without reference": (
        _with(politically_mandated=True, political_reference=""),
        ["political_reference"],
    ),
    "wrong type for costs[0].year": (
        _with(costs=[{"year": "neste år", "investment": 1, "operating": 0}]),
        ["costs[0].year"],
    ),
    "unknown work type": (_with(work_type="annet"), ["work_type"]),
    "unknown field": (_with(titel="Skrivefeil"), ["titel"]),
    "primary portfolio also contributing": (
        _with(contributing_portfolios=["su"]),
        ["contributing_portfolios"],
    ),
    "several service errors at once": (
        _with(
            title="",
            political_reference="",
            costs=[{"year": 1999, "investment": -5, "operating": 0}],
        ),
        ["title", "political_reference", "costs[0].year"],
    ),
    "several type errors at once": (
        {"title": 7, "costs": [{"year": 2027, "investment": "mye"}]},
        ["title", "summary", "need", "unit", "portfolio", "costs[0].investment"],
    ),
}


@pytest.mark.parametrize("case", INVALID.keys())
def test_invalid_input_is_422_naming_each_field_and_stores_nothing(world: World, case: str) -> None:
    body, fields = INVALID[case]

    response = _client(world.employee).post(URL, body, content_type="application/json")

    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 422
    assert problem["type"] == "https://veivalg.no/problems/validation-failed"
    named = [e["field"] for e in problem["errors"]]
    for field in fields:
        assert field in named, (field, problem)
        assert field in problem["detail"]
    assert all(e["message"] for e in problem["errors"])
    assert Initiative.objects.count() == 0
    assert InitiativeCost.objects.count() == 0


def test_validation_messages_are_norwegian(world: World) -> None:
    response = _client(world.employee).post(
        URL, _with(costs=[{"year": "neste år"}]), content_type="application/json"
    )

    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["costs[0].year"] == "Må være et heltall."


def test_malformed_json_is_a_400_problem(world: World) -> None:
    response = _client(world.employee).post(URL, "{ikke json", content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert Initiative.objects.count() == 0


def test_empty_body_is_422_naming_the_required_fields(world: World) -> None:
    response = _client(world.employee).post(URL, content_type="application/json")

    assert response.status_code == 422
    named = {e["field"] for e in response.json()["errors"]}
    assert named == {"title", "summary", "need", "unit", "portfolio"}
    assert Initiative.objects.count() == 0
