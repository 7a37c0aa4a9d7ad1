"""``GET /api/v1/initiatives``: filters, paging, and a query count that does not grow with rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.org.services import api_token_create

URL = "/api/v1/initiatives"


def _client(user: User) -> Client:
    raw, _ = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def three(world: World) -> dict[str, Initiative]:
    """Haug's draft (SU, DigIT contributing), a nursing-home operations item, a gym hall."""
    return {
        "haug": world.initiative(),
        "drift": world.initiative(
            "submitted",
            title="Drift av pasientvarsling",
            unit=world.sykehjem,
            portfolio=world.digit,
            contributing_portfolios=[],
            program=None,
            goals=[],
            work_type="operations",
        ),
        "gymsal": world.initiative(
            "approved",
            title="Ny gymsal",
            portfolio=world.bygg,
            contributing_portfolios=[],
            program=None,
            archive_reference="2024/999",
            costs=[],
        ),
    }


def _ids(world: World, query: str) -> set[int]:
    response = _client(world.outsider).get(URL + query)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def _pks(three: dict[str, Initiative], *names: str) -> set[int]:
    return {three[name].pk for name in names}


def test_list_item_representation(world: World, three: dict[str, Initiative]) -> None:
    body = _client(world.outsider).get(URL + "?unit=haug-skole&state=draft").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item.pop("updated_at")
    assert item == {
        "id": three["haug"].pk,
        "title": "Lederutvikling ved Haug skole",
        "state": "draft",
        "unit": "haug-skole",
        "portfolio": "su",
        "directorate": "oppvekst-skole",
        "program": "smarte-ledere",
        "work_type": "development",
        "politically_mandated": False,
        "confidential": False,
        "owner": "ansatt",
        "total_cost": 290000,
    }


def test_total_cost_is_null_without_estimate(world: World, three: dict[str, Initiative]) -> None:
    body = _client(world.outsider).get(URL + "?q=gymsal").json()

    assert body["items"][0]["total_cost"] is None


def test_list_without_filters_returns_all_newest_first(
    world: World, three: dict[str, Initiative]
) -> None:
    body = _client(world.outsider).get(URL).json()

    assert body["count"] == 3
    assert [i["id"] for i in body["items"]] == [
        three["gymsal"].pk,
        three["drift"].pk,
        three["haug"].pk,
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=submitted", ["drift"]),
        ("?state=draft,approved", ["haug", "gymsal"]),
        ("?portfolio=digit", ["haug", "drift"]),  # Haug's draft through a contributing portfolio
        ("?portfolio=byggeprosjekter", ["gymsal"]),
        ("?directorate=helse-omsorg", ["drift"]),
        ("?directorate=oppvekst-skole", ["haug", "gymsal"]),
        ("?unit=oksenoya-sykehjem", ["drift"]),
        ("?program=smarte-ledere", ["haug"]),
        ("?work_type=operations", ["drift"]),
        ("?work_type=development", ["haug", "gymsal"]),
        ("?q=gymsal", ["gymsal"]),
        ("?q=2024/999", ["gymsal"]),
        ("?q=pasientvarsling&state=submitted", ["drift"]),
        ("?q=pasientvarsling&state=draft", []),
    ],
)
def test_list_filters(
    world: World, three: dict[str, Initiative], query: str, expected: list[str]
) -> None:
    assert _ids(world, query) == _pks(three, *expected)


def test_q_finds_an_initiative_by_number(world: World, three: dict[str, Initiative]) -> None:
    assert _ids(world, f"?q=%23{three['drift'].pk}") == _pks(three, "drift")


def test_limit_and_offset_page_through_with_the_full_count(
    world: World, three: dict[str, Initiative]
) -> None:
    client = _client(world.outsider)

    first = client.get(URL + "?limit=2").json()
    second = client.get(URL + "?limit=2&offset=2").json()

    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert sorted(ids) == sorted(i.pk for i in three.values())


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?limit=501", "limit"),
        ("?limit=0", "limit"),
        ("?offset=-1", "offset"),
        ("?limit=mange", "limit"),
    ],
)
def test_out_of_range_paging_is_422(world: World, query: str, field: str) -> None:
    response = _client(world.outsider).get(URL + query)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_limit_of_500_is_allowed(world: World, three: dict[str, Initiative]) -> None:
    assert _client(world.outsider).get(URL + "?limit=500").json()["count"] == 3


def test_confidential_initiatives_are_absent_for_an_outsider(world: World) -> None:
    open_one = world.initiative()
    world.initiative(confidential=True, title="Hemmelig")

    body = _client(world.outsider).get(URL).json()

    assert body["count"] == 1
    assert [i["id"] for i in body["items"]] == [open_one.pk]


def _count_list_queries(client: Client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL + "?limit=50")
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


def _make(world: World, n: int, start: int) -> None:
    units = [world.haug, world.sykehjem]
    programs: list[Any] = [world.program, None]
    for i in range(start, start + n):
        world.initiative(
            title=f"Initiativ {i}",
            unit=units[i % 2],
            program=programs[i % 2],
            confidential=i % 3 == 0,
            owner=world.employee if i % 2 else world.project_owner,
        )


def test_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = _client(world.portfolio_manager)
    client.get(URL)  # first use of the token records last_used_at
    _make(world, 5, 0)
    few_queries, few_rows = _count_list_queries(client)
    _make(world, 25, 5)
    many_queries, many_rows = _count_list_queries(client)

    assert (few_rows, many_rows) == (5, 30)
    assert many_queries == few_queries
