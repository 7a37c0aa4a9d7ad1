"""The main menu in base.html: grouped under disclosure buttons, with the same links as before
for every role, each group's button pointing at its list, and the current page and group
marked."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State

# Everyone signed in.
EVERYONE = [
    "web:home",
    "web:overview",
    "web:directorates",
    "coordination:overview",
    "prioritization:ranking",
    "capacity:heatmap",
    "benefits:portfolio",
    "governance:boards",
    "governance:register",
    "governance:guidance",
    "coordination:notifications",
    "web:initiative_new",
]
# What each role adds, exactly as the flat menu showed it.
EXTRA = {
    "employee": [],
    "outsider": [],
    "project_owner": [],
    "portfolio_manager": [],
    "director": ["web:director_queue"],
    "office": ["prioritization:scenarios", "web:office_queue"],
    "board_member": ["prioritization:scenarios", "web:board_queue"],
    "admin": ["prioritization:scenarios"],
    "benefit_owner": ["benefits:my_measurements"],
}
QUEUES = {"web:director_queue", "web:office_queue", "web:board_queue"}


def _menu(client: Client, user: AbstractBaseUser, url: str | None = None) -> str:
    client.force_login(user)
    html = client.get(url or reverse("web:home")).content.decode()
    start = html.index('<nav class="vv-nav"')
    return html[start : html.index("</nav>", start)]


def _hrefs(menu: str) -> set[str]:
    return set(re.findall(r'<a class="ds-link" href="([^"]+)"', menu))


def _buttons(menu: str) -> list[str]:
    return re.findall(r"<button [^>]*>.*?</button>", menu, flags=re.S)


@pytest.mark.parametrize("person", sorted(EXTRA))
def test_every_role_keeps_the_links_it_had(client: Client, world: World, person: str) -> None:
    world.initiative(State.APPROVED, title="Gir gevinsteieren en rolle")
    menu = _menu(client, getattr(world, person))
    expected = {reverse(name) for name in EVERYONE + EXTRA[person]}
    assert _hrefs(menu) == expected
    # The queues get their own group only for someone who has one.
    has_queue = bool(QUEUES & set(EXTRA[person]))
    assert ('aria-controls="nav-koer"' in menu) is has_queue


def test_office_sees_scenarios_and_its_queue_the_employee_does_not(
    client: Client, world: World
) -> None:
    office = _menu(client, world.office)
    assert ">Scenarioer</a>" in office
    assert ">Porteføljekontorets kø</a>" in office
    assert ">Køer</button>" in office
    employee = _menu(client, world.employee)
    assert "Scenarioer" not in employee
    assert "Porteføljekontorets kø" not in employee
    assert "Køer" not in employee


def test_each_group_is_a_button_controlling_its_list(client: Client, world: World) -> None:
    menu = _menu(client, world.office)
    buttons = _buttons(menu)
    names = [re.sub(r"<[^>]+>", "", b) for b in buttons]
    assert names == ["Oversikt", "Prioritering", "Gevinster", "Styring", "Køer"]
    for button in buttons:
        assert 'type="button"' in button
        # Without JavaScript the lists are open; nav.js closes them.
        assert 'aria-expanded="true"' in button
        target = re.search(r'aria-controls="([^"]+)"', button)
        assert target and f'<ul class="vv-nav__panel" id="{target.group(1)}">' in menu
    assert "data-disclosure-nav" in menu
    assert "veivalg/nav.js" in client.get(reverse("web:home")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "link", "group"),
    [
        ("web:home", "Mitt arbeid", None),
        ("web:overview", "Porteføljen", "Oversikt"),
        ("web:directorates", "Direktørområder", "Oversikt"),
        ("coordination:overview", "Samordning", "Oversikt"),
        ("prioritization:ranking", "Rangering", "Prioritering"),
        ("prioritization:scenarios", "Scenarioer", "Prioritering"),
        ("capacity:heatmap", "Kapasitet", "Prioritering"),
        ("benefits:portfolio", "Gevinster i porteføljen", "Gevinster"),
        ("governance:boards", "Styremøter", "Styring"),
        ("governance:register", "Vedtak", "Styring"),
        ("governance:guidance", "Veiledning", "Styring"),
        ("web:office_queue", "Porteføljekontorets kø", "Køer"),
        ("coordination:notifications", "Varsler", None),
        ("web:initiative_new", "Nytt initiativ", None),
    ],
)
def test_current_page_and_its_group_are_marked(
    client: Client, world: World, url_name: str, link: str, group: str | None
) -> None:
    menu = _menu(client, world.office, reverse(url_name))
    current = re.findall(r'aria-current="page">([^<]+)<', menu)
    assert current == [link]
    marked = [b for b in _buttons(menu) if "vv-nav__toggle--current" in b]
    if group is None:
        assert marked == []
        assert "(gjeldende)" not in menu
    else:
        assert len(marked) == 1
        assert marked[0].split(">", 1)[1].startswith(group)
        assert '<span class="ds-sr-only"> (gjeldende)</span>' in marked[0]


def test_my_measurements_marked_in_the_benefits_group(client: Client, world: World) -> None:
    world.initiative(State.APPROVED, title="Gir gevinsteieren en rolle")
    menu = _menu(client, world.benefit_owner, reverse("benefits:my_measurements"))
    assert re.findall(r'aria-current="page">([^<]+)<', menu) == ["Mine gevinstmålinger"]
    marked = [b for b in _buttons(menu) if "vv-nav__toggle--current" in b]
    assert len(marked) == 1 and 'aria-controls="nav-gevinster"' in marked[0]


def test_menu_in_english(client: Client, world: World) -> None:
    client.force_login(world.office)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("governance:boards")).content.decode()
    menu = html[html.index('<nav class="vv-nav"') : html.index("</nav>")]
    names = [re.sub(r"<[^>]+>", "", b) for b in _buttons(menu)]
    assert names == ["Overview", "Prioritisation", "Benefits", "Governance (current)", "Queues"]
    assert ">Ranking</a>" in menu and ">Benefits in the portfolio</a>" in menu
