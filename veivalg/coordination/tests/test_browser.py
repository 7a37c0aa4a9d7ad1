"""Coordination in a real browser: the whole picture is drawn, a post with a mention is
published without reloading and shows up as a notification, and the bundle, shared need and
program pages pass axe-core (WCAG 2.1 A/AA, zero violations allowed)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, assert_accessible
from veivalg.coordination.services import bundle_create, related_link_create, shared_need_create
from veivalg.initiatives.models import State
from veivalg.prioritization.services import dependency_add

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("veivalg.coordination.tests.urls"),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
    ),
]


@pytest.fixture
def page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def test_the_office_sees_the_whole_picture_and_talks_on_the_case(
    live_server: Any, page: Any, world: Any
) -> None:
    base = live_server.url
    lead = world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole")
    tools = world.initiative(
        State.IN_ANALYSIS,
        title="Digitale verktøy ved Haug skole",
        portfolio=world.digit,
        contributing_portfolios=[],
    )
    bundle = bundle_create(actor=world.office, title="Haug skole samlet", initiatives=[lead, tools])
    chat = world.initiative(State.ENDORSED, title="Chatbot", program=None)
    site = world.initiative(State.IN_ANALYSIS, title="Min side", program=None)
    dependency_add(actor=world.office, from_initiative=chat, to_initiative=site, type="requires")
    related_link_create(actor=world.office, initiative=chat, other=site)
    need = shared_need_create(
        actor=world.office,
        data={
            "title": "Fellesfunksjoner",
            "description": "Kantine og hall.",
            "coordinator": world.office,
            "units": [world.haug, world.sykehjem],
            "initiatives": [chat, site],
        },
    )

    _login(page, base, world.office.username)
    page.goto(f"{base}/samordning/helhet/")
    page.wait_for_selector('[data-chart="graph"][data-drawn="true"] svg')
    assert page.locator("#edges-heading + div table tbody tr").count() >= 5
    assert_accessible(page, "the whole picture")

    for url, what in (
        (f"/samordning/samordnet/{bundle.pk}/", "bundle"),
        (f"/felles-behov/{need.pk}/", "shared need"),
        ("/program/smarte-ledere/", "program"),
        ("/samordning/", "coordination overview"),
    ):
        page.goto(base + url)
        assert_accessible(page, what)

    page.goto(f"{base}/initiativ/{site.pk}/diskusjon/")
    page.fill("#discussion-body", "@direktor kan dette ses sammen med Chatbot?")
    page.get_by_role("button", name="Publiser innlegg").click()
    page.wait_for_selector("#diskusjon li")
    assert "Innlegget er publisert." in page.locator("#discussion-status").inner_text()
    assert_accessible(page, "discussion")

    page.context.clear_cookies()
    _login(page, base, world.director.username)
    page.goto(f"{base}/varsler/")
    assert "nevnte deg i diskusjonen om «Min side»" in page.locator("main").inner_text()
    assert_accessible(page, "notifications")
