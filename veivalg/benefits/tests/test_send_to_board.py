"""``send_to_board`` is refused until the initiative has a cost estimate and at least one
benefit with an indicator.

The benefit rule lives in ``veivalg.initiatives.workflow`` (it calls
``veivalg.benefits.selectors.has_measurable_benefit``). Until that call is there, the tests
of the refusal are expected to fail (strict xfail); once it is, they must pass.
"""

from __future__ import annotations

import inspect

import pytest

from conftest import World
from veivalg.benefits.tests.conftest import make_benefit
from veivalg.core.errors import InvalidTransition
from veivalg.initiatives import workflow
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.services import initiative_perform_action

WIRED = "has_measurable_benefit" in inspect.getsource(workflow)
needs_wiring = pytest.mark.xfail(
    not WIRED,
    reason="veivalg.initiatives.workflow does not call has_measurable_benefit yet",
    raises=AssertionError,
    strict=True,
)


def _send(world: World, initiative: Initiative) -> Initiative:
    return initiative_perform_action(
        actor=world.office, initiative=initiative, action="send_to_board"
    )


def _refusal(world: World, initiative: Initiative) -> InvalidTransition:
    try:
        _send(world, initiative)
    except InvalidTransition as exc:
        return exc
    raise AssertionError("send_to_board was not refused")


@needs_wiring
def test_send_to_board_is_refused_without_a_benefit(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    refusal = _refusal(world, initiative)

    assert refusal.code == "missing_benefit"
    assert "gevinst" in refusal.message
    initiative.refresh_from_db()
    assert initiative.state == State.IN_ANALYSIS


@needs_wiring
def test_a_benefit_without_indicator_is_not_enough(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(world, initiative, indicator=None)

    assert _refusal(world, initiative).code == "missing_benefit"


@needs_wiring
def test_send_to_board_is_not_offered_without_a_measurable_benefit(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    names = [a.name for a in workflow.allowed_actions(world.office, initiative)]

    assert "send_to_board" not in names


def test_a_measurable_benefit_and_a_cost_estimate_let_it_go_to_the_board(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(world, initiative)

    sent = _send(world, initiative)

    assert sent.state == State.READY_FOR_DECISION
    names = [a.name for a in workflow.allowed_actions(world.board_member, sent)]
    assert "approve" in names


def test_the_cost_estimate_is_still_required(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, costs=[])
    make_benefit(world, initiative)

    assert _refusal(world, initiative).code == "missing_cost_estimate"
