"""Capacity in a real browser: the heatmap, its filter (htmx, address bar updated), a cell
opened with the keyboard, a pool's capacity grid, the import page and an initiative's demand.

Every page on the way is checked with axe-core for WCAG 2.1 A/AA violations (zero allowed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import assert_accessible
from veivalg.capacity import selectors, services
from veivalg.capacity.models import PoolCapacity
from veivalg.capacity.quarters import quarter_display, quarter_label
from veivalg.initiatives.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/logg-inn/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(re.compile(r"/$"))


def _capacity(world: Any) -> dict[str, Any]:
    q0, _last = selectors.default_range()
    services.competence_create(actor=world.office, data={"slug": "utvikler", "name": "Utvikler"})
    services.pool_create(
        actor=world.office,
        data={
            "slug": "digit-utv",
            "name": "DigIT utviklere",
            "competence": "utvikler",
            "portfolio": "digit",
        },
    )
    services.pool_create(
        actor=world.office,
        data={
            "slug": "haug-utv",
            "name": "Haug utviklere",
            "competence": "utvikler",
            "unit": "haug-skole",
        },
    )
    services.capacity_set(
        actor=world.office,
        rows=[
            {"pool": pool, "quarter": quarter_label(q0 + i), "fte": fte, "operations_fte": ops}
            for i in range(8)
            for pool, fte, ops in (("digit-utv", "4", "1"), ("haug-utv", "2", "0"))
        ],
    )
    made = {}
    for title, state, rows in (
        ("Ny skoleplattform", State.APPROVED, [(0, "2.5"), (1, "6")]),
        ("Chatbot", State.SUBMITTED, [(0, "3")]),
    ):
        initiative = world.initiative(state, title=title)
        services.demand_set(
            actor=world.office,
            initiative=initiative,
            data={
                "earliest_start": quarter_label(q0),
                "latest_start": quarter_label(q0 + 2),
                "rows": [{"competence": "utvikler", "offset": o, "fte": f} for o, f in rows],
            },
        )
        made[title] = initiative
    return {"q0": q0, **made}


def test_office_reads_the_heatmap_and_edits_capacity_and_demand(
    live_server: Any, page: Any, world: Any
) -> None:
    base = live_server.url
    data = _capacity(world)
    q0 = data["q0"]
    _login(page, base, world.office.username)

    # The heatmap: numbers, written status, legend.
    page.goto(f"{base}/kapasitet/")
    table = page.locator("#heatmap-results table")
    assert "5,0 / 2,5 + 3,0" in table.inner_text()
    assert "Risiko" in table.inner_text() and "Overbooket" in table.inner_text()
    assert_accessible(page, "heatmap")

    # The filter: htmx swaps the results and the address bar follows.
    page.select_option("#filter_directorate", "oppvekst-skole")
    page.wait_for_url(re.compile(r"directorate=oppvekst-skole"))
    page.locator("#heatmap-results", has_text="Oppvekst skole").wait_for()
    assert "2,0 / 2,5 + 3,0" in page.locator("#heatmap-results table").inner_text()
    assert_accessible(page, "filtered heatmap")

    # Drill into the first cell with the keyboard: the region below fills in, in place.
    cell = page.locator("#heatmap-results a.vv-heat__cell").first
    cell.focus()
    page.keyboard.press("Enter")
    detail = page.locator("#cell-detail")
    detail.get_by_role("heading", name=re.compile(quarter_display(q0))).wait_for()
    assert "Ny skoleplattform" in detail.inner_text() and "Chatbot" in detail.inner_text()
    assert "/kapasitet/celle/" not in page.url  # stayed on the heatmap
    assert detail.get_attribute("aria-live") == "polite"
    assert_accessible(page, "heatmap with a cell opened")

    # A pool's capacity grid: an error is named per field and nothing is saved.
    page.goto(f"{base}/kapasitet/pooler/digit-utv/")
    assert_accessible(page, "capacity grid")
    page.fill("#id_rows-0-fte", "6")
    page.fill("#id_rows-0-operations_fte", "8")
    page.get_by_role("button", name="Lagre kapasiteten").click()
    page.wait_for_load_state("load")
    summary = page.locator(".ds-error-summary")
    assert "Driftsandelen" in summary.inner_text()
    assert page.locator("#id_rows-0-operations_fte").get_attribute("aria-invalid") == "true"
    assert PoolCapacity.objects.get(pool__slug="digit-utv", quarter=q0).fte == 4
    assert_accessible(page, "capacity grid with errors")
    page.fill("#id_rows-0-operations_fte", "2")
    page.get_by_role("button", name="Lagre kapasiteten").click()
    page.wait_for_load_state("load")
    assert "er lagret" in page.locator(".vv-messages").inner_text()
    assert PoolCapacity.objects.get(pool__slug="digit-utv", quarter=q0).fte == 6

    # The import page.
    page.goto(f"{base}/kapasitet/import/")
    assert_accessible(page, "import page")

    # An initiative's demand: the form, then the section on the initiative page.
    chatbot = data["Chatbot"]
    page.goto(f"{base}/initiativ/{chatbot.pk}/behov/")
    assert_accessible(page, "demand form")
    page.select_option("#id_rows-1-competence", "utvikler")
    page.fill("#id_rows-1-offset", "1")
    page.fill("#id_rows-1-fte", "1,5")
    page.get_by_role("button", name="Lagre ressursbehovet").click()
    page.wait_for_url(re.compile(rf"/initiativ/{chatbot.pk}/#ressursbehov$"))
    section = page.locator("#ressursbehov")
    assert "1,5" in section.inner_text()
    assert "Endre ressursbehov" in section.inner_text()
    assert_accessible(page, "initiative page with the demand section")
