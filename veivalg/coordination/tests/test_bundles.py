"""Bundling several initiatives into one coordinated initiative, and dissolving it until the
board decides."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.coordination.models import Bundle, Notification
from veivalg.coordination.services import bundle_create, bundle_dissolve
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.initiatives.services import initiative_perform_action

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


def _haug(world: World) -> list[Initiative]:
    """Haug skole's three orders to SU, DigIT and the building portfolio."""
    leadership = world.initiative(
        State.ENDORSED,
        title="Lederutvikling ved Haug skole",
        costs=[
            {"year": 2026, "investment": 350_000, "operating": 0},
            {"year": 2027, "investment": 250_000, "operating": 0},
        ],
    )
    digital = world.initiative(
        State.IN_ANALYSIS,
        title="Digitale verktøy ved Haug skole",
        portfolio=world.digit,
        contributing_portfolios=[],
        costs=[
            {"year": 2026, "investment": 1_100_000, "operating": 150_000},
            {"year": 2028, "investment": 0, "operating": 150_000},
        ],
    )
    building = world.initiative(
        State.SUBMITTED,
        title="Rehabilitering av Haug skole",
        portfolio=world.bygg,
        contributing_portfolios=[world.su],
        costs=[{"year": 2027, "investment": 6_500_000, "operating": 0}],
    )
    return [leadership, digital, building]


def _bundle(world: World, parts: list[Initiative]) -> Bundle:
    return bundle_create(
        actor=world.office, title="Haug skole – samlet utvikling", initiatives=parts
    )


def _to_board(world: World, coordinated: Initiative) -> Initiative:
    """Take the coordinated initiative through the workflow to the board (with a measurable
    benefit, where the board requires one)."""
    add_benefit = getattr(world, "add_benefit", None)
    if add_benefit is not None:
        add_benefit(coordinated)
    for actor, action in (
        (world.office, "submit"),
        (world.director, "endorse"),
        (world.office, "start_analysis"),
        (world.office, "send_to_board"),
    ):
        coordinated = initiative_perform_action(actor=actor, initiative=coordinated, action=action)
    return coordinated


def test_bundling_merges_each_part_and_keeps_its_origin_and_history(world: World) -> None:
    parts = _haug(world)
    bundle = _bundle(world, parts)
    coordinated = bundle.initiative
    for part, before in zip(
        parts, (State.ENDORSED, State.IN_ANALYSIS, State.SUBMITTED), strict=True
    ):
        part.refresh_from_db()
        assert part.state == State.MERGED
        assert part.merged_into_id == coordinated.pk
        assert part.unit == world.haug
        actions = list(part.transitions.order_by("id").values_list("action", flat=True))
        assert actions[0] == "create"
        assert actions[-1] == "merge_into"
        assert part.transitions.get(action="merge_into").from_state == before
    assert [p.initiative_id for p in bundle.parts.all()] == [p.pk for p in parts]
    assert [p.previous_state for p in bundle.parts.all()] == [
        State.ENDORSED,
        State.IN_ANALYSIS,
        State.SUBMITTED,
    ]


