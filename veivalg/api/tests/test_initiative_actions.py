"""``POST /api/v1/initiatives/{id}/actions/{action}``: the workflow through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.org.services import api_token_create


def _client(user: User) -> Client:
    raw, _ = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _act(user: User, initiative: Initiative, action: str, **body: Any) -> Any:
    return _client(user).post(
        f"/api/v1/initiatives/{initiative.pk}/actions/{action}",
        body,
        content_type="application/json",
    )


def _state(initiative: Initiative) -> str:
    initiative.refresh_from_db()
    return initiative.state


def test_happy_path_from_draft_to_approved(world: World) -> None:
    initiative = world.initiative()
    world.add_benefit(initiative)  # send_to_board needs a measurable benefit
    steps = [
        (world.employee, "submit", "submitted"),
        (world.director, "endorse", "endorsed"),
        (world.office, "start_analysis", "in_analysis"),
        (world.office, "send_to_board", "ready_for_decision"),
        (world.board_member, "approve", "approved"),
    ]

    for user, action, state in steps:
        response = _act(user, initiative, action, comment=f"{action} ok")
        assert response.status_code == 200, (action, response.content)
        assert response.json()["state"] == state

    history = response.json()["history"]
    assert [(h["action"], h["actor"], h["from_state"], h["to_state"]) for h in history] == [
        ("create", "ansatt", None, "draft"),
        ("submit", "ansatt", "draft", "submitted"),
        ("endorse", "direktor", "submitted", "endorsed"),
        ("start_analysis", "kontor", "endorsed", "in_analysis"),
        ("send_to_board", "kontor", "in_analysis", "ready_for_decision"),
        ("approve", "styre", "ready_for_decision", "approved"),
    ]
    assert history[2]["comment"] == "endorse ok"
    assert all(h["at"] for h in history)
    assert _state(initiative) == "approved"


def test_action_without_a_body_is_accepted(world: World) -> None:
    initiative = world.initiative()

    response = _client(world.employee).post(
        f"/api/v1/initiatives/{initiative.pk}/actions/submit", content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert _state(initiative) == "submitted"


def test_director_of_another_directorate_cannot_endorse(world: World) -> None:
    initiative = world.initiative("submitted")

    response = _act(world.other_director, initiative, "endorse")

    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == "https://veivalg.no/problems/not-allowed"
    assert body["title"] == "Ikke tillatt"
    assert "Bare" in body["detail"]
    assert _state(initiative) == "submitted"


def test_board_member_of_another_board_cannot_approve(world: World) -> None:
    initiative = world.initiative("ready_for_decision")

    assert _act(world.other_board_member, initiative, "approve").status_code == 403
    assert _state(initiative) == "ready_for_decision"


def test_action_in_the_wrong_state_is_409(world: World) -> None:
    initiative = world.initiative()

    response = _act(world.office, initiative, "start_analysis")

    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "https://veivalg.no/problems/invalid-transition"
    assert body["code"] == "wrong_state"
    assert "Utkast" in body["detail"]
    assert _state(initiative) == "draft"


@pytest.mark.parametrize("action", ["defer", "reject"])
def test_board_cannot_defer_or_reject_a_politically_mandated_initiative(
    world: World, action: str
) -> None:
    initiative = world.initiative(
        "ready_for_decision", politically_mandated=True, political_reference="PS 12/2024"
    )

    response = _act(world.board_member, initiative, action, comment="Ikke nå")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "politically_mandated"
    assert "politisk vedtatt" in body["detail"]
    assert "PS 12/2024" in body["detail"]
    assert _state(initiative) == "ready_for_decision"
    assert initiative.transitions.filter(action=action).count() == 0


def test_board_cannot_stop_a_politically_mandated_project(world: World) -> None:
    initiative = world.initiative(
        "in_progress", politically_mandated=True, political_reference="KST 3/2023"
    )

    response = _act(world.board_member, initiative, "stop")

    assert response.status_code == 409
    assert "KST 3/2023" in response.json()["detail"]
    assert _state(initiative) == "in_progress"


def test_board_can_defer_an_initiative_that_is_not_mandated(world: World) -> None:
    initiative = world.initiative("ready_for_decision")

    response = _act(world.board_member, initiative, "defer", comment="Neste år")

    assert response.status_code == 200
    assert _state(initiative) == "deferred"


def test_return_without_comment_is_422_on_comment(world: World) -> None:
    initiative = world.initiative("submitted")

    response = _act(world.director, initiative, "return")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["comment"]
    assert _state(initiative) == "submitted"


def test_return_with_comment_goes_back_to_draft(world: World) -> None:
    initiative = world.initiative("submitted")

    response = _act(world.director, initiative, "return", comment="Mangler kostnader")

    assert response.status_code == 200
    assert response.json()["state"] == "draft"
    assert response.json()["history"][-1]["comment"] == "Mangler kostnader"


def test_unknown_action_is_422_on_action(world: World) -> None:
    initiative = world.initiative()

    response = _act(world.employee, initiative, "fly")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["action"]
    assert _state(initiative) == "draft"


def test_office_merges_into_a_target(world: World) -> None:
    survivor = world.initiative("endorsed", title="Felles løsning")
    initiative = world.initiative("submitted")

    response = _act(world.office, initiative, "merge_into", target=survivor.pk, comment="Samme")

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "merged"
    assert response.json()["merged_into"] == survivor.pk
    initiative.refresh_from_db()
    assert initiative.merged_into_id == survivor.pk


@pytest.mark.parametrize("target", [None, 999999, "self"])
def test_merge_without_a_valid_target_is_422_on_target(world: World, target: Any) -> None:
    initiative = world.initiative("submitted")
    body = {} if target is None else {"target": initiative.pk if target == "self" else target}

    response = _act(world.office, initiative, "merge_into", **body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["target"]
    assert _state(initiative) == "submitted"


def test_merge_target_of_wrong_type_is_422_on_target(world: World) -> None:
    initiative = world.initiative("submitted")

    response = _act(world.office, initiative, "merge_into", target="den andre")

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["target"]


def _allowed(user: User, initiative: Initiative) -> list[str]:
    response = _client(user).get(f"/api/v1/initiatives/{initiative.pk}")
    assert response.status_code == 200
    return response.json()["allowed_actions"]


def test_allowed_actions_differ_per_caller(world: World) -> None:
    draft = world.initiative()
    submitted = world.initiative("submitted")
    ready = world.initiative("ready_for_decision")

    assert _allowed(world.employee, draft) == ["submit", "withdraw"]
    assert _allowed(world.office, draft) == ["merge_into"]
    assert _allowed(world.outsider, draft) == []
    assert _allowed(world.director, submitted) == ["endorse", "return"]
    assert _allowed(world.other_director, submitted) == []
    assert _allowed(world.board_member, ready) == ["approve", "defer", "reject"]
    assert _allowed(world.other_board_member, ready) == []


def test_allowed_actions_leave_out_what_a_mandate_forbids(world: World) -> None:
    ready = world.initiative(
        "ready_for_decision", politically_mandated=True, political_reference="PS 12/2024"
    )

    assert _allowed(world.board_member, ready) == ["approve"]
