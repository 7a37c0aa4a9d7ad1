"""Scenarios that schedule, in a real browser: a scenario with a horizon is created and solved,
its timeline is drawn (and read as a table), the capacity use and the competence insight are
shown, and «Hva hvis …» makes a solved copy that is compared with the original.

Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations (zero allowed).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from veivalg.capacity.models import Competence, DemandPlan, DemandRow, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import parse_quarter
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization.defaults import ensure_default_criteria
from veivalg.prioritization.models import Scenario, ScenarioStatus
from veivalg.prioritization.services import rating_set

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


def _demand(initiative: Initiative, competence: Competence, window: str, fte: list[str]) -> None:
    first, last = (parse_quarter(x) for x in window.split("-"))
    DemandPlan.objects.create(initiative=initiative, earliest_start=first, latest_start=last)
    for offset, amount in enumerate(fte):
        DemandRow.objects.create(
            initiative=initiative, competence=competence, offset=offset, fte=Decimal(amount)
        )


def _planned(world: Any) -> dict[str, Initiative]:
    """4 FTE developers per quarter of 2027; an approved platform takes 6 in 2027Q2."""
    ensure_default_criteria(world.board)
    developer = Competence.objects.create(slug="utvikler", name="Utvikler")
    pool = ResourcePool.objects.create(
        slug="utviklere", name="Utviklere", competence=developer, portfolio=world.digit
    )
    for quarter in range(parse_quarter("2027Q1"), parse_quarter("2027Q4") + 1):
        PoolCapacity.objects.create(pool=pool, quarter=quarter, fte=Decimal(4))
    costs = [{"year": 2027, "investment": 100_000, "operating": 0}]
    made = {
        "platform": world.initiative(State.APPROVED, title="Ny skoleplattform", costs=costs),
        "chatbot": world.initiative(State.READY_FOR_DECISION, title="Chatbot", costs=costs),
        "archive": world.initiative(State.READY_FOR_DECISION, title="Arkivinnsyn", costs=costs),
    }
    _demand(made["platform"], developer, "2027Q2-2027Q2", ["6"])
    _demand(made["chatbot"], developer, "2027Q1-2027Q1", ["2", "2"])
    _demand(made["archive"], developer, "2027Q1-2027Q1", ["1"])
    rating_set(actor=world.office, initiative=made["chatbot"], ratings={"innovasjon": 4})
    rating_set(actor=world.office, initiative=made["archive"], ratings={"hast": 3})
    return made


def test_office_schedules_a_scenario_and_tries_what_if(
    live_server: Any, page: Any, world: Any
) -> None:
    base = live_server.url
    _planned(world)
    _login(page, base, world.office.username)

    # Create with a horizon and solve.
    page.goto(f"{base}/scenarioer/nytt/")
    page.fill("#scenario_name", "Kvartalsplan 2027")
    page.fill("#scenario_horizon_from", "2027Q1")
    page.fill("#scenario_horizon_to", "2027Q4")
    page.fill("#id_budget-0-year", "2027")
    page.fill("#id_budget-0-amount", "1 000 000")
    assert_accessible(page, "new scenario form with a horizon")
    _click(page, "Lagre scenariet")
    page.wait_for_url(re.compile(r"/scenarioer/\d+/$"))
    _click(page, "Løs")
    scenario = Scenario.objects.get()
    assert scenario.status == ScenarioStatus.OPTIMAL

    # The timeline is drawn, and the same numbers are a table.
    page.locator('[data-chart="timeline"] svg').wait_for(state="visible")
    page.locator("section[aria-labelledby=timeline-heading] summary").click()
    page.locator("#timeline-table").wait_for(state="visible")
    timeline = page.locator("#timeline-table").inner_text()
    assert "Ny skoleplattform" in timeline and "Vedtatt (fast start)" in timeline
    assert "Arkivinnsyn" in timeline and "Chatbot" not in timeline  # no developers in Q2
    capacity = page.locator("#capacity-table").inner_text()
    assert "Overbooket av vedtatte" in capacity
    warning = page.locator("#committed-over").inner_text()
    assert "Utvikler 2. kv. 2027 (6,0 av 4,0 årsverk)" in warning
    assert "Utvikler" in page.locator("#insight-table").inner_text()  # follows the solve
    assert_accessible(page, "solved scenario with timeline, capacity and insight")

    # The insight for one quarter, through htmx.
    page.select_option("#insight_quarter", "2027Q3")
    page.get_by_role("button", name="Beregn innsikten på nytt").click()
    page.get_by_text("Ett årsverk mer i 3. kv. 2027.").wait_for()
    assert_accessible(page, "insight for one quarter")

    # What if there were four more developers in 2027Q2?
    page.get_by_role("link", name="Hva hvis …").click()
    page.wait_for_url(re.compile(r"/hva-hvis/$"))
    assert_accessible(page, "what-if form")
    page.select_option("#whatif_capacity_competence", "utvikler")
    page.select_option("#whatif_capacity_quarter", "2027Q2")
    page.fill("#whatif_capacity_fte", "4")
    _click(page, "Beregn og sammenlign")
    page.wait_for_url(re.compile(r"/scenarioer/sammenlign/\?a=\d+&b=\d+$"))
    schedule = page.locator("#schedule-table").inner_text()
    assert re.search(r"Chatbot.*kun i B", schedule)
    assert "Utvikler: +4,0 årsverk i 2. kv. 2027" in page.locator("main").inner_text()
    assert Scenario.objects.get(based_on=scenario).status == ScenarioStatus.OPTIMAL
    assert_accessible(page, "comparison with the what-if copy")
