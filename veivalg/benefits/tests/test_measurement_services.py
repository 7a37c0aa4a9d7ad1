"""Measurements and the business-case settings: who may record them, what is checked."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import World
from veivalg.benefits import selectors
from veivalg.benefits.models import BusinessCaseSettings, Measurement
from veivalg.benefits.services import business_case_settings_set, measurement_record
from veivalg.benefits.tests.conftest import make_benefit
from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import State


def _entry(value: str = "700", day: date | None = None) -> dict[str, object]:
    return {"date": day or date(2026, 6, 1), "value": value, "comment": "Telling i juni."}


@pytest.mark.parametrize("person", ["benefit_owner", "employee", "office"])
def test_owner_responsible_and_office_record_measurements(world: World, person: str) -> None:
    # make_benefit: owner = benefit_owner, responsible = employee
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    measurement = measurement_record(actor=getattr(world, person), benefit=benefit, data=_entry())

    assert measurement.value == Decimal(700)
    assert measurement.recorded_by == getattr(world, person)
    assert measurement.comment == "Telling i juni."
    event = AuditEvent.objects.get(verb="benefit.measure")
    assert event.data["value"] == "700.00" and event.data["date"] == "2026-06-01"


@pytest.mark.parametrize(
    "person", ["outsider", "project_owner", "director", "board_member", "portfolio_manager"]
)
def test_others_may_not_record_measurements(world: World, person: str) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    with pytest.raises(NotAllowed):
        measurement_record(actor=getattr(world, person), benefit=benefit, data=_entry())

    assert not Measurement.objects.exists()


def test_benefit_owner_of_another_benefit_may_not_measure_this_one(world: World) -> None:
    initiative = world.initiative(State.REALISING_BENEFITS)
    benefit = make_benefit(world, initiative, owner=world.outsider, responsible=None)
    make_benefit(world, initiative, title="Den andre")  # benefit_owner owns this one

    with pytest.raises(NotAllowed):
        measurement_record(actor=world.benefit_owner, benefit=benefit, data=_entry())


def test_the_measurement_answers_with_the_new_achievement(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    measurement_record(actor=world.benefit_owner, benefit=benefit, data=_entry("700"))

    fresh = selectors.benefit_for_user(world.benefit_owner, benefit.pk)
    # (700 − 1000) / (400 − 1000) = 0.5
    assert selectors.status_of(fresh).achievement == Decimal("0.5")


def test_a_measurement_in_the_future_is_refused(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationFailed) as raised:
        measurement_record(actor=world.benefit_owner, benefit=benefit, data=_entry(day=tomorrow))

    assert list(raised.value.errors) == ["date"]


def test_missing_and_invalid_values_are_named(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS))

    with pytest.raises(ValidationFailed) as raised:
        measurement_record(
            actor=world.benefit_owner,
            benefit=benefit,
            data={"date": "31.02.2026", "value": "mye", "comment": "x" * 2001},
        )

    assert set(raised.value.errors) == {"date", "value", "comment"}
    assert not Measurement.objects.exists()


def test_a_benefit_without_indicator_cannot_be_measured(world: World) -> None:
    benefit = make_benefit(world, world.initiative(State.REALISING_BENEFITS), indicator=None)

    with pytest.raises(InvalidTransition) as raised:
        measurement_record(actor=world.benefit_owner, benefit=benefit, data=_entry())

    assert raised.value.code == "no_indicator"


def test_benefits_of_a_merged_initiative_are_not_followed(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    benefit = make_benefit(world, initiative)
    survivor = world.initiative(State.IN_ANALYSIS, title="Overlevende")
    initiative.state, initiative.merged_into = State.MERGED, survivor
    initiative.save()

    with pytest.raises(InvalidTransition) as raised:
        measurement_record(actor=world.benefit_owner, benefit=benefit, data=_entry())

    assert raised.value.code == "benefit_not_followed"


# --- business-case settings ---------------------------------------------------------------


def test_office_overrides_the_rates_with_a_reason(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    settings = business_case_settings_set(
        actor=world.office,
        initiative=initiative,
        data={
            "discount_rate": Decimal("0.035"),
            "tax_cost_rate": "0,2",
            "period_years": "15",
            "first_year": None,
            "reason": "Lang levetid for bygg.",
        },
    )

    assert settings.discount_rate == Decimal("0.0350")
    assert settings.period_years == 15
    case = selectors.business_case(initiative).case
    assert case.parameters.discount_rate == Decimal("0.0350")
    assert len(case.years) == 15
    event = AuditEvent.objects.get(verb="business_case.settings")
    assert event.data["reason"] == "Lang levetid for bygg."
    assert event.data["before"] is None
    assert event.data["after"]["discount_rate"] == "0.0350"


def test_changing_the_settings_again_records_before_and_after(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    data = {"discount_rate": Decimal("0.03"), "reason": "Første."}
    business_case_settings_set(actor=world.office, initiative=initiative, data=data)

    business_case_settings_set(
        actor=world.office, initiative=initiative, data={"reason": "Tilbake til standard."}
    )

    assert BusinessCaseSettings.objects.get().discount_rate is None
    last = AuditEvent.objects.filter(verb="business_case.settings").order_by("-id").first()
    assert last is not None and last.data["before"]["discount_rate"] == "0.0300"
    assert selectors.business_case(initiative).case.parameters.discount_rate == Decimal("0.04")


@pytest.mark.parametrize("person", ["employee", "director", "board_member", "benefit_owner"])
def test_only_the_office_changes_the_settings(world: World, person: str) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    with pytest.raises(NotAllowed):
        business_case_settings_set(
            actor=getattr(world, person),
            initiative=initiative,
            data={"discount_rate": "0.1", "reason": "Fordi."},
        )

    assert not BusinessCaseSettings.objects.exists()


def test_settings_need_a_reason_and_sensible_values(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)

    with pytest.raises(ValidationFailed) as raised:
        business_case_settings_set(
            actor=world.office,
            initiative=initiative,
            data={
                "discount_rate": "0.5",
                "tax_cost_rate": "-0.1",
                "period_years": "0",
                "first_year": "1990",
                "reason": " ",
            },
        )

    assert set(raised.value.errors) == {
        "discount_rate",
        "tax_cost_rate",
        "period_years",
        "first_year",
        "reason",
    }
    assert not BusinessCaseSettings.objects.exists()
