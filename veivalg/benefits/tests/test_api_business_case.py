"""``GET /initiatives/{id}/business-case`` and the office's settings, against the worked
example of ``test_business_case`` entered as an initiative's costs and benefits."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from veivalg.benefits.tests.conftest import client_for, make_benefit
from veivalg.initiatives.models import Initiative, State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def worked_example(world: World) -> Initiative:
    """1 000 000 invested in 2027; 2028–2031: 100 000 operating, 300 000 budget-releasing
    and 200 000 for other public bodies a year. NPV at 4 % and 20 %: 397 154 kr."""
    costs = [{"year": 2027, "investment": 1_000_000, "operating": 0}] + [
        {"year": year, "investment": 0, "operating": 100_000} for year in range(2028, 2032)
    ]
    initiative = world.initiative(State.IN_ANALYSIS, costs=costs)
    make_benefit(
        world,
        initiative,
        category="budget_releasing",
        plan=[{"year": y, "value": 300_000} for y in range(2028, 2032)],
    )
    make_benefit(
        world,
        initiative,
        title="Kortere ventetid hos helseforetaket",
        category="other_public",
        plan=[{"year": y, "value": 200_000} for y in range(2028, 2032)],
    )
    make_benefit(world, initiative, title="Tryggere elever", category="non_priced", effect=3)
    return initiative


def test_business_case_of_the_worked_example(world: World) -> None:
    initiative = worked_example(world)

    response = client_for(world.employee).get(f"/api/v1/initiatives/{initiative.pk}/business-case")

    assert response.status_code == 200, response.content
    case = response.json()
    assert case["npv"] == 397_154
    assert case["npv_per_krone"] == pytest.approx(0.397154, abs=1e-6)
    assert case["payback_year"] == 2030
    assert (case["discount_rate"], case["tax_cost_rate"]) == (0.04, 0.2)
    assert (case["first_year"], case["last_year"], case["period_years"]) == (2027, 2036, 10)
    assert case["discounted_investment"] == 1_000_000
    assert case["break_even_benefit_factor"] == pytest.approx(0.804622, abs=1e-6)
    assert case["suggested_economic_level"] == 1
    second = case["years"][1]
    assert second == {
        "year": 2028,
        "t": 1,
        "investment": 0,
        "operating": 100_000,
        "costs": 100_000,
        "benefits": 500_000,
        "budget_benefits": 300_000,
        "tax_cost": -40_000,
        "net": 440_000,
        "discount_factor": pytest.approx(0.961538, abs=1e-6),
        "present_value": 423_077,
        "cumulative_present_value": -776_923,
        "budget_effect": 200_000,
    }
    sensitivity = {s["case"]: s for s in case["sensitivity"]}
    assert sensitivity["costs_up"]["npv"] == 70_036
    assert sensitivity["benefits_down"]["npv"] == -9_394
    assert sensitivity["pessimistic"]["cost_factor"] == 1.2
    assert case["non_priced"] == [
        {"id": case["non_priced"][0]["id"], "title": "Tryggere elever", "effect": 3}
    ]
    assert case["overridden"] is False and case["outside_period"] == []


def test_office_changes_the_rates_and_the_answer_follows(world: World) -> None:
    initiative = worked_example(world)
    settings: dict[str, Any] = {
        "discount_rate": 0,
        "tax_cost_rate": None,
        "period_years": None,
        "first_year": None,
        "reason": "Sammenligning uten diskontering.",
    }

    response = client_for(world.office).put(
        f"/api/v1/initiatives/{initiative.pk}/business-case/settings",
        settings,
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    case = response.json()
    assert case["npv"] == 560_000  # −1 200 000 + 4 · 440 000
    assert case["discount_rate"] == 0.0 and case["tax_cost_rate"] == 0.2
    assert case["overridden"] is True
    assert case["override_reason"] == "Sammenligning uten diskontering."


def test_others_may_not_change_the_rates(world: World) -> None:
    initiative = worked_example(world)

    response = client_for(world.employee).put(
        f"/api/v1/initiatives/{initiative.pk}/business-case/settings",
        {"discount_rate": 0, "reason": "Fordi."},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_settings_without_reason_are_422(world: World) -> None:
    initiative = worked_example(world)

    response = client_for(world.office).put(
        f"/api/v1/initiatives/{initiative.pk}/business-case/settings",
        {"discount_rate": 0.5, "reason": ""},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"discount_rate", "reason"}


def test_an_initiative_without_money_has_an_empty_case(world: World) -> None:
    initiative = world.initiative(State.DRAFT, costs=[])

    case = client_for(world.employee).get(f"/api/v1/initiatives/{initiative.pk}/business-case")

    assert case.status_code == 200
    assert case.json()["years"] == [] and case.json()["npv"] == 0
    assert case.json()["suggested_economic_level"] is None


def test_the_endpoints_are_in_the_openapi_schema(world: World) -> None:
    schema = client_for(world.employee).get("/api/v1/openapi.json").json()

    paths = schema["paths"]
    for path in (
        "/api/v1/initiatives/{initiative_id}/benefits",
        "/api/v1/benefits",
        "/api/v1/benefits/{benefit_id}",
        "/api/v1/benefits/{benefit_id}/measurements",
        "/api/v1/initiatives/{initiative_id}/business-case",
        "/api/v1/initiatives/{initiative_id}/business-case/settings",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/benefits/{benefit_id}"]) == {"get", "patch", "delete"}
