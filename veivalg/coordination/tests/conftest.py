"""Fixtures for the coordination tests: a fresh related-initiatives index per test, API
clients per person, and a second site (Oksenøya) with co-located units."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.coordination.selectors import clear_related_cache
from veivalg.org.models import Unit, User
from veivalg.org.services import api_token_create


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Each test builds its own index (ids are reused after a rolled-back test)."""
    clear_related_cache()
    yield
    clear_related_cache()


def client_for(user: User) -> Client:
    raw, _token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def oksenoya(world: World) -> dict[str, Unit]:
    """Oksenøya: kindergarten, school and nursing home on the same site."""
    world.sykehjem.site = "Oksenøya"
    world.sykehjem.save()
    return {
        "sykehjem": world.sykehjem,
        "skole": Unit.objects.create(
            slug="oksenoya-skole",
            name="Oksenøya skole",
            directorate=world.oppvekst,
            site="Oksenøya",
        ),
        "barnehage": Unit.objects.create(
            slug="oksenoya-barnehage",
            name="Oksenøya barnehage",
            directorate=world.oppvekst,
            site="Oksenøya",
        ),
    }


def post_json(client: Client, url: str, body: Any) -> Any:
    return client.post(url, body, content_type="application/json")
