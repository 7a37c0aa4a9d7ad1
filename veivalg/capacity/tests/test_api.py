"""The capacity API: competences, pools, capacity, demand and the heatmap. Refusals are
problem+json: 401, 403, 404 and 422 with the fields named."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.capacity.models import (
    Competence,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.tests.conftest import client_for, q, set_capacity, set_demand
from veivalg.initiatives.models import State

PROBLEM = "application/problem+json"


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def fields(response: Any) -> list[str | None]:
    assert response["Content-Type"] == PROBLEM, response.content
    return [e["field"] for e in response.json()["errors"]]


def test_anonymous_is_401(world: World) -> None:
    for url in ("/api/v1/competences", "/api/v1/pools", "/api/v1/capacity/heatmap"):
        response = Client().get(url)
        assert response.status_code == 401 and response["Content-Type"] == PROBLEM


# --- competences and pools ----------------------------------------------------------------


def test_competences_get_and_post(world: World, developer: Competence) -> None:
    office = client_for(world.office)
    response = send(office, "post", "/api/v1/competences", {"slug": "arkitekt", "name": "Arkitekt"})
    assert response.status_code == 201, response.content
    assert response.json() == {"slug": "arkitekt", "name": "Arkitekt", "description": ""}
    listed = client_for(world.employee).get("/api/v1/competences").json()
    assert [c["slug"] for c in listed] == ["arkitekt", "utvikler"]


def test_competence_post_refusals(world: World, developer: Competence) -> None:
    response = send(
        client_for(world.employee), "post", "/api/v1/competences", {"slug": "a", "name": "A"}
    )
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    office = client_for(world.office)
    duplicate = send(office, "post", "/api/v1/competences", {"slug": "utvikler", "name": "U2"})
    assert duplicate.status_code == 422 and fields(duplicate) == ["slug"]
    reserved = send(office, "post", "/api/v1/competences", {"slug": "budget", "name": "B"})
    assert reserved.status_code == 422 and fields(reserved) == ["slug"]
    unknown = send(office, "post", "/api/v1/competences", {"slug": "x", "name": "X", "y": 1})
    assert unknown.status_code == 422 and fields(unknown) == ["y"]


def test_pools_get_and_post(world: World, developer: Competence, unit_pool: ResourcePool) -> None:
    office = client_for(world.office)
    response = send(
        office,
        "post",
        "/api/v1/pools",
        {"slug": "digit-dev", "name": "DigIT", "competence": "utvikler", "portfolio": "digit"},
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "slug": "digit-dev",
        "name": "DigIT",
        "competence": "utvikler",
        "unit": None,
        "portfolio": "digit",
        "directorate": None,
        "editable": True,
    }
    listed = client_for(world.director).get("/api/v1/pools").json()
    assert [(p["slug"], p["directorate"], p["editable"]) for p in listed] == [
        ("digit-dev", None, False),
        ("haug-utviklere", "oppvekst-skole", True),
    ]


def test_pool_post_refusals(world: World, developer: Competence) -> None:
    body = {"slug": "p", "name": "P", "competence": "utvikler", "unit": "haug-skole"}
    assert send(client_for(world.director), "post", "/api/v1/pools", body).status_code == 403
    both = send(client_for(world.office), "post", "/api/v1/pools", {**body, "portfolio": "digit"})
    assert both.status_code == 422 and fields(both) == ["unit", "portfolio"]
    unknown = send(
        client_for(world.office), "post", "/api/v1/pools", {**body, "competence": "nope"}
    )
    assert fields(unknown) == ["competence"]
    assert not ResourcePool.objects.exists()


# --- capacity -----------------------------------------------------------------------------


def capacity_rows(n: int = 4) -> list[dict[str, Any]]:
    return [
        {"pool": "haug-utviklere", "quarter": f"2027Q{i + 1}", "fte": 6.0, "operations_fte": 2.0}
        for i in range(n)
    ]


def test_put_and_get_capacity(world: World, unit_pool: ResourcePool) -> None:
    director = client_for(world.director)
    response = send(director, "put", "/api/v1/capacity", {"rows": capacity_rows(2)})
    assert response.status_code == 200, response.content
    assert response.json()["rows"][0] == {
        "pool": "haug-utviklere",
        "quarter": "2027Q1",
        "fte": 6.0,
        "operations_fte": 2.0,
        "available": 4.0,
    }
    employee = client_for(world.employee)
    everything = employee.get("/api/v1/capacity").json()["rows"]
    assert [r["quarter"] for r in everything] == ["2027Q1", "2027Q2"]
    one = employee.get("/api/v1/capacity?pool=haug-utviklere&from=2027Q2&to=2027Q4").json()
    assert [r["quarter"] for r in one["rows"]] == ["2027Q2"]


def test_put_capacity_is_all_or_nothing_and_names_the_row(
    world: World, unit_pool: ResourcePool
) -> None:
    rows = capacity_rows()
    rows[3]["fte"] = -1
    rows[1]["operations_fte"] = 9
    response = send(client_for(world.office), "put", "/api/v1/capacity", {"rows": rows})
    assert response.status_code == 422
    assert fields(response) == ["rows[1].operations_fte", "rows[3].fte"]
    assert not PoolCapacity.objects.exists()


def test_put_capacity_with_wrong_types_names_the_row(world: World, unit_pool: ResourcePool) -> None:
    rows = capacity_rows()
    rows[3]["fte"] = "mange"
    response = send(client_for(world.office), "put", "/api/v1/capacity", {"rows": rows})
    assert response.status_code == 422 and fields(response) == ["rows[3].fte"]


@pytest.mark.parametrize("person", ["other_director", "portfolio_manager", "employee", "outsider"])
def test_put_capacity_is_403_for_those_who_may_not(
    world: World, unit_pool: ResourcePool, person: str
) -> None:
    response = send(
        client_for(getattr(world, person)), "put", "/api/v1/capacity", {"rows": capacity_rows()}
    )
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert not PoolCapacity.objects.exists()


def test_get_capacity_bad_parameters(world: World) -> None:
    client = client_for(world.employee)
    assert fields(client.get("/api/v1/capacity?from=2027Q7")) == ["from"]
    assert fields(client.get("/api/v1/capacity?pool=nope")) == ["pool"]


# --- demand -------------------------------------------------------------------------------


DEMAND = {
    "earliest_start": "2027Q1",
    "latest_start": "2027Q2",
    "rows": [{"competence": "utvikler", "offset": 0, "fte": 1.5}],
}


def test_get_and_put_demand(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    owner = client_for(world.employee)
    url = f"/api/v1/initiatives/{initiative.pk}/demand"
    assert owner.get(url).json() == {"earliest_start": None, "latest_start": None, "rows": []}
    response = send(owner, "put", url, DEMAND)
    assert response.status_code == 200, response.content
    assert response.json() == DEMAND
    assert client_for(world.outsider).get(url).json() == DEMAND


def test_demand_of_an_invisible_initiative_is_404(world: World, developer: Competence) -> None:
    hidden = world.initiative(
        owner=world.other_director,
        unit=world.sykehjem,
        confidential=True,
        contributing_portfolios=[],
    )
    url = f"/api/v1/initiatives/{hidden.pk}/demand"
    outsider = client_for(world.outsider)
    assert outsider.get(url).status_code == 404
    assert send(outsider, "put", url, DEMAND).status_code == 404
    assert client_for(world.other_director).get(url).status_code == 200


@pytest.mark.parametrize(
    ("state", "person"),
    [(State.DRAFT, "outsider"), (State.DRAFT, "director"), (State.APPROVED, "employee")],
)
def test_put_demand_is_403_when_not_allowed(
    world: World, developer: Competence, state: str, person: str
) -> None:
    initiative = world.initiative(state)
    response = send(
        client_for(getattr(world, person)),
        "put",
        f"/api/v1/initiatives/{initiative.pk}/demand",
        DEMAND,
    )
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert not DemandRow.objects.exists()


def test_put_demand_422_names_the_fields(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    body = {
        "earliest_start": "2027Q3",
        "latest_start": "2027Q1",
        "rows": [
            {"competence": "utvikler", "offset": 0, "fte": 1},
            {"competence": "ukjent", "offset": 0, "fte": 1},
            {"competence": "utvikler", "offset": 41, "fte": 0},
        ],
    }
    response = send(
        client_for(world.office), "put", f"/api/v1/initiatives/{initiative.pk}/demand", body
    )
    assert response.status_code == 422
    assert fields(response) == [
        "latest_start",
        "rows[1].competence",
        "rows[2].offset",
        "rows[2].fte",
    ]
    assert not DemandRow.objects.exists()


# --- heatmap ------------------------------------------------------------------------------


def test_heatmap(world: World, developer: Competence, unit_pool: ResourcePool) -> None:
    set_capacity(unit_pool, "2027Q1", "10", "2.5")
    committed = world.initiative(State.APPROVED)
    set_demand(committed, "2027Q1", [(developer, 0, "6")])
    candidate = world.initiative(State.ENDORSED)
    set_demand(candidate, "2027Q1", [(developer, 0, "2"), (developer, 1, "1")])
    client = client_for(world.employee)
    response = client.get("/api/v1/capacity/heatmap?from=2027Q1&to=2027Q2")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "from": "2027Q1",
        "to": "2027Q2",
        "cells": [
            {
                "competence": "utvikler",
                "quarter": "2027Q1",
                "available": 7.5,
                "committed": 6.0,
                "potential": 2.0,
                "status": "risk",
            },
            {
                "competence": "utvikler",
                "quarter": "2027Q2",
                "available": 0.0,
                "committed": 0.0,
                "potential": 1.0,
                "status": "risk",
            },
        ],
    }
    helse = client.get("/api/v1/capacity/heatmap?from=2027Q1&to=2027Q1&directorate=helse-omsorg")
    assert helse.json()["cells"] == []
    su = client.get("/api/v1/capacity/heatmap?from=2027Q1&to=2027Q1&portfolio=su").json()
    # the initiatives have SU as primary portfolio; the pool is Haug's, not SU's
    assert su["cells"][0]["committed"] == 6.0 and su["cells"][0]["available"] == 0.0


def test_heatmap_defaults_to_eight_quarters(world: World) -> None:
    body = client_for(world.employee).get("/api/v1/capacity/heatmap").json()
    first, last = q(body["from"]), q(body["to"])
    assert last - first == 7


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2027Q5", "from"),
        ("from=2027Q1&to=neste", "to"),
        ("from=2027Q3&to=2027Q1", "to"),
        ("from=2027Q1&to=2040Q1", "to"),
        ("directorate=nope", "directorate"),
        ("portfolio=nope", "portfolio"),
    ],
)
def test_heatmap_bad_parameters_are_422(world: World, query: str, field: str) -> None:
    response = client_for(world.employee).get(f"/api/v1/capacity/heatmap?{query}")
    assert response.status_code == 422 and fields(response) == [field]


def test_openapi_lists_the_capacity_endpoints(world: World) -> None:
    schema = client_for(world.employee).get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/competences",
        "/api/v1/pools",
        "/api/v1/capacity",
        "/api/v1/capacity/heatmap",
        "/api/v1/initiatives/{initiative_id}/demand",
    ):
        assert path in schema["paths"], path
