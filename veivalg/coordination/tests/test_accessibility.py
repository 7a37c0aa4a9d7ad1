"""Structural accessibility checks on every coordination page and on the sections for the
initiative page (as ``veivalg.web`` does): one ``h1``, landmarks, a skip link, unique ids,
labelled controls, ``aria-describedby`` pointing at elements that exist, tables with a
caption and scoped header cells."""

from __future__ import annotations

import pytest
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.coordination.services import (
    bundle_create,
    discussion_post,
    related_link_create,
    shared_need_create,
)
from veivalg.initiatives.models import State
from veivalg.org.models import Unit
from veivalg.prioritization.services import dependency_add
from veivalg.web.tests.test_accessibility import check

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


def _world(world: World, oksenoya: dict[str, Unit]) -> dict[str, int]:
    lead = world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole")
    tools = world.initiative(
        State.IN_ANALYSIS,
        title="Digitale verktøy ved Haug skole",
        portfolio=world.digit,
        contributing_portfolios=[],
    )
    bundle = bundle_create(actor=world.office, title="Haug skole samlet", initiatives=[lead, tools])
    kitchen = world.initiative(State.ENDORSED, title="Kantine", unit=oksenoya["skole"])
    hall = world.initiative(State.ENDORSED, title="Hall og sal", unit=oksenoya["sykehjem"])
    dependency_add(actor=world.office, from_initiative=hall, to_initiative=kitchen, type="requires")
    related_link_create(actor=world.office, initiative=kitchen, other=hall)
    need = shared_need_create(
        actor=world.office,
        data={
            "title": "Fellesfunksjoner på Oksenøya",
            "description": "Kantine og hall.",
            "coordinator": world.office,
            "units": [oksenoya["skole"], oksenoya["sykehjem"]],
            "initiatives": [kitchen, hall],
        },
    )
    discussion_post(actor=world.office, initiative=kitchen, body="@direktor se her")
    discussion_post(actor=world.director, initiative=kitchen, body="@kontor enig")
    return {
        "bundle": bundle.pk,
        "coordinated": bundle.initiative_id,
        "part": lead.pk,
        "kitchen": kitchen.pk,
        "need": need.pk,
    }


def test_every_coordination_page_is_structurally_accessible(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    ids = _world(world, oksenoya)
    common = [
        reverse("coordination:overview"),
        reverse("coordination:related_search"),
        reverse("coordination:graph"),
        reverse("coordination:graph") + "?directorate=helse-omsorg&program=&portfolio=",
        reverse("coordination:bundle", args=[ids["bundle"]]),
        reverse("coordination:shared_needs"),
        reverse("coordination:shared_need", args=[ids["need"]]),
        reverse("coordination:programs"),
        reverse("coordination:program", args=["smarte-ledere"]),
        reverse("coordination:notifications"),
    ]
    office_only = [
        reverse("coordination:bundle_new") + f"?initiativer={ids['kitchen']}",
        reverse("coordination:bundle_new"),
        reverse("coordination:shared_need_new"),
        reverse("coordination:shared_need_edit", args=[ids["need"]]),
        reverse("coordination:discussion", args=[ids["kitchen"]]),
    ]
    pages = {
        "employee": common,
        "director": [*common, reverse("coordination:discussion", args=[ids["kitchen"]])],
        "office": common + office_only,
    }
    for person, urls in pages.items():
        client.force_login(getattr(world, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (person, url)
            check(response.content.decode())
    client.force_login(world.employee)
    search = client.post(reverse("coordination:related_search"), {"text": "kantine"})
    check(search.content.decode())


def test_pages_with_errors_are_structurally_accessible(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    ids = _world(world, oksenoya)
    client.force_login(world.office)
    posts = [
        (reverse("coordination:bundle_new"), {"title": "", "more": "x, 999999"}),
        (reverse("coordination:shared_need_new"), {"title": "", "units": []}),
        (
            reverse(
                "coordination:shared_need_contribution", args=[ids["need"], oksenoya["skole"].pk]
            ),
            {"contribution": "x" * 2001},
        ),
        (reverse("coordination:discussion", args=[ids["kitchen"]]), {"body": "@utenforstaende"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 422, url
        check(response.content.decode())


def test_the_initiative_page_sections_are_structurally_accessible(
    world: World, oksenoya: dict[str, Unit]
) -> None:
    """The three sections inside the site's layout, as the initiative page will show them."""
    ids = _world(world, oksenoya)
    from veivalg.initiatives.models import Initiative

    page = Template(
        '{% extends "base.html" %}{% load coordination %}{% block content %}'
        "<h1>{{ initiative.title }}</h1>"
        "{% bundle_section initiative %}{% related_section initiative %}"
        "{% discussion_section initiative %}{% endblock %}"
    )
    for person in ("office", "employee", "outsider", "director"):
        for key in ("coordinated", "part", "kitchen"):
            request = RequestFactory().get("/")
            request.user = getattr(world, person)
            initiative = Initiative.objects.get(pk=ids[key])
            html = page.render(RequestContext(request, {"initiative": initiative}))
            check(html)
