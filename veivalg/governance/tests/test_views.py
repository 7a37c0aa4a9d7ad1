"""The governance pages: boards, routing rules, meetings and agenda, decisions in the browser.
Every form: it renders, it saves, and invalid input shows errors and stores nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.governance.models import (
    AgendaItem,
    BoardProfile,
    Decision,
    Meeting,
    MeetingStatus,
    RoutingRule,
)
from veivalg.initiatives.models import State
from veivalg.org.models import User

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")


def order_of(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


# --- boards and routing ---------------------------------------------------------------------


def test_boards_page_shows_the_nesting_and_the_rules(client: Client, world: World) -> None:
    RoutingRule.objects.create(board=world.area_board, kind="portfolio", portfolio=world.su)
    client.force_login(world.employee)

    html = client.get(reverse("governance:boards")).content.decode()

    assert "Porteføljestyret" in html and "Eiendomsrådet" in html
    assert "vv-indent-1" in html  # the area board sits under the overall board
    assert "Primær portefølje er Strategi og utvikling" in html


def test_board_edit_saves_chair_and_secretary(
    client: Client, world: World, secretary: User
) -> None:
    BoardProfile.objects.all().delete()
    client.force_login(world.office)
    url = reverse("governance:board_edit", args=[world.board.slug])

    response = client.post(url, {"chair": world.board_member.pk, "secretary": secretary.pk})

    assert response.status_code == 302
    profile = BoardProfile.objects.get(board=world.board)
    assert profile.chair == world.board_member and profile.secretary == secretary


def test_board_edit_refuses_a_chair_who_is_not_a_member(client: Client, world: World) -> None:
    client.force_login(world.office)
    url = reverse("governance:board_edit", args=[world.board.slug])

    response = client.post(url, {"chair": world.outsider.pk})

    assert response.status_code == 422
    assert "ds-error-summary" in response.content.decode()
    assert not BoardProfile.objects.exists()


def test_board_edit_is_for_the_office(client: Client, world: World) -> None:
    client.force_login(world.board_member)

    assert client.get(reverse("governance:board_edit", args=[world.board.slug])).status_code == 403


def test_routing_rule_through_the_page(client: Client, world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, contributing_portfolios=[])
    client.force_login(world.office)

    added = client.post(
        reverse("governance:routing"),
        {"kind": "portfolio", "board": world.area_board.pk, "portfolio": world.su.pk},
    )
    invalid = client.post(
        reverse("governance:routing"),
        {"kind": "cost_above", "board": world.board.pk, "threshold": "mye"},
    )
    applied = client.post(reverse("governance:routing_apply"))

    assert added.status_code == 302 and applied.status_code == 302
    assert invalid.status_code == 422 and "Terskel" in invalid.content.decode()
    assert RoutingRule.objects.count() == 1
    initiative.refresh_from_db()
    assert initiative.board == world.area_board
    rule = RoutingRule.objects.get()
    assert client.post(reverse("governance:routing_rule_delete", args=[rule.pk])).status_code == 302
    assert not RoutingRule.objects.exists()


def test_routing_changes_are_refused_to_others(client: Client, world: World) -> None:
    client.force_login(world.board_member)

    response = client.post(
        reverse("governance:routing"),
        {"kind": "portfolio", "board": world.area_board.pk, "portfolio": world.su.pk},
    )

    assert response.status_code == 403
    assert not RoutingRule.objects.exists()


# --- meetings -------------------------------------------------------------------------------


def test_plan_a_meeting(client: Client, world: World) -> None:
    client.force_login(world.office)
    url = reverse("governance:meeting_new", args=[world.board.slug])

    response = client.post(url, {"date": "2027-05-06", "title": "", "location": "Bærum rådhus"})

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting", args=[meeting.pk])
    assert meeting.title == "Møte i Porteføljestyret 06.05.2027"


def test_plan_a_meeting_with_an_invalid_date_stores_nothing(client: Client, world: World) -> None:
    client.force_login(world.office)

    response = client.post(
        reverse("governance:meeting_new", args=[world.board.slug]), {"date": "6. mai"}
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "ds-error-summary" in html and 'href="#meeting_date"' in html
    assert not Meeting.objects.exists()


def test_only_office_and_secretary_plan_meetings(
    client: Client, world: World, secretary: User
) -> None:
    url = reverse("governance:meeting_new", args=[world.board.slug])
    client.force_login(world.board_member)
    assert client.post(url, {"date": "2027-05-06"}).status_code == 403
    client.force_login(secretary)
    assert client.post(url, {"date": "2027-05-06"}).status_code == 302
    assert Meeting.objects.count() == 1


def test_build_the_agenda_from_what_is_ready(
    client: Client, world: World, meeting: Meeting, ready: Any
) -> None:
    world.initiative(State.READY_FOR_DECISION, title="Til Eiendomsrådet").__class__.objects.filter(
        title="Til Eiendomsrådet"
    ).update(board=world.area_board)
    world.initiative(State.IN_ANALYSIS, title="Ikke klar")
    client.force_login(world.office)

    response = client.post(reverse("governance:agenda_build", args=[meeting.pk]))
    again = client.post(reverse("governance:agenda_build", args=[meeting.pk]))

    assert response.status_code == 302 and again.status_code == 302
    assert order_of(meeting) == [ready.title]


def test_agenda_takes_a_proposed_scenario(world: World, meeting: Meeting) -> None:
    from veivalg.governance.services import agenda_build
    from veivalg.prioritization.models import Scenario

    scenario = Scenario.objects.create(
        name="Forslag 2027", board=world.board, budget={"2027": 1_000_000}
    )
    # a solved scenario the office has proposed (the solver is not needed for the agenda)
    Scenario.objects.filter(pk=scenario.pk).update(
        status="optimal", proposed_to_board_at=meeting.created_at, proposed_by=world.office
    )

    added = agenda_build(actor=world.office, meeting=meeting)

    assert [(i.kind, i.scenario_id) for i in added] == [("scenario", scenario.pk)]


def test_reorder_without_javascript(client: Client, world: World, scene: dict[str, Any]) -> None:
    meeting = scene["meeting"]
    other = scene["other"]
    before = order_of(meeting)
    client.force_login(world.office)

    response = client.post(
        reverse("governance:agenda_move", args=[meeting.pk, other.pk]), {"direction": "up"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#sak-{other.pk}")
    assert order_of(meeting) == [before[0], before[2], before[1]]


def test_reorder_is_refused_to_board_members(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    before = order_of(meeting)
    client.force_login(world.board_member)

    response = client.post(
        reverse("governance:agenda_move", args=[meeting.pk, scene["other"].pk]),
        {"direction": "up"},
    )

    assert response.status_code == 403
    assert order_of(meeting) == before


def test_secretary_completes_the_agenda(
    client: Client, world: World, meeting: Meeting, secretary: User
) -> None:
    running = world.initiative(State.IN_PROGRESS, title="Prosjekt som sprekker")
    client.force_login(secretary)
    url = reverse("governance:agenda_add", args=[meeting.pk])

    stop = client.post(
        url, {"kind": "stop_proposal", "initiative": running.pk, "recommendation": "Stopp."}
    )
    other = client.post(url, {"kind": "other", "title": "Eventuelt"})
    invalid = client.post(url, {"kind": "other", "title": ""})

    assert stop.status_code == 302 and other.status_code == 302
    assert invalid.status_code == 422 and "ds-error-summary" in invalid.content.decode()
    assert order_of(meeting) == ["Forslag om stopp: Prosjekt som sprekker", "Eventuelt"]


def test_edit_and_remove_an_agenda_item(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    waiting = scene["items"][scene["waiting"].pk]
    client.force_login(world.office)

    saved = client.post(
        reverse("governance:agenda_edit", args=[meeting.pk, waiting.pk]),
        {"title": waiting.title, "recommendation": "Porteføljekontoret anbefaler å vedta."},
    )
    invalid = client.post(
        reverse("governance:agenda_edit", args=[meeting.pk, waiting.pk]), {"title": ""}
    )
    decided = scene["items"][scene["ready"].pk]
    refused = client.post(reverse("governance:agenda_remove", args=[meeting.pk, decided.pk]))
    removed = client.post(reverse("governance:agenda_remove", args=[meeting.pk, waiting.pk]))

    assert saved.status_code == 302 and invalid.status_code == 422
    assert refused.status_code == 409  # a decided case stays on the agenda
    assert removed.status_code == 302
    assert not AgendaItem.objects.filter(pk=waiting.pk).exists()
    assert AgendaItem.objects.filter(pk=decided.pk).exists()


def test_meeting_status_runs_planned_held_closed(
    client: Client, world: World, meeting: Meeting
) -> None:
    client.force_login(world.office)
    url = reverse("governance:meeting_status", args=[meeting.pk])

    skipped = client.post(url, {"status": "closed"})
    held = client.post(url, {"status": "held"})
    closed = client.post(url, {"status": "closed"})

    assert skipped.status_code == 409 and held.status_code == 302 and closed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED
    locked = client.post(
        reverse("governance:agenda_add", args=[meeting.pk]), {"kind": "other", "title": "X"}
    )
    assert locked.status_code == 403 or not meeting.agenda_items.exists()


# --- decisions in the browser -----------------------------------------------------------------


def test_member_records_a_decision_with_its_frame(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    item = scene["items"][scene["waiting"].pk]
    client.force_login(world.board_member)
    url = reverse("governance:decision_new", args=[meeting.pk])

    form = client.get(url + f"?sak={item.pk}")
    response = client.post(
        url,
        {
            "sak": item.pk,
            "decision": "approve",
            "comment": "Vedtatt med vilkår.",
            "cost_ceiling": "2 000 000",
            "time_frame": "Innen 2027",
            "steering_group": "prosjekteier, direktor",
            "conditions": "Ny sak ved BP2.",
        },
    )

    assert form.status_code == 200 and "Mandatrammer" in form.content.decode()
    assert response.status_code == 302
    decision = Decision.objects.get(initiative=scene["waiting"])
    assert decision.frame["cost_ceiling"] == 2_000_000
    assert decision.frame["steering_group"] == ["prosjekteier", "direktor"]
    scene["waiting"].refresh_from_db()
    assert scene["waiting"].state == State.APPROVED


def test_mandated_defer_in_the_browser_is_refused_and_stores_nothing(
    client: Client, world: World, meeting: Meeting
) -> None:
    from veivalg.governance.services import agenda_build

    mandated = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="KST 045/24"
    )
    (item,) = agenda_build(actor=world.office, meeting=meeting)
    client.force_login(world.board_member)
    until = (meeting.date + timedelta(days=30)).isoformat()

    response = client.post(
        reverse("governance:decision_new", args=[meeting.pk]),
        {"sak": item.pk, "decision": "defer", "until": until, "comment": "Vent."},
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "KST 045/24" in html and "Ingenting er lagret." in html
    assert "Vent." in html  # what was typed is kept
    assert not Decision.objects.exists()
    mandated.refresh_from_db()
    assert mandated.state == State.READY_FOR_DECISION


def test_invalid_decision_form_shows_errors_and_stores_nothing(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    item = scene["items"][scene["waiting"].pk]
    client.force_login(world.board_member)

    response = client.post(
        reverse("governance:decision_new", args=[scene["meeting"].pk]),
        {
            "sak": item.pk,
            "decision": "approve",
            "cost_ceiling": "mange penger",
            "steering_group": "ukjent",
        },
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#decision_cost_ceiling"' in html and 'href="#decision_steering_group"' in html
    assert Decision.objects.count() == 1  # only the scene's own


def test_decision_page_is_for_members_and_secretary(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    item = scene["items"][scene["waiting"].pk]
    url = reverse("governance:decision_new", args=[scene["meeting"].pk]) + f"?sak={item.pk}"
    for person in (world.office, world.employee, world.other_board_member):
        client.force_login(person)
        assert client.get(url).status_code == 403


def test_archive_reference_is_set_on_the_meeting_page(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    decision = scene["decision"]
    url = reverse("governance:decision_reference", args=[scene["meeting"].pk, decision.pk])
    client.force_login(world.board_member)
    assert client.post(url, {"archive_reference": "2026/4711"}).status_code == 403
    client.force_login(world.office)

    response = client.post(url, {"archive_reference": "2026/4711"})

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.archive_reference == "2026/4711"


def test_meeting_page_for_an_employee_shows_no_preparation(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    client.force_login(world.employee)

    html = client.get(reverse("governance:meeting", args=[scene["meeting"].pk])).content.decode()

    assert "Læringsplattform for Ørje og Åsgård" in html
    assert "Vedtatt etter innstillingen." in html
    assert "Flytt opp" not in html and "Registrer vedtak" not in html
    assert "Saksdokumenter (PDF)" in html


def test_secretary_who_is_not_a_member_is_told_who_records(
    client: Client, world: World, scene: dict[str, Any], secretary: User
) -> None:
    client.force_login(secretary)

    html = client.get(reverse("governance:meeting", args=[scene["meeting"].pk])).content.decode()

    assert "Registrer vedtak" not in html
    assert "Vedtak registreres av et av styrets medlemmer" in html
    assert "Flytt opp" in html  # the secretary keeps the agenda
