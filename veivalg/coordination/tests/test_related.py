"""Related initiatives from the database: reasons, confidentiality, links and the index
cache, and the «as you type» endpoint."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.coordination import selectors
from veivalg.coordination.services import related_link_create
from veivalg.initiatives.models import State
from veivalg.initiatives.services import initiative_update
from veivalg.org.models import Unit
from veivalg.strategy.models import Program

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


def _titles(results: list[selectors.RelatedInitiative]) -> list[str]:
    return [r.initiative.title for r in results]


def test_haug_skole_orders_are_related_by_unit_and_need(world: World) -> None:
    leadership = world.initiative(
        State.ENDORSED,
        title="Organisasjons- og lederutvikling ved Haug skole",
        need="Ledergruppen ved skolen er ny, og lærerne savner tydelig ledelse.",
        program=None,
        goals=[],
    )
    world.initiative(
        State.IN_ANALYSIS,
        title="Digitale verktøy i undervisningen ved Haug skole",
        need="Lærerne på skolen trenger en felles læringsplattform.",
        portfolio=world.digit,
        contributing_portfolios=[],
        program=None,
        goals=[],
    )
    world.initiative(
        State.SUBMITTED,
        title="Vannmålere med fjernavlesning",
        summary="Smarte vannmålere i alle boliger.",
        need="Abonnentene leser av vannmåleren selv.",
        unit=world.sykehjem,
        program=None,
        goals=[],
    )
    results = selectors.related_to_initiative(world.employee, leadership)
    assert _titles(results) == ["Digitale verktøy i undervisningen ved Haug skole"]
    assert "Samme virksomhet: Haug skole" in results[0].reasons
    assert 0 < results[0].score <= 1


def test_same_site_program_and_goal_are_given_as_reasons(
    world: World, oksenoya: dict[str, Unit]
) -> None:
    canteen = world.initiative(
        State.IN_ANALYSIS,
        title="Felles kantine på Oksenøya",
        need="Barnehagen, skolen og sykehjemmet trenger ett felles kjøkken og en kantine.",
        unit=oksenoya["sykehjem"],
    )
    world.initiative(
        State.ENDORSED,
        title="Felles møterom på Oksenøya",
        need="Barnehagen, skolen og sykehjemmet har hver sine møterom som står tomme.",
        unit=oksenoya["barnehage"],
    )
    [result] = selectors.related_to_initiative(world.employee, canteen)
    assert "Samme sted: Oksenøya" in result.reasons
    assert "Lignende behov" in result.reasons
    assert "Samme program: Smarte ledere" in result.reasons
    assert "Samme mål: Gode tjenester" in result.reasons


def test_an_inflected_and_split_text_finds_the_compound(world: World) -> None:
    world.initiative(
        State.SUBMITTED,
        title="Lederutvikling for rektorene",
        need="Rektorene ønsker veiledning i lederrollen.",
        program=None,
        goals=[],
        unit=world.sykehjem,
    )
    results = selectors.related_to_text(world.employee, "Utvikling av ledere i skolen")
    assert _titles(results) == ["Lederutvikling for rektorene"]


def test_confidential_initiatives_are_suggested_only_to_those_who_may_see_them(
    world: World,
) -> None:
    world.initiative(
        State.IN_ANALYSIS,
        title="Varslingsordning for ledere",
        need="Ny ordning for varsling og oppfølging av ledere.",
        confidential=True,
        owner=world.office,
        unit=world.sykehjem,
        portfolio=world.su,
        contributing_portfolios=[],
    )
    text = "Varsling og oppfølging av ledere"
    assert selectors.related_to_text(world.outsider, text) == []
    assert selectors.related_to_text(world.other_director, text) != []  # helse directorate
    assert _titles(selectors.related_to_text(world.office, text)) == ["Varslingsordning for ledere"]


def test_merged_and_withdrawn_initiatives_are_not_suggested(world: World) -> None:
    for state in (State.MERGED, State.WITHDRAWN):
        world.initiative(state, title=f"Lederutvikling {state}", need="Utvikling av ledere.")
    titles = _titles(selectors.related_to_text(world.office, "Lederutvikling for ledere"))
    assert "Lederutvikling merged" not in titles
    assert "Lederutvikling withdrawn" not in titles


def test_links_made_by_the_office_come_first_with_their_reason(world: World) -> None:
    first = world.initiative(State.ENDORSED, title="Kantine", need="Mat til elevene.")
    other = world.initiative(
        State.ENDORSED,
        title="Brøyteplan",
        summary="Plan for brøyting.",
        need="Veiene må brøytes.",
        unit=world.sykehjem,
        program=None,
        goals=[],
    )
    related_link_create(actor=world.office, initiative=first, other=other)
    results = selectors.related_to_initiative(world.employee, first)
    assert results[0].initiative == other
    assert results[0].link is not None
    assert "Koblet som relatert av porteføljekontoret" in results[0].reasons


def test_the_index_follows_changes_to_initiatives(world: World) -> None:
    initiative = world.initiative(title="Skolemat", need="Elevene trenger frokost.")
    assert selectors.related_to_text(world.office, "Trygghetsalarmer for eldre") == []
    initiative_update(
        actor=world.employee,
        initiative=initiative,
        data={"title": "Trygghetsalarmer", "need": "Eldre trenger nye trygghetsalarmer."},
    )
    assert _titles(selectors.related_to_text(world.office, "Trygghetsalarmer for eldre")) == [
        "Trygghetsalarmer"
    ]


def test_an_unchanged_portfolio_reuses_the_index(world: World) -> None:
    world.initiative(title="Skolemat")
    assert selectors.related_index() is selectors.related_index()


def test_the_text_search_leaves_out_the_initiative_being_edited(world: World) -> None:
    edited = world.initiative(title="Lederutvikling", need="Utvikling av ledere.")
    assert selectors.related_to_text(world.office, "Lederutvikling", exclude=edited.pk) == []
    assert selectors.related_to_text(world.office, "   ") == []


def test_suggestions_as_you_type_are_an_htmx_fragment(client: Client, world: World) -> None:
    world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole")
    client.force_login(world.employee)
    response = client.post(
        reverse("coordination:related_search"),
        {
            "title": "Utvikling av ledere",
            "need": "",
            "unit": str(world.haug.pk),
            "program": str(Program.objects.get().pk),
            "goals": [str(world.goal_main.pk)],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="related-status" hx-swap-oob="innerHTML"' in html
    assert "1 lignende initiativ funnet." in html
    assert "Lederutvikling ved Haug skole" in html
    assert "Samme virksomhet: Haug skole" in html


def test_the_search_page_works_without_javascript(client: Client, world: World) -> None:
    world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole")
    client.force_login(world.employee)
    page = client.get(reverse("coordination:related_search"))
    assert page.status_code == 200
    response = client.post(reverse("coordination:related_search"), {"text": "lederutvikling"})
    html = response.content.decode()
    assert "<html" in html
    assert "Lederutvikling ved Haug skole" in html
    assert "hx-swap-oob" not in html


def test_the_search_needs_a_signed_in_user(client: Client) -> None:
    response = client.post(reverse("coordination:related_search"), {"text": "x"})
    assert response.status_code == 302
