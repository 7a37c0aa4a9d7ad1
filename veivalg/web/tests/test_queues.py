"""Work queues for directors, the portfolio office and boards, with inline actions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State


def test_director_queue_shows_own_directorates_submitted_items(
    client: Client, world: World
) -> None:
    mine = world.initiative(State.SUBMITTED, title="Fra Haug skole")
    world.initiative(State.SUBMITTED, title="Fra sykehjemmet", unit=world.sykehjem)
    world.initiative(State.DRAFT, title="Utkast")
    client.force_login(world.director)
    response = client.get(reverse("web:director_queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fra Haug skole" in html
    assert "Fra sykehjemmet" not in html and "Utkast" not in html
    assert 'name="action" value="endorse"' in html
    assert f'name="next" value="{reverse("web:director_queue")}"' in html
    response = client.post(
        reverse("web:initiative_action", args=[mine.pk]),
        {"action": "endorse", "next": reverse("web:director_queue")},
    )
    assert response.url == reverse("web:director_queue")
    mine.refresh_from_db()
    assert mine.state == State.ENDORSED
    assert "Køen er tom." in client.get(reverse("web:director_queue")).content.decode()


def test_office_queue_offers_the_next_step_or_says_why_not(client: Client, world: World) -> None:
    world.initiative(State.ENDORSED, title="Klar for analyse")
    world.initiative(State.IN_ANALYSIS, title="Uten kostnader", costs=[])
    world.initiative(State.DEFERRED, title="Utsatt sak")
    world.initiative(State.SUBMITTED, title="Hos direktøren")
    client.force_login(world.office)
    html = client.get(reverse("web:office_queue")).content.decode()
    assert "Klar for analyse" in html and "Utsatt sak" in html and "Uten kostnader" in html
    assert "Hos direktøren" not in html
    assert 'value="start_analysis"' in html and 'value="resume"' in html
    assert 'value="send_to_board"' not in html
    assert "må ha et kostnadsestimat" in html


def test_board_queue_shows_cases_ready_for_decision(client: Client, world: World) -> None:
    world.initiative(
        State.READY_FOR_DECISION,
        title="Vedtatt i bystyret",
        politically_mandated=True,
        political_reference="PS 2024/1",
    )
    world.initiative(State.IN_ANALYSIS, title="Under analyse")
    client.force_login(world.board_member)
    html = client.get(reverse("web:board_queue")).content.decode()
    assert "Vedtatt i bystyret" in html and "Politisk vedtatt" in html
    assert "Under analyse" not in html
    assert 'value="approve"' in html
    assert 'value="reject"' not in html  # deciding against is done on the case page
    client.force_login(world.other_board_member)
    assert "Vedtatt i bystyret" not in client.get(reverse("web:board_queue")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "refused"),
    [
        ("web:director_queue", ["employee", "office", "board_member", "outsider"]),
        ("web:office_queue", ["employee", "director", "board_member", "outsider"]),
        ("web:board_queue", ["employee", "director", "office", "outsider"]),
    ],
)
def test_queues_are_403_without_the_role(
    client: Client, world: World, url_name: str, refused: list[str]
) -> None:
    world.initiative(State.SUBMITTED, title="Hemmelig sak", confidential=True)
    for person in refused:
        client.force_login(getattr(world, person))
        response = client.get(reverse(url_name))
        assert response.status_code == 403, person
        html = response.content.decode()
        assert "Ingen tilgang" in html and "Hemmelig sak" not in html
