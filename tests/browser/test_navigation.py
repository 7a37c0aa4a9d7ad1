"""The main menu in a real browser: disclosure groups opened and closed with the keyboard and
the mouse, the current page marked, axe-core with a group open, a narrow screen, and the menu
without JavaScript (every link shown)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def _is_focused(locator: Any) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def _tab_to(page: Any, locator: Any, limit: int = 30) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _is_focused(locator):
            return
    pytest.fail("could not reach the element with Tab")


def test_menu_groups_open_with_the_keyboard_and_close_with_escape(
    live_server: Any, page: Any, world: Any
) -> None:
    base = live_server.url
    _login(page, base, world.office.username)
    menu = page.get_by_role("navigation", name="Hovedmeny")
    prioritering = menu.get_by_role("button", name="Prioritering", exact=True)
    panel = page.locator("#nav-prioritering")
    scenarios = menu.get_by_role("link", name="Scenarioer")

    # Closed to begin with: the links are hidden until the group is opened.
    assert prioritering.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    assert not scenarios.is_visible()

    # Tab to the button, Enter opens it; Tab reaches the links inside.
    _tab_to(page, prioritering)
    page.keyboard.press("Enter")
    assert prioritering.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    page.keyboard.press("Tab")
    assert _is_focused(menu.get_by_role("link", name="Rangering"))
    assert_accessible(page, "home with the Prioritering group open")

    # Escape closes and gives focus back to the button.
    page.keyboard.press("Escape")
    assert prioritering.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    assert _is_focused(prioritering)

    # Only one group open at a time; a click outside closes it.
    page.keyboard.press("Enter")
    oversikt = menu.get_by_role("button", name="Oversikt")
    oversikt.click()
    assert oversikt.get_attribute("aria-expanded") == "true"
    assert prioritering.get_attribute("aria-expanded") == "false"
    assert not panel.is_visible()
    page.locator("footer").click()
    assert oversikt.get_attribute("aria-expanded") == "false"

    # Follow a link with the keyboard: the page and its group are marked.
    prioritering.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _is_focused(scenarios)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/scenarioer/$"))
    current = menu.get_by_role("button", name="Prioritering (gjeldende)")
    assert current.get_attribute("aria-expanded") == "false"
    # The link is in the closed list (hidden), still marked as the current page.
    hidden = menu.get_by_role("link", name="Scenarioer", include_hidden=True)
    assert hidden.get_attribute("aria-current") == "page" and not hidden.is_visible()
    assert menu.locator("[aria-current=page]").count() == 1

    # Tabbing past the last link closes the group.
    current.focus()
    page.keyboard.press("Enter")
    for _ in range(4):  # Rangering, Scenarioer, Kapasitet, then the next group
        page.keyboard.press("Tab")
    assert _is_focused(menu.get_by_role("button", name="Gevinster"))
    assert current.get_attribute("aria-expanded") == "false"
    assert_accessible(page, "scenarios")


def test_employee_has_no_queue_group_and_the_menu_stacks_on_a_narrow_screen(
    live_server: Any, page: Any, world: Any
) -> None:
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 800})
    _login(page, base, world.employee.username)
    menu = page.get_by_role("navigation", name="Hovedmeny")
    assert menu.get_by_role("button", name="Køer").count() == 0

    buttons = [menu.get_by_role("button", name=n) for n in ("Oversikt", "Prioritering")]
    first, second = (b.bounding_box() for b in buttons)
    assert first and second and second["y"] > first["y"]  # one under the other
    buttons[0].click()
    link = menu.get_by_role("link", name="Direktørområder")
    box = link.bounding_box()
    assert box and box["x"] + box["width"] <= 390  # inside the screen
    # The open group's links come before the next button, pushing it down.
    moved = buttons[1].bounding_box()
    assert moved and moved["y"] > box["y"]
    assert_accessible(page, "narrow menu, Oversikt open")
    link.click()
    page.wait_for_url(re.compile(r"/direktoromrade/$"))


def test_without_javascript_every_link_is_shown(live_server: Any, browser: Any, world: Any) -> None:
    base = live_server.url
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    try:
        _login(page, base, world.office.username)
        menu = page.get_by_role("navigation", name="Hovedmeny")
        for name in ("Porteføljen", "Rangering", "Scenarioer", "Vedtak", "Porteføljekontorets kø"):
            assert menu.get_by_role("link", name=name, exact=True).is_visible()
        menu.get_by_role("link", name="Kapasitet").click()
        page.wait_for_url(re.compile(r"/kapasitet/$"))
        assert menu.get_by_role("link", name="Kapasitet").get_attribute("aria-current") == "page"
    finally:
        context.close()
