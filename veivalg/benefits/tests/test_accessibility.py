"""Structural accessibility checks on every benefits page, with the same rules as the rest
of the web UI (one ``h1``, landmarks, skip link, unique ids, labelled controls, existing
``aria-describedby`` targets, tables with a caption and scoped header cells)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.benefits.tests.conftest import make_benefit, measure
from veivalg.initiatives.models import State
from veivalg.web.tests.test_accessibility import Page, check

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def test_every_benefits_page_is_structurally_accessible(client: Client, world: World) -> None:
    realising = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(world, realising)
    measure(benefit, date(2026, 3, 1), "850")
    measure(benefit, date(2026, 5, 1), "700")
    make_benefit(world, realising, title="Trygghet", category="non_priced", effect=3, plan=[])
    analysis = world.initiative(State.IN_ANALYSIS)
    draft = world.initiative(costs=[])
    pages = {
        "office": [
            reverse("benefits:portfolio"),
            reverse("benefits:portfolio") + "?category=budget_releasing&state=realising_benefits",
            reverse("benefits:portfolio") + "?goal=ingen-slik",
            reverse("benefits:map"),
            reverse("benefits:map") + "?directorate=helse-omsorg",
            reverse("benefits:benefit", args=[benefit.pk]),
            reverse("benefits:benefit_edit", args=[benefit.pk]),
            reverse("benefits:benefit_delete", args=[benefit.pk]),
            reverse("benefits:benefit_new", args=[analysis.pk]),
            reverse("benefits:measurement_new", args=[benefit.pk]),
            reverse("benefits:business_case", args=[realising.pk]),
            reverse("benefits:business_case", args=[analysis.pk]),
        ],
        "benefit_owner": [
            reverse("benefits:my_measurements"),
            reverse("benefits:benefit", args=[benefit.pk]),
        ],
        "employee": [
            reverse("benefits:benefit_new", args=[draft.pk]),
            reverse("benefits:business_case", args=[draft.pk]),
            reverse("benefits:my_measurements"),
        ],
        "outsider": [
            reverse("benefits:benefit", args=[benefit.pk]),
            reverse("benefits:benefit_new", args=[analysis.pk]),
            reverse("benefits:benefit", args=[999999]),
        ],
    }
    for person, urls in pages.items():
        client.force_login(getattr(world, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), url
            check(response.content.decode())


def test_pages_with_errors_are_structurally_accessible(client: Client, world: World) -> None:
    initiative = world.initiative()
    realising = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(world, realising)
    client.force_login(world.employee)
    response = client.post(
        reverse("benefits:benefit_new", args=[initiative.pk]),
        {
            "title": "",
            "indicator_unit": "hours",
            "baseline": "x",
            "effect": "2",
            "plan-TOTAL_FORMS": "1",
            "plan-INITIAL_FORMS": "0",
            "plan-0-year": "20x",
            "plan-0-value": "1",
        },
    )
    assert response.status_code == 422
    check(response.content.decode())

    client.force_login(world.benefit_owner)
    response = client.post(
        reverse("benefits:measurement_new", args=[benefit.pk]), {"date": "", "value": "x"}
    )
    assert response.status_code == 422
    check(response.content.decode())

    client.force_login(world.office)
    response = client.post(
        reverse("benefits:business_case_settings", args=[realising.pk]),
        {"discount_rate": "99", "reason": ""},
    )
    assert response.status_code == 422
    check(response.content.decode())


def test_the_initiative_page_section_is_structurally_sound(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(world, initiative)
    measure(benefit, date(2026, 3, 1), "850")
    request = RequestFactory().get("/")
    request.user = world.office
    html = Template("{% load benefits %}{% benefits_section initiative %}").render(
        Context({"request": request, "initiative": initiative})
    )

    page = Page()
    page.feed(html)

    tags = [t for t, _a in page.tags]
    assert "h1" not in tags and tags.count("h2") == 1  # it sits under the page's h1
    assert len(page.ids) == len(set(page.ids))
    assert page.tables and all(t["named"] for t in page.tables)
    assert all(scope in ("col", "row") for t in page.tables for scope in t["th"])
    known = set(page.ids)
    for _tag, attrs in page.tags:
        for ref in attrs.get("aria-labelledby", "").split():
            assert ref in known
