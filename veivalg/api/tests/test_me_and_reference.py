"""``/me`` and the reference lists that initiatives point to by slug."""

from __future__ import annotations

from django.test import Client

from conftest import World
from veivalg.org.models import User
from veivalg.org.services import api_token_create, role_grant


def _client(user: User) -> Client:
    raw, _ = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_me_lists_employee_first_then_scoped_roles(world: World) -> None:
    role_grant(actor=None, user=world.director, role="portfolio_manager", scope="su")

    body = _client(world.director).get("/api/v1/me").json()

    assert body == {
        "username": "direktor",
        "roles": [
            {"role": "employee", "scope": None},
            {"role": "director", "scope": "oppvekst-skole"},
            {"role": "portfolio_manager", "scope": "su"},
        ],
    }


def test_me_for_an_employee_without_roles(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/me").json()

    assert body == {"username": "utenforstaende", "roles": [{"role": "employee", "scope": None}]}


def test_me_shows_unscoped_and_board_and_initiative_roles(world: World) -> None:
    initiative = world.initiative()

    office = _client(world.office).get("/api/v1/me").json()["roles"]
    board = _client(world.board_member).get("/api/v1/me").json()["roles"]
    owner = _client(world.project_owner).get("/api/v1/me").json()["roles"]

    assert office == [
        {"role": "employee", "scope": None},
        {"role": "portfolio_office", "scope": None},
    ]
    assert {"role": "board_member", "scope": "porteforljestyret"} in board
    assert {"role": "project_owner", "scope": str(initiative.pk)} in owner


def test_directorates_list(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/directorates").json()

    assert body == [
        {"slug": "helse-omsorg", "name": "Helse og omsorg"},
        {"slug": "oppvekst-skole", "name": "Oppvekst skole"},
    ]


def test_units_list_names_their_directorate(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/units").json()

    assert {"slug": "haug-skole", "name": "Haug skole", "directorate": "oppvekst-skole"} in body
    assert {
        "slug": "oksenoya-sykehjem",
        "name": "Oksenøya sykehjem",
        "directorate": "helse-omsorg",
    } in body


def test_portfolios_list_marks_out_of_scope(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/portfolios").json()

    by_slug = {p["slug"]: p for p in body}
    assert by_slug["byggeprosjekter"]["out_of_scope"] is True
    assert by_slug["digit"] == {"slug": "digit", "name": "DigIT", "out_of_scope": False}
    assert set(by_slug) == {"byggeprosjekter", "digit", "su"}


def test_goals_list_has_level_and_parent(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/goals").json()

    by_slug = {g["slug"]: g for g in body}
    assert by_slug["kommuneplan"] == {
        "slug": "kommuneplan",
        "name": "Kommuneplanen",
        "level": "plan",
        "parent": None,
    }
    assert by_slug["gode-tjenester"]["parent"] == "kommuneplan"
    assert by_slug["gode-tjenester"]["level"] == "main"


def test_programs_list(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/programs").json()

    assert body == [{"slug": "smarte-ledere", "name": "Smarte ledere"}]


def test_boards_list_has_parent(world: World) -> None:
    body = _client(world.outsider).get("/api/v1/boards").json()

    by_slug = {b["slug"]: b for b in body}
    assert by_slug["porteforljestyret"]["parent"] is None
    assert by_slug["eiendomsradet"] == {
        "slug": "eiendomsradet",
        "name": "Eiendomsrådet",
        "parent": "porteforljestyret",
    }


def test_reference_lists_require_credentials(world: World) -> None:
    for name in ("directorates", "units", "portfolios", "goals", "programs", "boards"):
        assert Client().get(f"/api/v1/{name}").status_code == 401, name
