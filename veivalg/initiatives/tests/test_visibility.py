"""Confidential initiatives are hidden from those without a role that covers them."""

from __future__ import annotations

import pytest

from veivalg.core.errors import NotFound
from veivalg.initiatives.models import Initiative
from veivalg.initiatives.selectors import (
    Filters,
    filter_initiatives,
    initiative_for_user,
    visible_initiatives,
)

COVERED = [
    "employee",
    "director",
    "office",
    "admin",
    "board_member",
    "project_owner",
    "benefit_owner",
]
NOT_COVERED = ["other_director", "other_board_member", "outsider"]


@pytest.fixture
def secret(world) -> Initiative:
    return world.initiative(confidential=True, title="Omstilling i HR")


@pytest.mark.parametrize("person", COVERED)
def test_covering_roles_see_confidential(world, secret, person) -> None:
    user = getattr(world, person)
    assert initiative_for_user(user, secret.pk) == secret
    assert secret in filter_initiatives(user, Filters())


@pytest.mark.parametrize("person", NOT_COVERED)
def test_others_do_not_see_confidential(world, secret, person) -> None:
    user = getattr(world, person)
    with pytest.raises(NotFound):
        initiative_for_user(user, secret.pk)
    assert secret not in filter_initiatives(user, Filters())
    assert secret not in filter_initiatives(user, Filters(q="Omstilling"))


def test_portfolio_manager_of_contributing_portfolio_sees_confidential(world, secret) -> None:
    # the fixture's initiative has DigIT as contributing portfolio, managed by portfolio_manager
    assert secret in visible_initiatives(world.portfolio_manager)
    secret.contributing_portfolios.clear()
    assert secret not in visible_initiatives(world.portfolio_manager)


def test_everyone_sees_what_is_not_confidential(world) -> None:
    open_one = world.initiative()
    for user in world.people().values():
        assert initiative_for_user(user, open_one.pk) == open_one


def test_missing_and_garbage_ids_are_not_found(world) -> None:
    for pk in (999999, "abc", None):
        with pytest.raises(NotFound):
            initiative_for_user(world.office, pk)
