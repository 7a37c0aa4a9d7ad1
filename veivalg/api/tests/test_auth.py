"""Who may call the API: bearer tokens, browser sessions with CSRF, and nobody else."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.org.models import ApiToken
from veivalg.org.services import api_token_create

PROBLEM = "application/problem+json"


def _create_body(world: World) -> dict[str, Any]:
    return {
        "title": "Nytt initiativ",
        "summary": "Kort sammendrag.",
        "need": "Et behov.",
        "unit": world.haug.slug,
        "portfolio": world.su.slug,
    }


def test_request_without_credentials_is_401_problem(world: World) -> None:
    response = Client().get("/api/v1/me")

    assert response.status_code == 401
    assert response["Content-Type"].startswith(PROBLEM)
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["type"] == "https://veivalg.no/problems/unauthenticated"
    assert body["title"] == "Ikke innlogget"
    assert "Authorization" in body["detail"]


def test_unknown_bearer_token_is_401_with_invalid_token_challenge(world: World) -> None:
    response = Client(HTTP_AUTHORIZATION="Bearer vv_not-a-real-token").get("/api/v1/me")

    assert response.status_code == 401
    assert response["Content-Type"].startswith(PROBLEM)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert response.json()["code"] == "invalid_token"


def test_revoked_token_is_401(world: World) -> None:
    raw, token = api_token_create(user=world.employee, name="skript")
    ApiToken.objects.filter(pk=token.pk).update(revoked=True)

    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")

    assert response.status_code == 401


def test_bad_token_is_refused_even_with_a_session(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION="Bearer vv_wrong")
    client.force_login(world.office)

    assert client.get("/api/v1/me").status_code == 401


def test_bearer_token_identifies_the_user(world: World) -> None:
    raw, _ = api_token_create(user=world.director, name="skript")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "direktor"


def test_bearer_post_needs_no_csrf_token(world: World) -> None:
    raw, _ = api_token_create(user=world.employee, name="skript")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.post(
        "/api/v1/initiatives", _create_body(world), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert Initiative.objects.filter(title="Nytt initiativ").exists()


def test_session_auth_works_for_get(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.employee)

    response = client.get("/api/v1/initiatives")

    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_session_post_without_csrf_token_is_403_and_stores_nothing(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.employee)

    response = client.post(
        "/api/v1/initiatives", _create_body(world), content_type="application/json"
    )

    assert response.status_code == 403
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["code"] == "csrf_failed"
    assert Initiative.objects.count() == 0


def test_session_patch_without_csrf_token_is_403(world: World) -> None:
    initiative = world.initiative()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.employee)

    response = client.patch(
        f"/api/v1/initiatives/{initiative.pk}", {"title": "Nei"}, content_type="application/json"
    )

    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title != "Nei"


def test_session_post_with_csrf_token_is_accepted(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.employee)
    token = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = token

    response = client.post(
        "/api/v1/initiatives",
        _create_body(world),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201, response.content
    assert response.json()["owner"] == "ansatt"


def test_anonymous_post_is_401_not_csrf_403(world: World) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/initiatives", _create_body(world), content_type="application/json"
    )

    assert response.status_code == 401
    assert Initiative.objects.count() == 0


def test_unknown_path_under_the_api_is_a_404_problem(world: World) -> None:
    response = Client().get("/api/v1/finnes-ikke")

    assert response.status_code == 404
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["title"] == "Finnes ikke"
