"""``GET`` and ``PATCH /api/v1/initiatives/{id}``: who sees confidential initiatives, who edits."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.org.services import api_token_create

PROBLEM = "application/problem+json"


def _client(user: User) -> Client:
    raw, _ = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _url(initiative: Initiative) -> str:
    return f"/api/v1/initiatives/{initiative.pk}"


def _patch(user: User, initiative: Initiative, body: dict[str, object]) -> Any:
    return _client(user).patch(_url(initiative), body, content_type="application/json")


# --- reading -------------------------------------------------------------------------------


@pytest.fixture
def secret(world: World) -> Initiative:
    """Confidential, in Oppvekst (Haug skole), primary portfolio DigIT, owned by ``employee``."""
    return world.initiative(confidential=True, portfolio=world.digit, contributing_portfolios=[])


@pytest.mark.parametrize("who", ["employee", "office", "director", "portfolio_manager", "admin"])
def test_confidential_initiative_is_visible_to_covering_roles(
    world: World, secret: Initiative, who: str
) -> None:
    client = _client(getattr(world, who))

    assert client.get(_url(secret)).json()["id"] == secret.pk
    assert [i["id"] for i in client.get("/api/v1/initiatives").json()["items"]] == [secret.pk]


@pytest.mark.parametrize("who", ["outsider", "other_director", "other_board_member"])
def test_confidential_initiative_is_hidden_from_others(
    world: World, secret: Initiative, who: str
) -> None:
    client = _client(getattr(world, who))

    response = client.get(_url(secret))

    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["type"] == "https://veivalg.no/problems/not-found"
    assert client.get("/api/v1/initiatives").json() == {"count": 0, "items": []}


def test_hidden_initiative_cannot_be_changed_commented_or_acted_on(
    world: World, secret: Initiative
) -> None:
    client = _client(world.outsider)
    url = _url(secret)

    patched = client.patch(url, {"title": "X"}, content_type="application/json")
    acted = client.post(f"{url}/actions/submit", {}, content_type="application/json")
    commented = client.post(f"{url}/comments", {"body": "Hei"}, content_type="application/json")

    assert (patched.status_code, acted.status_code, commented.status_code) == (404, 404, 404)
    secret.refresh_from_db()
    assert (secret.title, secret.state, secret.comments.count()) == (
        "Lederutvikling ved Haug skole",
        "draft",
        0,
    )


def test_unknown_initiative_is_404(world: World) -> None:
    response = _client(world.office).get("/api/v1/initiatives/999999")

    assert response.status_code == 404
    assert response.json()["title"] == "Finnes ikke"


def test_non_numeric_id_is_404(world: World) -> None:
    assert _client(world.office).get("/api/v1/initiatives/abc").status_code == 404


def test_detail_lists_costs_as_integers(world: World) -> None:
    initiative = world.initiative(
        costs=[
            {"year": 2028, "investment": 100, "operating": 5},
            {"year": 2027, "investment": 250000, "operating": 40000},
        ]
    )

    body = _client(world.outsider).get(_url(initiative)).json()

    assert body["costs"] == [
        {"year": 2027, "investment": 250000, "operating": 40000},
        {"year": 2028, "investment": 100, "operating": 5},
    ]


# --- editing -------------------------------------------------------------------------------


def test_owner_patches_a_draft(world: World) -> None:
    initiative = world.initiative()

    response = _patch(
        world.employee,
        initiative,
        {
            "title": "Ny tittel",
            "program": None,
            "goals": [],
            "costs": [{"year": 2030, "investment": 1, "operating": 2}],
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Ny tittel"
    assert body["program"] is None
    assert body["goals"] == []
    assert body["costs"] == [{"year": 2030, "investment": 1, "operating": 2}]
    # fields that were not sent are kept
    assert body["summary"] == "Styrke ledergruppen ved Haug skole."
    assert body["contributing_portfolios"] == ["digit"]
    initiative.refresh_from_db()
    assert initiative.title == "Ny tittel"


@pytest.mark.parametrize("who", ["director", "office", "outsider"])
def test_others_cannot_patch_a_draft(world: World, who: str) -> None:
    initiative = world.initiative()

    response = _patch(getattr(world, who), initiative, {"title": "Kapret"})

    assert response.status_code == 403
    assert response.json()["type"] == "https://veivalg.no/problems/not-allowed"
    initiative.refresh_from_db()
    assert initiative.title == "Lederutvikling ved Haug skole"


@pytest.mark.parametrize("state", ["submitted", "endorsed", "approved", "closed"])
def test_patch_outside_draft_and_analysis_is_409(world: World, state: str) -> None:
    initiative = world.initiative(state)

    owner = _patch(world.employee, initiative, {"title": "For sent"})
    office = _patch(world.office, initiative, {"title": "For sent"})

    assert (owner.status_code, office.status_code) == (409, 409)
    assert owner.json()["type"] == "https://veivalg.no/problems/invalid-transition"
    initiative.refresh_from_db()
    assert initiative.title == "Lederutvikling ved Haug skole"


def test_office_patches_during_analysis_and_owner_cannot(world: World) -> None:
    initiative = world.initiative("in_analysis")

    owner = _patch(world.employee, initiative, {"title": "Eier"})
    office = _patch(
        world.office,
        initiative,
        {"title": "Analysert", "portfolio": "digit", "contributing_portfolios": ["su"]},
    )

    assert owner.status_code == 403
    assert office.status_code == 200, office.content
    assert office.json()["portfolio"] == "digit"
    assert office.json()["contributing_portfolios"] == ["su"]
    initiative.refresh_from_db()
    assert initiative.title == "Analysert"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"portfolio": "ukjent"}, "portfolio"),
        ({"costs": [{"year": 2027, "investment": 1}, {"year": 2027}]}, "costs[1].year"),
        ({"costs": [{"year": 2027, "operating": "x"}]}, "costs[0].operating"),
        ({"politically_mandated": True}, "political_reference"),
        ({"work_type": "hobby"}, "work_type"),
        ({"state": "approved"}, "state"),
    ],
)
def test_invalid_patch_is_422_and_changes_nothing(
    world: World, body: dict[str, object], field: str
) -> None:
    initiative = world.initiative()

    response = _patch(world.employee, initiative, body)

    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    initiative.refresh_from_db()
    assert initiative.title == "Lederutvikling ved Haug skole"
    assert initiative.state == "draft"
    assert initiative.portfolio_id == world.su.pk
    assert [(c.year, int(c.investment)) for c in initiative.costs.all()] == [(2027, 250000)]


# --- comments ------------------------------------------------------------------------------


def test_comment_is_created_and_listed(world: World) -> None:
    initiative = world.initiative()
    client = _client(world.portfolio_manager)

    response = client.post(
        f"{_url(initiative)}/comments",
        {"body": "Kan DigIT bidra?"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["author"] == "forvalter"
    assert response.json()["body"] == "Kan DigIT bidra?"
    comments = client.get(_url(initiative)).json()["comments"]
    assert [(c["author"], c["body"]) for c in comments] == [("forvalter", "Kan DigIT bidra?")]


def test_empty_comment_is_422(world: World) -> None:
    initiative = world.initiative()

    response = _client(world.employee).post(
        f"{_url(initiative)}/comments", {"body": "  "}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body"]
    assert initiative.comments.count() == 0
