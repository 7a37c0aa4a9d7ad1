"""A decision performs exactly the workflow action; a refused action leaves nothing behind."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import World
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.governance.models import Decision, Mandate, MandateKind, Meeting, MeetingStatus
from veivalg.governance.services import decision_record, meeting_set_status
from veivalg.governance.tests.conftest import make_meeting
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.initiatives.services import initiative_perform_action
from veivalg.org.models import User

FRAME = {
    "cost_ceiling": 1_500_000,
    "time_frame": "Konseptfasen ferdig innen 1. juni 2027",
    "steering_group": ["prosjekteier", "direktor"],
    "conditions": "Gevinstplanen legges fram ved BP2.",
}


@pytest.mark.parametrize(
    ("decision", "state", "extra"),
    [
        ("approve", State.APPROVED, {"mandate": FRAME}),
        ("defer", State.DEFERRED, {"until": "2099-01-01"}),
        ("reject", State.REJECTED, {}),
    ],
)
def test_decision_performs_exactly_the_workflow_action(
    world: World, meeting: Meeting, ready: Initiative, decision: str, state: str, extra: dict
) -> None:
    before = ready.transitions.count()

    record = decision_record(
        actor=world.board_member,
        meeting=meeting,
        initiative=ready,
        decision=decision,
        comment="Behandlet i møtet.",
        **extra,
    )

    ready.refresh_from_db()
    assert ready.state == state
    assert ready.transitions.count() == before + 1
    transition = ready.transitions.order_by("-id").first()
    assert transition is not None
    assert transition.action == decision and transition.to_state == state
    assert transition.comment == "Behandlet i møtet."
    assert record.transition == transition
    assert record.meeting == meeting and not record.per_capsulam
    assert record.board == world.board
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_stop_decision_stops_an_initiative_in_progress(world: World, meeting: Meeting) -> None:
    running = world.initiative(State.IN_PROGRESS)

    decision_record(actor=world.board_member, meeting=meeting, initiative=running, decision="stop")

    running.refresh_from_db()
    assert running.state == State.STOPPED


def test_approval_carries_the_frame_and_creates_draft_mandates(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    record = decision_record(
        actor=world.board_member,
        meeting=meeting,
        initiative=ready,
        decision="approve",
        mandate=FRAME,
    )

    assert record.frame["cost_ceiling"] == 1_500_000
    assert record.frame["steering_group"] == ["prosjekteier", "direktor"]
    assert record.mandate is not None and record.mandate.kind == MandateKind.PROJECT
    kinds = set(Mandate.objects.filter(initiative=ready).values_list("kind", flat=True))
    assert kinds == {MandateKind.PROJECT, MandateKind.STEERING_GROUP}
    project = record.mandate.versions.get()
    assert "1\u00a0500\u00a0000\u00a0kr" in project.content["frame"]
    assert ready.need in project.content["background"]
    assert "Gevinstplanen legges fram ved BP2." in project.content["decision"]
    steering = Mandate.objects.get(initiative=ready, kind=MandateKind.STEERING_GROUP)
    assert "Dina Direktør" in steering.versions.get().content["members"]
    assert record.mandate.approved_version is None


def test_politically_mandated_defer_is_refused_and_nothing_is_stored(
    world: World, meeting: Meeting
) -> None:
    mandated = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="KST 12/26"
    )
    before = Transition.objects.count()

    with pytest.raises(InvalidTransition) as refusal:
        decision_record(
            actor=world.board_member,
            meeting=meeting,
            initiative=mandated,
            decision="defer",
            until="2099-01-01",
        )

    assert refusal.value.code == "politically_mandated"
    assert refusal.value.status == 409
    mandated.refresh_from_db()
    assert mandated.state == State.READY_FOR_DECISION
    assert not Decision.objects.exists()
    assert Transition.objects.count() == before
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_refused_approval_leaves_no_mandate(world: World, meeting: Meeting) -> None:
    not_ready = world.initiative(State.IN_ANALYSIS)

    with pytest.raises(InvalidTransition):
        decision_record(
            actor=world.board_member,
            meeting=meeting,
            initiative=not_ready,
            decision="approve",
            mandate=FRAME,
        )

    assert not Decision.objects.exists()
    assert not Mandate.objects.exists()


@pytest.mark.parametrize(
    "person", ["employee", "office", "director", "other_board_member", "outsider"]
)
def test_only_members_and_the_secretary_may_record(
    world: World, meeting: Meeting, ready: Initiative, person: str
) -> None:
    with pytest.raises(NotAllowed):
        decision_record(
            actor=getattr(world, person), meeting=meeting, initiative=ready, decision="approve"
        )

    ready.refresh_from_db()
    assert ready.state == State.READY_FOR_DECISION
    assert not Decision.objects.exists()


def test_secretary_who_is_not_a_member_is_refused_by_the_workflow(
    world: World, meeting: Meeting, ready: Initiative, secretary: User
) -> None:
    # The governance check lets the secretary through; the workflow lets only members act.
    with pytest.raises(NotAllowed) as refusal:
        decision_record(actor=secretary, meeting=meeting, initiative=ready, decision="reject")

    assert "medlem" in refusal.value.message
    assert not Decision.objects.exists()


def test_case_routed_to_another_board_is_refused(world: World, ready: Initiative) -> None:
    area_meeting = make_meeting(world, board=world.area_board)

    with pytest.raises(InvalidTransition) as refusal:
        decision_record(
            actor=world.other_board_member,
            meeting=area_meeting,
            initiative=ready,
            decision="approve",
        )

    assert refusal.value.code == "other_board"
    assert not Decision.objects.exists()


def test_defer_needs_a_later_date_and_nothing_is_stored_without(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        decision_record(
            actor=world.board_member, meeting=meeting, initiative=ready, decision="defer"
        )
    assert "until" in refusal.value.errors
    with pytest.raises(ValidationFailed) as refusal:
        decision_record(
            actor=world.board_member,
            meeting=meeting,
            initiative=ready,
            decision="defer",
            until=meeting.date - timedelta(days=1),
        )
    assert "until" in refusal.value.errors
    ready.refresh_from_db()
    assert ready.state == State.READY_FOR_DECISION
    assert not Decision.objects.exists()


def test_unknown_steering_group_member_is_a_field_error(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        decision_record(
            actor=world.board_member,
            meeting=meeting,
            initiative=ready,
            decision="approve",
            mandate={"steering_group": ["finnes-ikke"], "cost_ceiling": -1},
        )

    assert set(refusal.value.errors) == {"mandate.steering_group", "mandate.cost_ceiling"}
    ready.refresh_from_db()
    assert ready.state == State.READY_FOR_DECISION


def test_closed_meeting_takes_no_more_decisions(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    meeting_set_status(actor=world.office, meeting=meeting, status="held")
    meeting_set_status(actor=world.office, meeting=meeting, status="closed")

    with pytest.raises(InvalidTransition) as refusal:
        decision_record(
            actor=world.board_member, meeting=meeting, initiative=ready, decision="approve"
        )

    assert refusal.value.code == "meeting_closed"


def test_per_capsulam_decision_through_the_service(world: World, ready: Initiative) -> None:
    record = decision_record(
        actor=world.board_member, meeting=None, initiative=ready, decision="reject", comment="Nei."
    )

    assert record.per_capsulam and record.meeting is None
    ready.refresh_from_db()
    assert ready.state == State.REJECTED


def test_ordinary_action_does_not_create_a_decision_row(world: World, ready: Initiative) -> None:
    initiative_perform_action(actor=world.board_member, initiative=ready, action="approve")

    assert not Decision.objects.exists()
