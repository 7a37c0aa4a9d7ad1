"""The ranking page: initiatives by score, the overview's filters, breakdowns, query count."""

from __future__ import annotations

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization.models import PrioritizationSet
from veivalg.prioritization.services import rating_set

RANKING = reverse("prioritization:ranking")


def _rated(world: World, title: str, levels: dict[str, int], **kw: object) -> Initiative:
    initiative = world.initiative(State.IN_ANALYSIS, title=title, **kw)
    rating_set(actor=world.office, initiative=initiative, ratings=levels)
    return initiative


def _titles(html: str) -> list[str]:
    """The initiative titles in the ranking table, in order."""
    return re.findall(r'#prioritering" hx-boost="false">([^<]+)</a>', html)


def test_ranking_lists_initiatives_by_score_highest_first(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    _rated(world, "Middels", {"nytte": 2, "strategi": 2, "risiko": 2})
    _rated(world, "Best", {"nytte": 4, "strategi": 4, "risiko": 0})
    _rated(world, "Svak", {"nytte": 0, "strategi": 1, "risiko": 4})
    world.initiative(State.IN_ANALYSIS, title="Uvurdert")
    client.force_login(world.employee)

    response = client.get(RANKING)

    html = response.content.decode()
    assert response.status_code == 200
    assert _titles(html) == ["Best", "Middels", "Svak", "Uvurdert"]
    assert "100,0" in html and "50,0" in html
    assert "0 av 3 vurdert" in html  # the unrated one says so
    assert "<details" in html and "Poengfordeling for Best" in html
    assert "4 – Ekstrem" in html  # the breakdown names the level
    assert f'href="{RANKING}" aria-current="page">Rangering</a>' in html  # the main menu


def test_ranking_uses_the_overviews_filters(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    _rated(world, "Skole", {"nytte": 4, "strategi": 4, "risiko": 0})
    _rated(
        world,
        "Sykehjem",
        {"nytte": 2, "strategi": 2, "risiko": 2},
        unit=world.sykehjem,
        program=None,
    )
    client.force_login(world.employee)

    html = client.get(RANKING, {"directorate": "helse-omsorg"}).content.decode()

    assert _titles(html) == ["Sykehjem"]
    assert "Listen er filtrert." in html
    assert 'id="filter_directorate"' in html  # the overview's filter form
    assert "Viser 1–1 av 1 initiativ" in html


def test_ranking_answers_htmx_with_the_results_only(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    _rated(world, "Skole", {"nytte": 4})
    client.force_login(world.employee)

    response = client.get(RANKING, {"q": "Skole"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")

    html = response.content.decode()
    assert html.lstrip().startswith('<p id="result-count" hx-swap-oob="innerHTML">')
    assert "<h1" not in html and _titles(html) == ["Skole"]


def test_closed_initiatives_are_left_out_unless_filtered_by_state(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    world.initiative(State.CLOSED, title="Ferdig")
    world.initiative(State.IN_ANALYSIS, title="Åpen")
    client.force_login(world.employee)

    assert _titles(client.get(RANKING).content.decode()) == ["Åpen"]
    assert _titles(client.get(RANKING, {"state": "closed"}).content.decode()) == ["Ferdig"]


def _count_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(RANKING)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ranking_query_count_does_not_grow_with_rows(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.employee)
    for n in range(5):
        _rated(world, f"A{n}", {"nytte": n % 5, "strategi": 2})
    few = _count_queries(client)
    for n in range(25):
        _rated(world, f"B{n}", {"nytte": n % 5, "risiko": 1}, program=None)
    many = _count_queries(client)

    assert Initiative.objects.count() == 30
    assert few == many
