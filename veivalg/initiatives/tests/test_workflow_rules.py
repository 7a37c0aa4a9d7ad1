"""Rules of the workflow beyond who may act: politically mandated, board readiness, merging."""

from __future__ import annotations

import itertools

import pytest

from veivalg.core.errors import InvalidTransition, ValidationFailed
from veivalg.initiatives.models import InitiativeCost, State, Transition
from veivalg.initiatives.services import initiative_perform_action
from veivalg.initiatives.workflow import allowed_actions


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("defer", State.READY_FOR_DECISION),
        ("reject", State.READY_FOR_DECISION),
        ("stop", State.IN_PROGRESS),
    ],
)
def test_politically_mandated_cannot_be_deferred_rejected_or_stopped(world, action, state) -> None:
    initiative = world.initiative(
        state, politically_mandated=True, political_reference="KST 045/24"
    )
    steps = Transition.objects.filter(initiative=initiative).count()
    with pytest.raises(InvalidTransition, match="politisk vedtatt") as exc:
        initiative_perform_action(actor=world.board_member, initiative=initiative, action=action)
    assert "KST 045/24" in exc.value.message
    assert exc.value.code == "politically_mandated"
    initiative.refresh_from_db()
    assert initiative.state == state
    assert Transition.objects.filter(initiative=initiative).count() == steps
    assert action not in [a.name for a in allowed_actions(world.board_member, initiative)]


def test_politically_mandated_can_be_approved(world) -> None:
    initiative = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="KST 045/24"
    )
    initiative_perform_action(actor=world.board_member, initiative=initiative, action="approve")
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED


def test_send_to_board_needs_cost_estimate(world) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, costs=[])
    assert not InitiativeCost.objects.filter(initiative=initiative).exists()
    with pytest.raises(InvalidTransition, match="kostnadsestimat"):
        initiative_perform_action(actor=world.office, initiative=initiative, action="send_to_board")
    initiative.refresh_from_db()
    assert initiative.state == State.IN_ANALYSIS


@pytest.mark.parametrize("work_type", ["operations", "maintenance"])
def test_operations_and_maintenance_do_not_go_to_the_board(world, work_type) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, work_type=work_type)
    with pytest.raises(InvalidTransition, match="går ikke til porteføljestyret"):
        initiative_perform_action(actor=world.office, initiative=initiative, action="send_to_board")
    initiative.refresh_from_db()
    assert initiative.state == State.IN_ANALYSIS


def test_send_to_board_needs_a_measurable_benefit(world) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    with pytest.raises(InvalidTransition, match="gevinst") as exc:
        initiative_perform_action(actor=world.office, initiative=initiative, action="send_to_board")
    assert exc.value.code == "missing_benefit"
    initiative.refresh_from_db()
    assert initiative.state == State.IN_ANALYSIS
    world.add_benefit(initiative)
    initiative_perform_action(actor=world.office, initiative=initiative, action="send_to_board")
    initiative.refresh_from_db()
    assert initiative.state == State.READY_FOR_DECISION


def test_out_of_scope_portfolio_does_not_go_to_the_board(world) -> None:
    initiative = world.initiative(
        State.IN_ANALYSIS, portfolio=world.bygg, contributing_portfolios=[]
    )
    with pytest.raises(InvalidTransition, match="Byggeprosjekter"):
        initiative_perform_action(actor=world.office, initiative=initiative, action="send_to_board")


def test_return_requires_a_comment(world) -> None:
    initiative = world.initiative(State.SUBMITTED)
    with pytest.raises(ValidationFailed) as exc:
        initiative_perform_action(
            actor=world.director, initiative=initiative, action="return", comment="  "
        )
    assert "comment" in exc.value.errors
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_return_records_the_reason(world) -> None:
    initiative = world.initiative(State.SUBMITTED)
    initiative_perform_action(
        actor=world.director,
        initiative=initiative,
        action="return",
        comment="Mangler behovsbeskrivelse",
    )
    last = Transition.objects.filter(initiative=initiative).latest("id")
    assert (last.from_state, last.to_state, last.comment) == (
        State.SUBMITTED,
        State.DRAFT,
        "Mangler behovsbeskrivelse",
    )


def test_merge_into_points_to_the_survivor(world) -> None:
    survivor = world.initiative(State.IN_ANALYSIS, title="Haug skole samlet")
    absorbed = world.initiative(State.ENDORSED)
    initiative_perform_action(
        actor=world.office, initiative=absorbed, action="merge_into", target=survivor.pk
    )
    absorbed.refresh_from_db()
    assert absorbed.state == State.MERGED
    assert absorbed.merged_into == survivor
    assert Transition.objects.filter(initiative=absorbed).latest("id").data == {
        "target": survivor.pk
    }


@pytest.mark.parametrize("bad_target", [None, "abc", 999999, "self", "closed"])
def test_merge_into_refuses_bad_targets(world, bad_target) -> None:
    initiative = world.initiative(State.ENDORSED)
    if bad_target == "self":
        bad_target = initiative.pk
    elif bad_target == "closed":
        bad_target = world.initiative(State.CLOSED).pk
    with pytest.raises(ValidationFailed) as exc:
        initiative_perform_action(
            actor=world.office, initiative=initiative, action="merge_into", target=bad_target
        )
    assert "target" in exc.value.errors
    initiative.refresh_from_db()
    assert initiative.state == State.ENDORSED
    assert initiative.merged_into is None


def test_unknown_action_is_refused(world) -> None:
    initiative = world.initiative()
    with pytest.raises(ValidationFailed) as exc:
        initiative_perform_action(actor=world.employee, initiative=initiative, action="teleport")
    assert "action" in exc.value.errors


def test_full_journey_is_recorded_in_history(world) -> None:
    initiative = world.initiative()
    steps = [
        ("submit", world.employee),
        ("endorse", world.director),
        ("start_analysis", world.office),
        ("send_to_board", world.office),
        ("approve", world.board_member),
        ("start", world.project_owner),
        ("complete", world.project_owner),
        ("close", world.benefit_owner),
    ]
    world.add_benefit(initiative)
    for action, actor in steps:
        initiative = initiative_perform_action(
            actor=actor, initiative=initiative, action=action, comment=action
        )
    assert initiative.state == State.CLOSED
    history = list(Transition.objects.filter(initiative=initiative).order_by("id"))
    assert [t.action for t in history] == ["create"] + [a for a, _ in steps]
    assert [t.actor for t in history[1:]] == [actor for _, actor in steps]
    for before, after in itertools.pairwise(history):
        assert after.from_state == before.to_state
