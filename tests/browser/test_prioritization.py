"""Prioritisation in a real browser: weights by pairwise comparison, a rating, a scenario
that is solved and drawn, and a scenario whose result arrives while the page polls.

Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations (zero allowed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization import tasks
from veivalg.prioritization.defaults import ensure_default_criteria
from veivalg.prioritization.exchange import scenario_problem
from veivalg.prioritization.models import Rating, Scenario, ScenarioStatus
from veivalg.prioritization.services import rating_set, scenario_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def _click(page: Any, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    page.wait_for_load_state("load")


def _portfolio(world: Any) -> dict[str, Initiative]:
    ensure_default_criteria(world.board)
    costs = {
        "Lovkrav": 200_000,
        "Ny skoleplattform": 400_000,
        "Chatbot": 300_000,
    }
    made = {
        title: world.initiative(
            State.READY_FOR_DECISION,
            title=title,
            costs=[{"year": 2027, "investment": amount, "operating": 0}],
            **(
                {"politically_mandated": True, "political_reference": "PS 2024/17"}
                if title == "Lovkrav"
                else {}
            ),
        )
        for title, amount in costs.items()
    }
    rating_set(actor=world.office, initiative=made["Chatbot"], ratings={"innovasjon": 4})
    rating_set(actor=world.office, initiative=made["Lovkrav"], ratings={"lovpalagt": 4})
    return made


def test_office_weighs_rates_and_solves_a_scenario(live_server: Any, page: Any, world: Any) -> None:
    base = live_server.url
    made = _portfolio(world)
    _login(page, base, world.office.username)

    # Weights by pairwise comparison: the stored judgements are chosen; save them.
    page.goto(f"{base}/prioritering/parvis/")
    assert_accessible(page, "pairwise comparison")
    page.check("#par-strategisk-bidrag-hast-2")  # strategy very strongly over urgency (7)
    _click(page, "Lagre og beregn vektene")
    assert page.get_by_role("heading", name="Vektene er beregnet og lagret").is_visible()
    assert "Konsistensforhold (CR)" in page.locator("#resultat").inner_text()
    assert_accessible(page, "pairwise result")
    page.goto(f"{base}/prioritering/kriterier/")
    assert_accessible(page, "criteria")

    # Rate an initiative from its page.
    platform = made["Ny skoleplattform"]
    page.goto(f"{base}/initiativ/{platform.pk}/")
    page.get_by_text("Vurder initiativet på kriteriene").click()
    for slug, level in {
        "strategisk-bidrag": 4,
        "okonomisk-gevinst": 3,
        "kvalitativ-gevinst": 4,
        "lovpalagt": 2,
        "hast": 3,
        "innovasjon": 2,
        "risiko": 1,
    }.items():
        page.check(f"#rating-{slug}-{level}")
    assert_accessible(page, "initiative page with the rating form open")
    _click(page, "Lagre vurderingen")
    page.wait_for_url(re.compile(rf"/initiativ/{platform.pk}/"))
    assert Rating.objects.filter(initiative=platform).count() == 7
    assert "Poengsum:" in page.locator("#prioritering").inner_text()
    assert_accessible(page, "initiative page with a score")

    page.goto(f"{base}/prioritering/rangering/")
    assert_accessible(page, "ranking")
    first = page.locator("#results tbody > tr").first.inner_text()
    assert "Ny skoleplattform" in first

    # A scenario: create, solve, read the result and its charts.
    page.goto(f"{base}/scenarioer/")
    assert_accessible(page, "scenario list")
    page.get_by_role("link", name="Nytt scenario").first.click()
    page.wait_for_url(re.compile(r"/scenarioer/nytt/$"))
    assert_accessible(page, "new scenario form")
    page.fill("#scenario_name", "Stram ramme 2027")
    page.fill("#id_budget-0-year", "2027")
    page.fill("#id_budget-0-amount", "600 000")
    _click(page, "Lagre scenariet")
    page.wait_for_url(re.compile(r"/scenarioer/\d+/$"))
    assert_accessible(page, "scenario (not solved)")
    _click(page, "Løs")
    scenario = Scenario.objects.get()
    assert scenario.status == ScenarioStatus.OPTIMAL
    page.locator('[data-chart="budget"] svg').wait_for(state="visible")
    page.locator('[data-chart="frontier"] svg').wait_for(state="visible")
    selection = page.locator("section[aria-labelledby=selection-heading]").inner_text()
    assert "Ny skoleplattform" in selection and "Lovkrav" in selection
    left_out = page.locator("section[aria-labelledby=left-out-heading]").inner_text()
    assert "Chatbot" in left_out and "Får ikke plass" in left_out
    assert_accessible(page, "solved scenario with charts")

    _click(page, "Foreslå for styret")
    assert "ikke et vedtak" in page.locator(".vv-messages").inner_text()
    assert Initiative.objects.get(pk=platform.pk).state == State.READY_FOR_DECISION
    assert_accessible(page, "proposed scenario")


def test_the_result_appears_while_the_page_polls(live_server: Any, page: Any, world: Any) -> None:
    base = live_server.url
    made = _portfolio(world)
    scenario = scenario_create(
        actor=world.office, name="I bakgrunnen", board=world.board, budget={"2027": 1_000_000}
    )
    # As if «Løs» had queued it for a background worker that has not started yet.
    Scenario.objects.filter(pk=scenario.pk).update(
        status=ScenarioStatus.QUEUED, task_token="t", problem=scenario_problem(scenario)
    )
    _login(page, base, world.board_member.username)

    page.goto(f"{base}/scenarioer/{scenario.pk}/")
    assert page.locator("#scenario-result progress").is_visible()
    assert_accessible(page, "queued scenario")
    tasks.run_solve(scenario.pk, "t")  # the worker finishes

    page.locator('[data-chart="budget"] svg').wait_for(state="visible", timeout=10000)
    result = page.locator("#scenario-result").inner_text()
    assert "Ny skoleplattform" in result and made["Chatbot"].title in result
    assert page.locator("#scenario-result progress").count() == 0
    assert_accessible(page, "scenario after polling")
