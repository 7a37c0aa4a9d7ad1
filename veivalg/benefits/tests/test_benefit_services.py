"""Registering, changing and deleting benefits: who may, what is checked, what is stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.benefits.models import Benefit, PlanValue
from veivalg.benefits.services import benefit_create, benefit_delete, benefit_update
from veivalg.benefits.tests.conftest import benefit_data, make_benefit, measure
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import State
from veivalg.org.models import RoleAssignment
from veivalg.org.roles import roles_of


def test_owner_registers_a_benefit_on_a_draft(world: World, data: dict[str, Any]) -> None:
    initiative = world.initiative()

    benefit = benefit_create(actor=world.employee, initiative=initiative, data=data)

    benefit.refresh_from_db()
    assert benefit.initiative == initiative
    assert benefit.category == "budget_releasing"
    assert (benefit.indicator_unit, benefit.baseline, benefit.target) == (
        "hours",
        Decimal(1000),
        Decimal(400),
    )
    assert (benefit.baseline_date, benefit.target_date) == (date(2026, 1, 1), date(2028, 12, 31))
    assert list(benefit.goals.all()) == [world.goal_main]
    assert list(benefit.plan.values_list("year", "value")) == [
        (2028, Decimal(300000)),
        (2029, Decimal(300000)),
    ]
    event = AuditEvent.objects.get(verb="benefit.create")
    assert event.actor == world.employee and event.object_id == str(benefit.pk)


def test_owner_and_responsible_get_their_scoped_roles(world: World) -> None:
    initiative = world.initiative()
    data = benefit_data(world, owner=world.outsider, responsible=world.other_director)

    benefit_create(actor=world.employee, initiative=initiative, data=data)

    assert roles_of(world.outsider).on_initiative("benefit_owner", initiative.pk)
    assert RoleAssignment.objects.filter(
        user=world.other_director, role="benefit_responsible", initiative=initiative
    ).exists()


@pytest.mark.parametrize(
    ("state", "person"),
    [
        (State.DRAFT, "employee"),  # the initiative's owner
        (State.IN_ANALYSIS, "employee"),
        (State.IN_ANALYSIS, "office"),
        (State.APPROVED, "office"),
        (State.REALISING_BENEFITS, "office"),
    ],
)
def test_who_may_register_benefits(world: World, state: str, person: str) -> None:
    initiative = world.initiative(state)

    benefit = benefit_create(
        actor=getattr(world, person), initiative=initiative, data=benefit_data(world)
    )

    assert benefit.pk is not None


@pytest.mark.parametrize(
    "person", ["outsider", "director", "portfolio_manager", "board_member", "benefit_owner"]
)
def test_others_may_not_register_benefits(world: World, person: str) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    with pytest.raises(NotAllowed):
        benefit_create(
            actor=getattr(world, person), initiative=initiative, data=benefit_data(world)
        )

    assert not Benefit.objects.exists()


@pytest.mark.parametrize(
    ("state", "person"),
    [
        (State.SUBMITTED, "employee"),
        (State.APPROVED, "employee"),
        (State.CLOSED, "office"),
        (State.MERGED, "office"),
    ],
)
def test_benefits_are_locked_in_other_states(world: World, state: str, person: str) -> None:
    initiative = world.initiative(state)

    with pytest.raises(InvalidTransition) as raised:
        benefit_create(
            actor=getattr(world, person), initiative=initiative, data=benefit_data(world)
        )

    assert raised.value.code == "benefits_locked"
    assert not Benefit.objects.exists()


def test_all_errors_are_reported_at_once_with_field_names(world: World) -> None:
    initiative = world.initiative()
    data = benefit_data(
        world,
        title="  ",
        category="budget_releasing",
        indicator={
            "unit": "litres",
            "baseline": "abc",
            "baseline_date": "2027-01-01",
            "target": "5",
            "target_date": "2026-01-01",
        },
        plan=[{"year": 1999, "value": 5}, {"year": 2028, "value": -1}],
        effect=2,
    )

    with pytest.raises(ValidationFailed) as raised:
        benefit_create(actor=world.employee, initiative=initiative, data=data)

    assert set(raised.value.errors) == {
        "title",
        "indicator.unit",
        "indicator.baseline",
        "indicator.target_date",
        "plan[0].year",
        "plan[1].value",
        "effect",
    }
    assert not Benefit.objects.exists()


def test_target_must_differ_from_baseline(world: World) -> None:
    initiative = world.initiative()
    indicator = {
        "unit": "percent",
        "baseline": "40",
        "baseline_date": "2026-01-01",
        "target": "40,0",
        "target_date": "2027-01-01",
    }

    with pytest.raises(ValidationFailed) as raised:
        benefit_create(
            actor=world.employee,
            initiative=initiative,
            data=benefit_data(world, indicator=indicator),
        )

    assert list(raised.value.errors) == ["indicator.target"]


def test_non_priced_effect_needs_a_plus_minus_rating(world: World) -> None:
    initiative = world.initiative()

    with pytest.raises(ValidationFailed) as raised:
        benefit_create(
            actor=world.employee,
            initiative=initiative,
            data=benefit_data(world, category="non_priced", effect=None),
        )
    assert list(raised.value.errors) == ["effect"]

    with pytest.raises(ValidationFailed) as raised:
        benefit_create(
            actor=world.employee,
            initiative=initiative,
            data=benefit_data(world, category="non_priced", effect=5),
        )
    assert list(raised.value.errors) == ["effect"]


def test_non_priced_plan_keeps_decimals_and_priced_plan_is_whole_kroner(world: World) -> None:
    initiative = world.initiative()
    non_priced = benefit_create(
        actor=world.employee,
        initiative=initiative,
        data=benefit_data(
            world,
            category="non_priced",
            effect=2,
            plan=[{"year": 2028, "value": "12,5"}],
        ),
    )
    priced = benefit_create(
        actor=world.employee,
        initiative=initiative,
        data=benefit_data(world, plan=[{"year": 2028, "value": "1 000 000,40"}]),
    )

    assert non_priced.plan.get().value == Decimal("12.50")
    assert priced.plan.get().value == Decimal(1_000_000)


def test_a_benefit_without_indicator_is_allowed(world: World) -> None:
    initiative = world.initiative()

    benefit = benefit_create(
        actor=world.employee, initiative=initiative, data=benefit_data(world, indicator=None)
    )

    assert not benefit.has_indicator and benefit.baseline is None


def test_unknown_fields_are_refused(world: World) -> None:
    initiative = world.initiative()

    with pytest.raises(ValidationFailed) as raised:
        benefit_create(
            actor=world.employee, initiative=initiative, data={**benefit_data(world), "x": 1}
        )

    assert list(raised.value.errors) == ["x"]


def test_update_changes_only_the_given_fields_and_is_audited(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    benefit_update(
        actor=world.office,
        benefit=benefit,
        data={"title": "Ny tittel", "plan": [{"year": 2030, "value": 10}]},
    )

    benefit.refresh_from_db()
    assert benefit.title == "Ny tittel"
    assert benefit.indicator_unit == "hours"
    assert list(benefit.plan.values_list("year", flat=True)) == [2030]
    event = AuditEvent.objects.get(verb="benefit.update")
    assert event.data["changed"]["title"] == ["Mindre tid på manuell registrering", "Ny tittel"]
    assert event.data["changed"]["plan"] == "changed"


def test_invalid_update_stores_nothing(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    with pytest.raises(ValidationFailed):
        benefit_update(
            actor=world.office,
            benefit=benefit,
            data={"title": "Endret", "plan": [{"year": "x", "value": 1}]},
        )

    benefit.refresh_from_db()
    assert benefit.title == "Mindre tid på manuell registrering"
    assert PlanValue.objects.filter(benefit=benefit).count() == 2


def test_changing_to_non_priced_requires_the_rating_in_the_same_change(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    with pytest.raises(ValidationFailed) as raised:
        benefit_update(actor=world.office, benefit=benefit, data={"category": "non_priced"})
    assert list(raised.value.errors) == ["effect"]

    benefit_update(
        actor=world.office, benefit=benefit, data={"category": "non_priced", "effect": -1}
    )
    benefit.refresh_from_db()
    assert (benefit.category, benefit.effect) == ("non_priced", -1)


def test_removing_the_indicator_clears_it(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    benefit_update(actor=world.office, benefit=benefit, data={"indicator": None})

    benefit.refresh_from_db()
    assert benefit.indicator_unit == "" and benefit.target is None


def test_the_owner_may_not_change_benefits_after_submitting(world: World) -> None:
    initiative = world.initiative()
    benefit = benefit_create(actor=world.employee, initiative=initiative, data=benefit_data(world))
    initiative.state = State.SUBMITTED
    initiative.save()

    with pytest.raises(InvalidTransition):
        benefit_update(actor=world.employee, benefit=benefit, data={"title": "Nei"})


def test_delete_removes_a_benefit_and_audits_it(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    benefit_delete(actor=world.office, benefit=benefit)

    assert not Benefit.objects.exists()
    event = AuditEvent.objects.get(verb="benefit.delete")
    assert event.data["title"] == "Mindre tid på manuell registrering"


def test_a_measured_benefit_cannot_be_deleted(world: World) -> None:
    initiative = world.initiative(State.IN_PROGRESS)
    benefit = make_benefit(world, initiative)
    measure(benefit, date(2026, 6, 1), "900")

    with pytest.raises(InvalidTransition) as raised:
        benefit_delete(actor=world.office, benefit=benefit)

    assert raised.value.code == "benefit_has_measurements"
    assert Benefit.objects.filter(pk=benefit.pk).exists()


def test_outsider_may_not_delete(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)

    with pytest.raises(NotAllowed):
        benefit_delete(actor=world.outsider, benefit=benefit)

    assert Benefit.objects.filter(pk=benefit.pk).exists()
