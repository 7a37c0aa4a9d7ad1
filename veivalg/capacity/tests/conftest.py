"""Fixtures for the capacity tests: competences, pools in a unit and in a portfolio, capacity
and demand written directly, spreadsheets built in memory, and API clients per person."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from conftest import World
from veivalg.capacity.models import (
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.quarters import parse_quarter
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.org.services import api_token_create

Q1 = parse_quarter("2027Q1")


def q(label: str) -> int:
    return parse_quarter(label)


def set_capacity(pool: ResourcePool, label: str, fte: str, ops: str = "0") -> PoolCapacity:
    return PoolCapacity.objects.create(
        pool=pool, quarter=q(label), fte=Decimal(fte), operations_fte=Decimal(ops)
    )


def set_demand(
    initiative: Initiative,
    start: str | None,
    rows: Iterable[tuple[Competence, int, str]],
    latest: str | None = None,
) -> None:
    """Window (start … latest, default start) and rows (competence, offset, fte)."""
    DemandPlan.objects.update_or_create(
        initiative=initiative,
        defaults={
            "earliest_start": q(start) if start else None,
            "latest_start": q(latest or start) if start else None,
        },
    )
    DemandRow.objects.filter(initiative=initiative).delete()
    for competence, offset, fte in rows:
        DemandRow.objects.create(
            initiative=initiative, competence=competence, offset=offset, fte=Decimal(fte)
        )


def xlsx(rows: Sequence[Sequence[Any]], title: str = "Ark1") -> bytes:
    """A workbook with one sheet holding ``rows`` (the first is the header row)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def client_for(user: User) -> Client:
    raw, _token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def developer(world: World) -> Competence:
    return Competence.objects.create(slug="utvikler", name="Utvikler")


@pytest.fixture
def designer(world: World) -> Competence:
    return Competence.objects.create(slug="tjenestedesigner", name="Tjenestedesigner")


@pytest.fixture
def unit_pool(world: World, developer: Competence) -> ResourcePool:
    """Haug skole's developers: directorate oppvekst (``world.director``)."""
    return ResourcePool.objects.create(
        slug="haug-utviklere", name="Utviklere Haug", competence=developer, unit=world.haug
    )


@pytest.fixture
def portfolio_pool(world: World, developer: Competence) -> ResourcePool:
    """DigIT's developers (``world.portfolio_manager``)."""
    return ResourcePool.objects.create(
        slug="digit-utviklere", name="Utviklere DigIT", competence=developer, portfolio=world.digit
    )


@pytest.fixture
def other_pool(world: World, designer: Competence) -> ResourcePool:
    """The nursing home's designers: directorate helse (``world.other_director``)."""
    return ResourcePool.objects.create(
        slug="sykehjem-design",
        name="Design sykehjem",
        competence=designer,
        unit=world.sykehjem,
    )
