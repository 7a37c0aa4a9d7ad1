"""``GET/POST/DELETE /api/v1/initiatives/{id}/dependencies``."""

from __future__ import annotations

import pytest

from conftest import World
from veivalg.prioritization.models import Dependency
from veivalg.prioritization.services import dependency_add
from veivalg.prioritization.tests.conftest import client_for

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")


def _url(pk: int) -> str:
    return f"/api/v1/initiatives/{pk}/dependencies"


def test_office_adds_a_dependency_and_both_ends_list_it(world: World) -> None:
    a = world.initiative("in_analysis", title="A")
    b = world.initiative("in_analysis", title="B")

    response = client_for(world.office).post(
        _url(a.pk), {"to": b.pk, "type": "requires"}, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["from_initiative"], created["to_initiative"], created["type"]) == (
        a.pk,
        b.pk,
        "requires",
    )
    listed = client_for(world.employee).get(_url(b.pk)).json()
    assert [(d["direction"], d["other"], d["other_title"]) for d in listed] == [
        ("incoming", a.pk, "A")
    ]


def test_self_dependency_gives_422_naming_to(world: World) -> None:
    a = world.initiative("in_analysis")

    response = client_for(world.office).post(
        _url(a.pk), {"to": a.pk, "type": "requires"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["to"]


def test_unknown_type_gives_422_naming_type(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")

    response = client_for(world.office).post(
        _url(a.pk), {"to": b.pk, "type": "needs"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["type"]


def test_cycle_gives_422_with_a_clear_message(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="finish_to_start")

    response = client_for(world.office).post(
        _url(b.pk), {"to": a.pk, "type": "finish_to_start"}, content_type="application/json"
    )

    assert response.status_code == 422
    assert "sirkel" in response.json()["errors"][0]["message"]


def test_non_office_gets_403(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")

    response = client_for(world.director).post(
        _url(a.pk), {"to": b.pk, "type": "requires"}, content_type="application/json"
    )

    assert response.status_code == 403
    assert not Dependency.objects.exists()


def test_hidden_initiative_gives_404(world: World) -> None:
    secret = world.initiative("in_analysis", confidential=True)

    assert client_for(world.outsider).get(_url(secret.pk)).status_code == 404


def test_office_deletes_a_dependency(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="excludes")

    response = client_for(world.office).delete(_url(b.pk) + f"?to={a.pk}&type=excludes")

    assert response.status_code == 204
    assert not Dependency.objects.exists()


def test_deleting_a_missing_dependency_gives_404(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")

    response = client_for(world.office).delete(_url(a.pk) + f"?to={b.pk}&type=requires")

    assert response.status_code == 404


def test_non_office_cannot_delete(world: World) -> None:
    a = world.initiative("in_analysis")
    b = world.initiative("in_analysis")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")

    response = client_for(world.employee).delete(_url(a.pk) + f"?to={b.pk}&type=requires")

    assert response.status_code == 403
    assert Dependency.objects.count() == 1
