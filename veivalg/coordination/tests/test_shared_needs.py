"""Shared needs (felles behov): who takes part, what each brings, and the combined case."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.coordination.models import Notification, SharedNeed
from veivalg.coordination.selectors import shared_need_view
from veivalg.coordination.services import (
    shared_need_create,
    shared_need_set_contribution,
    shared_need_update,
)
from veivalg.core.errors import NotAllowed, NotFound, ValidationFailed
from veivalg.initiatives.models import State
from veivalg.org.models import Unit

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


def _need(world: World, oksenoya: dict[str, Unit], **overrides: Any) -> SharedNeed:
    canteen = world.initiative(
        State.IN_ANALYSIS,
        title="Felles kantine",
        unit=oksenoya["sykehjem"],
        costs=[
            {"year": 2026, "investment": 1_800_000, "operating": 0},
            {"year": 2027, "investment": 400_000, "operating": 650_000},
        ],
    )
    hall = world.initiative(
        State.ENDORSED,
        title="Sambruk av hallen",
        unit=oksenoya["skole"],
        costs=[{"year": 2026, "investment": 250_000, "operating": 180_000}],
    )
    data: dict[str, Any] = {
        "title": "Fellesfunksjoner på Oksenøya",
        "description": "Kantine, hall, møterom og garderober som kan deles.",
        "common_benefit": "Mindre areal og lavere drift.",
        "coordinator": world.portfolio_manager,
        "units": [oksenoya["sykehjem"], oksenoya["skole"], oksenoya["barnehage"]],
        "initiatives": [canteen, hall.pk],
        "contributions": {oksenoya["sykehjem"].pk: "Produksjonskjøkkenet."},
    }
    data.update(overrides)
    return shared_need_create(actor=world.office, data=data)


def test_the_office_registers_a_shared_need(world: World, oksenoya: dict[str, Unit]) -> None:
    need = _need(world, oksenoya)
    assert need.participants.count() == 3
    assert need.participants.get(unit=oksenoya["sykehjem"]).contribution == "Produksjonskjøkkenet."
    assert need.participants.get(unit=oksenoya["skole"]).contribution == ""
    assert sorted(need.initiatives.values_list("title", flat=True)) == [
        "Felles kantine",
        "Sambruk av hallen",
    ]
    assert Notification.objects.filter(user=world.portfolio_manager, kind="shared_need").exists()


def test_a_shared_need_has_at_least_two_units_a_title_and_a_coordinator(
    world: World, oksenoya: dict[str, Unit]
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        shared_need_create(
            actor=world.office,
            data={
                "title": "",
                "description": "x",
                "coordinator": None,
                "units": [oksenoya["skole"]],
                "initiatives": [999999],
            },
        )
    assert set(caught.value.errors) == {"title", "coordinator", "units", "initiatives"}


def test_only_the_office_registers_shared_needs(world: World, oksenoya: dict[str, Unit]) -> None:
    with pytest.raises(NotAllowed):
        shared_need_create(
            actor=world.employee,
            data={
                "title": "x",
                "description": "x",
                "coordinator": world.employee,
                "units": list(oksenoya.values()),
            },
        )


def test_the_coordinator_edits_and_records_what_each_brings(
    world: World, oksenoya: dict[str, Unit]
) -> None:
    need = _need(world, oksenoya)
    shared_need_set_contribution(
        actor=world.portfolio_manager,
        shared_need=need,
        unit=oksenoya["skole"],
        contribution="Hallen på kveldstid.",
    )
    assert need.participants.get(unit=oksenoya["skole"]).contribution == "Hallen på kveldstid."
    shared_need_update(
        actor=world.portfolio_manager,
        shared_need=need,
        data={"units": [oksenoya["skole"], oksenoya["sykehjem"]], "title": "Sambruk på Oksenøya"},
    )
    need.refresh_from_db()
    assert need.title == "Sambruk på Oksenøya"
    assert set(need.units.all()) == {oksenoya["skole"], oksenoya["sykehjem"]}
    with pytest.raises(NotFound):
        shared_need_set_contribution(
            actor=world.office, shared_need=need, unit=oksenoya["barnehage"], contribution="x"
        )


def test_others_cannot_change_a_shared_need(world: World, oksenoya: dict[str, Unit]) -> None:
    need = _need(world, oksenoya)
    with pytest.raises(NotAllowed):
        shared_need_update(actor=world.employee, shared_need=need, data={"title": "x"})
    with pytest.raises(NotAllowed):
        shared_need_set_contribution(
            actor=world.director, shared_need=need, unit=oksenoya["skole"], contribution="x"
        )


def test_the_combined_case_sums_the_visible_initiatives_per_year(
    world: World, oksenoya: dict[str, Unit]
) -> None:
    need = _need(world, oksenoya)
    quiet = world.initiative(
        State.IN_ANALYSIS,
        title="Hemmelig garderobe",
        confidential=True,
        unit=oksenoya["sykehjem"],
        portfolio=world.bygg,
        contributing_portfolios=[],
        costs=[{"year": 2026, "investment": 999_000, "operating": 0}],
    )
    withdrawn = world.initiative(State.WITHDRAWN, title="Trukket")
    need.initiatives.add(quiet, withdrawn)
    view = shared_need_view(world.outsider, need)
    assert {i.title for i in view.initiatives} == {"Sambruk av hallen", "Felles kantine", "Trukket"}
    assert view.hidden_initiatives == 1
    rows = {r.year: (r.investment, r.operating) for r in view.costs.rows}
    assert rows == {2026: (2_050_000, 180_000), 2027: (400_000, 650_000)}
    assert shared_need_view(world.office, need).costs.total == view.costs.total + 999_000


# --- pages ----------------------------------------------------------------------------------


def test_the_page_shows_who_takes_part_what_each_brings_and_the_case(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    need = _need(world, oksenoya)
    client.force_login(world.employee)
    html = client.get(reverse("coordination:shared_need", args=[need.pk])).content.decode()
    for text in (
        "Fellesfunksjoner på Oksenøya",
        "Oksenøya barnehage",
        "Produksjonskjøkkenet.",
        "Felles kantine",
        "Den samlede saken",
        "3\u00a0280\u00a0000\u00a0kr",
    ):
        assert text in html, text
    assert "Lagre bidraget" not in html  # the employee only reads
    listing = client.get(reverse("coordination:shared_needs")).content.decode()
    assert "Fellesfunksjoner på Oksenøya" in listing


def test_the_office_registers_from_the_form(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    canteen = world.initiative(State.ENDORSED, title="Kantine", unit=oksenoya["sykehjem"])
    client.force_login(world.office)
    assert client.get(reverse("coordination:shared_need_new")).status_code == 200
    response = client.post(
        reverse("coordination:shared_need_new"),
        {
            "title": "Felles kantine",
            "description": "Ett kjøkken for tre virksomheter.",
            "coordinator": str(world.office.pk),
            "units": [str(oksenoya["skole"].pk), str(oksenoya["sykehjem"].pk)],
            "initiatives": f"{canteen.pk}",
        },
    )
    need = SharedNeed.objects.get()
    assert response.status_code == 302
    assert list(need.initiatives.all()) == [canteen]
    failed = client.post(reverse("coordination:shared_need_new"), {"title": "x"})
    assert failed.status_code == 422
    assert "ds-error-summary" in failed.content.decode()


def test_the_coordinator_saves_a_contribution_on_the_page(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    need = _need(world, oksenoya)
    url = reverse("coordination:shared_need_contribution", args=[need.pk, oksenoya["skole"].pk])
    client.force_login(world.employee)
    assert client.post(url, {"contribution": "x"}).status_code == 403
    client.force_login(world.portfolio_manager)
    assert client.post(url, {"contribution": "Salen om kvelden."}).status_code == 302
    assert need.participants.get(unit=oksenoya["skole"]).contribution == "Salen om kvelden."
    too_long = client.post(url, {"contribution": "x" * 2001})
    assert too_long.status_code == 422
    edit = client.get(reverse("coordination:shared_need_edit", args=[need.pk]))
    assert edit.status_code == 200
    response = client.post(
        reverse("coordination:shared_need_edit", args=[need.pk]),
        {
            "title": "Nytt navn",
            "description": "Ny beskrivelse.",
            "coordinator": str(world.portfolio_manager.pk),
            "units": [str(oksenoya["skole"].pk), str(oksenoya["sykehjem"].pk)],
            "initiatives": "",
        },
    )
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Nytt navn"
    assert not need.initiatives.exists()


def test_others_cannot_open_the_forms(
    client: Client, world: World, oksenoya: dict[str, Unit]
) -> None:
    need = _need(world, oksenoya)
    client.force_login(world.employee)
    assert client.get(reverse("coordination:shared_need_new")).status_code == 403
    assert client.get(reverse("coordination:shared_need_edit", args=[need.pk])).status_code == 403
    assert client.get(reverse("coordination:shared_need", args=[999999])).status_code == 404
