"""Fixtures for the governance tests: a secretary who is not on the board, meetings made
through the service, a case ready for the board, and API clients per person."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.governance.models import BoardProfile, Meeting
from veivalg.governance.services import meeting_create
from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import User
from veivalg.org.services import api_token_create


@pytest.fixture
def secretary(world: World) -> User:
    """The default board's secretary: not a member of the board, not the portfolio office."""
    user = User.objects.create_user(
        username="sekretaer", password="pw-sekretaer", first_name="Siv", last_name="Sekretær"
    )
    BoardProfile.objects.create(board=world.board, chair=world.board_member, secretary=user)
    return user


def make_meeting(world: World, *, days: int = 14, **data: Any) -> Meeting:
    payload = {
        "date": date.today() + timedelta(days=days),
        "title": "Porteføljestyrets møte",
        "location": "Rådhuset, møterom Ås",
    }
    payload.update(data)
    board = payload.pop("board", world.board)
    return meeting_create(actor=world.office, board=board, data=payload)


@pytest.fixture
def meeting(world: World) -> Meeting:
    return make_meeting(world)


@pytest.fixture
def ready(world: World) -> Initiative:
    """A case ready for the default board, with æøå in its title."""
    return world.initiative(State.READY_FOR_DECISION, title="Læringsplattform for Ørje og Åsgård")


def client_for(user: User) -> Client:
    raw, _token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


FRAME: dict[str, Any] = {
    "cost_ceiling": 1_500_000,
    "time_frame": "Konseptfasen ferdig innen 1. juni 2027",
    "steering_group": ["prosjekteier", "direktor"],
    "conditions": "Gevinstplanen legges fram ved BP2.",
}


@pytest.fixture
def scene(world: World, meeting: Meeting, ready: Initiative) -> dict[str, Any]:
    """A meeting with a built agenda (one approved case, one still open, one other case) and
    the mandates the approval made."""
    from veivalg.governance.services import agenda_build, agenda_item_add, decision_record

    waiting = world.initiative(State.READY_FOR_DECISION, title="Felles møteromsbooking")
    items = agenda_build(actor=world.office, meeting=meeting)
    other = agenda_item_add(
        actor=world.office,
        meeting=meeting,
        data={
            "kind": "other",
            "title": "Orientering om kapasitet",
            "recommendation": "Til orientering.",
        },
    )
    decision = decision_record(
        actor=world.board_member,
        meeting=meeting,
        initiative=ready,
        decision="approve",
        comment="Vedtatt etter innstillingen.",
        mandate=FRAME,
    )
    return {
        "meeting": meeting,
        "ready": ready,
        "waiting": waiting,
        "items": {i.initiative_id: i for i in items},
        "other": other,
        "decision": decision,
        "mandate": decision.mandate,
    }
