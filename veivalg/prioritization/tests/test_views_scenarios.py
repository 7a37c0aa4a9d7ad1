"""Scenario pages: list, create, solve, the polled result region, compare and propose.

The tests use the immediate task backend (``conftest``): «Løs» solves before it returns.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.prioritization.exchange import scenario_problem
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.services import rating_set, scenario_create, scenario_solve

SCENARIOS = reverse("prioritization:scenarios")
NEW = reverse("prioritization:scenario_new")
MANDATED = {"politically_mandated": True, "political_reference": "PS 2024/17"}


def _cost(year: int, amount: int) -> list[dict[str, int]]:
    return [{"year": year, "investment": amount, "operating": 0}]


@pytest.fixture
def small(world: World, criteria: PrioritizationSet) -> dict[str, Initiative]:
    """Budget 600 000 in 2027 for: a mandated 200 000, a valuable 400 000, a cheaper 300 000."""
    made = {
        "mandated": world.initiative(
            State.READY_FOR_DECISION, title="Lovkrav", costs=_cost(2027, 200_000), **MANDATED
        ),
        "best": world.initiative(
            State.READY_FOR_DECISION, title="Verdifull", costs=_cost(2027, 400_000)
        ),
        "cheap": world.initiative(
            State.READY_FOR_DECISION, title="Billig", costs=_cost(2027, 300_000)
        ),
    }
    rating_set(actor=world.office, initiative=made["mandated"], ratings={"nytte": 1})
    rating_set(actor=world.office, initiative=made["best"], ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=made["cheap"], ratings={"nytte": 3})
    return made


def _scenario(world: World, name: str = "Stram ramme", budget: int = 600_000) -> Scenario:
    return scenario_create(
        actor=world.office, name=name, board=world.board, budget={"2027": budget}
    )


def _form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Stram ramme",
        "board": "porteforljestyret",
        "candidate_mode": "default",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-0-year": "2027",
        "budget-0-amount": "600 000",
        "budget-1-year": "",
        "budget-1-amount": "",
        "budget-2-year": "",
        "budget-2-amount": "",
    }
    data.update(extra)
    return data


def _url(scenario: Scenario, name: str = "scenario") -> str:
    return reverse(f"prioritization:{name}", args=[scenario.pk])


# --- list ------------------------------------------------------------------------------------


def test_office_sees_the_list_and_the_new_scenario_button(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    solved = scenario_solve(actor=world.office, scenario=_scenario(world))
    _scenario(world, name="Romslig", budget=2_000_000)
    client.force_login(world.office)

    html = client.get(SCENARIOS).content.decode()

    assert f'href="{NEW}"' in html
    assert "Stram ramme" in html and "Romslig" in html and "Porteføljestyret" in html
    assert "Optimal" in html and "Ikke beregnet" in html
    assert "92,5" in html  # the solved one's value
    assert _url(solved) in html
    assert 'action="/scenarioer/sammenlign/"' in html
    assert f'href="{SCENARIOS}" aria-current="page">Scenarioer</a>' in html  # the main menu


def test_a_board_member_reads_scenarios_but_cannot_create_them(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    _scenario(world)
    client.force_login(world.board_member)

    html = client.get(SCENARIOS).content.decode()

    assert "Stram ramme" in html and f'href="{NEW}"' not in html
    assert client.get(NEW).status_code == 403


def test_an_employee_is_told_scenarios_are_for_the_office_and_boards(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)
    client.force_login(world.employee)

    response = client.get(SCENARIOS)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stram ramme" not in html
    assert "arbeidsdokumenter for porteføljekontoret" in html
    assert f'href="{SCENARIOS}"' not in html  # not in the menu for them
    assert client.get(_url(scenario)).status_code == 404


# --- create ----------------------------------------------------------------------------------


def test_new_scenario_form_lists_candidates_with_overrides(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    world.initiative(State.IN_ANALYSIS, title="Drift", work_type="operations")
    client.force_login(world.office)

    html = client.get(NEW).content.decode()

    assert 'name="budget-0-year"' in html and "Legg til år" in html
    assert f'id="candidate-{small["best"].pk}"' in html
    assert f'name="override-{small["best"].pk}"' in html
    assert f'name="override-{small["mandated"].pk}"' not in html  # always in
    assert "Alltid med" in html and "Standardkandidat" in html
    assert "Drift" not in html  # operations are not prioritised


def test_office_creates_a_scenario_with_the_default_candidates(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)

    response = client.post(NEW, _form(**{f"override-{small['cheap'].pk}": "in"}))

    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(scenario)
    assert scenario.name == "Stram ramme" and scenario.board == world.board
    assert scenario.budget == {"2027": 600_000}
    assert not scenario.explicit_candidates
    assert scenario.overrides == {str(small["cheap"].pk): "in"}
    html = client.get(response["Location"]).content.decode()
    assert "er opprettet" in html and "Scenariet er ikke beregnet ennå." in html


def test_office_creates_a_scenario_with_explicit_candidates(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)
    ids = [str(small["best"].pk), str(small["cheap"].pk)]

    response = client.post(NEW, {**_form(candidate_mode="explicit"), "candidates": ids})

    assert response.status_code == 302
    scenario = Scenario.objects.get()
    assert scenario.explicit_candidates
    assert {c.pk for c in scenario.candidates.all()} == {small["best"].pk, small["cheap"].pk}


def test_an_invalid_budget_shows_field_errors_and_stores_nothing(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)

    response = client.post(
        NEW,
        _form(
            name="",
            **{
                "budget-0-amount": "mange penger",
                "budget-1-year": "20x7",
                "budget-1-amount": "5",
                "budget-2-year": "2029",
                "budget-2-amount": "-1",
            },
        ),
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert "Gi scenariet et navn." in html
    assert "Må være et beløp i hele kroner." in html
    assert "Må være et årstall mellom 2000 og 2100." in html
    assert "Budsjettet kan ikke være negativt." in html
    assert 'href="#id_budget-0-amount"' in html and 'href="#id_budget-1-year"' in html
    assert 'id="id_budget-0-amount_error"' in html
    assert 'value="mange penger"' in html  # what was typed is kept
    assert not Scenario.objects.exists()


def test_an_empty_budget_and_a_repeated_year_are_refused(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)

    empty = client.post(NEW, _form(**{"budget-0-year": "", "budget-0-amount": ""}))
    repeated = client.post(NEW, _form(**{"budget-1-year": "2027", "budget-1-amount": "1"}))

    assert empty.status_code == 422 and "Oppgi budsjett for minst ett år" in empty.content.decode()
    assert repeated.status_code == 422
    assert "Året står på en rad til over." in repeated.content.decode()
    assert not Scenario.objects.exists()


def test_forcing_out_a_mandated_initiative_is_refused_on_its_row(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)
    pk = small["mandated"].pk

    response = client.post(NEW, _form(**{f"override-{pk}": "out"}))

    html = response.content.decode()
    assert response.status_code == 422
    assert "er politisk vedtatt (PS 2024/17) og tas alltid med" in html
    assert f'id="candidate-{pk}-error"' in html and f'href="#candidate-{pk}"' in html
    assert not Scenario.objects.exists()


def test_add_year_keeps_what_was_typed_and_saves_nothing(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    client.force_login(world.office)

    response = client.post(NEW, _form(add_budget_row="1"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="budget-3-year"' in html and 'value="600 000"' in html
    assert not Scenario.objects.exists()


def test_non_office_cannot_create_scenarios(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    for person in (world.employee, world.board_member, world.admin):
        client.force_login(person)

        assert client.post(NEW, _form()).status_code == 403
    assert not Scenario.objects.exists()


# --- solve and the result --------------------------------------------------------------------


def test_solving_shows_selection_reasons_and_chart_data(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)
    client.force_login(world.office)

    response = client.post(_url(scenario, "scenario_solve"))

    assert response.status_code == 302
    assert Scenario.objects.get().status == ScenarioStatus.OPTIMAL
    html = client.get(response["Location"]).content.decode()
    assert "Scenariet er beregnet: Optimal." in html
    selected = html.split('id="selection-heading"', 1)[1].split('id="left-out-heading"', 1)[0]
    left_out = html.split('id="left-out-heading"', 1)[1].split('id="budget-heading"', 1)[0]
    assert "Verdifull" in selected and "Lovkrav" in selected and "Billig" not in selected
    assert "Tvunget inn" in selected  # the mandated one
    assert "Billig" in left_out
    assert "Får ikke plass innenfor budsjettet for 2027." in left_out
    assert "400\u00a0000\u00a0kr" in selected  # cost per year
    budget = json.loads(
        re.search(r'id="chart-budget-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert budget["years"] == ["2027"]
    assert budget["used"] == [600_000.0] and budget["limit"] == [600_000.0]
    frontier = json.loads(
        re.search(r'id="chart-frontier-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert len(frontier["points"]) == 10
    assert frontier["points"][-1]["fraction"] == 1.0
    assert frontier["points"][-1]["value"] == pytest.approx(92.5)
    assert 'data-chart="budget"' in html and 'data-chart="frontier"' in html
    assert 'role="img"' in html and "Vis som tabell" in html
    assert "charts.js" in html and "echarts.min.js" in html
    assert "hx-trigger" not in html  # finished: nothing polls


def test_solving_a_scenario_without_candidates_says_why(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    scenario = scenario_create(
        actor=world.office, name="Tomt", board=world.board, budget={"2027": 1}
    )
    client.force_login(world.office)

    response = client.post(_url(scenario, "scenario_solve"), follow=True)

    assert "Scenariet har ingen kandidater å velge mellom." in response.content.decode()
    assert Scenario.objects.get().status == ScenarioStatus.DRAFT


def test_a_queued_scenario_polls_its_result_region(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)
    Scenario.objects.filter(pk=scenario.pk).update(
        status=ScenarioStatus.QUEUED, task_token="t", problem=scenario_problem(scenario)
    )
    client.force_login(world.board_member)

    page = client.get(_url(scenario)).content.decode()
    partial = client.get(
        _url(scenario), {"seen": "draft"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="scenario-result"
    )
    unchanged = client.get(
        _url(scenario), {"seen": "queued"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="scenario-result"
    )

    assert 'id="scenario-result" class="vv-stack-lg" aria-live="polite"' in page
    assert f'hx-get="{_url(scenario)}?seen=queued" hx-trigger="every 1s"' in page
    assert "I kø" in page and "<progress" in page
    assert f'href="{_url(scenario)}#resultat">Oppdater</a>' in page  # without JavaScript
    assert partial.status_code == 200
    fragment = partial.content.decode()
    assert "<h1" not in fragment and 'hx-trigger="every 1s"' in fragment
    assert unchanged.status_code == 204  # nothing new: no swap, no announcement


def test_the_polled_region_stops_polling_when_the_solve_is_done(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    client.force_login(world.office)

    response = client.get(
        _url(scenario),
        {"seen": "running"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="scenario-result",
    )

    fragment = response.content.decode()
    assert response.status_code == 200
    assert "hx-trigger" not in fragment and "Verdifull" in fragment
    assert 'id="chart-budget-data"' in fragment


def test_non_office_cannot_solve_or_propose(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)
    client.force_login(world.board_member)

    assert client.post(_url(scenario, "scenario_solve")).status_code == 403
    assert client.post(_url(scenario, "scenario_propose")).status_code == 403
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.DRAFT and not scenario.is_proposed


# --- propose and compare ---------------------------------------------------------------------


def test_proposing_is_a_proposal_and_changes_no_initiative(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world))
    states = dict(Initiative.objects.values_list("pk", "state"))
    transitions = Transition.objects.count()
    client.force_login(world.office)
    page = client.get(_url(scenario)).content.decode()
    assert "Det er ikke et vedtak" in page and "Foreslå for styret" in page

    response = client.post(_url(scenario, "scenario_propose"), follow=True)

    html = response.content.decode()
    assert "som porteføljekontorets forslag. Det er ikke et vedtak" in html
    assert "Foreslått for styret" in html
    assert "Løs på nytt" not in html  # a proposed scenario is not solved again
    scenario.refresh_from_db()
    assert scenario.is_proposed and scenario.proposed_by == world.office
    assert dict(Initiative.objects.values_list("pk", "state")) == states
    assert Transition.objects.count() == transitions


def test_proposing_an_unsolved_scenario_is_refused_with_a_message(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    scenario = _scenario(world)
    client.force_login(world.office)

    response = client.post(_url(scenario, "scenario_propose"), follow=True)

    assert "Bare et beregnet scenario" in response.content.decode()
    assert not Scenario.objects.get().is_proposed


def test_two_scenarios_compare_side_by_side(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    tight = scenario_solve(actor=world.office, scenario=_scenario(world))
    roomy = scenario_solve(
        actor=world.office, scenario=_scenario(world, name="Romslig", budget=1_000_000)
    )
    client.force_login(world.board_member)

    response = client.get(
        reverse("prioritization:scenario_compare"), {"a": tight.pk, "b": roomy.pk}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "A: Stram ramme" in html and "B: Romslig" in html
    only_b = html.split('id="only-b-heading"', 1)[1].split("</section>", 1)[0]
    both = html.split('id="both-heading"', 1)[1].split("</section>", 1)[0]
    only_a = html.split('id="only-a-heading"', 1)[1].split("</section>", 1)[0]
    assert "Billig" in only_b and "Billig" not in both
    assert "Verdifull" in both and "Lovkrav" in both
    assert "Ingen." in only_a
    assert "92,5" in html and "600\u00a0000\u00a0kr" in html and "900\u00a0000\u00a0kr" in html


def test_comparing_with_a_hidden_scenario_is_not_found(
    client: Client, world: World, small: dict[str, Initiative]
) -> None:
    a, b = _scenario(world), _scenario(world, name="B")
    client.force_login(world.employee)

    response = client.get(reverse("prioritization:scenario_compare"), {"a": a.pk, "b": b.pk})

    assert response.status_code == 404
