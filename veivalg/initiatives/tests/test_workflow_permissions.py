"""The permission matrix: every action × every person, allowed and refused.

For each action and each state it may start from, exactly the people listed in ``ALLOWED``
may take it; everyone else (the outsider included) is refused with ``NotAllowed`` and
nothing changes. For every other state the action is refused with ``InvalidTransition``.
"""

from __future__ import annotations

import pytest

from veivalg.core.errors import InvalidTransition, NotAllowed
from veivalg.initiatives.models import OPEN_STATES, Initiative, State, Transition
from veivalg.initiatives.services import initiative_perform_action
from veivalg.initiatives.workflow import ACTIONS, allowed_actions

# (action, from state) → the people who may take it; the initiative is owned by `employee`,
# proposed by Haug skole (directorate oppvekst → `director`) and routed to the default board.
ALLOWED: dict[tuple[str, str], set[str]] = {
    ("submit", State.DRAFT): {"employee"},
    ("withdraw", State.DRAFT): {"employee"},
    ("endorse", State.SUBMITTED): {"director"},
    ("return", State.SUBMITTED): {"director"},
    ("return", State.IN_ANALYSIS): {"office"},
    ("start_analysis", State.ENDORSED): {"office"},
    ("send_to_board", State.IN_ANALYSIS): {"office"},
    ("approve", State.READY_FOR_DECISION): {"board_member"},
    ("defer", State.READY_FOR_DECISION): {"board_member"},
    ("reject", State.READY_FOR_DECISION): {"board_member"},
    ("resume", State.DEFERRED): {"office"},
    ("start", State.APPROVED): {"project_owner"},
    ("complete", State.IN_PROGRESS): {"project_owner"},
    ("stop", State.IN_PROGRESS): {"board_member"},
    ("close", State.REALISING_BENEFITS): {"benefit_owner", "office"},
    **{("merge_into", state): {"office"} for state in OPEN_STATES},
}
PEOPLE = [
    "employee",
    "director",
    "other_director",
    "portfolio_manager",
    "office",
    "board_member",
    "other_board_member",
    "project_owner",
    "benefit_owner",
    "admin",
    "outsider",
]
TARGETS = {name: action.target for name, action in ACTIONS.items()}


def test_matrix_covers_every_action_and_source_state() -> None:
    expected = {(name, state) for name, action in ACTIONS.items() for state in action.sources}
    assert set(ALLOWED) == expected


def _perform(world, initiative: Initiative, action: str, person: str) -> Initiative:
    extra = {}
    if action == "merge_into":
        extra["target"] = world.initiative(title="Mottaker").pk
    return initiative_perform_action(
        actor=getattr(world, person),
        initiative=initiative,
        action=action,
        comment="Begrunnelse",
        **extra,
    )


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize(("action", "state"), sorted(ALLOWED))
def test_action_allowed_only_for_its_roles(world, action: str, state: str, person: str) -> None:
    initiative = world.initiative(state)
    if action == "send_to_board":
        world.add_benefit(initiative)  # its content rule; this test is about who may act
    steps_before = Transition.objects.filter(initiative=initiative).count()
    if person in ALLOWED[(action, state)]:
        assert action in [a.name for a in allowed_actions(getattr(world, person), initiative)]
        result = _perform(world, initiative, action, person)
        assert result.state == TARGETS[action]
        last = Transition.objects.filter(initiative=initiative).latest("id")
        assert (last.action, last.from_state, last.to_state) == (action, state, TARGETS[action])
        assert last.actor == getattr(world, person)
        assert last.comment == "Begrunnelse"
    else:
        assert action not in [a.name for a in allowed_actions(getattr(world, person), initiative)]
        with pytest.raises(NotAllowed):
            _perform(world, initiative, action, person)
        initiative.refresh_from_db()
        assert initiative.state == state
        assert Transition.objects.filter(initiative=initiative).count() == steps_before


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_action_refused_in_every_other_state(world, action: str) -> None:
    spec = ACTIONS[action]
    allowed_person = sorted(next(p for (a, _s), p in ALLOWED.items() if a == action))[0]
    for state in State.values:
        if state in spec.sources:
            continue
        initiative = world.initiative(state)
        with pytest.raises(InvalidTransition):
            _perform(world, initiative, action, allowed_person)
        initiative.refresh_from_db()
        assert initiative.state == state


def test_board_member_of_another_board_cannot_decide(world) -> None:
    initiative = world.initiative(State.READY_FOR_DECISION)
    with pytest.raises(NotAllowed, match="styret"):
        initiative_perform_action(
            actor=world.other_board_member, initiative=initiative, action="approve"
        )


def test_director_cannot_endorse_other_directorate(world) -> None:
    initiative = world.initiative(State.SUBMITTED, unit=world.sykehjem)
    with pytest.raises(NotAllowed):
        initiative_perform_action(actor=world.director, initiative=initiative, action="endorse")
    initiative_perform_action(actor=world.other_director, initiative=initiative, action="endorse")
    initiative.refresh_from_db()
    assert initiative.state == State.ENDORSED


def test_area_board_member_decides_initiatives_routed_to_that_board(world) -> None:
    initiative = world.initiative(State.READY_FOR_DECISION)
    Initiative.objects.filter(pk=initiative.pk).update(board=world.area_board)
    initiative.refresh_from_db()
    with pytest.raises(NotAllowed):
        initiative_perform_action(actor=world.board_member, initiative=initiative, action="approve")
    initiative_perform_action(
        actor=world.other_board_member, initiative=initiative, action="approve"
    )
    initiative.refresh_from_db()
    assert initiative.state == State.APPROVED
