"""The Django admin shows benefits read-only: they change through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import World
from veivalg.benefits.tests.conftest import make_benefit
from veivalg.initiatives.models import State

pytestmark = pytest.mark.urls("veivalg.benefits.tests.urls")


def test_admin_lists_and_shows_benefits_without_changing_them(client: Client, world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.IN_ANALYSIS))
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)

    listing = client.get("/admin/benefits/benefit/")
    change = client.get(f"/admin/benefits/benefit/{benefit.pk}/change/")
    post = client.post(f"/admin/benefits/benefit/{benefit.pk}/change/", {"title": "Endret"})

    assert listing.status_code == 200 and benefit.title in listing.content.decode()
    assert change.status_code == 200 and 'name="title"' not in change.content.decode()
    assert post.status_code == 403
    benefit.refresh_from_db()
    assert benefit.title == "Mindre tid på manuell registrering"
    assert client.get("/admin/benefits/benefit/add/").status_code == 403
