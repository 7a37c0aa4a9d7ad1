"""The main journey in a real browser: need → endorse → analysis → board → approve.

Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations (zero allowed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from veivalg.initiatives.models import Initiative, State, Transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(r"/logg-inn/"))


def _act(page: Any, label: str) -> None:
    button = page.get_by_role("button", name=label, exact=True)
    button.first.click()
    page.wait_for_load_state("load")


def test_need_to_approval_journey(live_server: Any, page: Any, world: Any) -> None:
    base = live_server.url

    page.goto(f"{base}/logg-inn/")
    assert_accessible(page, "login")

    # An employee at Haug skole registers a need.
    _login(page, base, world.employee.username)
    assert_accessible(page, "home")
    page.goto(f"{base}/initiativ/nytt/")
    assert_accessible(page, "new initiative form")
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_load_state("load")
    assert page.locator(".ds-error-summary").is_visible()
    assert_accessible(page, "form with errors")
    assert Initiative.objects.count() == 0

    page.fill("#id_title", "Lederutvikling ved Haug skole")
    page.fill("#id_summary", "Felles lederutviklingsprogram for skoleledelsen.")
    page.fill("#id_need", "Skolen mangler felles ledelsespraksis etter omorganiseringen.")
    page.select_option("#id_unit", str(world.haug.pk))
    page.select_option("#id_portfolio", str(world.su.pk))
    page.fill("#id_costs-0-year", "2027")
    page.fill("#id_costs-0-investment", "250 000")
    page.fill("#id_costs-0-operating", "40000")
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(re.compile(r"/initiativ/\d+/$"))
    initiative = Initiative.objects.get()
    assert initiative.title == "Lederutvikling ved Haug skole"
    assert_accessible(page, "initiative page (draft)")
    _act(page, "Send til direktør")
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    _logout(page)

    # The director endorses it from the queue.
    _login(page, base, world.director.username)
    page.goto(f"{base}/ko/direktor/")
    assert_accessible(page, "director queue")
    page.get_by_role("link", name="Lederutvikling ved Haug skole").first.click()
    page.wait_for_url(re.compile(rf"/initiativ/{initiative.pk}/$"))
    _act(page, "Godkjenn (direktør)")
    initiative.refresh_from_db()
    assert initiative.state == State.ENDORSED
    _logout(page)

    # The portfolio office takes it into analysis and sends it to the board.
    _login(page, base, world.office.username)
    page.goto(f"{base}/ko/porteforljekontor/")
    assert_accessible(page, "office queue")
    page.goto(f"{base}/initiativ/{initiative.pk}/")
    _act(page, "Start analyse")
    world.add_benefit(initiative)  # registered in analysis; send_to_board needs one
    page.reload()
    initiative.refresh_from_db()
    assert initiative.state == State.IN_ANALYSIS
    _act(page, "Send til styret")
    initiative.refresh_from_db()
    assert initiative.state == State.READY_FOR_DECISION
    _logout(page)

    # A board member approves it.
    _login(page, base, world.board_member.username)
    page.goto(f"{base}/ko/styre/")
    assert_accessible(page, "board queue")
    page.goto(f"{base}/initiativ/{initiative.pk}/")
    assert_accessible(page, "initiative page (ready for decision)")
    _act(page, "Vedta")
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED

    # Every step is on the page with who did it.
    history = page.locator("section[aria-labelledby=history-heading]").inner_text()
    for name in ("Alice Ansatt", "Dina Direktør", "Kari Kontor", "Bert Styremedlem"):
        assert name in history
    actions = list(
        Transition.objects.filter(initiative=initiative).values_list("action", flat=True)
    )
    assert actions == ["create", "submit", "endorse", "start_analysis", "send_to_board", "approve"]

    page.goto(f"{base}/portefolje/")
    assert_accessible(page, "portfolio overview")
    assert page.get_by_role("link", name="Lederutvikling ved Haug skole").count() >= 1
