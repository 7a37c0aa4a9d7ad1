"""``/api/v1/criteria``: read by everyone, written by the portfolio office."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.prioritization.models import Criterion, PrioritizationSet
from veivalg.prioritization.tests.conftest import client_for

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")

URL = "/api/v1/criteria"


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "slug": "hast",
        "name": "Hast",
        "description": "Hva det koster å vente",
        "inverted": False,
        "levels": [{"level": lv, "meaning": f"Hast {lv}"} for lv in range(5)],
    }
    body.update(overrides)
    return body


def test_everyone_reads_the_criteria_with_levels_and_weights(
    world: World, criteria: PrioritizationSet
) -> None:
    response = client_for(world.outsider).get(URL)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["set"]["board"] == "porteforljestyret"
    assert body["set"]["weights_method"] == "direct"
    assert [(c["slug"], c["weight"], c["inverted"]) for c in body["criteria"]] == [
        ("nytte", 0.5, False),
        ("strategi", 0.3, False),
        ("risiko", 0.2, True),
    ]
    assert body["criteria"][0]["levels"][4] == {
        "level": 4,
        "label": "Ekstrem",
        "meaning": "nytte 4",
    }


def test_a_board_without_criteria_reads_as_empty(world: World) -> None:
    body = client_for(world.employee).get(URL + "?board=eiendomsradet").json()

    assert body["criteria"] == [] and body["set"]["id"] is None


def test_office_creates_a_criterion(world: World, criteria: PrioritizationSet) -> None:
    response = client_for(world.office).post(URL, _body(), content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "hast"
    assert [lv["label"] for lv in response.json()["levels"]] == [
        "Ingen",
        "Lav",
        "Moderat",
        "Sterk",
        "Ekstrem",
    ]
    assert criteria.criteria.filter(slug="hast").exists()


@pytest.mark.parametrize("person", ["employee", "board_member", "director", "outsider"])
def test_others_get_403(world: World, criteria: PrioritizationSet, person: str) -> None:
    response = client_for(getattr(world, person)).post(
        URL, _body(), content_type="application/json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert not Criterion.objects.filter(slug="hast").exists()


def test_invalid_levels_give_422_naming_the_fields(
    world: World, criteria: PrioritizationSet
) -> None:
    response = client_for(world.office).post(
        URL,
        _body(levels=[{"level": 0, "meaning": "Ingen"}, {"level": 1, "meaning": " "}]),
        content_type="application/json",
    )

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"levels[1].meaning"}


def test_unknown_board_gives_422(world: World) -> None:
    response = client_for(world.office).post(
        URL, _body(board="finnes-ikke"), content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "board"


def test_direct_weights_are_normalised(world: World, criteria: PrioritizationSet) -> None:
    response = client_for(world.office).put(
        URL + "/weights",
        {"weights": {"nytte": 2, "strategi": 1, "risiko": 1}},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["weights"] == {"nytte": 0.5, "strategi": 0.25, "risiko": 0.25}


def test_judgements_give_ahp_weights(world: World, criteria: PrioritizationSet) -> None:
    response = client_for(world.office).put(
        URL + "/judgements",
        {
            "judgements": [
                {"a": "nytte", "b": "strategi", "value": 2},
                {"a": "nytte", "b": "risiko", "value": 4},
                {"a": "strategi", "b": "risiko", "value": 2},
            ]
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["weights"] == pytest.approx(
        {"nytte": 4 / 7, "strategi": 2 / 7, "risiko": 1 / 7}, abs=1e-4
    )
    assert body["consistent"] is True and body["revisit"] is None


def test_judgements_by_others_get_403(world: World, criteria: PrioritizationSet) -> None:
    response = client_for(world.board_member).put(
        URL + "/judgements",
        {"judgements": [{"a": "nytte", "b": "strategi", "value": 2}]},
        content_type="application/json",
    )

    assert response.status_code == 403
