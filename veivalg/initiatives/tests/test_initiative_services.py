"""Creating and editing initiatives: validation, all-or-nothing writes, who may edit."""

from __future__ import annotations

import pytest

from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.core.models import AuditEvent
from veivalg.initiatives.models import Initiative, InitiativeCost, State, Transition
from veivalg.initiatives.services import (
    initiative_assign_role,
    initiative_comment,
    initiative_create,
    initiative_update,
    resolve_references,
)
from veivalg.org.roles import roles_of


def test_create_stores_everything_and_starts_in_draft(world) -> None:
    initiative = initiative_create(actor=world.employee, data=world.initiative_data())
    assert initiative.state == State.DRAFT
    assert initiative.owner == world.employee
    assert initiative.board == world.board
    assert list(initiative.contributing_portfolios.all()) == [world.digit]
    assert list(initiative.goals.all()) == [world.goal_main]
    cost = initiative.costs.get()
    assert (cost.year, cost.investment, cost.operating) == (2027, 250000, 40000)
    assert Transition.objects.get(initiative=initiative).action == "create"
    assert AuditEvent.objects.filter(
        verb="initiative.create", object_id=str(initiative.pk)
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"need": ""}, "need"),
        ({"unit": None}, "unit"),
        ({"work_type": "hobby"}, "work_type"),
        ({"politically_mandated": True, "political_reference": " "}, "political_reference"),
        ({"costs": [{"year": 2027, "investment": -1, "operating": 0}]}, "costs[0].investment"),
        ({"costs": [{"year": 1999, "investment": 1, "operating": 0}]}, "costs[0].year"),
        ({"costs": [{"year": "x", "investment": 1, "operating": 0}]}, "costs[0].year"),
        ({"costs": [{"year": 2027, "investment": "mye", "operating": 0}]}, "costs[0].investment"),
        (
            {
                "costs": [
                    {"year": 2027, "investment": 1, "operating": 0},
                    {"year": 2027, "investment": 2, "operating": 0},
                ]
            },
            "costs[1].year",
        ),
        ({"contributing_portfolios": "primary"}, "contributing_portfolios"),
    ],
)
def test_invalid_input_names_the_field_and_stores_nothing(world, overrides, field) -> None:
    if overrides.get("contributing_portfolios") == "primary":
        overrides = {"contributing_portfolios": [world.su]}
    with pytest.raises(ValidationFailed) as exc:
        initiative_create(actor=world.employee, data=world.initiative_data(**overrides))
    assert field in exc.value.errors
    assert Initiative.objects.count() == 0
    assert InitiativeCost.objects.count() == 0
    assert Transition.objects.count() == 0


def test_all_errors_are_reported_together(world) -> None:
    with pytest.raises(ValidationFailed) as exc:
        initiative_create(
            actor=world.employee,
            data=world.initiative_data(title="", politically_mandated=True, political_reference=""),
        )
    assert {"title", "political_reference"} <= set(exc.value.errors)


def test_resolve_references_names_unknown_slugs(world) -> None:
    with pytest.raises(ValidationFailed) as exc:
        resolve_references(
            {"unit": "finnes-ikke", "goals": ["gode-tjenester", "nei"], "program": None}
        )
    assert set(exc.value.errors) == {"unit", "goals"}
    data = resolve_references({"unit": "haug-skole", "program": None, "goals": ["gode-tjenester"]})
    assert (
        data["unit"] == world.haug
        and data["program"] is None
        and data["goals"] == [world.goal_main]
    )


def test_owner_edits_draft(world) -> None:
    initiative = world.initiative()
    initiative_update(
        actor=world.employee,
        initiative=initiative,
        data={"title": "Ny tittel", "costs": [{"year": 2028, "investment": 5, "operating": 6}]},
    )
    initiative.refresh_from_db()
    assert initiative.title == "Ny tittel"
    assert [(c.year, c.total) for c in initiative.costs.all()] == [(2028, 11)]


def test_failed_edit_changes_nothing(world) -> None:
    initiative = world.initiative()
    with pytest.raises(ValidationFailed):
        initiative_update(
            actor=world.employee,
            initiative=initiative,
            data={"title": "Endret", "costs": [{"year": 2028, "investment": -5, "operating": 0}]},
        )
    initiative.refresh_from_db()
    assert initiative.title == "Lederutvikling ved Haug skole"
    assert [c.year for c in initiative.costs.all()] == [2027]


@pytest.mark.parametrize("person", ["director", "office", "outsider", "admin", "portfolio_manager"])
def test_only_owner_edits_a_draft(world, person) -> None:
    initiative = world.initiative()
    with pytest.raises(NotAllowed):
        initiative_update(actor=getattr(world, person), initiative=initiative, data={"title": "x"})


def test_office_edits_in_analysis_but_owner_does_not(world) -> None:
    initiative = world.initiative(State.IN_ANALYSIS)
    initiative_update(actor=world.office, initiative=initiative, data={"summary": "Presisert"})
    with pytest.raises(NotAllowed):
        initiative_update(actor=world.employee, initiative=initiative, data={"summary": "x"})


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.READY_FOR_DECISION, State.APPROVED, State.CLOSED]
)
def test_nobody_edits_outside_draft_and_analysis(world, state) -> None:
    initiative = world.initiative(state)
    for person in (world.employee, world.office):
        with pytest.raises(InvalidTransition):
            initiative_update(actor=person, initiative=initiative, data={"title": "x"})


def test_comment_is_stored_and_empty_refused(world) -> None:
    initiative = world.initiative()
    comment = initiative_comment(actor=world.outsider, initiative=initiative, body=" Godt forslag ")
    assert comment.body == "Godt forslag"
    with pytest.raises(ValidationFailed):
        initiative_comment(actor=world.outsider, initiative=initiative, body="   ")
    assert initiative.comments.count() == 1


def test_office_names_project_owner_and_others_cannot(world) -> None:
    initiative = world.initiative(State.APPROVED)
    initiative_assign_role(
        actor=world.office, initiative=initiative, user=world.outsider, role="project_owner"
    )
    assert roles_of(world.outsider).on_initiative("project_owner", initiative.pk)
    with pytest.raises(NotAllowed):
        initiative_assign_role(
            actor=world.director, initiative=initiative, user=world.director, role="project_owner"
        )
