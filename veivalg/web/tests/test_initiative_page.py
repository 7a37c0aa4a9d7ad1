"""The initiative page: details, history, the viewer's actions, comments and project roles."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import Comment, Initiative, State, Transition
from veivalg.initiatives.services import initiative_perform_action
from veivalg.org.models import RoleAssignment


def page(client: Client, initiative: Initiative) -> str:
    response = client.get(reverse("web:initiative", args=[initiative.pk]))
    assert response.status_code == 200
    return response.content.decode()


def act(client: Client, initiative: Initiative, action: str, **data: str) -> Any:
    return client.post(
        reverse("web:initiative_action", args=[initiative.pk]), {"action": action, **data}
    )


def action_buttons(html: str) -> list[str]:
    """The values of the hidden ``action`` inputs: one form per action the viewer may take."""
    marker = 'name="action" value="'
    return [part.split('"', 1)[0] for part in html.split(marker)[1:]]


def test_page_shows_details_costs_and_history_with_names(client: Client, world: World) -> None:
    initiative = world.initiative()
    initiative_perform_action(actor=world.employee, initiative=initiative, action="submit")
    client.force_login(world.outsider)
    html = page(client, initiative)
    assert html.count("<h1") == 1
    assert "Lederutvikling ved Haug skole" in html
    assert "Skolen mangler felles ledelsespraksis" in html
    assert "DigIT" in html and "Smarte ledere" in html and "Gode tjenester" in html
    assert "250\u00a0000\u00a0kr" in html and "290\u00a0000\u00a0kr" in html
    assert "Alice Ansatt" in html
    assert "Registrert" in html and "Send til direktør" in html
    assert "Utkast → Sendt til direktør" in html


def test_director_sees_endorse_and_outsider_sees_no_actions(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.director)
    html = page(client, initiative)
    assert action_buttons(html) == ["endorse", "return"]
    assert "Godkjenn" in html
    client.force_login(world.outsider)
    html = page(client, initiative)
    assert action_buttons(html) == []
    assert "Du har ingen handlinger på dette initiativet nå." in html
    assert "direktøren for den forslagsstillende virksomhetens direktørområde" in html


def test_posting_an_action_performs_it(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.director)
    response = act(client, initiative, "endorse", comment="Godt forslag")
    assert response.status_code == 302
    assert response.url == reverse("web:initiative", args=[initiative.pk])
    initiative.refresh_from_db()
    assert initiative.state == State.ENDORSED
    last = initiative.transitions.last()
    assert last.action == "endorse" and last.comment == "Godt forslag"
    html = client.get(response.url).content.decode()
    assert "er utført. Status er nå «Godkjent av direktør»." in html
    assert "Dina Direktør" in html


def test_board_cannot_defer_a_politically_mandated_initiative(client: Client, world: World) -> None:
    initiative = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="PS 2024/12"
    )
    client.force_login(world.board_member)
    html = page(client, initiative)
    assert action_buttons(html) == ["approve"]
    assert "kan ikke utsettes, avslås eller stoppes" in html
    before = Transition.objects.count()
    response = act(client, initiative, "defer", comment="Vent")
    assert response.status_code == 409
    assert "politisk vedtatt (PS 2024/12)" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.READY_FOR_DECISION
    assert Transition.objects.count() == before


def test_refused_action_is_403_with_the_reason(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.other_director)
    response = act(client, initiative, "endorse")
    assert response.status_code == 403
    assert "Bare direktøren" in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED


def test_return_without_comment_shows_the_error(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.director)
    response = act(client, initiative, "return", comment="  ")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv en begrunnelse når du sender tilbake." in html
    assert 'id="action-return-comment-error"' in html
    assert '<details class="ds-details" open>' in html
    initiative.refresh_from_db()
    assert initiative.state == State.SUBMITTED
    act(client, initiative, "return", comment="Mangler kostnader")
    initiative.refresh_from_db()
    assert initiative.state == State.DRAFT


def test_merge_needs_a_target_number(client: Client, world: World) -> None:
    survivor = world.initiative(State.IN_ANALYSIS, title="Overlever")
    initiative = world.initiative(State.IN_ANALYSIS)
    client.force_login(world.office)
    assert "merge_into" in action_buttons(page(client, initiative))
    response = act(client, initiative, "merge_into", target="")
    assert response.status_code == 422
    assert "Velg initiativet det skal slås sammen med." in response.content.decode()
    response = act(client, initiative, "merge_into", target=f"#{survivor.pk}")
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.state == State.MERGED and initiative.merged_into == survivor
    assert "Initiativet er slått sammen med" in page(client, initiative)
    assert initiative.title in page(client, survivor)


def test_danger_actions_ask_for_confirmation(client: Client, world: World) -> None:
    initiative = world.initiative(State.READY_FOR_DECISION)
    client.force_login(world.board_member)
    html = page(client, initiative)
    assert "Bekreft: Avslå" in html
    assert "Dette kan ikke angres." in html


def test_action_from_a_queue_returns_to_the_queue(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.director)
    queue = reverse("web:director_queue")
    response = act(client, initiative, "endorse", next=queue)
    assert response.url == queue
    response = act(client, world.initiative(State.SUBMITTED), "endorse", next="https://evil.test/")
    assert response.url.startswith("/initiativ/")


def test_posting_a_comment_redirects_to_the_thread(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.portfolio_manager)
    url = reverse("web:initiative_comment", args=[initiative.pk])
    response = client.post(url, {"body": "DigIT kan bidra i 2027."})
    assert response.status_code == 302
    assert response.url.endswith("#kommentarer")
    assert Comment.objects.get().author == world.portfolio_manager
    html = page(client, initiative)
    assert "DigIT kan bidra i 2027." in html and "Per Forvalter" in html


def test_posting_a_comment_with_htmx_returns_only_the_thread(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.portfolio_manager)
    url = reverse("web:initiative_comment", args=[initiative.pk])
    response = client.post(url, {"body": "Hei fra DigIT"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="kommentarer"' in html and "Hei fra DigIT" in html
    assert 'hx-swap-oob="innerHTML"' in html  # announces the new comment politely
    response = client.post(url, {"body": " "}, HTTP_HX_REQUEST="true")
    assert "Kommentaren er tom." in response.content.decode()
    assert Comment.objects.count() == 1


def test_empty_comment_without_htmx_shows_the_error(client: Client, world: World) -> None:
    initiative = world.initiative()
    client.force_login(world.employee)
    response = client.post(reverse("web:initiative_comment", args=[initiative.pk]), {"body": ""})
    assert response.status_code == 422
    assert 'id="comment-body-error"' in response.content.decode()
    assert not Comment.objects.exists()


def test_confidential_initiative_is_hidden_from_outsider_but_not_owner(
    client: Client, world: World
) -> None:
    initiative = world.initiative(confidential=True)
    client.force_login(world.outsider)
    response = client.get(reverse("web:initiative", args=[initiative.pk]))
    assert response.status_code == 404
    assert initiative.title not in response.content.decode()
    assert act(client, initiative, "submit").status_code == 404
    client.force_login(world.employee)
    assert "Unntatt offentlighet" in page(client, initiative)


def test_missing_initiative_is_a_404_page(client: Client, world: World) -> None:
    client.force_login(world.employee)
    response = client.get(reverse("web:initiative", args=[99999]))
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_office_names_a_project_owner(client: Client, world: World) -> None:
    initiative = world.initiative(State.APPROVED)
    client.force_login(world.office)
    assert 'id="id_role_user"' in page(client, initiative)
    url = reverse("web:initiative_roles", args=[initiative.pk])
    response = client.post(url, {"role": "project_manager", "user": world.outsider.pk})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(
        initiative=initiative, user=world.outsider, role="project_manager"
    ).exists()
    assert "Charlie Utenforstående" in page(client, initiative)


def test_others_cannot_name_project_roles(client: Client, world: World) -> None:
    initiative = world.initiative(State.APPROVED)
    client.force_login(world.employee)
    assert 'id="id_role_user"' not in page(client, initiative)
    url = reverse("web:initiative_roles", args=[initiative.pk])
    response = client.post(url, {"role": "project_manager", "user": world.employee.pk})
    assert response.status_code == 403
    assert "Bare porteføljekontoret" in response.content.decode()
    assert not RoleAssignment.objects.filter(role="project_manager").exists()


def test_invalid_role_form_shows_field_errors(client: Client, world: World) -> None:
    initiative = world.initiative(State.APPROVED)
    client.force_login(world.office)
    url = reverse("web:initiative_roles", args=[initiative.pk])
    response = client.post(url, {"role": "director", "user": ""})
    assert response.status_code == 422
    assert 'id="id_role_user_error"' in response.content.decode()
