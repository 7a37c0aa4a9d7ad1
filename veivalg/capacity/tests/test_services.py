"""Capacity services: who may create competences and pools, set capacity and demand; every
validation rule; all or nothing; audit events."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from conftest import World
from veivalg.capacity import services
from veivalg.capacity.models import (
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.tests.conftest import q, set_capacity, set_demand
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import Initiative, State
from veivalg.org.roles import forget_roles


def errors_of(excinfo: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, list[str]]:
    return excinfo.value.errors


# --- who may ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "allowed"),
    [
        ("office", True),
        ("admin", True),
        ("director", False),
        ("other_director", False),
        ("portfolio_manager", False),
        ("employee", False),
        ("outsider", False),
    ],
)
def test_only_office_and_admin_manage_competences_and_pools(
    world: World, person: str, allowed: bool
) -> None:
    assert services.can_manage_capacity(getattr(world, person)) is allowed


@pytest.mark.parametrize(
    ("person", "unit_pool_ok", "portfolio_pool_ok"),
    [
        ("office", True, True),
        ("admin", True, True),
        ("director", True, False),
        ("other_director", False, False),
        ("portfolio_manager", False, True),
        ("employee", False, False),
        ("outsider", False, False),
    ],
)
def test_who_may_edit_which_pool(
    world: World,
    unit_pool: ResourcePool,
    portfolio_pool: ResourcePool,
    person: str,
    unit_pool_ok: bool,
    portfolio_pool_ok: bool,
) -> None:
    user = getattr(world, person)
    assert services.can_edit_pool(user, unit_pool) is unit_pool_ok
    assert services.can_edit_pool(user, portfolio_pool) is portfolio_pool_ok


@pytest.mark.parametrize(
    ("state", "person", "allowed"),
    [
        (State.DRAFT, "employee", True),  # the owner edits a draft
        (State.DRAFT, "office", True),
        (State.DRAFT, "admin", True),
        (State.DRAFT, "director", False),
        (State.DRAFT, "portfolio_manager", False),
        (State.DRAFT, "outsider", False),
        (State.IN_ANALYSIS, "office", True),
        (State.IN_ANALYSIS, "employee", False),
        (State.SUBMITTED, "office", True),
        (State.APPROVED, "project_owner", True),
        (State.IN_PROGRESS, "project_owner", True),
        (State.APPROVED, "employee", False),
        (State.SUBMITTED, "project_owner", False),
        (State.REALISING_BENEFITS, "project_owner", False),
        (State.CLOSED, "office", False),
        (State.REJECTED, "admin", False),
    ],
)
def test_who_may_edit_demand(world: World, state: str, person: str, allowed: bool) -> None:
    initiative = world.initiative(state)
    assert services.can_edit_demand(getattr(world, person), initiative) is allowed


def test_project_manager_may_edit_demand_of_an_approved_initiative(world: World) -> None:
    from veivalg.org.services import role_grant

    initiative = world.initiative(State.APPROVED)
    role_grant(actor=None, user=world.outsider, role="project_manager", scope=str(initiative.pk))
    forget_roles(world.outsider)
    assert services.can_edit_demand(world.outsider, initiative)


# --- competences --------------------------------------------------------------------------


def test_office_creates_a_competence_with_audit(world: World) -> None:
    competence = services.competence_create(
        actor=world.office,
        data={"slug": "arkitekt", "name": "Arkitekt", "description": "Virksomhetsarkitektur"},
    )
    assert Competence.objects.get(slug="arkitekt").description == "Virksomhetsarkitektur"
    event = AuditEvent.objects.get(verb="capacity.competence_create")
    assert event.object_id == str(competence.pk) and event.actor == world.office


@pytest.mark.parametrize("person", ["director", "portfolio_manager", "employee", "outsider"])
def test_others_may_not_create_competences(world: World, person: str) -> None:
    with pytest.raises(NotAllowed):
        services.competence_create(
            actor=getattr(world, person), data={"slug": "arkitekt", "name": "Arkitekt"}
        )
    assert not Competence.objects.exists()


def test_competence_slug_must_be_unique(world: World, developer: Competence) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.competence_create(
            actor=world.office, data={"slug": "utvikler", "name": "Ny utvikler"}
        )
    assert "allerede" in errors_of(exc)["slug"][0]


def test_competence_name_must_be_unique(world: World, developer: Competence) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.competence_create(actor=world.office, data={"slug": "dev", "name": "utvikler"})
    assert list(errors_of(exc)) == ["name"]


@pytest.mark.parametrize("slug", ["budget", "BUDGET"])
def test_competence_slug_budget_is_reserved(world: World, slug: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.competence_create(actor=world.office, data={"slug": slug, "name": "Budsjett"})
    assert "reservert" in errors_of(exc)["slug"][0]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"slug": "", "name": ""}, {"slug", "name"}),
        ({"slug": "med mellomrom", "name": "X"}, {"slug"}),
        ({"slug": "x" * 51, "name": "X"}, {"slug"}),
        ({"slug": "x", "name": "X" * 101}, {"name"}),
        ({"slug": "x", "name": "X", "colour": "red"}, {"colour"}),
        ({"slug": "x", "name": "X", "description": "d" * 4001}, {"description"}),
    ],
)
def test_competence_fields_are_validated(
    world: World, data: dict[str, Any], fields: set[str]
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.competence_create(actor=world.office, data=data)
    assert set(errors_of(exc)) == fields


# --- pools --------------------------------------------------------------------------------


def test_office_creates_a_unit_pool_and_a_portfolio_pool(
    world: World, developer: Competence
) -> None:
    unit_pool = services.pool_create(
        actor=world.office,
        data={"slug": "haug-dev", "name": "Haug", "competence": "utvikler", "unit": "haug-skole"},
    )
    portfolio_pool = services.pool_create(
        actor=world.admin,
        data={"slug": "digit-dev", "name": "DigIT", "competence": developer, "portfolio": "digit"},
    )
    assert unit_pool.unit == world.haug and unit_pool.portfolio is None
    assert portfolio_pool.portfolio == world.digit and portfolio_pool.unit is None
    assert AuditEvent.objects.filter(verb="capacity.pool_create").count() == 2


def test_director_may_not_create_a_pool(world: World, developer: Competence) -> None:
    with pytest.raises(NotAllowed):
        services.pool_create(
            actor=world.director,
            data={"slug": "p", "name": "P", "competence": "utvikler", "unit": "haug-skole"},
        )


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"unit": "haug-skole", "portfolio": "digit"}, {"unit", "portfolio"}),
        ({}, {"unit", "portfolio"}),
        ({"unit": "finnes-ikke"}, {"unit"}),
        ({"portfolio": "finnes-ikke"}, {"portfolio"}),
        ({"unit": "haug-skole", "competence": "finnes-ikke"}, {"competence"}),
        ({"unit": "haug-skole", "competence": ""}, {"competence"}),
        ({"unit": "haug-skole", "slug": "budget"}, {"slug"}),
        ({"unit": "haug-skole", "slug": "haug-utviklere"}, {"slug"}),
        ({"unit": "haug-skole", "name": ""}, {"name"}),
    ],
)
def test_pool_fields_are_validated(
    world: World,
    unit_pool: ResourcePool,
    overrides: dict[str, Any],
    fields: set[str],
) -> None:
    data = {"slug": "ny-pool", "name": "Ny pool", "competence": "utvikler", **overrides}
    with pytest.raises(ValidationFailed) as exc:
        services.pool_create(actor=world.office, data=data)
    assert set(errors_of(exc)) == fields
    assert ResourcePool.objects.count() == 1


def test_pool_messages_are_norwegian_and_name_the_slug(world: World, developer: Competence) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.pool_create(
            actor=world.office,
            data={"slug": "p", "name": "P", "competence": "utvikler", "unit": "nowhere"},
        )
    assert errors_of(exc)["unit"] == ["Enheten «nowhere» finnes ikke."]


# --- capacity -----------------------------------------------------------------------------


def row(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pool": "haug-utviklere",
        "quarter": "2027Q1",
        "fte": 6,
        "operations_fte": 2,
    }
    data.update(overrides)
    return data


def test_capacity_set_creates_and_updates_with_audit(world: World, unit_pool: ResourcePool) -> None:
    stored = services.capacity_set(
        actor=world.director, rows=[row(), row(quarter="2027Q2", fte="7,5", operations_fte=None)]
    )
    assert [(c.quarter, c.fte, c.operations_fte) for c in stored] == [
        (q("2027Q1"), Decimal("6.00"), Decimal("2.00")),
        (q("2027Q2"), Decimal("7.50"), Decimal("0.00")),
    ]
    services.capacity_set(actor=world.office, rows=[row(fte=8)])
    capacity = PoolCapacity.objects.get(pool=unit_pool, quarter=q("2027Q1"))
    assert capacity.fte == Decimal(8) and capacity.available == Decimal(6)
    assert capacity.updated_by == world.office
    assert PoolCapacity.objects.count() == 2
    events = AuditEvent.objects.filter(verb="capacity.capacity_set").order_by("id")
    assert events.count() == 3
    assert events.last().data["before"] == {"fte": "6.00", "operations_fte": "2.00"}  # type: ignore[union-attr]


def test_operations_share_defaults_to_zero(world: World, unit_pool: ResourcePool) -> None:
    [capacity] = services.capacity_set(
        actor=world.office, rows=[{"pool": "haug-utviklere", "quarter": "2027Q1", "fte": 3}]
    )
    assert capacity.operations_fte == 0


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"pool": "finnes-ikke"}, "pool", "finnes ikke"),
        ({"pool": ""}, "pool", "Oppgi"),
        ({"quarter": "2027Q5"}, "quarter", "kvartal"),
        ({"quarter": "1999Q1"}, "quarter", "året"),
        ({"quarter": None}, "quarter", "Oppgi"),
        ({"fte": -1}, "fte", "≥ 0"),
        ({"fte": "mange"}, "fte", "≥ 0"),
        ({"fte": True}, "fte", "≥ 0"),
        ({"fte": float("nan")}, "fte", "≥ 0"),
        ({"fte": 10001}, "fte", "høyst"),
        ({"operations_fte": -0.5}, "operations_fte", "≥ 0"),
        ({"operations_fte": 7}, "operations_fte", "større enn kapasiteten"),
        ({"extra": 1}, "extra", "Ukjent"),
    ],
)
def test_each_capacity_rule(
    world: World,
    unit_pool: ResourcePool,
    overrides: dict[str, Any],
    field: str,
    fragment: str,
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.capacity_set(
            actor=world.office, rows=[row(), row(**{"quarter": "2027Q2", **overrides})]
        )
    errors = errors_of(exc)
    assert list(errors) == [f"rows[1].{field}"]
    assert fragment in errors[f"rows[1].{field}"][0]
    assert not PoolCapacity.objects.exists()  # the good row 0 was not stored either


def test_capacity_limits_are_inclusive(world: World, unit_pool: ResourcePool) -> None:
    services.capacity_set(
        actor=world.office,
        rows=[row(fte=10000, operations_fte=10000), row(quarter="2027Q2", fte=0, operations_fte=0)],
    )
    assert PoolCapacity.objects.count() == 2


def test_duplicate_pool_and_quarter_in_one_request(world: World, unit_pool: ResourcePool) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.capacity_set(actor=world.office, rows=[row(), row(fte=3)])
    assert errors_of(exc) == {
        "rows[1].quarter": ["haug-utviklere 2027Q1 står to ganger (også i rows[0])."]
    }


def test_all_errors_are_reported_at_once(world: World, unit_pool: ResourcePool) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.capacity_set(
            actor=world.office,
            rows=[row(fte=-1), row(quarter="x"), row(pool="nope", quarter="2027Q3")],
        )
    assert set(errors_of(exc)) == {"rows[0].fte", "rows[1].quarter", "rows[2].pool"}


def test_director_may_not_set_another_directorates_pool(
    world: World, unit_pool: ResourcePool, other_pool: ResourcePool
) -> None:
    with pytest.raises(NotAllowed) as exc:
        services.capacity_set(
            actor=world.director,
            rows=[row(), row(pool="sykehjem-design")],
        )
    assert "sykehjem-design" in exc.value.message
    assert not PoolCapacity.objects.exists()


@pytest.mark.parametrize("person", ["employee", "outsider", "board_member"])
def test_people_without_a_capacity_role_may_not_set_capacity(
    world: World, unit_pool: ResourcePool, person: str
) -> None:
    with pytest.raises(NotAllowed):
        services.capacity_set(actor=getattr(world, person), rows=[row()])


def test_portfolio_manager_sets_the_portfolio_pool(
    world: World, portfolio_pool: ResourcePool, unit_pool: ResourcePool
) -> None:
    services.capacity_set(actor=world.portfolio_manager, rows=[row(pool="digit-utviklere")])
    with pytest.raises(NotAllowed):
        services.capacity_set(actor=world.portfolio_manager, rows=[row()])
    assert PoolCapacity.objects.get().pool == portfolio_pool


# --- demand -------------------------------------------------------------------------------


def demand(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "earliest_start": "2027Q1",
        "latest_start": "2027Q3",
        "rows": [
            {"competence": "utvikler", "offset": 0, "fte": 1.5},
            {"competence": "utvikler", "offset": 1, "fte": 2},
            {"competence": "tjenestedesigner", "offset": 0, "fte": "0,5"},
        ],
    }
    data.update(overrides)
    return data


def test_demand_set_replaces_window_and_rows_and_demand_get_reads_them(
    world: World, developer: Competence, designer: Competence
) -> None:
    initiative = world.initiative()
    set_demand(initiative, "2026Q1", [(developer, 5, "9")])
    services.demand_set(actor=world.employee, initiative=initiative, data=demand())
    assert services.demand_get(initiative) == {
        "earliest_start": "2027Q1",
        "latest_start": "2027Q3",
        "rows": [
            {"competence": "tjenestedesigner", "offset": 0, "fte": 0.5},
            {"competence": "utvikler", "offset": 0, "fte": 1.5},
            {"competence": "utvikler", "offset": 1, "fte": 2.0},
        ],
    }
    event = AuditEvent.objects.get(verb="capacity.demand_set")
    assert event.object_id == str(initiative.pk)
    assert event.data["before"]["rows"] == [{"competence": "utvikler", "offset": 5, "fte": 9.0}]


def test_demand_get_without_any_demand(world: World) -> None:
    assert services.demand_get(world.initiative()) == {
        "earliest_start": None,
        "latest_start": None,
        "rows": [],
    }


def test_demand_can_be_cleared(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    set_demand(initiative, "2027Q1", [(developer, 0, "1")])
    services.demand_set(
        actor=world.office,
        initiative=initiative,
        data={"earliest_start": None, "latest_start": None, "rows": []},
    )
    assert not DemandRow.objects.exists()
    assert DemandPlan.objects.get().earliest_start is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latest_start": None}, "latest_start"),
        ({"earliest_start": ""}, "earliest_start"),
        ({"earliest_start": "2027Q4"}, "latest_start"),
        ({"earliest_start": "neste år"}, "earliest_start"),
        ({"earliest_start": None, "latest_start": None}, "earliest_start"),
        ({"rows": [{"competence": "rørlegger", "offset": 0, "fte": 1}]}, "rows[0].competence"),
        ({"rows": [{"competence": "utvikler", "offset": 40, "fte": 1}]}, "rows[0].offset"),
        ({"rows": [{"competence": "utvikler", "offset": -1, "fte": 1}]}, "rows[0].offset"),
        ({"rows": [{"competence": "utvikler", "offset": 1.5, "fte": 1}]}, "rows[0].offset"),
        ({"rows": [{"competence": "utvikler", "offset": 0, "fte": 0}]}, "rows[0].fte"),
        ({"rows": [{"competence": "utvikler", "offset": 0, "fte": 100.01}]}, "rows[0].fte"),
        ({"rows": [{"competence": "utvikler", "offset": 0, "fte": "x"}]}, "rows[0].fte"),
        ({"rows": [{"competence": "utvikler", "offset": 0, "fte": 0.001}]}, "rows[0].fte"),
        (
            {
                "rows": [
                    {"competence": "utvikler", "offset": 2, "fte": 1},
                    {"competence": "utvikler", "offset": 2, "fte": 3},
                ]
            },
            "rows[1].offset",
        ),
        ({"rows": [{"competence": "utvikler", "offset": 0, "fte": 1, "x": 1}]}, "rows[0].x"),
        ({"comment": "hei"}, "comment"),
    ],
)
def test_each_demand_rule(
    world: World,
    developer: Competence,
    designer: Competence,
    overrides: dict[str, Any],
    field: str,
) -> None:
    initiative = world.initiative()
    set_demand(initiative, "2026Q2", [(designer, 3, "4")])
    with pytest.raises(ValidationFailed) as exc:
        services.demand_set(actor=world.employee, initiative=initiative, data=demand(**overrides))
    assert field in errors_of(exc), errors_of(exc)
    # the stored demand is untouched
    assert services.demand_get(initiative)["rows"] == [
        {"competence": "tjenestedesigner", "offset": 3, "fte": 4.0}
    ]
    assert DemandPlan.objects.get().earliest_start == q("2026Q2")


def test_demand_limits_are_inclusive(world: World, developer: Competence) -> None:
    initiative = world.initiative()
    services.demand_set(
        actor=world.employee,
        initiative=initiative,
        data=demand(
            earliest_start="2027Q2",
            latest_start="2027Q2",
            rows=[
                {"competence": "utvikler", "offset": 39, "fte": 100},
                {"competence": "utvikler", "offset": 0, "fte": 0.01},
            ],
        ),
    )
    assert DemandRow.objects.count() == 2


def test_a_window_without_rows_is_allowed(world: World) -> None:
    initiative = world.initiative()
    services.demand_set(actor=world.employee, initiative=initiative, data=demand(rows=[]))
    assert DemandPlan.objects.get().latest_start == q("2027Q3")


@pytest.mark.parametrize(
    ("state", "person"),
    [
        (State.DRAFT, "outsider"),
        (State.DRAFT, "director"),
        (State.APPROVED, "employee"),
        (State.CLOSED, "office"),
    ],
)
def test_demand_set_is_refused_and_nothing_changes(
    world: World, developer: Competence, designer: Competence, state: str, person: str
) -> None:
    initiative = world.initiative(state)
    with pytest.raises(NotAllowed):
        services.demand_set(actor=getattr(world, person), initiative=initiative, data=demand())
    assert not DemandRow.objects.exists() and not DemandPlan.objects.exists()


def test_project_owner_sets_demand_of_an_in_progress_initiative(
    world: World, developer: Competence, designer: Competence
) -> None:
    initiative = world.initiative(State.IN_PROGRESS)
    services.demand_set(actor=world.project_owner, initiative=initiative, data=demand())
    assert DemandRow.objects.filter(initiative=initiative).count() == 3


def test_demand_set_rechecks_the_stored_state(
    world: World, developer: Competence, designer: Competence
) -> None:
    """A stale object in memory does not let the owner edit after the draft was submitted."""
    initiative = world.initiative()
    Initiative.objects.filter(pk=initiative.pk).update(state=State.SUBMITTED)
    with pytest.raises(NotAllowed):
        services.demand_set(actor=world.employee, initiative=initiative, data=demand())


def test_fte_is_rounded_to_hundredths(world: World, unit_pool: ResourcePool) -> None:
    [capacity] = services.capacity_set(
        actor=world.office, rows=[row(fte="6.666", operations_fte="1.005")]
    )
    assert capacity.fte == Decimal("6.67") and capacity.operations_fte == Decimal("1.01")


def test_operations_message_uses_norwegian_numbers(world: World, unit_pool: ResourcePool) -> None:
    set_capacity(unit_pool, "2027Q2", "1")
    with pytest.raises(ValidationFailed) as exc:
        services.capacity_set(actor=world.office, rows=[row(fte="2.5", operations_fte=3)])
    assert errors_of(exc)["rows[0].operations_fte"] == [
        "Driftsandelen (3) kan ikke være større enn kapasiteten (2,5)."
    ]
