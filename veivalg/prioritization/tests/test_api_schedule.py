"""``/api/v1/scenarios``: horizon, quarters in the result, what-if, competence insight."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.prioritization.models import PrioritizationSet, Scenario
from veivalg.prioritization.services import rating_set, scenario_solve
from veivalg.prioritization.tests.conftest import client_for
from veivalg.prioritization.tests.test_schedule import (
    ALL_QUARTERS,
    capacity,
    competence,
    cost,
    create,
    demand,
)

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")

URL = "/api/v1/scenarios"


def post(world: World, url: str, body: Any = None, user: str = "office") -> Any:
    return client_for(getattr(world, user)).post(
        url, body if body is not None else {}, content_type="application/json"
    )


def fields(response: Any) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def solved(world: World, criteria: PrioritizationSet) -> dict[str, Any]:
    """A solved scenario where utvikler limits: a committed and two pending candidates."""
    dev = competence()
    capacity(world, dev, "1", ALL_QUARTERS)
    running = world.initiative("in_progress", title="Pågår", costs=[cost(2027, 100)])
    demand(running, {}, window=("2027Q2", "2027Q2"))
    best = world.initiative("ready_for_decision", title="Best", costs=[cost(2028, 100)])
    demand(best, {dev: [1]}, window=("2028Q1", "2028Q2"))
    second = world.initiative("ready_for_decision", title="Nest", costs=[cost(2028, 100)])
    demand(second, {dev: [1, 1, 1, 1, 1]}, window=("2028Q1", "2028Q1"))
    rating_set(actor=world.office, initiative=best, ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=second, ratings={"nytte": 4})
    scenario = scenario_solve(actor=world.office, scenario=create(world))
    return {"scenario": scenario, "running": running, "best": best, "second": second}


def test_create_with_a_horizon_returns_it(world: World, criteria: PrioritizationSet) -> None:
    response = post(
        world,
        URL,
        {
            "name": "Toårig",
            "budget": {"2027": 1_000_000, "2028": 1_000_000},
            "horizon": {"from": "2027Q1", "to": "2027Q4"},
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["horizon"] == {"from": "2027Q1", "to": "2027Q4"}
    assert body["horizon_explicit"] is True
    assert body["capacity_adjustments"] == [] and body["window_overrides"] == {}


def test_without_a_horizon_the_budget_years_are_shown(
    world: World, criteria: PrioritizationSet
) -> None:
    response = post(world, URL, {"name": "Ett år", "budget": {"2027": 1}})

    assert response.json()["horizon"] == {"from": "2027Q1", "to": "2027Q4"}
    assert response.json()["horizon_explicit"] is False


def test_a_horizon_not_in_whole_years_is_422(world: World, criteria: PrioritizationSet) -> None:
    response = post(
        world,
        URL,
        {"name": "X", "budget": {"2027": 1}, "horizon": {"from": "2027Q2", "to": "2027Q4"}},
    )

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")
    assert fields(response) == {"horizon.from"}
    assert not Scenario.objects.exists()


def test_patch_changes_the_horizon_and_discards_the_result(
    world: World, solved: dict[str, Any]
) -> None:
    scenario = solved["scenario"]

    response = client_for(world.office).patch(
        f"{URL}/{scenario.pk}",
        {"horizon": {"from": "2028Q1", "to": "2029Q4"}},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["horizon"] == {"from": "2028Q1", "to": "2029Q4"}
    assert response.json()["status"] == "draft"


def test_selected_items_have_start_and_finish_quarters(
    world: World, solved: dict[str, Any]
) -> None:
    body = client_for(world.board_member).get(f"{URL}/{solved['scenario'].pk}").json()

    by_id = {s["id"]: s for s in body["selected"]}
    assert by_id[solved["running"].pk] == {
        "id": solved["running"].pk,
        "start": "2027Q2",
        "finish": "2028Q1",
        "committed": True,
    }
    best = by_id[solved["best"].pk]
    # Its 2028 cost runs four quarters from its start.
    assert (best["start"], best["finish"]) in {("2028Q1", "2028Q4"), ("2028Q2", "2029Q1")}
    assert solved["second"].pk not in by_id
    assert body["committed_over"] == []


def test_competence_insight_is_listed_largest_first(world: World, solved: dict[str, Any]) -> None:
    response = client_for(world.board_member).get(
        f"{URL}/{solved['scenario'].pk}/competence-insight"
    )

    assert response.status_code == 200, response.content
    assert response.json() == [{"competence": "utvikler", "marginal_value": 50.0}]


def test_competence_insight_before_it_is_computed_is_409(
    world: World, criteria: PrioritizationSet
) -> None:
    scenario = create(world)

    response = client_for(world.office).get(f"{URL}/{scenario.pk}/competence-insight")

    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert "ikke beregnet" in response.json()["detail"]


def test_competence_insight_can_be_asked_for_one_quarter(
    world: World, solved: dict[str, Any]
) -> None:
    url = f"{URL}/{solved['scenario'].pk}/competence-insight"

    response = post(world, url, {"quarter": "2028Q3"})

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "done" and body["quarter"] == "2028Q3"
    assert "token" not in body
    # The second one needs utvikler 2028Q1–Q5: one more FTE in 2028Q3 alone is not enough.
    assert client_for(world.office).get(url).json() == [
        {"competence": "utvikler", "marginal_value": 0.0}
    ]
    assert post(world, url, {"quarter": "2035Q1"}).status_code == 422
    assert post(world, url, user="board_member").status_code == 403


def test_what_if_answers_201_with_the_solved_copy(world: World, solved: dict[str, Any]) -> None:
    scenario = solved["scenario"]

    response = post(
        world,
        f"{URL}/{scenario.pk}/what-if",
        {"capacity_adjustments": [{"competence": "utvikler", "quarter": None, "fte": 1}]},
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["based_on"] == scenario.pk
    assert body["name"] == "Hva hvis: Plan"
    assert body["status"] == "optimal"
    assert solved["second"].pk in {s["id"] for s in body["selected"]}
    assert body["capacity_adjustments"] == [{"competence": "utvikler", "quarter": None, "fte": 1.0}]


def test_what_if_names_the_wrong_field(world: World, solved: dict[str, Any]) -> None:
    scenario = solved["scenario"]

    response = post(
        world,
        f"{URL}/{scenario.pk}/what-if",
        {
            "capacity_adjustments": [{"competence": "snekker", "fte": 1}],
            "force_in": [999_999],
        },
    )

    assert response.status_code == 422
    assert fields(response) == {"capacity_adjustments[0].competence", "force_in[0]"}
    assert Scenario.objects.count() == 1
    assert post(world, f"{URL}/{scenario.pk}/what-if", user="board_member").status_code == 403
