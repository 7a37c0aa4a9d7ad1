"""``/api/v1/scenarios``: create, solve (202), read, problem document, propose, compare."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.optimize.problem import load_problem
from veivalg.prioritization.models import PrioritizationSet, Scenario
from veivalg.prioritization.services import rating_set, scenario_create, scenario_solve
from veivalg.prioritization.tests.conftest import client_for

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")

URL = "/api/v1/scenarios"
MANDATED = {"politically_mandated": True, "political_reference": "PS 2024/17"}


@pytest.fixture
def two(world: World, criteria: PrioritizationSet) -> dict[str, Initiative]:
    """A valuable 250 000 + 40 000 and a mandated one with the same cost, both in 2027."""
    best = world.initiative("ready_for_decision", title="Verdifull")
    mandated = world.initiative("ready_for_decision", title="Lovkrav", **MANDATED)
    rating_set(actor=world.office, initiative=best, ratings={"nytte": 4})
    return {"best": best, "mandated": mandated}


def _post(world: World, body: dict[str, Any], user: str = "office") -> Any:
    return client_for(getattr(world, user)).post(URL, body, content_type="application/json")


def _scenario(world: World, budget: int = 600_000) -> Scenario:
    return scenario_create(
        actor=world.office, name="Grunnscenario", board=world.board, budget={"2027": budget}
    )


def test_office_creates_a_scenario_201(world: World, two: dict[str, Initiative]) -> None:
    response = _post(world, {"name": "Grunnscenario", "budget": {"2027": 5_000_000}})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["board"] == "porteforljestyret"
    assert body["budget"] == {"2027": 5_000_000}
    assert body["candidates"] is None and body["explicit_candidates"] is False
    assert body["selected"] == [] and body["value"] is None


def test_create_with_explicit_candidates_and_overrides(
    world: World, two: dict[str, Initiative]
) -> None:
    best = two["best"].pk

    response = _post(
        world,
        {
            "name": "Bare én",
            "board": "porteforljestyret",
            "candidates": [best],
            "budget": {"2027": 1_000_000, "2028": 1_000_000},
            "overrides": {str(best): "in"},
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["candidates"] == [best]
    assert response.json()["overrides"] == {str(best): "in"}


def test_override_out_of_mandated_gives_422_naming_the_override(
    world: World, two: dict[str, Initiative]
) -> None:
    pk = two["mandated"].pk

    response = _post(world, {"name": "X", "budget": {"2027": 1}, "overrides": {str(pk): "out"}})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [f"overrides.{pk}"]
    assert not Scenario.objects.exists()


def test_missing_fields_give_422(world: World, two: dict[str, Initiative]) -> None:
    response = _post(world, {"budget": {"2027": "mange"}})

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"name"}


def test_invalid_budget_gives_422_naming_the_year(world: World, two: dict[str, Initiative]) -> None:
    response = _post(world, {"name": "X", "budget": {"2027": -1}})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["budget.2027"]


@pytest.mark.parametrize("person", ["employee", "board_member", "director", "outsider"])
def test_others_cannot_create_403(world: World, two: dict[str, Initiative], person: str) -> None:
    response = _post(world, {"name": "X", "budget": {"2027": 1}}, user=person)

    assert response.status_code == 403
    assert not Scenario.objects.exists()


def test_solve_answers_202_and_the_scenario_holds_the_solution(
    world: World, two: dict[str, Initiative]
) -> None:
    scenario = _scenario(world, budget=300_000)

    response = client_for(world.office).post(f"{URL}/{scenario.pk}/solve")

    assert response.status_code == 202, response.content
    assert response.json()["status"] in {"queued", "running", "optimal"}
    body = client_for(world.board_member).get(f"{URL}/{scenario.pk}").json()
    assert body["status"] == "optimal"
    assert body["selected"] == [
        {"id": two["mandated"].pk, "start": "2027Q1", "finish": "2027Q4", "committed": False}
    ]
    assert body["unselected"] == [
        {
            "id": two["best"].pk,
            "reason": "adding it would exceed budget in 2027Q1–2027Q4",
            "reason_text": "Får ikke plass innenfor budsjettet for 2027.",
        }
    ]
    assert body["value"] == 0.0
    assert body["usage"] == {"budget": [72_500] * 4}
    assert body["frontier"]["resource"] == "budget"


def test_solve_by_a_board_member_is_403(world: World, two: dict[str, Initiative]) -> None:
    scenario = _scenario(world)

    response = client_for(world.board_member).post(f"{URL}/{scenario.pk}/solve")

    assert response.status_code == 403
    scenario.refresh_from_db()
    assert scenario.status == "draft"


def test_scenarios_are_hidden_from_those_outside_the_board(
    world: World, two: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)

    for person in ("outsider", "employee", "other_board_member"):
        client = client_for(getattr(world, person))
        assert client.get(f"{URL}/{scenario.pk}").status_code == 404
        assert client.post(f"{URL}/{scenario.pk}/solve").status_code == 404
        assert client.get(URL).json() == []
    assert [s["id"] for s in client_for(world.board_member).get(URL).json()] == [scenario.pk]


def test_problem_document_uses_initiative_ids_as_strings(
    world: World, two: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)

    response = client_for(world.office).get(f"{URL}/{scenario.pk}/problem")

    assert response.status_code == 200, response.content
    document = response.json()
    load_problem(document)
    assert document["format"] == "veivalg-portfolio-problem/1"
    assert document["periods"] == ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    assert document["resources"] == [{"id": "budget", "capacity": [600_000.0], "granularity": 4}]
    assert {c["id"] for c in document["candidates"]} == {
        str(two["best"].pk),
        str(two["mandated"].pk),
    }
    mandated = next(c for c in document["candidates"] if c["id"] == str(two["mandated"].pk))
    assert mandated["decision"] == "in"
    assert mandated["demand"] == {"budget": [72_500.0] * 4}  # the year's cost per quarter


def test_propose_marks_the_proposal_and_leaves_initiatives_alone(
    world: World, two: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))

    response = client_for(world.office).post(f"{URL}/{scenario.pk}/propose")

    assert response.status_code == 200, response.content
    assert response.json()["proposed_by"] == "kontor"
    assert response.json()["proposed_to_board_at"]
    assert {i.state for i in Initiative.objects.all()} == {"ready_for_decision"}


def test_propose_an_unsolved_scenario_is_409(world: World, two: dict[str, Initiative]) -> None:
    scenario = _scenario(world)

    response = client_for(world.office).post(f"{URL}/{scenario.pk}/propose")

    assert response.status_code == 409


def test_propose_by_a_board_member_is_403(world: World, two: dict[str, Initiative]) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))

    response = client_for(world.board_member).post(f"{URL}/{scenario.pk}/propose")

    assert response.status_code == 403


def test_compare_two_scenarios(world: World, two: dict[str, Initiative]) -> None:
    small = scenario_solve(actor=world.office, scenario=_scenario(world, budget=300_000))
    large = scenario_solve(actor=world.office, scenario=_scenario(world, budget=600_000))

    response = client_for(world.board_member).get(f"{URL}/compare?a={small.pk}&b={large.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["only_a"] == [] and body["only_b"] == [two["best"].pk]
    assert (body["a"]["cost"], body["b"]["cost"]) == (290_000, 580_000)
    assert (body["a"]["value"], body["b"]["value"]) == (0.0, 50.0)


def test_unknown_scenario_is_404(world: World) -> None:
    assert client_for(world.office).get(f"{URL}/999999").status_code == 404
