"""The discussion on an initiative: only for those with a role on it; @mentions notify in
the app, and by e-mail when an e-mail backend is configured."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.coordination.models import DiscussionPost, Notification
from veivalg.coordination.selectors import can_discuss, people_on_initiative, unread_count
from veivalg.coordination.services import (
    discussion_post,
    mentioned_usernames,
    notifications_mark_read,
)
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import Portfolio
from veivalg.org.services import role_grant

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"


@pytest.fixture
def case(world: World) -> Initiative:
    """In «Strategi og utvikling», with DigIT contributing, routed to the default board."""
    return world.initiative(State.IN_ANALYSIS, title="Lederutvikling ved Haug skole")


def test_everyone_with_a_role_takes_part(world: World, case: Initiative) -> None:
    for person in (
        world.employee,  # owner
        world.director,  # director of the unit's directorate
        world.portfolio_manager,  # manager of a contributing portfolio
        world.office,
        world.board_member,  # member of the board it is routed to
        world.project_owner,  # a role on the initiative itself
        world.benefit_owner,
        world.admin,
    ):
        assert can_discuss(person, case), person
    for person in (world.outsider, world.other_director, world.other_board_member):
        assert not can_discuss(person, case), person


def test_a_manager_of_the_primary_portfolio_takes_part(world: World) -> None:
    hr = Portfolio.objects.create(slug="hr", name="HR")
    initiative = world.initiative(portfolio=hr, contributing_portfolios=[])
    assert not can_discuss(world.portfolio_manager, initiative)
    role_grant(actor=None, user=world.outsider, role="portfolio_manager", scope="hr")
    world.outsider.refresh_from_db()
    assert can_discuss(world.outsider, initiative)


def test_the_people_who_can_be_mentioned_are_listed(world: World, case: Initiative) -> None:
    people = {user.username for user, _role in people_on_initiative(case)}
    assert {"ansatt", "direktor", "forvalter", "kontor", "styre", "prosjekteier"} <= people
    assert "utenforstaende" not in people
    assert "annen-direktor" not in people


def test_mentions_are_found_but_not_in_email_addresses() -> None:
    body = "Hei @kontor, og @direktor. Se ola@example.com og @per.hansen!"
    assert mentioned_usernames(body) == ["kontor", "direktor", "per.hansen"]


def test_a_mention_notifies_in_the_app_and_by_email(
    world: World, case: Initiative, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = LOCMEM
    world.director.email = "dina@kommune.example"
    world.director.save()
    with django_capture_on_commit_callbacks(execute=True):
        post = discussion_post(
            actor=world.portfolio_manager,
            initiative=case,
            body="@direktor og @kontor: bør dette ses sammen med DigIT-saken?",
        )
    assert {u.username for u in post.mentions.all()} == {"direktor", "kontor"}
    assert Notification.objects.filter(user=world.director, kind="mention", post=post).exists()
    assert unread_count(world.office) == 1
    [message] = mail.outbox  # «kontor» has no e-mail address
    assert message.to == ["dina@kommune.example"]
    assert "Per Forvalter" in message.subject
    assert "bør dette ses sammen" in message.body


def test_no_email_with_the_console_backend(
    world: World, case: Initiative, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = CONSOLE
    world.director.email = "dina@kommune.example"
    world.director.save()
    with django_capture_on_commit_callbacks(execute=True):
        discussion_post(actor=world.office, initiative=case, body="@direktor se her")
    assert mail.outbox == []
    assert Notification.objects.filter(user=world.director).count() == 1


def test_mentioning_someone_without_a_role_is_refused(world: World, case: Initiative) -> None:
    with pytest.raises(ValidationFailed) as caught:
        discussion_post(actor=world.office, initiative=case, body="@utenforstaende se her")
    assert "@utenforstaende" in caught.value.errors["body"][0]
    assert not DiscussionPost.objects.exists()
    assert not Notification.objects.exists()


def test_unknown_names_and_oneself_are_not_notified(world: World, case: Initiative) -> None:
    discussion_post(actor=world.office, initiative=case, body="@kontor @finnes.ikke notat")
    assert not Notification.objects.exists()


def test_only_those_with_a_role_may_post(world: World, case: Initiative) -> None:
    with pytest.raises(NotAllowed):
        discussion_post(actor=world.outsider, initiative=case, body="Hei")
    with pytest.raises(ValidationFailed):
        discussion_post(actor=world.office, initiative=case, body="   ")


def test_reading_marks_notifications(world: World, case: Initiative) -> None:
    discussion_post(actor=world.office, initiative=case, body="@direktor a")
    discussion_post(actor=world.office, initiative=case, body="@direktor b")
    first = Notification.objects.filter(user=world.director).order_by("id").first()
    assert notifications_mark_read(actor=world.office, ids=[first.pk]) == 0  # not theirs
    assert notifications_mark_read(actor=world.director, ids=[first.pk]) == 1
    assert unread_count(world.director) == 1
    assert notifications_mark_read(actor=world.director) == 1
    assert unread_count(world.director) == 0


# --- pages ----------------------------------------------------------------------------------


def test_the_discussion_page_is_refused_without_a_role(
    client: Client, world: World, case: Initiative
) -> None:
    url = reverse("coordination:discussion", args=[case.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 403
    assert client.post(url, {"body": "Hei"}).status_code == 403
    secret = world.initiative(State.IN_ANALYSIS, confidential=True)
    assert client.get(reverse("coordination:discussion", args=[secret.pk])).status_code == 404
    client.force_login(world.other_director)
    assert client.get(url).status_code == 403


def test_posting_with_htmx_swaps_the_thread(client: Client, world: World, case: Initiative) -> None:
    client.force_login(world.director)
    url = reverse("coordination:discussion", args=[case.pk])
    response = client.post(url, {"body": "@kontor ta en titt"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="discussion-status" hx-swap-oob="innerHTML"' in html
    assert "@kontor ta en titt" in html
    failed = client.post(url, {"body": "@utenforstaende hei"}, HTTP_HX_REQUEST="true")
    assert "ingen rolle på initiativet" in failed.content.decode()
    assert "@utenforstaende hei" in failed.content.decode()  # the text is kept


def test_posting_without_javascript(client: Client, world: World, case: Initiative) -> None:
    client.force_login(world.director)
    url = reverse("coordination:discussion", args=[case.pk])
    response = client.post(url, {"body": "Ser bra ut."})
    assert response.status_code == 302
    assert "Ser bra ut." in client.get(url).content.decode()
    assert client.post(url, {"body": ""}).status_code == 422


def test_the_notifications_page_lists_and_marks_as_read(
    client: Client, world: World, case: Initiative
) -> None:
    discussion_post(actor=world.office, initiative=case, body="@direktor se på kostnadene")
    client.force_login(world.director)
    html = client.get(reverse("coordination:notifications")).content.decode()
    assert "Kari Kontor nevnte deg i diskusjonen om «Lederutvikling ved Haug skole»." in html
    assert "Du har 1 ulest varsel." in html
    assert f"/initiativ/{case.pk}/diskusjon/#innlegg-" in html
    response = client.post(reverse("coordination:notifications_read"))
    assert response.status_code == 302
    assert unread_count(world.director) == 0


def _render(template: str, world: World, user: Any, initiative: Initiative) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load coordination %}" + template).render(
        RequestContext(request, {"initiative": initiative, "user": user})
    )


def test_the_discussion_section_shows_the_thread_only_to_participants(
    world: World, case: Initiative
) -> None:
    discussion_post(actor=world.office, initiative=case, body="Internt notat")
    assert "Internt notat" in _render(
        "{% discussion_section initiative %}", world, world.director, case
    )
    outside = _render("{% discussion_section initiative %}", world, world.outsider, case)
    assert "Internt notat" not in outside
    assert "Diskusjonen er for dem som har en rolle" in outside


def test_the_unread_count_tag(world: World, case: Initiative) -> None:
    discussion_post(actor=world.office, initiative=case, body="@direktor a")
    html = _render(
        "{% unread_notification_count user as unread %}[{{ unread }}]", world, world.director, case
    )
    assert html == "[1]"
