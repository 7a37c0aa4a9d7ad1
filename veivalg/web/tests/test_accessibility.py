"""Structural accessibility checks on every page (the browser tests run axe-core on top).

One ``h1``, landmarks, a skip link, ``lang``, unique ids, a label for every form control,
``aria-describedby`` pointing at elements that exist, and tables with a caption and scoped
header cells.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.initiatives.models import State


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.open_tables: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag == "table":
            table = {"named": bool(a.get("aria-label") or a.get("aria-labelledby")), "th": []}
            self.open_tables.append(table)
            self.tables.append(table)
        elif tag == "caption" and self.open_tables:
            self.open_tables[-1]["named"] = True
        elif tag == "th" and self.open_tables:
            self.open_tables[-1]["th"].append(a.get("scope", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.open_tables:
            self.open_tables.pop()


def check(html: str) -> None:
    page = Page()
    page.feed(html)
    tags = [t for t, _a in page.tags]
    html_attrs = next(a for t, a in page.tags if t == "html")
    assert html_attrs.get("lang") in ("nb", "en")
    assert tags.count("h1") == 1
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags, landmark
    main = next(a for t, a in page.tags if t == "main")
    assert main.get("id") == "main"
    assert any(t == "a" and a.get("href") == "#main" for t, a in page.tags)
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, duplicates
    known = set(page.ids)
    for tag, a in page.tags:
        if tag in ("input", "select", "textarea") and a.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            assert a.get("id") in page.label_for or a.get("aria-label"), (tag, a)
        for ref in a.get("aria-describedby", "").split() + a.get("aria-labelledby", "").split():
            assert ref in known, (tag, ref)
        if tag == "a" and "href" in a:
            assert a["href"] != "", a
    for table in page.tables:
        assert table["named"], table
        assert all(scope in ("col", "row") for scope in table["th"]), table


def test_every_page_is_structurally_accessible(client: Client, world: World) -> None:
    draft = world.initiative(confidential=True)
    submitted = world.initiative(State.SUBMITTED)
    ready = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="PS 1/2"
    )
    analysis = world.initiative(State.IN_ANALYSIS, portfolio=world.bygg, contributing_portfolios=[])
    pages = {
        "employee": [
            reverse("web:home"),
            reverse("web:initiative_new"),
            reverse("web:initiative", args=[draft.pk]),
            reverse("web:initiative_edit", args=[draft.pk]),
            reverse("web:overview"),
            reverse("web:overview") + "?sort=title&state=draft",
            reverse("web:directorates"),
            reverse("web:directorate", args=["oppvekst-skole"]),
            reverse("web:initiative", args=[999999]),
            reverse("web:director_queue"),
        ],
        "director": [reverse("web:director_queue"), reverse("web:initiative", args=[submitted.pk])],
        "office": [
            reverse("web:office_queue"),
            reverse("web:initiative", args=[analysis.pk]),
            reverse("web:initiative_edit", args=[analysis.pk]),
        ],
        "board_member": [reverse("web:board_queue"), reverse("web:initiative", args=[ready.pk])],
    }
    for person, urls in pages.items():
        client.force_login(getattr(world, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403, 404), url
            check(response.content.decode())


def test_pages_with_errors_are_structurally_accessible(client: Client, world: World) -> None:
    initiative = world.initiative(State.SUBMITTED)
    client.force_login(world.director)
    response = client.post(
        reverse("web:initiative_action", args=[initiative.pk]), {"action": "return"}
    )
    check(response.content.decode())
    client.force_login(world.employee)
    response = client.post(
        reverse("web:initiative_new"),
        {
            "title": "",
            "politically_mandated": "on",
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "0",
            "costs-0-year": "20x",
        },
    )
    assert response.status_code == 422
    check(response.content.decode())


def test_login_page_is_structurally_accessible(client: Client, world: World) -> None:
    html = client.post(reverse("login"), {"username": "x", "password": "y"}).content.decode()
    page = Page()
    page.feed(html)
    tags = [t for t, _a in page.tags]
    assert tags.count("h1") == 1 and "main" in tags
    for tag, a in page.tags:
        if tag == "input" and a.get("type") not in ("hidden", "submit"):
            assert a.get("id") in page.label_for
