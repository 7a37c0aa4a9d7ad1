"""Mandates: filled from the data, every save a new version, approved by the board, and a
change after approval needs a new approval."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.governance.models import Mandate, MandateVersion
from veivalg.governance.selectors import is_approved
from veivalg.governance.services import mandate_approve, mandate_create, mandate_save
from veivalg.governance.tests.conftest import make_meeting

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")


def content_of(mandate: Mandate) -> dict[str, str]:
    return dict(mandate.versions.order_by("-number").first().content)  # type: ignore[union-attr]


def test_every_save_is_a_new_version_and_unchanged_text_is_not(
    world: World, scene: dict[str, Any]
) -> None:
    mandate = scene["mandate"]
    text = content_of(mandate)
    text["constraints"] = "Avhenger av ny hjemmeside."

    second = mandate_save(actor=world.office, mandate=mandate, content=text, comment="Avhengighet")
    same = mandate_save(actor=world.office, mandate=mandate, content=text)

    assert second.number == 2 and second.comment == "Avhengighet"
    assert same.pk == second.pk
    assert list(mandate.versions.values_list("number", flat=True)) == [2, 1]
    assert mandate.versions.get(number=1).content["constraints"] != "Avhenger av ny hjemmeside."


def test_project_owner_may_edit_but_others_may_not(world: World, scene: dict[str, Any]) -> None:
    mandate = scene["mandate"]
    text = content_of(mandate)
    text["purpose"] = "Presisert av prosjekteieren."

    mandate_save(actor=world.project_owner, mandate=mandate, content=text)

    for person in (world.employee, world.board_member, world.director):
        with pytest.raises(NotAllowed):
            mandate_save(actor=person, mandate=mandate, content={**text, "purpose": "Nei"})
    assert mandate.versions.count() == 2


def test_invalid_text_stores_nothing(world: World, scene: dict[str, Any]) -> None:
    mandate = scene["mandate"]
    text = content_of(mandate)

    with pytest.raises(ValidationFailed) as refusal:
        mandate_save(
            actor=world.office,
            mandate=mandate,
            content={**text, "background": " ", "surprise": "x", "frame": "x" * 20001},
        )

    assert set(refusal.value.errors) == {"background", "surprise", "frame"}
    assert mandate.versions.count() == 1


def test_board_approval_and_a_new_version_after_it(world: World, scene: dict[str, Any]) -> None:
    mandate = scene["mandate"]
    meeting = scene["meeting"]

    mandate_approve(actor=world.board_member, mandate=mandate, meeting=meeting)
    mandate.refresh_from_db()
    assert is_approved(mandate)
    assert mandate.approved_version.number == 1  # type: ignore[union-attr]
    assert mandate.approved_meeting == meeting and mandate.approved_by == world.board_member
    with pytest.raises(InvalidTransition):
        mandate_approve(actor=world.board_member, mandate=mandate)

    mandate_save(
        actor=world.office, mandate=mandate, content={**content_of(mandate), "purpose": "Nytt"}
    )
    mandate.refresh_from_db()
    assert not is_approved(mandate)
    assert mandate.approved_version.number == 1  # type: ignore[union-attr]

    mandate_approve(actor=world.board_member, mandate=mandate)
    mandate.refresh_from_db()
    assert is_approved(mandate) and mandate.approved_version.number == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("person", ["office", "employee", "other_board_member", "project_owner"])
def test_only_the_boards_members_and_secretary_approve(
    world: World, scene: dict[str, Any], person: str
) -> None:
    with pytest.raises(NotAllowed):
        mandate_approve(actor=getattr(world, person), mandate=scene["mandate"])

    scene["mandate"].refresh_from_db()
    assert scene["mandate"].approved_version is None


def test_secretary_may_approve(world: World, scene: dict[str, Any], secretary: Any) -> None:
    mandate_approve(actor=secretary, mandate=scene["mandate"])

    scene["mandate"].refresh_from_db()
    assert scene["mandate"].approved_by == secretary


def test_approval_in_another_boards_meeting_is_refused(world: World, scene: dict[str, Any]) -> None:
    other = make_meeting(world, board=world.area_board)

    with pytest.raises(ValidationFailed) as refusal:
        mandate_approve(actor=world.board_member, mandate=scene["mandate"], meeting=other)

    assert "meeting" in refusal.value.errors


def test_program_mandate_is_filled_from_the_program(world: World) -> None:
    world.program.owner = world.project_owner
    world.program.description = "Ledere som leder godt."
    world.program.save()
    world.initiative(title="Lederprogram for nye ledere")

    mandate = mandate_create(actor=world.office, kind="program", program=world.program)

    text = content_of(mandate)
    assert mandate.title == "Mandat for program: Smarte ledere"
    assert mandate.board == world.board
    assert text["owner"] == "Pia Prosjekteier"
    assert "Ledere som leder godt." in text["goals"]
    assert "Lederprogram for nye ledere" in text["scope"]
    # the program's owner may edit it; the office creates it
    mandate_save(actor=world.project_owner, mandate=mandate, content={**text, "scope": "Alt."})
    with pytest.raises(NotAllowed):
        mandate_create(actor=world.project_owner, kind="program", program=world.program)


def test_mandate_create_needs_its_subject(world: World) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        mandate_create(actor=world.office, kind="steering_group")

    assert "initiative" in refusal.value.errors
    assert not Mandate.objects.exists()


def test_edit_page_saves_a_new_version(client: Client, world: World, scene: dict[str, Any]) -> None:
    mandate = scene["mandate"]
    data = {**content_of(mandate), "purpose": "Bedre læring i Åsgård.", "comment": "Formål"}
    client.force_login(world.office)

    response = client.post(reverse("governance:mandate_edit", args=[mandate.pk]), data)

    assert response.status_code == 302
    assert mandate.versions.count() == 2
    page = client.get(reverse("governance:mandate", args=[mandate.pk])).content.decode()
    assert "Bedre læring i Åsgård." in page and "Formål" in page


def test_edit_page_with_errors_stores_nothing(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    mandate = scene["mandate"]
    client.force_login(world.office)

    response = client.post(
        reverse("governance:mandate_edit", args=[mandate.pk]),
        {**content_of(mandate), "background": ""},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "ds-error-summary" in html and 'href="#id_background"' in html
    assert MandateVersion.objects.filter(mandate=mandate).count() == 1


def test_edit_page_is_refused_to_others(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    client.force_login(world.employee)

    response = client.get(reverse("governance:mandate_edit", args=[scene["mandate"].pk]))

    assert response.status_code == 403


def test_approve_through_the_page(client: Client, world: World, scene: dict[str, Any]) -> None:
    client.force_login(world.board_member)
    mandate = scene["mandate"]

    response = client.post(
        reverse("governance:mandate_approve", args=[mandate.pk]), {"meeting": scene["meeting"].pk}
    )

    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.approved_meeting == scene["meeting"]


def test_new_program_mandate_through_the_page(client: Client, world: World) -> None:
    client.force_login(world.office)

    response = client.post(
        reverse("governance:mandate_new"), {"kind": "program", "program": world.program.pk}
    )
    missing = client.post(
        reverse("governance:mandate_new"), {"kind": "project", "initiative": "999"}
    )

    assert response.status_code == 302
    assert Mandate.objects.get().program == world.program
    assert missing.status_code == 422
    assert Mandate.objects.count() == 1
