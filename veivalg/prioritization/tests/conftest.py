"""Fixtures for the prioritisation tests: the immediate task backend (a solve runs inline),
a small criteria set with round weights, and API clients per person."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from conftest import World
from veivalg.org.models import User
from veivalg.org.services import api_token_create
from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    Level,
    PrioritizationSet,
    WeightsMethod,
)

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    """Background tasks run inline, inside the request or service call that enqueues them."""
    settings.TASKS = IMMEDIATE
    settings.VEIVALG_SOLVE_TIME_LIMIT = 5


def make_criterion(
    pset: PrioritizationSet, slug: str, weight: str, *, inverted: bool = False, order: int = 0
) -> Criterion:
    criterion = Criterion.objects.create(
        set=pset,
        slug=slug,
        name=slug.capitalize(),
        inverted=inverted,
        weight=Decimal(weight),
        order=order,
    )
    CriterionLevel.objects.bulk_create(
        CriterionLevel(criterion=criterion, level=lv, label=Level(lv).label, meaning=f"{slug} {lv}")
        for lv in Level.values
    )
    return criterion


@pytest.fixture
def criteria(world: World) -> PrioritizationSet:
    """The default board's set: nytte 0.5, strategi 0.3, risiko 0.2 (inverted), direct."""
    pset = PrioritizationSet.objects.create(
        board=world.board, name="Testkriterier", weights_method=WeightsMethod.DIRECT
    )
    make_criterion(pset, "nytte", "0.5", order=0)
    make_criterion(pset, "strategi", "0.3", order=1)
    make_criterion(pset, "risiko", "0.2", inverted=True, order=2)
    return pset


def client_for(user: User) -> Client:
    raw, _token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
