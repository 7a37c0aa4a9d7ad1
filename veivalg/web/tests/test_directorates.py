"""Directorates: counts per state, and each directorate's page with units, list and yearly costs."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State


def row_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[start : html.index("</tr>", start)]


def test_directorates_list_counts_per_state(client: Client, world: World) -> None:
    world.initiative(title="A")
    world.initiative(State.SUBMITTED, title="B")
    world.initiative(State.SUBMITTED, title="C")
    world.initiative(State.REJECTED, title="D")
    world.initiative(unit=world.sykehjem, title="E")
    client.force_login(world.outsider)
    response = client.get(reverse("web:directorates"))
    assert response.status_code == 200
    html = response.content.decode()
    oppvekst = row_of(html, "Oppvekst skole")
    submitted_link = f"{reverse('web:directorate', args=['oppvekst-skole'])}?state=submitted"
    assert f'href="{submitted_link}">2<' in oppvekst
    assert '<td class="vv-number">1</td>' in oppvekst  # one rejected: finished
    assert "<strong>4</strong>" in oppvekst
    assert "<strong>1</strong>" in row_of(html, "Helse og omsorg")
    assert "Sendt til direktør" in html  # states are column headers, in words


def test_confidential_is_not_counted_for_outsider(client: Client, world: World) -> None:
    world.initiative(confidential=True)
    client.force_login(world.outsider)
    html = client.get(reverse("web:directorates")).content.decode()
    assert "<strong>0</strong>" in row_of(html, "Oppvekst skole")
    client.force_login(world.director)
    html = client.get(reverse("web:directorates")).content.decode()
    assert "<strong>1</strong>" in row_of(html, "Oppvekst skole")


def test_directorate_page_shows_units_initiatives_and_yearly_costs(
    client: Client, world: World
) -> None:
    world.initiative(
        title="Skolebibliotek",
        costs=[
            {"year": 2026, "investment": 100, "operating": 10},
            {"year": 2027, "investment": 200, "operating": 20},
        ],
    )
    world.initiative(
        title="Ny skolegård", costs=[{"year": 2026, "investment": 1000, "operating": 0}]
    )
    world.initiative(
        State.WITHDRAWN, title="Trukket", costs=[{"year": 2026, "investment": 5, "operating": 5}]
    )
    world.initiative(title="Sykehjemsløft", unit=world.sykehjem)
    client.force_login(world.employee)
    response = client.get(reverse("web:directorate", args=["oppvekst-skole"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Oppvekst skole</h1>" in html
    assert "Haug skole" in html
    assert "Skolebibliotek" in html and "Ny skolegård" in html
    assert "Sykehjemsløft" not in html
    costs = html[html.index('id="costs-heading"') : html.index('id="filters-heading"')]
    # 2026: 100 + 1000 investment, 10 operating; the withdrawn one is not counted
    assert "1\u00a0100\u00a0kr" in costs and "1\u00a0110\u00a0kr" in costs
    assert "2027" in costs and "220\u00a0kr" in costs
    assert "1\u00a0330\u00a0kr" in costs
    # filters work within the directorate and the export keeps the directorate
    html = client.get(
        reverse("web:directorate", args=["oppvekst-skole"]), {"q": "skolegård"}
    ).content.decode()
    assert "Ny skolegård" in html and "Skolebibliotek" not in html
    assert "directorate=oppvekst-skole" in html
    assert 'name="directorate"' not in html


def test_directorate_page_hides_confidential_from_outsider(client: Client, world: World) -> None:
    world.initiative(title="Hemmelig", confidential=True)
    client.force_login(world.outsider)
    html = client.get(reverse("web:directorate", args=["oppvekst-skole"])).content.decode()
    assert "Hemmelig" not in html


def test_unknown_directorate_is_404(client: Client, world: World) -> None:
    client.force_login(world.employee)
    assert client.get(reverse("web:directorate", args=["finnes-ikke"])).status_code == 404
