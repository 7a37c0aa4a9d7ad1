"""``ranking``: highest score first, hidden initiatives left out, queries independent of rows."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from veivalg.initiatives.models import Initiative
from veivalg.initiatives.selectors import Filters
from veivalg.org.models import User
from veivalg.prioritization.models import PrioritizationSet
from veivalg.prioritization.selectors import ranking
from veivalg.prioritization.services import rating_set


def _rated(world: World, title: str, levels: dict[str, int], **kw: object) -> Initiative:
    initiative = world.initiative("in_analysis", title=title, **kw)
    rating_set(actor=world.office, initiative=initiative, ratings=levels)
    return initiative


def test_ranking_orders_by_score_with_unrated_last(
    world: World, criteria: PrioritizationSet
) -> None:
    low = _rated(world, "Lav", {"nytte": 1, "strategi": 1, "risiko": 4})
    high = _rated(world, "Høy", {"nytte": 4, "strategi": 4, "risiko": 0})
    middle = _rated(world, "Midt", {"nytte": 2, "strategi": 2, "risiko": 2})
    unrated = world.initiative("in_analysis", title="Uvurdert")

    rows = ranking(world.employee)

    assert [r.initiative for r in rows] == [high, middle, low, unrated]
    assert [r.position for r in rows] == [1, 2, 3, 4]
    assert [r.score.total for r in rows] == [
        Decimal("100.00"),
        Decimal("50.00"),
        Decimal("20.00"),
        Decimal("0.00"),
    ]
    assert rows[3].score.missing == ("nytte", "strategi", "risiko")


def test_confidential_initiatives_are_ranked_only_for_those_who_may_see_them(
    world: World, criteria: PrioritizationSet
) -> None:
    open_one = _rated(world, "Åpen", {"nytte": 2})
    secret = _rated(world, "Skjermet", {"nytte": 4}, confidential=True)

    assert [r.initiative for r in ranking(world.outsider)] == [open_one]
    assert [r.initiative for r in ranking(world.director)] == [secret, open_one]


def test_filters_and_closed_initiatives(world: World, criteria: PrioritizationSet) -> None:
    su = _rated(world, "SU", {"nytte": 2})
    digit = _rated(world, "DigIT", {"nytte": 3}, portfolio=world.digit, contributing_portfolios=[])
    world.initiative("rejected", title="Avslått")

    assert [r.initiative for r in ranking(world.employee, Filters(portfolio="su"))] == [su]
    assert [r.initiative for r in ranking(world.employee)] == [digit, su]
    assert len(ranking(world.employee, Filters(state="rejected"))) == 1


def test_query_count_does_not_grow_with_rows(world: World, criteria: PrioritizationSet) -> None:
    _rated(world, "En", {"nytte": 2})
    with CaptureQueriesContext(connection) as few:
        ranking(User.objects.get(pk=world.employee.pk))
    for n in range(6):
        _rated(world, f"Flere {n}", {"nytte": n % 5, "strategi": 1})
    with CaptureQueriesContext(connection) as many:
        rows = ranking(User.objects.get(pk=world.employee.pk))

    assert len(rows) == 7
    assert len(many.captured_queries) == len(few.captured_queries)
