"""Structural accessibility checks on every prioritisation page (as ``veivalg.web`` does):
one ``h1``, landmarks, a skip link, unique ids, labelled controls, ``aria-describedby``
pointing at elements that exist, tables with a caption and scoped header cells."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State
from veivalg.prioritization.exchange import scenario_problem
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.services import (
    dependency_add,
    rating_set,
    scenario_create,
    scenario_solve,
)
from veivalg.web.tests.test_accessibility import check


def _world_with_scenarios(world: World) -> dict[str, int]:
    mandated = world.initiative(
        State.READY_FOR_DECISION,
        title="Lovkrav",
        politically_mandated=True,
        political_reference="PS 1/2",
        costs=[{"year": 2027, "investment": 200_000, "operating": 0}],
    )
    best = world.initiative(
        State.READY_FOR_DECISION,
        title="Verdifull",
        costs=[{"year": 2027, "investment": 400_000, "operating": 0}],
    )
    cheap = world.initiative(State.READY_FOR_DECISION, title="Billig", confidential=True)
    rating_set(actor=world.office, initiative=best, ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=cheap, ratings={"nytte": 3})
    dependency_add(actor=world.office, from_initiative=best, to_initiative=cheap, type="requires")
    solved = scenario_solve(
        actor=world.office,
        scenario=scenario_create(
            actor=world.office, name="Stram", board=world.board, budget={"2027": 600_000}
        ),
    )
    queued = scenario_create(
        actor=world.office, name="I kø", board=world.board, budget={"2027": 100}
    )
    Scenario.objects.filter(pk=queued.pk).update(
        status=ScenarioStatus.QUEUED, problem=scenario_problem(queued)
    )
    return {"best": best.pk, "mandated": mandated.pk, "solved": solved.pk, "queued": queued.pk}


def test_every_prioritisation_page_is_structurally_accessible(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    ids = _world_with_scenarios(world)
    common = [
        reverse("prioritization:criteria"),
        reverse("prioritization:criteria") + "?styre=eiendomsradet",
        reverse("prioritization:pairwise"),
        reverse("prioritization:ranking"),
        reverse("prioritization:ranking") + "?state=ready_for_decision",
        reverse("web:initiative", args=[ids["best"]]),
        reverse("prioritization:initiative_dependencies", args=[ids["best"]]),
        reverse("prioritization:scenarios"),
    ]
    scenario_pages = [
        reverse("prioritization:scenario", args=[ids["solved"]]),
        reverse("prioritization:scenario", args=[ids["queued"]]),
        reverse("prioritization:scenario_compare") + f"?a={ids['solved']}&b={ids['queued']}",
    ]
    office_only = [
        reverse("prioritization:scenario_new"),
        reverse("prioritization:initiative_rating", args=[ids["best"]]),
        reverse("prioritization:criterion_edit", args=[criteria.criteria.get(slug="risiko").pk]),
    ]
    pages = {
        "employee": common,
        "board_member": common + scenario_pages,
        "office": common + scenario_pages + office_only,
    }
    for person, urls in pages.items():
        client.force_login(getattr(world, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (person, url)
            check(response.content.decode())


def test_pages_with_errors_are_structurally_accessible(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    ids = _world_with_scenarios(world)
    client.force_login(world.office)
    posts = [
        (reverse("prioritization:weights_direct"), {"nytte": "x", "strategi": "-1"}),
        (reverse("prioritization:pairwise"), {"pair_1_2": "12"}),
        (
            reverse("prioritization:initiative_rating", args=[ids["best"]]),
            {"level-nytte": "9", "comment-strategi": "x" * 2001},
        ),
        (
            reverse("prioritization:initiative_dependencies", args=[ids["best"]]),
            {"type": "requires", "to": str(ids["best"])},
        ),
        (
            reverse("prioritization:scenario_new"),
            {
                "name": "",
                "board": "porteforljestyret",
                "candidate_mode": "explicit",
                "candidates": [str(ids["best"]), "999999"],
                f"override-{ids['mandated']}": "out",
                "budget-TOTAL_FORMS": "2",
                "budget-INITIAL_FORMS": "0",
                "budget-0-year": "20x",
                "budget-0-amount": "-1",
                "budget-1-year": "2028",
                "budget-1-amount": "x",
            },
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 422, url
        check(response.content.decode())
    pairwise = client.post(
        reverse("prioritization:pairwise"),
        {
            f"pair_{a}_{b}": value
            for (a, b), value in zip(_pairs(criteria), ("9", "1/9", "9"), strict=True)
        },
    )
    assert "Se på denne sammenligningen igjen" in pairwise.content.decode()
    check(pairwise.content.decode())


def _pairs(pset: PrioritizationSet) -> list[tuple[int, int]]:
    ids = list(pset.criteria.order_by("order", "id").values_list("pk", flat=True))
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
