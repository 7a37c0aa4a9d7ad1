"""The whole picture (graph and its table) and the program page across portfolios."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.coordination.selectors import graph_for_user, program_view
from veivalg.coordination.services import bundle_create, related_link_create, shared_need_create
from veivalg.initiatives.models import State
from veivalg.initiatives.selectors import Filters
from veivalg.prioritization.services import dependency_add
from veivalg.strategy.models import Program

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


@pytest.fixture
def connected(world: World) -> dict[str, object]:
    """Initiatives with one of every kind of connection."""
    nobody = {"program": None}
    app = world.initiative(State.IN_ANALYSIS, title="Min side", **nobody)
    chat = world.initiative(State.ENDORSED, title="Chatbot", **nobody)
    dependency_add(actor=world.office, from_initiative=chat, to_initiative=app, type="requires")
    lead = world.initiative(State.ENDORSED, title="Lederutvikling", **nobody)
    tools = world.initiative(State.IN_ANALYSIS, title="Digitale verktøy", **nobody)
    bundle = bundle_create(actor=world.office, title="Haug samlet", initiatives=[lead, tools])
    kitchen = world.initiative(
        State.ENDORSED, title="Kantine", unit=world.sykehjem, portfolio=world.bygg, **nobody
    )
    shared_need_create(
        actor=world.office,
        data={
            "title": "Fellesfunksjoner",
            "description": "Deles.",
            "coordinator": world.office,
            "units": [world.haug, world.sykehjem],
            "initiatives": [kitchen],
        },
    )
    led = world.initiative(State.SUBMITTED, title="Ledernettverk")  # in «Smarte ledere»
    related_link_create(actor=world.office, initiative=app, other=kitchen)
    hidden = world.initiative(State.ENDORSED, title="Hemmelig", confidential=True)
    dependency_add(actor=world.office, from_initiative=hidden, to_initiative=app, type="requires")
    return {"bundle": bundle, "led": led}


def _name(label: str) -> str:
    """An initiative's title without «nr. 12 »; programs and shared needs as they are."""
    return re.sub(r"^nr\. \d+ ", "", label)


def _edges(user: object, **filters: str) -> set[tuple[str, str, str]]:
    graph = graph_for_user(user, Filters(**filters))  # type: ignore[arg-type]
    return {(_name(e.source.label), e.kind, _name(e.target.label)) for e in graph.edges}


def test_the_graph_has_every_kind_of_connection(world: World, connected: dict) -> None:
    edges = _edges(world.employee)
    assert ("Chatbot", "dependency", "Min side") in edges
    assert ("Lederutvikling", "bundle", "Haug samlet") in edges
    assert ("Digitale verktøy", "bundle", "Haug samlet") in edges
    assert ("Kantine", "shared_need", "Fellesfunksjoner") in edges
    assert ("Ledernettverk", "program", "Smarte ledere") in edges
    assert ("Min side", "related", "Kantine") in edges


def test_confidential_initiatives_stay_out_of_the_graph(world: World, connected: dict) -> None:
    assert not any("Hemmelig" in e[0] for e in _edges(world.outsider))
    assert any("Hemmelig" in e[0] for e in _edges(world.office))


def test_the_graph_filters_by_directorate_program_and_portfolio(
    world: World, connected: dict
) -> None:
    helse = _edges(world.office, directorate="helse-omsorg")
    assert helse == {("Kantine", "shared_need", "Fellesfunksjoner")}
    assert {k for _a, k, _b in _edges(world.office, program="smarte-ledere")} == {"program"}
    assert ("Kantine", "shared_need", "Fellesfunksjoner") in _edges(
        world.office, portfolio="byggeprosjekter"
    )
    assert _edges(world.office, portfolio="byggeprosjekter") == {
        ("Kantine", "shared_need", "Fellesfunksjoner")
    }


def test_the_graph_page_has_the_chart_data_and_the_same_links_as_a_table(
    client: Client, world: World, connected: dict
) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("coordination:graph")).content.decode()
    data = json.loads(
        re.search(
            r'<script id="chart-graph-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)  # type: ignore[union-attr]
    )
    table = html.split('id="edges-heading"')[1]
    assert len(data["links"]) == table.count("<tr>") - 1  # header row
    assert 'data-chart="graph"' in html
    assert "veivalg/coordination.js" in html
    assert "forutsetter" in table
    assert "del av samordnet initiativ" in table
    filtered = client.get(reverse("coordination:graph") + "?directorate=helse-omsorg")
    assert "Chatbot" not in filtered.content.decode()


def test_the_graph_page_says_so_when_nothing_is_connected(client: Client, world: World) -> None:
    world.initiative(program=None)
    client.force_login(world.employee)
    html = client.get(reverse("coordination:graph")).content.decode()
    assert "Ingen initiativer er koblet til hverandre ennå." in html
    assert 'data-chart="graph"' not in html


def test_the_program_page_lists_every_portfolio_with_costs_per_year(
    client: Client, world: World
) -> None:
    program = Program.objects.get(slug="smarte-ledere")
    program.owner = world.project_owner
    program.save()
    world.initiative(
        State.IN_ANALYSIS,
        title="Lederprogram",
        costs=[{"year": 2026, "investment": 100_000, "operating": 50_000}],
    )
    world.initiative(
        State.APPROVED,
        title="Lederdashbord",
        portfolio=world.digit,
        contributing_portfolios=[],
        costs=[{"year": 2027, "investment": 300_000, "operating": 0}],
    )
    world.initiative(
        State.REJECTED,
        title="Avslått app",
        costs=[{"year": 2026, "investment": 900_000, "operating": 0}],
    )
    world.initiative(State.ENDORSED, title="Hemmelig", confidential=True)
    view = program_view(world.outsider, program)
    assert [r.initiative.title for r in view.rows] == [
        "Lederdashbord",
        "Avslått app",
        "Lederprogram",
    ]
    assert view.years == [2026, 2027]
    assert view.totals_by_year == [150_000, 300_000]
    assert view.total == 450_000
    assert [name for name, _n, _amount in view.by_portfolio] == ["DigIT", "Strategi og utvikling"]
    client.force_login(world.outsider)
    html = client.get(reverse("coordination:program", args=["smarte-ledere"])).content.decode()
    for text in (
        "Smarte ledere",
        "Pia Prosjekteier",
        "Lederdashbord",
        "DigIT",
        "450\u00a0000\u00a0kr",
    ):
        assert text in html, text
    assert "Hemmelig" not in html
    assert "ikke med i summen" in html
    assert client.get(reverse("coordination:program", args=["finnes-ikke"])).status_code == 404
    assert "Smarte ledere" in client.get(reverse("coordination:programs")).content.decode()
