"""The OpenAPI document, the docs page, and the catch-all error problem."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from conftest import World
from veivalg.api.errors import field_path
from veivalg.org.services import api_token_create


def test_openapi_json_is_served_with_title_version_and_paths(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Veivalg API"
    assert schema["info"]["version"] == "1"
    for path in (
        "/api/v1/me",
        "/api/v1/directorates",
        "/api/v1/units",
        "/api/v1/portfolios",
        "/api/v1/goals",
        "/api/v1/programs",
        "/api/v1/boards",
        "/api/v1/initiatives",
        "/api/v1/initiatives/{initiative_id}",
        "/api/v1/initiatives/{initiative_id}/actions/{action}",
        "/api/v1/initiatives/{initiative_id}/comments",
    ):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/initiatives"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/initiatives/{initiative_id}"]) == {"get", "patch"}
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()


def test_docs_page_is_served(db: None) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_unexpected_error_is_a_500_problem(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("veivalg.initiatives.selectors.filter_initiatives", broken)
    raw, _ = api_token_create(user=world.employee, name="test")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/initiatives")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["type"] == "https://veivalg.no/problems/internal-error"
    assert "boom" not in response.content.decode()


def test_unexpected_error_is_not_swallowed_in_debug(
    world: World, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("veivalg.initiatives.selectors.filter_initiatives", broken)
    settings.DEBUG = True
    raw, _ = api_token_create(user=world.employee, name="test")

    with pytest.raises(RuntimeError, match="boom"):
        Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/initiatives")


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("body", "payload", "costs", 0, "year"), "costs[0].year"),
        (("body", "payload", "title"), "title"),
        (("query", "limit"), "limit"),
        (("path", "initiative_id"), "initiative_id"),
        (("body", "payload", "goals", 2), "goals[2]"),
    ],
)
def test_field_path_from_ninja_location(loc: tuple[object, ...], path: str) -> None:
    assert field_path(loc) == path
