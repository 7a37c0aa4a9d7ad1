"""Structural accessibility checks on every governance page, with the same rules as the rest
of the web UI (one ``h1``, landmarks, skip link, unique ids, labelled controls, existing
``aria-describedby`` targets, tables with a caption and scoped header cells)."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.governance.models import Checklist
from veivalg.initiatives.models import State
from veivalg.web.tests.test_accessibility import Page, check

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")


def test_every_governance_page_is_structurally_accessible(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    mandate = scene["mandate"]
    waiting_item = scene["items"][scene["waiting"].pk]
    checklist = Checklist.objects.first()
    assert checklist is not None
    everyone = [
        reverse("governance:boards"),
        reverse("governance:board", args=[world.board.slug]),
        reverse("governance:board", args=[world.area_board.slug]),
        reverse("governance:routing"),
        reverse("governance:meeting", args=[meeting.pk]),
        reverse("governance:register"),
        reverse("governance:register") + f"?type=approve&board={world.board.slug}",
        reverse("governance:mandates"),
        reverse("governance:mandates") + "?type=project",
        reverse("governance:mandate", args=[mandate.pk]),
        reverse("governance:mandate", args=[mandate.pk]) + "?versjon=1",
        reverse("governance:guidance"),
        reverse("governance:guidance_page", args=["prosjekteierens-ansvar"]),
        reverse("web:initiative", args=[scene["ready"].pk]),
    ]
    pages = {
        "office": [
            *everyone,
            reverse("governance:board_edit", args=[world.board.slug]),
            reverse("governance:agenda_edit", args=[meeting.pk, scene["other"].pk]),
            reverse("governance:mandate_edit", args=[mandate.pk]),
            reverse("governance:mandate_new"),
            reverse("governance:guidance_new"),
            reverse("governance:guidance_edit", args=["prosjekteierens-ansvar"]),
            reverse("governance:guidance_checklist", args=[checklist.pk]),
        ],
        "board_member": [
            reverse("governance:meeting", args=[meeting.pk]),
            reverse("governance:decision_new", args=[meeting.pk]) + f"?sak={waiting_item.pk}",
            reverse("governance:mandate", args=[mandate.pk]),
        ],
        "employee": everyone,
        "outsider": [
            reverse("governance:decision_new", args=[meeting.pk]) + f"?sak={waiting_item.pk}",
            reverse("governance:mandate_edit", args=[mandate.pk]),
            reverse("governance:meeting", args=[999999]),
        ],
    }
    for person, urls in pages.items():
        client.force_login(getattr(world, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), (person, url, response.status_code)
            check(response.content.decode())


def test_pages_with_errors_are_structurally_accessible(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    waiting_item = scene["items"][scene["waiting"].pk]
    client.force_login(world.board_member)
    response = client.post(
        reverse("governance:decision_new", args=[meeting.pk]),
        {"sak": waiting_item.pk, "decision": "defer", "until": "", "cost_ceiling": "x"},
    )
    assert response.status_code == 422
    check(response.content.decode())

    client.force_login(world.office)
    posts = [
        (reverse("governance:meeting_new", args=[world.board.slug]), {"date": "31.02"}),
        (reverse("governance:agenda_add", args=[meeting.pk]), {"kind": "other", "title": ""}),
        (reverse("governance:routing"), {"kind": "cost_above", "threshold": "mye"}),
        (reverse("governance:mandate_edit", args=[scene["mandate"].pk]), {"background": ""}),
        (reverse("governance:mandate_new"), {"kind": "program"}),
        (reverse("governance:guidance_new"), {"title": "", "body": ""}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 422, url
        check(response.content.decode())


def test_the_initiative_page_section_is_structurally_sound(
    world: World, scene: dict[str, Any]
) -> None:
    request = RequestFactory().get("/")
    request.user = world.employee
    html = Template("{% load governance %}{% governance_section initiative %}").render(
        Context({"request": request, "initiative": scene["ready"]})
    )

    page = Page()
    page.feed(html)

    tags = [t for t, _a in page.tags]
    assert "h1" not in tags and tags.count("h2") == 1  # it sits under the page's h1
    assert len(page.ids) == len(set(page.ids))
    known = set(page.ids)
    for _tag, attrs in page.tags:
        for ref in attrs.get("aria-labelledby", "").split():
            assert ref in known
    assert "Vedtatt" in html and "Prosjektmandat" in html


def test_the_agenda_fragment_keeps_focus_on_the_moved_case(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    other = scene["other"]
    client.force_login(world.office)

    response = client.post(
        reverse("governance:agenda_move", args=[meeting.pk, other.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="saksliste",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" not in html and 'id="saksliste"' in html
    assert f'data-focus-target="move-up-{other.pk}"' in html
    assert f'id="move-up-{other.pk}"' in html
    assert 'hx-swap-oob="innerHTML"' in html and "sak 2" in html


def test_initiative_in_state_ready_has_a_record_link_for_members(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    client.force_login(world.board_member)
    html = client.get(reverse("governance:meeting", args=[scene["meeting"].pk])).content.decode()
    waiting_item = scene["items"][scene["waiting"].pk]

    assert f"?sak={waiting_item.pk}" in html
    assert scene["waiting"].state == State.READY_FOR_DECISION
