"""Mitt arbeid: my initiatives and what waits for me; the menu shows my queues."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def test_home_lists_my_initiatives_and_what_waits_for_me(client: Client, world: World) -> None:
    draft = world.initiative(title="Mitt utkast")
    sent = world.initiative(State.SUBMITTED, title="Sendt inn av meg")
    world.initiative(State.SUBMITTED, owner=world.outsider, title="Noen andres")
    client.force_login(world.employee)
    html = client.get(reverse("web:home")).content.decode()
    mine = _section(html, "mine-heading")
    waiting = _section(html, "waiting-heading")
    assert draft.title in mine and sent.title in mine
    assert "Noen andres" not in mine
    # a draft waits for its owner to submit it; a submitted one waits for the director
    assert draft.title in waiting
    assert sent.title not in waiting
    assert f'href="{reverse("web:initiative", args=[draft.pk])}"' in mine
    assert "Utkast" in mine and "Sendt til direktør" in mine
    assert "Haug skole" in mine and "Strategi og utvikling" in mine


def test_home_shows_the_directors_waiting_items(client: Client, world: World) -> None:
    sent = world.initiative(State.SUBMITTED, title="Til godkjenning")
    client.force_login(world.director)
    html = client.get(reverse("web:home")).content.decode()
    assert sent.title in _section(html, "waiting-heading")
    assert "Du eier ingen initiativer ennå." in html


def test_menu_shows_only_the_queues_i_have_a_role_for(client: Client, world: World) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:home")).content.decode()
    assert 'aria-label="Hovedmeny"' in html
    assert reverse("web:director_queue") not in html
    assert reverse("web:board_queue") not in html
    client.force_login(world.director)
    html = client.get(reverse("web:home")).content.decode()
    assert reverse("web:director_queue") in html
    assert reverse("web:office_queue") not in html
    client.force_login(world.board_member)
    assert reverse("web:board_queue") in client.get(reverse("web:home")).content.decode()
    client.force_login(world.office)
    assert reverse("web:office_queue") in client.get(reverse("web:home")).content.decode()


def test_current_page_is_marked_in_the_menu(client: Client, world: World) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:overview")).content.decode()
    assert f'href="{reverse("web:overview")}" aria-current="page"' in html
