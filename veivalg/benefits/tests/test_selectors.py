"""Reads: visibility, achievement and due measurements, the business case of an initiative,
portfolio summaries, the benefit map, and constant query counts for lists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from veivalg.benefits import selectors
from veivalg.benefits.models import Benefit
from veivalg.benefits.tests.conftest import make_benefit, measure
from veivalg.core.errors import NotFound
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.org.models import User

TODAY = date(2026, 11, 30)


def fresh(benefit: Benefit) -> Benefit:
    return selectors.with_detail(Benefit.objects.filter(pk=benefit.pk)).get()


# --- visibility ------------------------------------------------------------------------


def test_benefits_of_a_confidential_initiative_are_hidden_like_it(world: World) -> None:
    secret = world.initiative(State.IN_ANALYSIS, confidential=True)
    benefit = make_benefit(world, secret)
    public = make_benefit(world, world.initiative(State.IN_ANALYSIS))

    assert list(selectors.visible_benefits(world.outsider)) == [public]
    with pytest.raises(NotFound):
        selectors.benefit_for_user(world.outsider, benefit.pk)
    assert selectors.benefit_for_user(world.benefit_owner, benefit.pk) == benefit
    assert selectors.benefit_for_user(world.office, benefit.pk) == benefit


def test_an_unknown_benefit_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        selectors.benefit_for_user(world.office, "abc")
    with pytest.raises(NotFound):
        selectors.benefit_for_user(world.office, 999999)


def test_has_measurable_benefit_needs_an_indicator(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    assert not selectors.has_measurable_benefit(initiative)

    make_benefit(world, initiative, indicator=None)
    assert not selectors.has_measurable_benefit(initiative)

    make_benefit(world, initiative, title="Med indikator")
    assert selectors.has_measurable_benefit(initiative)


# --- achievement, trend and due ----------------------------------------------------------


def test_status_gives_latest_value_achievement_and_trend(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    measure(benefit, date(2026, 3, 1), "850")  # (850 − 1000) / (400 − 1000) = 0.25
    measure(benefit, date(2026, 9, 1), "700")  # 0.5

    status = selectors.status_of(fresh(benefit), TODAY)

    assert status.latest is not None and status.latest.value == Decimal(700)
    assert status.achievement == Decimal("0.5")
    assert status.previous_achievement == Decimal("0.25")
    assert status.trend == "up"
    assert not status.due  # 1 Sep + 6 months = 1 Mar 2027


def test_a_measurement_is_due_when_the_latest_is_older_than_the_period(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.IN_PROGRESS))
    measure(benefit, date(2026, 5, 30), "900")

    status = selectors.status_of(fresh(benefit), TODAY)

    assert status.due_since == date(2026, 11, 30)
    assert not selectors.status_of(fresh(benefit), TODAY - timedelta(days=1)).due


def test_the_period_is_a_setting(world: World, settings: object) -> None:
    settings.VEIVALG_MEASUREMENT_PERIOD_MONTHS = 12  # type: ignore[attr-defined]
    benefit = make_benefit(world, world.initiative(State.IN_PROGRESS))
    measure(benefit, date(2026, 5, 30), "900")

    assert not selectors.status_of(fresh(benefit), TODAY).due


def test_a_missing_measurement_is_due_after_the_project_completed(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    Transition.objects.create(
        initiative=initiative,
        action="complete",
        actor=world.project_owner,
        from_state=State.IN_PROGRESS,
        to_state=State.REALISING_BENEFITS,
    )
    benefit = make_benefit(world, initiative)

    status = selectors.status_of(fresh(benefit), TODAY)

    assert status.due and status.due_since is not None
    assert status.achievement is None


@pytest.mark.parametrize("state", [State.IN_PROGRESS, State.IN_ANALYSIS, State.CLOSED])
def test_no_measurement_is_due_before_completion_or_after_closing(world: World, state: str) -> None:
    benefit = make_benefit(world, world.initiative(State.IN_ANALYSIS))
    Initiative.objects.filter(pk=benefit.initiative_id).update(state=state)
    if state == State.CLOSED:
        measure(benefit, date(2025, 1, 1), "900")

    assert not selectors.status_of(fresh(benefit), TODAY).due


def test_due_measurements_lists_what_the_owner_and_responsible_owe(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    late = make_benefit(world, initiative, title="Sen")
    measure(late, TODAY - timedelta(days=400), "900")
    recent = make_benefit(world, initiative, title="Nylig")
    measure(recent, TODAY - timedelta(days=10), "900")
    missing = make_benefit(world, initiative, title="Aldri målt")
    someone_elses = make_benefit(
        world, initiative, title="Andres", owner=world.outsider, responsible=None
    )

    owner_due = selectors.due_measurements(world.benefit_owner, TODAY)
    responsible_due = selectors.due_measurements(world.employee, TODAY)

    assert {r.benefit for r in owner_due} == {late, missing}
    assert owner_due[0].benefit == late  # oldest first
    assert {r.benefit for r in responsible_due} == {late, missing}
    assert someone_elses not in {r.benefit for r in owner_due}
    assert selectors.due_measurements(world.office, TODAY) == []


# --- the business case of an initiative --------------------------------------------------


def test_business_case_combines_costs_and_priced_plans(world: World) -> None:
    # Costs 2027: 250 000 investment + 40 000 operating (world.initiative_data).
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(
        world,
        initiative,
        category="budget_releasing",
        plan=[{"year": 2028, "value": 300000}],
    )
    make_benefit(
        world,
        initiative,
        title="Andre",
        category="other_public",
        plan=[{"year": 2028, "value": 100000}],
    )
    make_benefit(
        world,
        initiative,
        title="Ikke prissatt",
        category="non_priced",
        effect=3,
        plan=[{"year": 2028, "value": 999999}],
    )

    view = selectors.business_case(Initiative.objects.get(pk=initiative.pk))

    row_2027, row_2028 = view.case.years[0], view.case.years[1]
    assert (row_2027.investment, row_2027.operating) == (Decimal(250000), Decimal(40000))
    assert (row_2028.benefits, row_2028.budget_benefits) == (Decimal(400000), Decimal(300000))
    # 2027: −290 000 − 0.2·290 000 = −348 000; 2028: 400 000 + 0.2·300 000 = 460 000 / 1.04
    expected = Decimal(-348000) + Decimal(460000) / Decimal("1.04")
    assert abs(view.case.npv - expected) < Decimal("0.01")
    assert [b.title for b in view.non_priced] == ["Ikke prissatt"]
    # NPV per krone = 94 307.69 / 250 000 = 0.377 → level 1 with (0, 0.5, 1, 2)
    assert view.level == 1
    assert selectors.suggested_economic_level(initiative) == 1


def test_suggested_level_follows_the_thresholds_setting(world: World, settings: object) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(world, initiative, plan=[{"year": 2028, "value": 600000}])
    # NPV = −348 000 + 720 000 / 1.04 = 344 307.69; per krone of 250 000 invested: 1.377
    assert selectors.suggested_economic_level(initiative) == 3  # reaches 0, 0.5 and 1

    settings.VEIVALG_NPV_PER_KRONE_THRESHOLDS = ("0.25", "0.5", "0.75", 1)  # type: ignore[attr-defined]
    assert selectors.suggested_economic_level(initiative) == 4


def test_suggested_level_is_unknown_without_costs(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, costs=[])
    make_benefit(world, initiative)

    assert selectors.suggested_economic_level(initiative) is None


def test_discount_rate_and_tax_cost_defaults_are_settings(world: World, settings: object) -> None:
    settings.VEIVALG_DISCOUNT_RATE = "0"  # type: ignore[attr-defined]
    settings.VEIVALG_TAX_COST_RATE = "0"  # type: ignore[attr-defined]
    initiative = world.initiative(State.IN_ANALYSIS)
    make_benefit(world, initiative, plan=[{"year": 2028, "value": 300000}])

    assert selectors.business_case(initiative).case.npv == Decimal(300000 - 290000)


# --- the portfolio -----------------------------------------------------------------------


def test_filters_by_goal_directorate_program_category_and_state(world: World) -> None:
    in_helse = world.initiative(State.IN_PROGRESS, unit=world.sykehjem, program=None, goals=[])
    a = make_benefit(world, in_helse, goals=[world.goal_main], category="alternative_use")
    b = make_benefit(world, world.initiative(State.IN_ANALYSIS), goals=[], title="B")

    def found(**filters: str) -> set[Benefit]:
        return set(selectors.filter_benefits(world.office, selectors.Filters(**filters)))

    assert found(goal="gode-tjenester") == {a}
    assert found(goal="kommuneplan") == {a}  # the parent goal covers its sub goals
    assert found(directorate="helse-omsorg") == {a}
    assert found(program="smarte-ledere") == {b}
    assert found(category="alternative_use") == {a}
    assert found(category="alternative_use,budget_releasing") == {a, b}
    assert found(state="in_analysis") == {b}


def test_summary_groups_by_goal_directorate_program_and_category(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    first = make_benefit(world, initiative)
    measure(first, date(2026, 6, 1), "700")
    make_benefit(world, initiative, title="Uten mål", goals=[], category="non_priced", effect=1)

    summary = selectors.summarise(
        selectors.rows(selectors.filter_benefits(world.office, selectors.Filters()), TODAY)
    )

    goals = {g.label: g for g in summary.by_goal}
    assert goals["Gode tjenester"].count == 1
    assert goals["Gode tjenester"].planned == Decimal(600000)
    assert goals["Gode tjenester"].average_achievement == Decimal("0.5")
    assert goals["Uten mål"].count == 1
    assert [(g.key, g.count) for g in summary.by_category] == [
        ("budget_releasing", 1),
        ("non_priced", 1),
    ]
    assert [(g.key, g.count) for g in summary.by_directorate] == [("oppvekst-skole", 2)]
    assert [(g.key, g.count) for g in summary.by_program] == [("smarte-ledere", 2)]


def test_planned_versus_realised_per_year(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(
        world,
        initiative,
        plan=[{"year": 2026, "value": 100000}, {"year": 2027, "value": 200000}],
    )
    measure(benefit, date(2025, 6, 1), "850")  # 0.25 of the target
    measure(benefit, date(2026, 6, 1), "700")  # 0.5

    points = selectors.planned_vs_realised(
        selectors.rows(selectors.filter_benefits(world.office, selectors.Filters()), TODAY)
    )

    # Realised = achievement × the plan's full yearly value (200 000).
    assert [(p.year, p.planned, p.realised) for p in points] == [
        (2025, Decimal(0), Decimal(50000)),
        (2026, Decimal(100000), Decimal(100000)),
        (2027, Decimal(200000), None),
    ]


def test_late_initiatives_are_those_realising_benefits_with_a_due_measurement(
    world: World,
) -> None:
    late = world.initiative(State.REALISING_BENEFITS, title="Sen")
    measure(make_benefit(world, late), TODAY - timedelta(days=365), "900")
    on_time = world.initiative(State.REALISING_BENEFITS, title="I rute")
    measure(make_benefit(world, on_time), TODAY - timedelta(days=30), "900")
    running = world.initiative(State.IN_PROGRESS, title="Pågår")
    measure(make_benefit(world, running), TODAY - timedelta(days=365), "900")

    entries = selectors.late_initiatives(
        selectors.rows(selectors.filter_benefits(world.office, selectors.Filters()), TODAY)
    )

    assert [e.initiative.title for e in entries] == ["Sen"]
    assert entries[0].due_since == selectors.add_months(TODAY - timedelta(days=365), 6)


def test_benefit_map_links_initiatives_to_benefits_to_goals(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative, goals=[world.goal_main, world.goal_plan])
    lonely = make_benefit(world, initiative, title="Uten mål", goals=[])

    table, graph = selectors.benefit_map(
        selectors.filter_benefits(world.office, selectors.Filters())
    )

    assert [(r.benefit, r.goals) for r in table] == [
        (benefit, [world.goal_main, world.goal_plan]),  # by order, then name
        (lonely, []),
    ]
    assert {n["kind"] for n in graph["nodes"]} == {"initiative", "benefit", "goal"}
    assert len(graph["nodes"]) == 1 + 2 + 2
    assert {"source": f"i{initiative.pk}", "target": f"b{benefit.pk}"} in graph["links"]
    assert {"source": f"b{benefit.pk}", "target": f"g{world.goal_main.pk}"} in graph["links"]
    assert len(graph["links"]) == 2 + 2


def _queries_for_rows(user: User) -> int:
    with CaptureQueriesContext(connection) as captured:
        table = selectors.rows(selectors.filter_benefits(user, selectors.Filters()), TODAY)
        selectors.summarise(table)
        selectors.planned_vs_realised(table)
        selectors.benefit_map([r.benefit for r in table])
    return len(captured.captured_queries)


def test_lists_cost_the_same_number_of_queries_whatever_the_rows(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(world, initiative)
    measure(benefit, date(2026, 6, 1), "700")
    user = world.employee
    selectors.visible_benefits(user).count()  # loads the user's roles once
    few = _queries_for_rows(user)

    for index in range(6):
        other = world.initiative(State.REALISING_BENEFITS, title=f"Flere {index}")
        extra = make_benefit(world, other, goals=[world.goal_main, world.goal_plan])
        measure(extra, date(2026, 5, 1), "800")
        measure(extra, date(2026, 6, 1), "700")
    selectors.visible_benefits(user).count()  # the new roles are loaded once again
    many = _queries_for_rows(user)

    assert few == many == 4