def test_the_coordinated_initiative_sums_costs_and_gathers_portfolios(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    coordinated = Initiative.objects.get(pk=bundle.initiative_id)
    costs = {c.year: (int(c.investment), int(c.operating)) for c in coordinated.costs.all()}
    assert costs == {
        2026: (1_450_000, 150_000),
        2027: (6_750_000, 0),
        2028: (0, 150_000),
    }
    assert coordinated.state == State.DRAFT
    assert coordinated.owner == world.office
    assert coordinated.unit == world.haug
    assert coordinated.portfolio == world.su  # the first part whose portfolio is steered here
    assert set(coordinated.contributing_portfolios.all()) == {world.digit, world.bygg}
    assert "Lederutvikling ved Haug skole" in coordinated.summary
    assert "Digitale verktøy ved Haug skole" in coordinated.need


def test_a_confidential_or_mandated_part_makes_the_whole_so(world: World) -> None:
    quiet = world.initiative(State.ENDORSED, confidential=True)
    mandated = world.initiative(
        State.ENDORSED, politically_mandated=True, political_reference="KST 45/24"
    )
    coordinated = _bundle(world, [quiet, mandated]).initiative
    assert coordinated.confidential
    assert coordinated.politically_mandated
    assert coordinated.political_reference == "KST 45/24"


def test_part_owners_are_notified_when_their_initiative_is_bundled(world: World) -> None:
    _bundle(world, _haug(world))
    assert Notification.objects.filter(user=world.employee, kind="bundled").count() == 3


def test_only_the_portfolio_office_bundles(world: World) -> None:
    parts = _haug(world)
    for person in (world.employee, world.director, world.portfolio_manager, world.board_member):
        with pytest.raises(NotAllowed):
            bundle_create(actor=person, title="Samlet", initiatives=parts)
    assert not Bundle.objects.exists()
    assert not Initiative.objects.filter(state=State.MERGED).exists()


@pytest.mark.parametrize("state", [State.DRAFT, State.APPROVED, State.DEFERRED, State.MERGED])
def test_initiatives_outside_analysis_cannot_be_bundled(world: World, state: str) -> None:
    ok = world.initiative(State.ENDORSED)
    other = world.initiative(state)
    with pytest.raises(ValidationFailed) as caught:
        bundle_create(actor=world.office, title="Samlet", initiatives=[ok, other])
    assert "initiatives" in caught.value.errors
    ok.refresh_from_db()
    assert ok.state == State.ENDORSED


def test_bundling_needs_a_title_and_two_initiatives(world: World) -> None:
    one = world.initiative(State.ENDORSED)
    with pytest.raises(ValidationFailed) as caught:
        bundle_create(actor=world.office, title=" ", initiatives=[one, one.pk, "x", 999999])
    assert set(caught.value.errors) == {"title", "initiatives"}


def test_operations_cannot_be_bundled(world: World) -> None:
    ok = world.initiative(State.ENDORSED)
    operations = world.initiative(State.ENDORSED, work_type="operations")
    with pytest.raises(ValidationFailed):
        bundle_create(actor=world.office, title="Samlet", initiatives=[ok, operations])


def test_dissolving_returns_each_part_to_its_earlier_state(world: World) -> None:
    parts = _haug(world)
    bundle = _bundle(world, parts)
    bundle_dissolve(actor=world.office, bundle=bundle, comment="Bør behandles hver for seg.")
    for part, before in zip(
        parts, (State.ENDORSED, State.IN_ANALYSIS, State.SUBMITTED), strict=True
    ):
        part.refresh_from_db()
        assert part.state == before
        assert part.merged_into is None
        last = part.transitions.order_by("-id").first()
        assert (last.action, last.from_state, last.to_state) == ("unbundle", State.MERGED, before)
        assert last.comment == "Bør behandles hver for seg."
        assert last.actor == world.office
    coordinated = Initiative.objects.get(pk=bundle.initiative_id)
    assert coordinated.state == State.WITHDRAWN
    assert coordinated.transitions.order_by("-id").first().action == "unbundle"
    bundle.refresh_from_db()
    assert bundle.dissolved_by == world.office
    assert AuditEvent.objects.filter(verb="bundle.dissolve").count() == 1
    assert AuditEvent.objects.filter(verb="initiative.unbundle").count() == 4
    assert Notification.objects.filter(kind="unbundled").count() == 3


def test_dissolving_is_possible_while_the_board_has_not_decided(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    _to_board(world, bundle.initiative)
    bundle_dissolve(actor=world.office, bundle=bundle)
    assert Initiative.objects.get(pk=bundle.initiative_id).state == State.WITHDRAWN


@pytest.mark.parametrize("decision", ["approve", "defer", "reject"])
def test_dissolving_is_refused_after_the_board_decided(world: World, decision: str) -> None:
    parts = _haug(world)
    bundle = _bundle(world, parts)
    coordinated = _to_board(world, bundle.initiative)
    initiative_perform_action(
        actor=world.board_member, initiative=coordinated, action=decision, comment="Vedtak."
    )
    before = Transition.objects.count()
    with pytest.raises(InvalidTransition) as caught:
        bundle_dissolve(actor=world.office, bundle=bundle)
    assert caught.value.code == "board_decided"
    assert Transition.objects.count() == before
    assert all(
        p.state == State.MERGED for p in Initiative.objects.filter(pk__in=[p.pk for p in parts])
    )


def test_dissolving_is_refused_after_a_deferral_even_when_resumed(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    coordinated = _to_board(world, bundle.initiative)
    coordinated = initiative_perform_action(
        actor=world.board_member, initiative=coordinated, action="defer", comment="Senere."
    )
    initiative_perform_action(actor=world.office, initiative=coordinated, action="resume")
    with pytest.raises(InvalidTransition):
        bundle_dissolve(actor=world.office, bundle=bundle)


def test_a_bundle_is_dissolved_only_once_and_only_by_the_office(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    with pytest.raises(NotAllowed):
        bundle_dissolve(actor=world.director, bundle=bundle)
    bundle_dissolve(actor=world.office, bundle=bundle)
    with pytest.raises(InvalidTransition):
        bundle_dissolve(actor=world.office, bundle=bundle)


def test_a_dissolved_part_can_be_bundled_again(world: World) -> None:
    parts = _haug(world)
    bundle_dissolve(actor=world.office, bundle=_bundle(world, parts))
    again = _bundle(world, parts[:2])
    assert again.parts.count() == 2


def test_a_coordinated_initiative_is_not_bundled_again(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    coordinated = bundle.initiative
    for actor, action in ((world.office, "submit"), (world.director, "endorse")):
        coordinated = initiative_perform_action(actor=actor, initiative=coordinated, action=action)
    other = world.initiative(State.ENDORSED)
    with pytest.raises(ValidationFailed):
        bundle_create(actor=world.office, title="Enda større", initiatives=[coordinated, other])


# --- pages ----------------------------------------------------------------------------------


def test_the_office_bundles_from_the_form(client: Client, world: World) -> None:
    parts = _haug(world)
    client.force_login(world.office)
    page = client.get(reverse("coordination:bundle_new") + f"?initiativer={parts[0].pk}")
    assert page.status_code == 200
    assert "Lederutvikling ved Haug skole" in page.content.decode()
    response = client.post(
        reverse("coordination:bundle_new"),
        {
            "title": "Haug skole – samlet utvikling",
            "initiatives": [str(parts[0].pk), str(parts[1].pk)],
            "more": f"#{parts[2].pk}",
            "candidates": f"{parts[0].pk},{parts[1].pk}",
        },
    )
    bundle = Bundle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("coordination:bundle", args=[bundle.pk])
    assert bundle.parts.count() == 3
    detail = client.get(response["Location"]).content.decode()
    assert "Haug skole – samlet utvikling" in detail
    assert "Løs opp samordningen" in detail
    assert "8\u00a0500\u00a0000\u00a0kr" in detail  # the summed costs of the three parts


def test_the_form_shows_what_is_wrong(client: Client, world: World) -> None:
    draft = world.initiative()
    client.force_login(world.office)
    response = client.post(reverse("coordination:bundle_new"), {"title": "", "more": f"{draft.pk}"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert "Gi det samordnede initiativet en tittel." in html


def test_others_cannot_open_the_bundle_form(client: Client, world: World) -> None:
    client.force_login(world.employee)
    assert client.get(reverse("coordination:bundle_new")).status_code == 403
    assert client.post(reverse("coordination:bundle_new"), {"title": "x"}).status_code == 403


def test_the_bundle_page_refuses_to_dissolve_after_the_decision(
    client: Client, world: World
) -> None:
    bundle = _bundle(world, _haug(world))
    coordinated = _to_board(world, bundle.initiative)
    initiative_perform_action(actor=world.board_member, initiative=coordinated, action="approve")
    client.force_login(world.office)
    page = client.get(reverse("coordination:bundle", args=[bundle.pk])).content.decode()
    assert "Løs opp samordningen" not in page
    response = client.post(reverse("coordination:bundle_dissolve", args=[bundle.pk]))
    assert response.status_code == 409
    assert "Styret har allerede behandlet" in response.content.decode()


def test_dissolving_from_the_page(client: Client, world: World) -> None:
    bundle = _bundle(world, _haug(world))
    client.force_login(world.office)
    response = client.post(
        reverse("coordination:bundle_dissolve", args=[bundle.pk]), {"comment": "Feil samling."}
    )
    assert response.status_code == 302
    bundle.refresh_from_db()
    assert bundle.dissolved_at is not None
    client.force_login(world.employee)
    assert client.post(reverse("coordination:bundle_dissolve", args=[bundle.pk])).status_code == 403


def test_a_confidential_bundle_is_hidden_from_those_without_a_role(
    client: Client, world: World
) -> None:
    quiet = world.initiative(State.ENDORSED, confidential=True)
    bundle = _bundle(world, [quiet, world.initiative(State.ENDORSED)])
    client.force_login(world.outsider)
    assert client.get(reverse("coordination:bundle", args=[bundle.pk])).status_code == 404


def test_the_bundle_page_gathers_the_parts_benefits(client: Client, world: World) -> None:
    if not hasattr(world, "add_benefit"):
        pytest.skip("the benefits app is not part of this installation")
    parts = _haug(world)
    world.add_benefit(parts[1])
    bundle = _bundle(world, parts)
    client.force_login(world.employee)
    html = client.get(reverse("coordination:bundle", args=[bundle.pk])).content.decode()
    section = html.split('id="benefit-heading"')[1]
    assert "Mindre tid på manuell registrering" in section
    assert "Digitale verktøy ved Haug skole" in section


def test_a_withdrawn_coordinated_draft_can_still_be_dissolved(world: World) -> None:
    parts = _haug(world)
    bundle = _bundle(world, parts)
    initiative_perform_action(actor=world.office, initiative=bundle.initiative, action="withdraw")
    bundle_dissolve(actor=world.office, bundle=bundle)
    coordinated = Initiative.objects.get(pk=bundle.initiative_id)
    assert coordinated.state == State.WITHDRAWN
    assert not coordinated.transitions.filter(action="unbundle").exists()
    assert [
        p.state for p in Initiative.objects.filter(pk__in=[p.pk for p in parts]).order_by("pk")
    ] == [
        State.ENDORSED,
        State.IN_ANALYSIS,
        State.SUBMITTED,
    ]


def test_a_coordinated_initiative_merged_elsewhere_cannot_be_dissolved(world: World) -> None:
    bundle = _bundle(world, _haug(world))
    other = world.initiative(State.ENDORSED)
    initiative_perform_action(
        actor=world.office, initiative=bundle.initiative, action="merge_into", target=other
    )
    with pytest.raises(InvalidTransition) as caught:
        bundle_dissolve(actor=world.office, bundle=bundle)
    assert caught.value.code == "wrong_state"
