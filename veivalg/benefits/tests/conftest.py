"""Fixtures for the benefits tests: valid benefit data, benefits made through the service,
measurements, and API clients per person."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.apps import apps
from django.test import Client

from conftest import World
from veivalg.org.models import User
from veivalg.org.services import api_token_create

if TYPE_CHECKING:
    from veivalg.benefits.models import Benefit, Measurement
    from veivalg.initiatives.models import Initiative

# Until ``veivalg.benefits`` is in INSTALLED_APPS, a plain ``pytest`` run leaves these tests
# out instead of failing to collect them (run them with
# ``--ds=veivalg.benefits.tests.settings``). Once it is installed, this changes nothing.
if not apps.is_installed("veivalg.benefits"):
    collect_ignore_glob = ["test_*.py"]


def benefit_data(world: World, **overrides: Any) -> dict[str, Any]:
    """A complete, valid ``data`` for ``benefit_create``: budget-releasing, measured in hours."""
    data: dict[str, Any] = {
        "title": "Mindre tid på manuell registrering",
        "description": "Lærerne slipper å føre fravær to steder.",
        "category": "budget_releasing",
        "goals": [world.goal_main],
        "owner": world.benefit_owner,
        "responsible": world.employee,
        "preconditions": "Alle lærere har fått opplæring.",
        "indicator": {
            "unit": "hours",
            "baseline": "1000",
            "baseline_date": date(2026, 1, 1),
            "target": "400",
            "target_date": date(2028, 12, 31),
        },
        "plan": [{"year": 2028, "value": 300000}, {"year": 2029, "value": 300000}],
        "effect": None,
    }
    data.update(overrides)
    return data


def make_benefit(world: World, initiative: Initiative, **overrides: Any) -> Benefit:
    """A benefit registered by the portfolio office (allowed in every open state)."""
    from veivalg.benefits.services import benefit_create

    return benefit_create(
        actor=world.office, initiative=initiative, data=benefit_data(world, **overrides)
    )


def measure(benefit: Benefit, on: date, value: str, by: User | None = None) -> Measurement:
    """A measurement written directly (for tests that need past dates in bulk)."""
    from veivalg.benefits.models import Measurement

    return Measurement.objects.create(
        benefit=benefit,
        measured_on=on,
        value=Decimal(value),
        recorded_by=by or benefit.owner,
    )


def client_for(user: User) -> Client:
    raw, _token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    return benefit_data(world)
