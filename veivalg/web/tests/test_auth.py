"""Signing in and out, the login requirement, and the language switch."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World

PROTECTED = [
    "/",
    "/initiativ/nytt/",
    "/initiativ/1/",
    "/initiativ/1/endre/",
    "/portefolje/",
    "/portefolje/eksport.xlsx",
    "/direktoromrade/",
    "/direktoromrade/oppvekst-skole/",
    "/ko/direktor/",
    "/ko/porteforljekontor/",
    "/ko/styre/",
]


def test_login_page_renders_with_username_and_password(client: Client, world: World) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("login") == "/logg-inn/"
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'for="id_username"' in html
    assert html.count("<h1") == 1


def test_login_with_username_and_password_goes_to_my_work(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "ansatt", "password": "pw-ansatt"})
    assert response.status_code == 302
    assert response.url == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200


def test_login_with_wrong_password_shows_error(client: Client, world: World) -> None:
    response = client.post(reverse("login"), {"username": "ansatt", "password": "feil"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", PROTECTED)
def test_anonymous_is_sent_to_login(client: Client, world: World, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/logg-inn/?next=")


def test_logout_is_a_post_that_signs_out(client: Client, world: World) -> None:
    client.force_login(world.employee)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:home")).status_code == 302


def test_language_switch_gives_english_page(client: Client, world: World) -> None:
    client.force_login(world.employee)
    assert '<html lang="nb"' in client.get(reverse("web:home")).content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get(reverse("web:home")).content.decode()
