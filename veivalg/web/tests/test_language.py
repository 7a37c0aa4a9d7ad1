"""Norwegian bokmål is the default; English is available and translated."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_norwegian_is_the_default(client: Client, world) -> None:
    client.force_login(world.employee)
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="nb"' in html
    assert "Mitt arbeid" in html


def test_english_after_switching(client: Client, world) -> None:
    client.force_login(world.employee)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("web:home")).content.decode()
    assert '<html lang="en"' in html
    assert "My work" in html
    assert "Mitt arbeid" not in html.split("<main", 1)[1]
