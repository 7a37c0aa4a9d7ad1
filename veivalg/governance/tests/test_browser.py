"""A board meeting in a real browser: the office plans it, builds and reorders the agenda
(htmx, focus kept on the moved case) and writes a recommendation; a board member approves a
case with its mandate frame and is refused when deferring a politically mandated one; the
mandate and the register follow.

Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations (zero allowed).
Like the other browser tests it uses Debian's Chromium, and is skipped without it (not in CI).

The browser runs in a thread of its own with its own Playwright, so that it never meets the
Playwright that ``tests/browser`` keeps open for the whole test run in the same process
(Playwright's sync API allows one per thread). The database is checked from the test's
thread once the browser is done.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_accessible
from veivalg.governance.models import Decision, Meeting
from veivalg.initiatives.models import State

pytestmark = [
    pytest.mark.browser,
    # no serialized_rollback: restoring it collides with content types re-created after a flush
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("veivalg.governance.tests.urls"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    ),
]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def _logout(page: Any) -> None:
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(re.compile(r"/logg-inn/"))


def _journey(base: str, office: str, member: str, board: str) -> dict[str, Any]:
    """Everything the browser does; returns what it saw."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)

        # The portfolio office plans the meeting and builds the agenda.
        _login(page, base, office)
        page.goto(f"{base}/styrer/{board}/")
        assert_accessible(page, "board")
        page.fill("#meeting_date", "2027-05-06")
        page.fill("#meeting_title", "Porteføljestyret i mai")
        page.get_by_role("button", name="Planlegg møtet").click()
        page.wait_for_url(re.compile(r"/moter/\d+/$"))
        meeting_url = page.url
        page.get_by_role("button", name="Hent saker som er klare").click()
        page.wait_for_load_state("load")
        seen["agenda"] = page.locator("#saksliste h3").all_inner_texts()

        # Move the second case up with htmx: the agenda is swapped, focus stays on the case.
        page.get_by_role("button", name="Flytt opp sak 2").click()
        page.wait_for_function(
            "() => document.querySelector('#saksliste h3').textContent.includes('Arkivinnsyn')"
        )
        seen["focused"] = page.evaluate("() => document.activeElement && document.activeElement.id")
        seen["first_down"] = page.evaluate(
            "() => document.querySelector('#saksliste article button[id^=move-down]').id"
        )
        seen["status"] = page.locator("#agenda-status").inner_text()
        assert_accessible(page, "agenda after move")

        # The recommendation for the platform (now case 2).
        page.get_by_role("link", name="Endre innstilling i sak 2").click()
        page.wait_for_load_state("load")
        page.fill("#id_recommendation", "Porteføljekontoret anbefaler at saken vedtas.")
        page.get_by_role("button", name="Lagre", exact=True).click()
        page.wait_for_load_state("load")
        seen["agenda_text"] = page.locator("#saksliste").inner_text()
        _logout(page)

        # A board member approves the platform with its mandate frame.
        _login(page, base, member)
        page.goto(meeting_url)
        page.get_by_role("link", name="Registrer vedtak i sak 2").click()
        page.wait_for_load_state("load")
        assert_accessible(page, "decision form")
        page.check("#decision_decision_0")  # Vedtatt
        page.fill("#decision_comment", "Vedtatt etter innstillingen.")
        page.fill("#decision_cost_ceiling", "1 200 000")
        page.fill("#decision_time_frame", "Konseptfasen innen 2027")
        page.fill("#decision_steering_group", "prosjekteier")
        page.get_by_role("button", name="Registrer vedtaket").click()
        page.wait_for_load_state("load")
        seen["message"] = page.locator(".vv-messages").inner_text()
        assert_accessible(page, "meeting after decision")

        # Deferring the politically mandated case is refused.
        page.get_by_role("link", name="Registrer vedtak i sak 1").click()
        page.wait_for_load_state("load")
        page.check("#decision_decision_1")  # Utsatt
        page.fill("#decision_until", "2027-09-01")
        page.get_by_role("button", name="Registrer vedtaket").click()
        page.wait_for_load_state("load")
        seen["refusal"] = page.get_by_role("alert").inner_text()
        assert_accessible(page, "refused decision")

        # The approval made a project mandate; the register lists the decision.
        page.goto(meeting_url)
        page.get_by_role("link", name="Prosjektmandat").first.click()
        page.wait_for_load_state("load")
        assert_accessible(page, "mandate")
        seen["mandate"] = page.locator("main").inner_text().replace("\xa0", " ")
        page.goto(f"{base}/vedtak/")
        assert_accessible(page, "register")
        seen["register"] = page.locator("#results").inner_text()
        context.close()
        browser.close()
    return seen


def test_a_board_meeting_from_agenda_to_decisions(live_server: Any, world: Any) -> None:
    platform = world.initiative(State.READY_FOR_DECISION, title="Læringsplattform for Åsgård")
    archive = world.initiative(
        State.READY_FOR_DECISION,
        title="Arkivinnsyn på nett",
        politically_mandated=True,
        political_reference="KST 045/24",
    )

    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(
            _journey,
            live_server.url,
            world.office.username,
            world.board_member.username,
            world.board.slug,
        ).result()

    assert seen["agenda"] == ["Sak 1: Læringsplattform for Åsgård", "Sak 2: Arkivinnsyn på nett"]
    assert seen["focused"] == seen["first_down"]  # the moved case's other button
    assert "Saken er nå sak 1." in seen["status"]
    assert "Porteføljekontoret anbefaler at saken vedtas." in seen["agenda_text"]
    assert "Vedtaket er registrert" in seen["message"]
    assert "politisk vedtatt" in seen["refusal"]
    assert "1 200 000 kr" in seen["mandate"]
    assert "Læringsplattform for Åsgård" in seen["register"]
    meeting = Meeting.objects.get()
    decision = Decision.objects.get()
    assert decision.meeting == meeting and decision.initiative == platform
    assert decision.frame["steering_group"] == ["prosjekteier"]
    platform.refresh_from_db()
    archive.refresh_from_db()
    assert platform.state == State.APPROVED
    assert archive.state == State.READY_FOR_DECISION
