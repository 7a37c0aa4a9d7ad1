"""The portfolio office links two initiatives as related; the initiative page shows them."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.coordination.models import RelatedLink
from veivalg.coordination.services import related_link_create, related_link_delete
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.initiatives.models import Initiative, State

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


def test_a_pair_is_linked_once_with_the_lower_id_first(world: World) -> None:
    first, second = world.initiative(), world.initiative()
    link = related_link_create(actor=world.office, initiative=second, other=first.pk, note="Obs")
    assert (link.first_id, link.second_id, link.note) == (first.pk, second.pk, "Obs")
    with pytest.raises(ValidationFailed):
        related_link_create(actor=world.office, initiative=first, other=second)
    with pytest.raises(ValidationFailed):
        related_link_create(actor=world.office, initiative=first, other=first)
    with pytest.raises(ValidationFailed):
        related_link_create(actor=world.office, initiative=first, other=999999)


def test_only_the_office_links_and_unlinks(world: World) -> None:
    first, second = world.initiative(), world.initiative()
    for person in (world.employee, world.director, world.portfolio_manager):
        with pytest.raises(NotAllowed):
            related_link_create(actor=person, initiative=first, other=second)
    link = related_link_create(actor=world.office, initiative=first, other=second)
    with pytest.raises(NotAllowed):
        related_link_delete(actor=world.employee, link=link)
    related_link_delete(actor=world.office, link=link)
    assert not RelatedLink.objects.exists()


def test_linking_and_unlinking_from_the_page(client: Client, world: World) -> None:
    first, second = world.initiative(), world.initiative()
    url = reverse("coordination:related_link", args=[first.pk])
    client.force_login(world.employee)
    assert client.post(url, {"other": second.pk}).status_code == 403
    client.force_login(world.office)
    response = client.post(url, {"other": f"#{second.pk}", "note": "Samme skole"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/initiativ/{first.pk}/#relaterte")
    link = RelatedLink.objects.get()
    again = client.post(url, {"other": second.pk}, follow=True)
    assert "Initiativene er allerede koblet." in again.content.decode()
    unlink = reverse("coordination:related_unlink", args=[second.pk, link.pk])
    assert client.post(unlink).status_code == 302
    assert not RelatedLink.objects.exists()
    assert client.post(unlink).status_code == 404


def _section(user: Any, initiative: Initiative) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load coordination %}{% related_section initiative %}").render(
        RequestContext(request, {"initiative": initiative})
    )


def test_the_related_section_offers_links_and_bundling_to_the_office(world: World) -> None:
    first = world.initiative(State.ENDORSED, title="Lederutvikling ved Haug skole")
    world.initiative(State.IN_ANALYSIS, title="Digitale verktøy ved Haug skole")
    office = _section(world.office, first)
    assert "Digitale verktøy ved Haug skole" in office
    assert "som relatert" in office
    assert f"/samordning/samle/?initiativer={first.pk}" in office
    employee = _section(world.employee, first)
    assert "Digitale verktøy ved Haug skole" in employee
    assert "som relatert" not in employee
    assert "/samordning/samle/" not in employee
