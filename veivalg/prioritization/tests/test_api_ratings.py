"""``PUT/GET /api/v1/initiatives/{id}/ratings`` and ``GET /api/v1/ranking``."""

from __future__ import annotations

import pytest

from conftest import World
from veivalg.prioritization.models import PrioritizationSet, Rating
from veivalg.prioritization.services import rating_set
from veivalg.prioritization.tests.conftest import client_for

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")


def _url(pk: int) -> str:
    return f"/api/v1/initiatives/{pk}/ratings"


def test_office_rates_and_gets_the_score_with_breakdown(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")

    response = client_for(world.office).put(
        _url(initiative.pk),
        {"nytte": 4, "strategi": 2, "risiko": 1},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["score"] == 80.0
    assert body["complete"] is True and body["missing"] == []
    assert body["breakdown"] == [
        {
            "criterion": "nytte",
            "name": "Nytte",
            "weight": 0.5,
            "inverted": False,
            "level": 4,
            "points": 50.0,
            "max_points": 50.0,
        },
        {
            "criterion": "strategi",
            "name": "Strategi",
            "weight": 0.3,
            "inverted": False,
            "level": 2,
            "points": 15.0,
            "max_points": 30.0,
        },
        {
            "criterion": "risiko",
            "name": "Risiko",
            "weight": 0.2,
            "inverted": True,
            "level": 1,
            "points": 15.0,
            "max_points": 20.0,
        },
    ]


def test_everyone_who_sees_the_initiative_reads_its_score(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")
    rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 2})

    body = client_for(world.outsider).get(_url(initiative.pk)).json()

    assert body["score"] == 25.0 and body["missing"] == ["strategi", "risiko"]


def test_invalid_level_gives_422_naming_the_criterion_and_stores_nothing(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("in_analysis")

    response = client_for(world.office).put(
        _url(initiative.pk),
        {"nytte": 4, "strategi": 9, "ukjent": 1},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"strategi", "ukjent"}
    assert not Rating.objects.exists()


def test_non_office_gets_403(world: World, criteria: PrioritizationSet) -> None:
    initiative = world.initiative("in_analysis")

    response = client_for(world.board_member).put(
        _url(initiative.pk), {"nytte": 4}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_hidden_initiative_gives_404(world: World, criteria: PrioritizationSet) -> None:
    secret = world.initiative("in_analysis", confidential=True)

    put = client_for(world.outsider).put(
        _url(secret.pk), {"nytte": 4}, content_type="application/json"
    )
    get = client_for(world.outsider).get(_url(secret.pk))

    assert (put.status_code, get.status_code) == (404, 404)


def test_ranking_lists_visible_initiatives_by_score(
    world: World, criteria: PrioritizationSet
) -> None:
    low = world.initiative("in_analysis", title="Lav")
    high = world.initiative("in_analysis", title="Høy")
    secret = world.initiative("in_analysis", title="Skjult", confidential=True)
    rating_set(actor=world.office, initiative=low, ratings={"nytte": 1})
    rating_set(actor=world.office, initiative=high, ratings={"nytte": 4})
    rating_set(actor=world.office, initiative=secret, ratings={"nytte": 3})

    response = client_for(world.outsider).get("/api/v1/ranking")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    assert [(i["id"], i["title"], i["score"], i["position"]) for i in body["items"]] == [
        (high.pk, "Høy", 50.0, 1),
        (low.pk, "Lav", 12.5, 2),
    ]
    assert body["items"][0]["breakdown"][0]["criterion"] == "nytte"
    assert body["items"][0]["total_cost"] == 290000


def test_ranking_takes_the_initiative_list_filters(
    world: World, criteria: PrioritizationSet
) -> None:
    su = world.initiative("in_analysis", title="SU")
    world.initiative(
        "in_analysis", title="DigIT", portfolio=world.digit, contributing_portfolios=[]
    )

    body = client_for(world.employee).get("/api/v1/ranking?portfolio=su&limit=10").json()

    assert [i["id"] for i in body["items"]] == [su.pk]
