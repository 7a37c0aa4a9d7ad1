"""The decision register: meeting and per capsulam decisions, filters, confidentiality, and
the CSV and JSON exports for the archive."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from veivalg.governance.models import Decision, Meeting
from veivalg.governance.selectors import RegisterFilters, register
from veivalg.governance.services import decision_record
from veivalg.governance.tests.conftest import make_meeting
from veivalg.initiatives.models import State, Transition
from veivalg.initiatives.services import initiative_perform_action

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")


@pytest.fixture
def decisions(world: World, meeting: Meeting) -> dict[str, object]:
    """One approval in a meeting, one rejection per capsulam through the initiative's
    actions, one confidential deferral in the area board's meeting, and one from last year."""
    approved = world.initiative(
        State.READY_FOR_DECISION, title="Digital søknad om SFO", archive_reference="2026/101"
    )
    in_meeting = decision_record(
        actor=world.board_member,
        meeting=meeting,
        initiative=approved,
        decision="approve",
        comment="Vedtatt.",
    )
    rejected = world.initiative(State.READY_FOR_DECISION, title="Egen app for foreldre")
    initiative_perform_action(
        actor=world.board_member,
        initiative=rejected,
        action="reject",
        comment="Dekkes av Min side.",
    )
    secret = world.initiative(
        State.READY_FOR_DECISION,
        title="Varslingssak ved sykehjemmet",
        unit=world.sykehjem,
        confidential=True,
        owner=world.other_director,
    )
    secret.board = world.area_board
    secret.save()
    area_meeting = make_meeting(world, board=world.area_board)
    hidden = decision_record(
        actor=world.other_board_member,
        meeting=area_meeting,
        initiative=secret,
        decision="defer",
        until=area_meeting.date + timedelta(days=60),
    )
    old = world.initiative(State.IN_PROGRESS, title="Gammelt prosjekt")
    initiative_perform_action(actor=world.board_member, initiative=old, action="stop")
    Transition.objects.filter(initiative=old, action="stop").update(
        at=timezone.now() - timedelta(days=400)
    )
    return {
        "in_meeting": in_meeting,
        "rejected": rejected,
        "hidden": hidden,
        "old": old,
        "area_meeting": area_meeting,
    }


def test_register_holds_meeting_and_per_capsulam_decisions(
    world: World, decisions: dict[str, object]
) -> None:
    entries = register(world.employee)

    by_title = {e.initiative.title: e for e in entries}
    assert set(by_title) == {"Digital søknad om SFO", "Egen app for foreldre", "Gammelt prosjekt"}
    meeting_entry = by_title["Digital søknad om SFO"]
    assert meeting_entry.id == decisions["in_meeting"].pk  # type: ignore[attr-defined]
    assert not meeting_entry.per_capsulam
    assert meeting_entry.archive_reference == "2026/101"
    capsulam = by_title["Egen app for foreldre"]
    assert capsulam.per_capsulam and capsulam.id is None and capsulam.transition_id
    assert capsulam.decision == "reject" and capsulam.comment == "Dekkes av Min side."
    assert entries[-1].initiative.title == "Gammelt prosjekt"  # newest first


def test_confidential_decisions_are_hidden_from_those_without_a_role(
    world: World, decisions: dict[str, object]
) -> None:
    assert "Varslingssak ved sykehjemmet" not in {
        e.initiative.title for e in register(world.employee)
    }
    for person in (world.office, world.other_board_member, world.other_director):
        titles = {e.initiative.title for e in register(person)}
        assert "Varslingssak ved sykehjemmet" in titles


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"board": "eiendomsradet"}, {"Varslingssak ved sykehjemmet"}),
        ({"type": "reject"}, {"Egen app for foreldre"}),
        ({"type": "approve,stop"}, {"Digital søknad om SFO", "Gammelt prosjekt"}),
        ({"directorate": "helse-omsorg"}, {"Varslingssak ved sykehjemmet"}),
        ({"q": "SFO"}, {"Digital søknad om SFO"}),
        ({"q": "2026/101"}, {"Digital søknad om SFO"}),
    ],
)
def test_register_filters(
    world: World, decisions: dict[str, object], filters: dict[str, str], expected: set[str]
) -> None:
    entries = register(world.office, RegisterFilters.from_mapping(filters))

    assert {e.initiative.title for e in entries} == expected


def test_register_filters_on_meeting_and_period(world: World, decisions: dict[str, object]) -> None:
    meeting = decisions["in_meeting"].meeting  # type: ignore[attr-defined]
    by_meeting = register(world.office, RegisterFilters(meeting=str(meeting.pk)))
    assert [e.initiative.title for e in by_meeting] == ["Digital søknad om SFO"]

    today = timezone.localdate()
    recent = register(world.office, RegisterFilters(date_from=today - timedelta(days=30)))
    assert "Gammelt prosjekt" not in {e.initiative.title for e in recent}
    old = register(world.office, RegisterFilters(date_to=today - timedelta(days=300)))
    assert [e.initiative.title for e in old] == ["Gammelt prosjekt"]


def test_register_page_renders_rows_and_the_htmx_fragment(
    client: Client, world: World, decisions: dict[str, object]
) -> None:
    client.force_login(world.employee)
    url = reverse("governance:register")

    page = client.get(url + "?type=reject").content.decode()
    fragment = client.get(
        url + "?type=reject", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    ).content.decode()

    assert "<h1" in page and "Egen app for foreldre" in page and "Per capsulam" in page
    assert "Digital søknad om SFO" not in page
    assert "<h1" not in fragment and "Egen app for foreldre" in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment


def test_csv_export_for_the_archive(
    client: Client, world: World, decisions: dict[str, object]
) -> None:
    client.force_login(world.employee)

    response = client.get(reverse("governance:register_export", args=["csv"]) + "?type=approve")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["initiative_title"] == "Digital søknad om SFO"
    assert row["decision"] == "approve" and row["per_capsulam"] == "nei"
    assert row["archive_reference"] == "2026/101"
    assert row["board"] == world.board.slug


def test_json_export_keeps_confidential_cases_out(
    client: Client, world: World, decisions: dict[str, object]
) -> None:
    client.force_login(world.employee)

    response = client.get(reverse("governance:register_export", args=["json"]))

    data = json.loads(response.content)
    assert data["count"] == 3 == len(data["decisions"])
    titles = {d["initiative_title"] for d in data["decisions"]}
    assert "Varslingssak ved sykehjemmet" not in titles
    per_capsulam = next(d for d in data["decisions"] if d["decision"] == "reject")
    assert per_capsulam["per_capsulam"] is True and per_capsulam["id"] is None
    assert per_capsulam["transition"] is not None


def test_csv_cells_that_look_like_formulas_stay_text(
    client: Client, world: World, meeting: Meeting
) -> None:
    formula = world.initiative(State.READY_FOR_DECISION, title="=HYPERLINK(1)")
    decision_record(
        actor=world.board_member,
        meeting=meeting,
        initiative=formula,
        decision="reject",
        comment="@SUM",
    )
    client.force_login(world.office)

    text = client.get(reverse("governance:register_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )

    row = next(csv.DictReader(io.StringIO(text)))
    assert row["initiative_title"] == "'=HYPERLINK(1)" and row["comment"] == "'@SUM"
    assert Decision.objects.count() == 1
