"""The initiative page's prioritisation: score breakdown, the rating form, dependencies."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization.models import Dependency, PrioritizationSet, Rating
from veivalg.prioritization.services import dependency_add, rating_set
from veivalg.prioritization.tests.conftest import make_criterion


def _page(client: Client, initiative: Initiative) -> str:
    response = client.get(reverse("web:initiative", args=[initiative.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _rate_url(initiative: Initiative) -> str:
    return reverse("prioritization:initiative_rating", args=[initiative.pk])


def _deps_url(initiative: Initiative) -> str:
    return reverse("prioritization:initiative_dependencies", args=[initiative.pk])


# --- score and breakdown -------------------------------------------------------------------


def test_initiative_page_shows_score_and_breakdown_per_criterion(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    rating_set(
        actor=world.office,
        initiative=initiative,
        ratings={"nytte": 4, "strategi": 2, "risiko": 1},
        comments={"nytte": "Sparer mye tid."},
    )
    client.force_login(world.employee)

    html = _page(client, initiative)

    # 50 + 15 + 15 = 80
    assert 'id="prioritering"' in html
    assert "Poengsum: 80,0 av 100" in html
    assert "4 – Ekstrem" in html and "nytte 4" in html  # level label and its meaning
    assert "2 – Moderat" in html and "strategi 2" in html
    assert "50,0 av 50,0" in html and "15,0 av 30,0" in html and "15,0 av 20,0" in html
    assert "Sparer mye tid." in html
    assert "invertert: høyt nivå trekker ned" in html
    assert "Vurder initiativet på kriteriene" not in html  # no form for an employee


def test_strategic_contribution_row_lists_the_initiatives_goals(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.employee)

    html = _page(client, initiative)

    breakdown = html.split('id="prioritering"', 1)[1].split("</section>", 1)[0]
    assert "Initiativet bidrar til disse målene:" in breakdown
    assert "Gode tjenester" in breakdown
    assert "0 av 3 kriterier er vurdert" in html


def test_page_without_criteria_says_there_is_no_score(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.office)

    html = _page(client, initiative)

    assert "har ingen kriterier ennå" in html


# --- rating form -----------------------------------------------------------------------------


def test_office_sees_the_rating_form_with_level_meanings_as_descriptions(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)

    html = _page(client, initiative)

    assert f'action="{_rate_url(initiative)}"' in html
    assert html.count('name="level-nytte"') == 6  # not rated + levels 0–4
    assert 'id="rating-nytte-3" aria-describedby="rating-nytte-3-meaning"' in html
    assert 'id="rating-nytte-3-meaning">nytte 3</p>' in html
    assert "Initiativet bidrar til:" in html  # goals beside the strategic rating


def test_office_rates_every_criterion_at_once(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)

    response = client.post(
        _rate_url(initiative),
        {
            "level-nytte": "3",
            "level-strategi": "4",
            "level-risiko": "0",
            "comment-nytte": "Dokumentert i gevinstplanen.",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/initiativ/{initiative.pk}/#prioritering")
    assert dict(
        Rating.objects.filter(initiative=initiative).values_list("criterion__slug", "level")
    ) == {"nytte": 3, "strategi": 4, "risiko": 0}
    html = client.get(response["Location"]).content.decode()
    assert "Vurderingen er lagret. Poengsummen er nå 87,5 av 100." in html
    assert "Dokumentert i gevinstplanen." in html


def test_an_invalid_level_shows_an_error_and_stores_nothing(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)

    response = client.post(
        _rate_url(initiative), {"level-nytte": "3", "level-strategi": "7", "level-risiko": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert "Strategi: Nivået må være et heltall fra 0 til 4." in html
    assert 'href="#rating-strategi-0"' in html
    assert 'id="rating-strategi-error"' in html
    assert 'value="3" id="rating-nytte-3" checked' in html  # what was chosen is kept
    assert not Rating.objects.exists()


def test_not_rated_removes_an_earlier_rating(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 2, "strategi": 2})
    client.force_login(world.office)

    client.post(_rate_url(initiative), {"level-nytte": "", "level-strategi": "2"})

    assert list(Rating.objects.values_list("criterion__slug", flat=True)) == ["strategi"]


def test_rating_is_refused_for_everyone_but_the_office(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    for person in (world.employee, world.director, world.board_member, world.admin):
        client.force_login(person)

        assert client.get(_rate_url(initiative)).status_code == 403
        response = client.post(_rate_url(initiative), {"level-nytte": "4"})

        assert response.status_code == 403
    assert not Rating.objects.exists()


def test_rating_page_on_its_own_shows_the_form_and_the_score(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)

    html = client.get(_rate_url(initiative)).content.decode()

    assert "<h1" in html and "Vurder initiativet" in html
    assert "Nåværende poengsum" in html and "Lagre vurderingen" in html


def test_a_new_criterion_shows_up_as_not_rated(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    rating_set(
        actor=world.office, initiative=initiative, ratings={"nytte": 4, "strategi": 4, "risiko": 0}
    )
    make_criterion(criteria, "hast", "0", order=3)
    client.force_login(world.employee)

    html = _page(client, initiative)

    assert "3 av 4 kriterier er vurdert" in html and "Ikke vurdert" in html


# --- dependencies ----------------------------------------------------------------------------


def test_dependencies_show_on_both_initiatives_with_links(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(State.IN_ANALYSIS, title="Ny skoleplattform")
    b = world.initiative(State.IN_ANALYSIS, title="Felles pålogging")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="finish_to_start")
    client.force_login(world.employee)

    html_a, html_b = _page(client, a), _page(client, b)

    assert "Forutsetter" in html_a and "Må være ferdig før oppstart av" in html_a
    assert f'href="/initiativ/{b.pk}/"' in html_a and "Felles pålogging" in html_a
    assert "Er en forutsetning for" in html_b
    assert "Kan først starte etter at dette er ferdig:" in html_b
    assert f'href="/initiativ/{a.pk}/"' in html_b
    assert "/fjern/" not in html_a  # employees cannot remove


def test_office_adds_a_dependency_from_the_initiative_page(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(State.IN_ANALYSIS)
    b = world.initiative(State.IN_ANALYSIS, title="Felles pålogging")
    client.force_login(world.office)
    assert f'action="{_deps_url(a)}"' in _page(client, a)

    response = client.post(_deps_url(a), {"type": "excludes", "to": f"#{b.pk}"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/initiativ/{a.pk}/#avhengigheter")
    dependency = Dependency.objects.get()
    assert (dependency.from_initiative, dependency.to_initiative, dependency.type) == (
        a,
        b,
        "excludes",
    )
    html = client.get(response["Location"]).content.decode()
    assert "Avhengigheten er registrert." in html and "Utelukker" in html


def test_a_refused_dependency_shows_the_reason_and_stores_nothing(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(State.IN_ANALYSIS)
    b = world.initiative(State.IN_ANALYSIS)
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")
    client.force_login(world.office)

    itself = client.post(_deps_url(a), {"type": "requires", "to": str(a.pk)})
    cycle = client.post(_deps_url(b), {"type": "requires", "to": str(a.pk)})
    no_type = client.post(_deps_url(a), {"type": "", "to": str(b.pk)})

    assert itself.status_code == 422
    assert "Et initiativ kan ikke avhenge av seg selv." in itself.content.decode()
    assert 'href="#dependency_to"' in itself.content.decode()
    assert cycle.status_code == 422
    assert "Dette gir en sirkel" in cycle.content.decode()
    assert no_type.status_code == 422
    assert "Velg hvordan initiativene henger sammen." in no_type.content.decode()
    assert Dependency.objects.count() == 1


def test_office_removes_a_dependency(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(State.IN_ANALYSIS)
    b = world.initiative(State.IN_ANALYSIS)
    dependency = dependency_add(
        actor=world.office, from_initiative=a, to_initiative=b, type="together"
    )
    url = reverse("prioritization:dependency_remove", args=[b.pk, dependency.pk])
    client.force_login(world.office)
    assert url in _page(client, b)

    response = client.post(url)

    assert response.status_code == 302
    assert not Dependency.objects.exists()


def test_dependencies_cannot_be_changed_by_others(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a = world.initiative(State.IN_ANALYSIS)
    b = world.initiative(State.IN_ANALYSIS)
    dependency = dependency_add(
        actor=world.office, from_initiative=a, to_initiative=b, type="requires"
    )
    client.force_login(world.portfolio_manager)

    added = client.post(_deps_url(b), {"type": "excludes", "to": str(a.pk)})
    removed = client.post(reverse("prioritization:dependency_remove", args=[a.pk, dependency.pk]))

    assert added.status_code == 403 and removed.status_code == 403
    assert list(Dependency.objects.all()) == [dependency]


def test_removing_a_dependency_of_another_initiative_is_not_found(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    a, b, c = (world.initiative(State.IN_ANALYSIS) for _ in range(3))
    dependency = dependency_add(
        actor=world.office, from_initiative=a, to_initiative=b, type="requires"
    )
    client.force_login(world.office)

    response = client.post(reverse("prioritization:dependency_remove", args=[c.pk, dependency.pk]))

    assert response.status_code == 404
    assert Dependency.objects.exists()
