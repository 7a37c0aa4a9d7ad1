"""Capacity selectors on a small hand-built municipality: the heatmap's numbers, its filters,
the initiatives behind a cell (confidential ones hidden but counted), an initiative's demand
and the cells it would overload, and a query count that does not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from veivalg.capacity import selectors
from veivalg.capacity.models import Competence, ResourcePool
from veivalg.capacity.tests.conftest import q, set_capacity, set_demand
from veivalg.initiatives.models import Initiative, State

D = Decimal


@dataclass
class Case:
    committed: Initiative  # approved, haug/DigIT, started 2026Q4: 3 in 2027Q1, 2 in 2027Q2
    confidential: Initiative  # in progress, sykehjem/SU, confidential: 5 in 2027Q1
    potential: Initiative  # submitted, haug/SU: 4 in 2027Q1
    operations: Initiative  # operations work, in progress, haug/DigIT: 1 in 2027Q1


@pytest.fixture
def case(
    world: World,
    developer: Competence,
    unit_pool: ResourcePool,
    portfolio_pool: ResourcePool,
) -> Case:
    """Available for development in 2027Q1: (10 − 2) + (4 − 0) − 1 operations = 11."""
    set_capacity(unit_pool, "2027Q1", "10", "2")
    set_capacity(portfolio_pool, "2027Q1", "4")
    set_capacity(unit_pool, "2027Q2", "10", "2")
    committed = world.initiative(
        State.APPROVED, title="Vedtatt", portfolio=world.digit, contributing_portfolios=[]
    )
    set_demand(committed, "2026Q4", [(developer, 1, "3"), (developer, 2, "2")])
    confidential = world.initiative(
        State.IN_PROGRESS,
        owner=world.other_director,
        title="Hemmelig",
        unit=world.sykehjem,
        confidential=True,
        contributing_portfolios=[],
    )
    set_demand(confidential, "2027Q1", [(developer, 0, "5")])
    potential = world.initiative(State.SUBMITTED, title="Kandidat")
    set_demand(potential, "2027Q1", [(developer, 0, "4")], latest="2027Q3")
    operations = world.initiative(
        State.IN_PROGRESS,
        title="Drift",
        work_type="operations",
        portfolio=world.digit,
        contributing_portfolios=[],
    )
    set_demand(operations, "2027Q1", [(developer, 0, "1")])
    # never counted: a draft, a rejected initiative, an operations draft
    for state, work_type in [
        (State.DRAFT, "development"),
        (State.REJECTED, "development"),
        (State.DRAFT, "operations"),
    ]:
        ignored = world.initiative(state, title="Ignorert", work_type=work_type)
        set_demand(ignored, "2027Q1", [(developer, 0, "50")])
    return Case(committed, confidential, potential, operations)


def test_heatmap_numbers(world: World, case: Case) -> None:
    heat = selectors.heatmap(world.employee, first=q("2027Q1"), last=q("2027Q2"))
    assert heat.quarters == [q("2027Q1"), q("2027Q2")]
    assert [c.slug for c in heat.competences] == ["utvikler"]
    q1 = heat.cell("utvikler", q("2027Q1"))
    assert (q1.available, q1.committed, q1.potential) == (D(11), D(8), D(4))
    assert q1.status == "risk" and q1.free == D(-1)
    q2 = heat.cell("utvikler", q("2027Q2"))
    assert (q2.available, q2.committed, q2.potential) == (D(8), D(2), D(0))
    assert q2.status == "ok" and q2.free == D(6)
    assert [[c.label for c in r.cells] for r in heat.rows] == [["2027Q1", "2027Q2"]]


def test_a_cell_outside_the_data_is_zero(world: World, case: Case) -> None:
    heat = selectors.heatmap(world.employee, first=q("2027Q1"), last=q("2027Q2"))
    cell = heat.cell("arkitekt", q("2027Q1"))
    assert (cell.available, cell.committed, cell.potential, cell.status) == (0, 0, 0, "ok")


def test_status_over_when_committed_exceeds_available(world: World, case: Case) -> None:
    heat = selectors.heatmap(
        world.office, first=q("2027Q1"), last=q("2027Q1"), portfolio=world.su.pk
    )
    cell = heat.cell("utvikler", q("2027Q1"))
    # SU has no pools; the confidential initiative (5) is committed there, the candidate (4) too
    assert (cell.available, cell.committed, cell.potential) == (D(0), D(5), D(4))
    assert cell.status == "over"


def test_directorate_filter(world: World, case: Case) -> None:
    oppvekst = selectors.heatmap(
        world.employee, first=q("2027Q1"), last=q("2027Q1"), directorate=world.oppvekst.pk
    ).cell("utvikler", q("2027Q1"))
    # Haug's pool 10 − 2, less the operations initiative of Haug (1); DigIT's pool is no unit's
    assert (oppvekst.available, oppvekst.committed, oppvekst.potential) == (D(7), D(3), D(4))
    assert oppvekst.status == "ok"  # 3 + 4 = 7: not above
    helse = selectors.heatmap(
        world.employee, first=q("2027Q1"), last=q("2027Q1"), directorate=world.helse.pk
    ).cell("utvikler", q("2027Q1"))
    assert (helse.available, helse.committed, helse.potential) == (D(0), D(5), D(0))


def test_portfolio_filter(world: World, case: Case) -> None:
    digit = selectors.heatmap(
        world.employee, first=q("2027Q1"), last=q("2027Q1"), portfolio=world.digit.pk
    ).cell("utvikler", q("2027Q1"))
    # DigIT's pool 4, less the DigIT operations initiative (1); the DigIT committed one (3)
    assert (digit.available, digit.committed, digit.potential) == (D(3), D(3), D(0))


def test_cell_detail_hides_confidential_initiatives_but_counts_them(
    world: World, case: Case
) -> None:
    detail = selectors.cell_detail(world.employee, competence="utvikler", quarter=q("2027Q1"))
    assert [(r.initiative.title, r.kind, r.fte) for r in detail.rows] == [
        ("Vedtatt", "committed", D(3)),
        ("Kandidat", "potential", D(4)),
        ("Drift", "operations", D(1)),
    ]
    assert detail.hidden_fte == D(5)
    assert detail.cell.committed == D(8) and detail.cell.available == D(11)
    assert detail.operations_fte == D(1)
    assert sorted(p.pool.slug for p in detail.pools) == ["digit-utviklere", "haug-utviklere"]


@pytest.mark.parametrize("person", ["office", "admin", "other_director"])
def test_cell_detail_shows_confidential_to_those_who_may_see_it(
    world: World, case: Case, person: str
) -> None:
    detail = selectors.cell_detail(
        getattr(world, person), competence="utvikler", quarter=q("2027Q1")
    )
    assert ("Hemmelig", "committed", D(5)) in [
        (r.initiative.title, r.kind, r.fte) for r in detail.rows
    ]
    assert detail.hidden_fte == 0


@pytest.mark.parametrize("person", ["director", "outsider", "portfolio_manager"])
def test_cell_detail_hides_confidential_from_others(world: World, case: Case, person: str) -> None:
    detail = selectors.cell_detail(
        getattr(world, person), competence="utvikler", quarter=q("2027Q1")
    )
    assert "Hemmelig" not in [r.initiative.title for r in detail.rows]
    assert detail.hidden_fte == D(5)


def test_cell_detail_follows_the_filter(world: World, case: Case) -> None:
    detail = selectors.cell_detail(
        world.office, competence="utvikler", quarter=q("2027Q1"), directorate=world.helse.pk
    )
    assert [r.initiative.title for r in detail.rows] == ["Hemmelig"]
    assert detail.pools == []


def test_cell_detail_of_an_unknown_competence_is_not_found(world: World) -> None:
    from veivalg.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.cell_detail(world.office, competence="nope", quarter=q("2027Q1"))


def _heatmap_queries(world: World) -> int:
    with CaptureQueriesContext(connection) as ctx:
        heat = selectors.heatmap(world.employee, first=q("2027Q1"), last=q("2028Q4"))
        _ = heat.cells
    return len(ctx.captured_queries)


def _detail_queries(world: World) -> int:
    with CaptureQueriesContext(connection) as ctx:
        detail = selectors.cell_detail(world.employee, competence="utvikler", quarter=q("2027Q1"))
        _ = [(r.initiative.unit.directorate.name, r.initiative.portfolio.name) for r in detail.rows]
        _ = [(p.pool.name, p.pool.unit) for p in detail.pools]
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_initiatives_and_pools(
    world: World, case: Case, developer: Competence, designer: Competence
) -> None:
    _heatmap_queries(world), _detail_queries(world)  # the user's roles are cached after this
    heatmap_before, detail_before = _heatmap_queries(world), _detail_queries(world)
    for n in range(6):
        pool = ResourcePool.objects.create(
            slug=f"ekstra-{n}", name=f"Ekstra {n}", competence=designer, unit=world.haug
        )
        set_capacity(pool, "2027Q1", "2")
        for state in (State.APPROVED, State.SUBMITTED):
            initiative = world.initiative(state, title=f"Flere {n}")
            set_demand(initiative, "2027Q1", [(developer, 0, "1"), (designer, 1, "1")])
        ops = world.initiative(State.SUBMITTED, title=f"Drift {n}", work_type="maintenance")
        set_demand(ops, "2027Q1", [(developer, 0, "1")])
    assert _heatmap_queries(world) == heatmap_before
    assert _detail_queries(world) == detail_before


# --- one initiative -----------------------------------------------------------------------


def test_initiative_demand_grid_and_overloads(world: World, case: Case) -> None:
    view = selectors.initiative_demand(world.employee, case.potential)
    assert view.start == q("2027Q1") and view.labels == ["2027Q1"]
    assert [(r.competence.slug, r.values, r.total) for r in view.grid] == [
        ("utvikler", [D(4)], D(4))
    ]
    # available 11, the others' committed load 8, its own 4: 12 > 11
    [overload] = view.overloads
    assert (overload.competence.slug, overload.quarter) == ("utvikler", q("2027Q1"))
    assert (overload.available, overload.others, overload.own) == (D(11), D(8), D(4))
    assert overload.excess == D(1)


def test_a_committed_initiative_is_not_counted_twice(world: World, case: Case) -> None:
    view = selectors.initiative_demand(world.employee, case.committed)
    assert view.start == q("2026Q4")
    assert view.offsets == [0, 1, 2] and view.labels == ["2026Q4", "2027Q1", "2027Q2"]
    assert view.grid[0].values == [None, D(3), D(2)]
    # 2027Q1: others 5 + own 3 = 8 ≤ 11; 2027Q2: 0 + 2 ≤ 8; 2026Q4 has no demand
    assert view.overloads == []


def test_an_operations_initiative_is_not_counted_against_itself(
    world: World, developer: Competence, unit_pool: ResourcePool
) -> None:
    set_capacity(unit_pool, "2027Q1", "4")
    ops = world.initiative(State.IN_PROGRESS, work_type="operations")
    set_demand(ops, "2027Q1", [(developer, 0, "3")])
    # development has 4 − 3 = 1 left, but the operations initiative itself fits in 4
    assert selectors.initiative_demand(world.employee, ops).overloads == []
    candidate = world.initiative(State.SUBMITTED)
    set_demand(candidate, "2027Q1", [(developer, 0, "3")])
    [overload] = selectors.initiative_demand(world.employee, candidate).overloads
    assert overload.available == D(1)


def test_initiative_without_a_start_has_a_grid_by_offset_and_no_overloads(
    world: World, developer: Competence
) -> None:
    initiative = world.initiative()
    set_demand(initiative, None, [(developer, 1, "2")])
    view = selectors.initiative_demand(world.employee, initiative)
    assert view.start is None and view.quarters == [] and view.offsets == [0, 1]
    assert view.grid[0].values == [None, D(2)] and view.overloads == []


def test_initiative_without_demand(world: World) -> None:
    view = selectors.initiative_demand(world.employee, world.initiative())
    assert not view.has_demand and view.grid == [] and view.overloads == [] and view.total == 0


# --- pools and tables ---------------------------------------------------------------------


def test_default_range_is_this_quarter_and_seven_more() -> None:
    first, last = selectors.default_range()
    assert last - first == 7 and first == selectors.current_quarter()


def test_capacity_table_has_a_row_per_quarter(world: World, unit_pool: ResourcePool) -> None:
    set_capacity(unit_pool, "2027Q2", "5", "1")
    rows = selectors.capacity_table(unit_pool, q("2027Q1"), q("2027Q3"))
    assert [(r.label, r.fte, r.available, r.exists) for r in rows] == [
        ("2027Q1", None, None, False),
        ("2027Q2", D(5), D(4), True),
        ("2027Q3", None, None, False),
    ]


@pytest.mark.parametrize(
    ("person", "editable"),
    [
        ("office", {"digit-utviklere", "haug-utviklere", "sykehjem-design"}),
        ("director", {"haug-utviklere"}),
        ("other_director", {"sykehjem-design"}),
        ("portfolio_manager", {"digit-utviklere"}),
        ("employee", set()),
        ("outsider", set()),
    ],
)
def test_pools_for_lists_every_pool_and_marks_the_editable(
    world: World,
    unit_pool: ResourcePool,
    portfolio_pool: ResourcePool,
    other_pool: ResourcePool,
    person: str,
    editable: set[str],
) -> None:
    pools = list(selectors.pools_for(getattr(world, person)))
    assert len(pools) == 3
    assert {p.slug for p in pools if p.editable} == editable
    assert {p.slug for p in selectors.editable_pools(getattr(world, person))} == editable
