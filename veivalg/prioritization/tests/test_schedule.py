"""Scenarios schedule in quarters: horizon, capacity per competence, windows, committed load."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.capacity.models import (
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.quarters import parse_quarter
from veivalg.core.errors import ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.optimize.problem import load_problem
from veivalg.prioritization.exchange import scenario_problem
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.selectors import (
    budget_use,
    scenario_budget_use,
    scenario_capacity_use,
    scenario_timeline,
    selected_ids,
)
from veivalg.prioritization.services import (
    dependency_add,
    rating_set,
    scenario_create,
    scenario_solve,
    scenario_update,
)

Q = parse_quarter


def cost(year: int, amount: int) -> dict[str, int]:
    return {"year": year, "investment": amount, "operating": 0}


def competence(slug: str = "utvikler", name: str = "Utvikler") -> Competence:
    return Competence.objects.create(slug=slug, name=name)


def capacity(
    world: World,
    comp: Competence,
    fte: str,
    quarters: list[str],
    *,
    operations: str = "0",
    slug: str = "",
    portfolio: bool = False,
) -> ResourcePool:
    pool = ResourcePool.objects.create(
        slug=slug or f"{comp.slug}-{'p' if portfolio else 'u'}",
        name=slug or comp.name,
        competence=comp,
        unit=None if portfolio else world.haug,
        portfolio=world.digit if portfolio else None,
    )
    for label in quarters:
        PoolCapacity.objects.create(
            pool=pool, quarter=Q(label), fte=Decimal(fte), operations_fte=Decimal(operations)
        )
    return pool


def demand(
    initiative: Initiative,
    rows: dict[Competence, list[float]],
    window: tuple[str, str] | None = None,
) -> None:
    if window is not None:
        DemandPlan.objects.create(
            initiative=initiative, earliest_start=Q(window[0]), latest_start=Q(window[1])
        )
    for comp, per_quarter in rows.items():
        for offset, fte in enumerate(per_quarter):
            if fte:
                DemandRow.objects.create(
                    initiative=initiative,
                    competence=comp,
                    offset=offset,
                    fte=Decimal(str(fte)),
                )


def create(world: World, **kw: Any) -> Scenario:
    kw.setdefault("name", "Plan")
    kw.setdefault("board", world.board)
    kw.setdefault("budget", {"2027": 1_000_000, "2028": 1_000_000, "2029": 1_000_000})
    return scenario_create(actor=world.office, **kw)


def candidate(document: dict[str, Any], initiative: Initiative) -> dict[str, Any]:
    return next(c for c in document["candidates"] if c["id"] == str(initiative.pk))


def resource(document: dict[str, Any], rid: str) -> dict[str, Any]:
    return next(r for r in document["resources"] if r["id"] == rid)


QUARTERS_2027 = ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]
ALL_QUARTERS = [f"{y}Q{q}" for y in (2027, 2028, 2029) for q in (1, 2, 3, 4)]


# --- periods, resources, demand ------------------------------------------------------------


def test_periods_are_the_quarters_and_the_budget_one_capacity_per_year(
    world: World, criteria: PrioritizationSet
) -> None:
    world.initiative("ready_for_decision", costs=[cost(2027, 100)])
    scenario = create(world, budget={"2027": 400, "2028": 800})

    document = scenario_problem(scenario)

    assert document["periods"] == [f"{y}Q{q}" for y in (2027, 2028) for q in (1, 2, 3, 4)]
    assert resource(document, "budget") == {
        "id": "budget",
        "capacity": [400.0, 800.0],
        "granularity": 4,
    }
    load_problem(document)


def test_an_explicit_horizon_limits_the_periods_to_it(
    world: World, criteria: PrioritizationSet
) -> None:
    world.initiative("ready_for_decision", costs=[cost(2028, 100)])
    scenario = create(
        world, budget={"2027": 400, "2028": 800}, horizon={"from": "2028Q1", "to": "2028Q4"}
    )

    document = scenario_problem(scenario)

    assert document["periods"] == ["2028Q1", "2028Q2", "2028Q3", "2028Q4"]
    assert resource(document, "budget")["capacity"] == [800.0]
    assert (scenario.horizon_from, scenario.horizon_to) == (Q("2028Q1"), Q("2028Q4"))


def test_competence_capacity_sums_every_pool_less_operations(
    world: World, criteria: PrioritizationSet
) -> None:
    dev = competence()
    capacity(world, dev, "4", ALL_QUARTERS, operations="1")
    capacity(world, dev, "2.5", ["2027Q2"], portfolio=True)
    running = world.initiative("in_progress", title="Drift av fagsystem", work_type="operations")
    demand(running, {dev: [0.5]}, window=("2027Q2", "2027Q2"))
    pending = world.initiative("ready_for_decision", costs=[cost(2027, 100)])
    demand(pending, {dev: [1.0]})
    scenario = create(world)

    capacities = resource(scenario_problem(scenario), "utvikler")["capacity"]

    # 4 − 1 in every quarter; in 2027Q2 + 2.5 from the portfolio's pool − 0.5 operations work.
    assert capacities[:3] == [3.0, 5.0, 3.0]
    assert capacities[3:] == [3.0] * 9


def test_capacity_adjustments_are_added_to_the_available_capacity(
    world: World, criteria: PrioritizationSet
) -> None:
    dev = competence()
    capacity(world, dev, "2", ALL_QUARTERS)
    scenario = create(
        world,
        capacity_adjustments=[
            {"competence": "utvikler", "quarter": None, "fte": 1},
            {"competence": "utvikler", "quarter": "2027Q3", "fte": -2.5},
        ],
    )

    capacities = resource(scenario_problem(scenario), "utvikler")["capacity"]

    assert capacities[:4] == [3.0, 3.0, 0.5, 3.0]


def test_demand_comes_from_the_profile_and_costs_spread_from_the_start(
    world: World, criteria: PrioritizationSet
) -> None:
    dev, arch = competence(), competence("arkitekt", "Arkitekt")
    initiative = world.initiative(
        "ready_for_decision", costs=[cost(2027, 400_000), cost(2028, 800_000)]
    )
    demand(initiative, {dev: [2, 0, 1.5], arch: [0.5]}, window=("2027Q3", "2028Q1"))

    c = candidate(scenario_problem(create(world)), initiative)

    assert c["demand"] == {
        "utvikler": [2.0, 0.0, 1.5],
        "arkitekt": [0.5],
        "budget": [100_000.0] * 4 + [200_000.0] * 4,
    }
    assert (c["earliest_start"], c["latest_start"]) == (2, 4)


def test_without_a_plan_the_start_is_q1_of_the_first_cost_year(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("ready_for_decision", costs=[cost(2028, 400)])

    c = candidate(scenario_problem(create(world)), initiative)

    assert (c["earliest_start"], c["latest_start"]) == (4, 4)
    assert c["demand"] == {"budget": [100.0] * 4}


def test_a_window_override_replaces_the_plan(world: World, criteria: PrioritizationSet) -> None:
    initiative = world.initiative("ready_for_decision", costs=[cost(2027, 400)])
    demand(initiative, {}, window=("2027Q1", "2027Q1"))
    scenario = create(
        world,
        window_overrides={
            str(initiative.pk): {"earliest_start": "2027Q2", "latest_start": "2028Q3"}
        },
    )

    c = candidate(scenario_problem(scenario), initiative)

    assert (c["earliest_start"], c["latest_start"]) == (1, 6)


def test_the_latest_start_is_moved_so_that_the_candidate_finishes_inside(
    world: World, criteria: PrioritizationSet
) -> None:
    initiative = world.initiative("ready_for_decision", costs=[cost(2029, 400)])
    demand(initiative, {}, window=("2029Q1", "2029Q4"))

    document = scenario_problem(create(world))
    c = candidate(document, initiative)

    # Four quarters of cost: starting after 2029Q1 would end after the horizon.
    assert (c["earliest_start"], c["latest_start"]) == (8, 8)
    load_problem(document)


# --- committed initiatives -----------------------------------------------------------------


def test_committed_keep_their_start_and_their_load_comes_off_capacity(
    world: World, criteria: PrioritizationSet
) -> None:
    dev = competence()
    capacity(world, dev, "5", ALL_QUARTERS)
    running = world.initiative("in_progress", title="Pågår", costs=[cost(2027, 400_000)])
    demand(running, {dev: [2, 2]}, window=("2027Q2", "2027Q4"))

    document = scenario_problem(create(world))
    c = candidate(document, running)

    assert c["decision"] == "in"
    assert (c["earliest_start"], c["latest_start"]) == (1, 1)  # the planned start, fixed
    assert c["demand"] == {} and c["duration"] == 4
    assert resource(document, "utvikler")["capacity"][:4] == [5.0, 3.0, 3.0, 5.0]
    # 2027Q2–2028Q1 at 100 000 a quarter: 300 000 in 2027 and 100 000 in 2028.
    assert resource(document, "budget")["capacity"] == [700_000.0, 900_000.0, 1_000_000.0]
    assert document["x-veivalg"]["committed"] == [str(running.pk)]


def test_committed_work_outside_the_scenario_takes_people_but_not_its_budget(
    world: World, criteria: PrioritizationSet
) -> None:
    dev = competence()
    capacity(world, dev, "5", ALL_QUARTERS)
    elsewhere = world.initiative(
        "approved", title="Et annet styres prosjekt", costs=[cost(2027, 400_000)]
    )
    demand(elsewhere, {dev: [1, 3]}, window=("2027Q2", "2027Q2"))
    pending = world.initiative("ready_for_decision", title="Kandidat")

    document = scenario_problem(create(world, candidates=[pending.pk]))

    assert str(elsewhere.pk) not in {c["id"] for c in document["candidates"]}
    assert resource(document, "utvikler")["capacity"][:4] == [5.0, 4.0, 2.0, 5.0]
    assert resource(document, "budget")["capacity"] == [1_000_000.0] * 3


def test_a_committed_initiative_forced_out_is_an_ordinary_candidate(
    world: World, criteria: PrioritizationSet
) -> None:
    dev = competence()
    capacity(world, dev, "5", ALL_QUARTERS)
    approved = world.initiative("approved", costs=[cost(2027, 400)])
    demand(approved, {dev: [2]}, window=("2027Q1", "2027Q1"))

    document = scenario_problem(create(world, overrides={str(approved.pk): "out"}))

    assert candidate(document, approved)["decision"] == "out"
    assert candidate(document, approved)["demand"]["utvikler"] == [2.0]
    assert resource(document, "utvikler")["capacity"][0] == 5.0


@pytest.fixture
def overloaded(world: World, criteria: PrioritizationSet) -> dict[str, Any]:
    """Committed work needs 3 FTE of utvikler in 2027Q1 where 1 is available."""
    dev = competence()
    capacity(world, dev, "1", ALL_QUARTERS)
    running = world.initiative("in_progress", title="Pågår", costs=[cost(2027, 100)])
    demand(running, {dev: [3]}, window=("2027Q1", "2027Q1"))
    early = world.initiative("ready_for_decision", title="Tidlig", costs=[cost(2027, 100)])
    demand(early, {dev: [0.5]}, window=("2027Q1", "2027Q1"))
    late = world.initiative("ready_for_decision", title="Senere", costs=[cost(2027, 100)])
    demand(late, {dev: [0.5]}, window=("2027Q1", "2027Q2"))
    for initiative in (early, late):
        rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 4})
    return {"dev": dev, "running": running, "early": early, "late": late}


def test_committed_over_allocation_leaves_nothing_and_is_reported(
    world: World, overloaded: dict[str, Any]
) -> None:
    scenario = create(world)

    document = scenario_problem(scenario)

    assert resource(document, "utvikler")["capacity"][:2] == [0.0, 1.0]
    assert document["x-veivalg"]["committed_over"] == [
        {"competence": "utvikler", "quarter": "2027Q1"}
    ]


def test_committed_over_allocation_never_makes_a_scenario_infeasible(
    world: World, overloaded: dict[str, Any]
) -> None:
    solved = scenario_solve(actor=world.office, scenario=create(world))

    assert solved.status == ScenarioStatus.OPTIMAL
    assert set(selected_ids(solved)) == {overloaded["running"].pk, overloaded["late"].pk}
    use = scenario_capacity_use(solved)
    assert use is not None
    assert use.committed_over == [("utvikler", Q("2027Q1"))]
    first = use.cell("utvikler", Q("2027Q1"))
    assert (first.available, first.committed, first.selected) == (
        Decimal(1),
        Decimal(3),
        Decimal(0),
    )
    assert first.committed_over and first.over
    second = use.cell("utvikler", Q("2027Q2"))
    assert second.selected == Decimal("0.5") and not second.over
    assert use.competences == [("utvikler", "Utvikler")]


def test_finish_to_start_holds_in_quarters(world: World, criteria: PrioritizationSet) -> None:
    first = world.initiative("ready_for_decision", title="Først", costs=[cost(2027, 100)])
    demand(first, {}, window=("2027Q1", "2027Q1"))
    then = world.initiative("ready_for_decision", title="Etterpå", costs=[cost(2027, 100)])
    DemandPlan.objects.create(initiative=then, earliest_start=Q("2027Q1"), latest_start=Q("2029Q1"))
    for initiative in (first, then):
        rating_set(actor=world.office, initiative=initiative, ratings={"nytte": 4})
    dependency_add(
        actor=world.office, from_initiative=first, to_initiative=then, type="finish_to_start"
    )

    solved = scenario_solve(actor=world.office, scenario=create(world))

    timeline = {t.initiative_id: t for t in scenario_timeline(solved)}
    assert timeline[first.pk].finish_label == "2027Q4"
    assert timeline[then.pk].start >= Q("2028Q1")


def test_finish_to_start_after_a_committed_initiative(
    world: World, criteria: PrioritizationSet
) -> None:
    running = world.initiative("in_progress", title="Pågår", costs=[cost(2027, 100)])
    demand(running, {}, window=("2027Q2", "2027Q2"))
    then = world.initiative("ready_for_decision", title="Etterpå", costs=[cost(2028, 100)])
    demand(then, {}, window=("2027Q1", "2029Q1"))
    rating_set(actor=world.office, initiative=then, ratings={"nytte": 4})
    dependency_add(
        actor=world.office, from_initiative=running, to_initiative=then, type="finish_to_start"
    )

    solved = scenario_solve(actor=world.office, scenario=create(world))

    timeline = {t.initiative_id: t for t in scenario_timeline(solved)}
    assert timeline[running.pk].committed and not timeline[running.pk].forced
    assert (timeline[running.pk].start_label, timeline[running.pk].finish_label) == (
        "2027Q2",
        "2028Q1",
    )
    assert timeline[then.pk].start_label == "2028Q2"


# --- horizon validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("horizon", "field"),
    [
        ({"from": "2027Q2", "to": "2027Q4"}, "horizon.from"),
        ({"from": "2027Q1", "to": "2027Q3"}, "horizon.to"),
        ({"from": "i fjor", "to": "2027Q4"}, "horizon.from"),
        ({"from": "2028Q1", "to": "2027Q4"}, "horizon"),
        ({"from": "2027Q1", "to": "2030Q4"}, "horizon"),  # no budget for 2030
        ("2027", "horizon"),
    ],
)
def test_the_horizon_is_whole_years_covered_by_the_budget(
    world: World, criteria: PrioritizationSet, horizon: Any, field: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        create(world, horizon=horizon)

    assert field in exc.value.errors
    assert not Scenario.objects.exists()


def test_a_budget_change_must_still_cover_the_stored_horizon(
    world: World, criteria: PrioritizationSet
) -> None:
    scenario = create(world, horizon={"from": "2028Q1", "to": "2029Q4"})

    with pytest.raises(ValidationFailed) as exc:
        scenario_update(
            actor=world.office, scenario=scenario, data={"budget": {"2027": 1, "2028": 1}}
        )

    assert "2029" in exc.value.errors["horizon"][0]
    scenario_update(actor=world.office, scenario=scenario, data={"horizon": None})
    scenario.refresh_from_db()
    assert scenario.horizon == (Q("2027Q1"), Q("2029Q4"))


def test_adjustments_and_windows_are_checked_against_the_horizon(
    world: World, criteria: PrioritizationSet
) -> None:
    competence()
    initiative = world.initiative("ready_for_decision", costs=[cost(2027, 100)])

    with pytest.raises(ValidationFailed) as exc:
        create(
            world,
            budget={"2027": 1000},
            capacity_adjustments=[
                {"competence": "ukjent", "quarter": None, "fte": 1},
                {"competence": "utvikler", "quarter": "2028Q1", "fte": 1},
                {"competence": "utvikler", "quarter": None, "fte": 0},
            ],
            window_overrides={
                str(initiative.pk): {"earliest_start": "2027Q3", "latest_start": "2027Q2"},
                "999999": {"earliest_start": "2027Q1", "latest_start": "2027Q1"},
            },
        )

    assert set(exc.value.errors) == {
        "capacity_adjustments[0].competence",
        "capacity_adjustments[1].quarter",
        "capacity_adjustments[2].fte",
        f"window_overrides.{initiative.pk}.latest_start",
        "window_overrides.999999",
    }


# --- what the pages read -------------------------------------------------------------------


def test_budget_use_per_year_sums_the_quarters_and_the_committed(
    world: World, criteria: PrioritizationSet
) -> None:
    running = world.initiative("in_progress", title="Pågår", costs=[cost(2027, 400)])
    demand(running, {}, window=("2027Q3", "2027Q3"))
    pending = world.initiative("ready_for_decision", title="Ny", costs=[cost(2027, 800)])
    demand(pending, {}, window=("2027Q2", "2027Q2"))
    rating_set(actor=world.office, initiative=pending, ratings={"nytte": 4})

    solved = scenario_solve(
        actor=world.office, scenario=create(world, budget={"2027": 2000, "2028": 2000})
    )

    years = scenario_budget_use(solved)
    assert [(b.year, b.limit, b.committed, b.selected) for b in years] == [
        (2027, Decimal(2000), Decimal(200), Decimal(600)),
        (2028, Decimal(2000), Decimal(200), Decimal(200)),
    ]
    assert budget_use(solved) == {"2027": Decimal(800), "2028": Decimal(400)}


def test_timeline_is_sorted_and_labelled(world: World, criteria: PrioritizationSet) -> None:
    later = world.initiative("ready_for_decision", title="B senere", costs=[cost(2028, 100)])
    sooner = world.initiative(
        "ready_for_decision",
        title="A tidlig",
        costs=[cost(2027, 100)],
        politically_mandated=True,
        political_reference="PS 1/27",
    )
    rating_set(actor=world.office, initiative=later, ratings={"nytte": 2})

    solved = scenario_solve(actor=world.office, scenario=create(world))

    timeline = scenario_timeline(solved)
    assert [t.initiative_id for t in timeline] == [sooner.pk, later.pk]
    first = timeline[0]
    assert (first.start_label, first.finish_label) == ("2027Q1", "2027Q4")
    assert (first.start_display, first.finish_display) == ("1. kv. 2027", "4. kv. 2027")
    assert first.forced and not first.committed
    assert timeline[1].value == pytest.approx(25.0)  # nytte 2 of 4 at weight 0.5


def test_nothing_to_show_before_a_solve(world: World, criteria: PrioritizationSet) -> None:
    scenario = create(world)

    assert scenario_timeline(scenario) == []
    assert scenario_capacity_use(scenario) is None
    assert scenario_budget_use(scenario) == []
