"""Dependencies: what is refused (itself, duplicates, cycles, contradictions) and who may."""

from __future__ import annotations

import pytest

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.prioritization.models import Dependency
from veivalg.prioritization.selectors import dependencies_of
from veivalg.prioritization.services import dependency_add, dependency_remove


@pytest.fixture
def abc(world: World) -> list[Initiative]:
    return [world.initiative("in_analysis", title=t) for t in ("A", "B", "C")]


def test_office_adds_and_removes_a_dependency(world: World, abc: list[Initiative]) -> None:
    a, b, _c = abc

    dependency = dependency_add(
        actor=world.office, from_initiative=a, to_initiative=b, type="requires"
    )

    assert (dependency.from_initiative, dependency.to_initiative) == (a, b)
    assert list(dependencies_of(world.employee, b)) == [dependency]
    dependency_remove(actor=world.office, dependency=dependency)
    assert not Dependency.objects.exists()


def test_an_initiative_cannot_depend_on_itself(world: World, abc: list[Initiative]) -> None:
    with pytest.raises(ValidationFailed) as exc:
        dependency_add(
            actor=world.office, from_initiative=abc[0], to_initiative=abc[0], type="requires"
        )

    assert set(exc.value.errors) == {"to"}


def test_duplicates_are_refused_and_symmetric_types_count_both_ways(
    world: World, abc: list[Initiative]
) -> None:
    a, b, _c = abc
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="finish_to_start")
    dependency_add(actor=world.office, from_initiative=a, to_initiative=_c, type="together")

    with pytest.raises(ValidationFailed):
        dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")
    with pytest.raises(ValidationFailed) as exc:
        dependency_add(actor=world.office, from_initiative=_c, to_initiative=a, type="together")

    assert "finnes allerede" in exc.value.errors["to"][0]
    assert Dependency.objects.count() == 3


@pytest.mark.parametrize("kind", ["requires", "finish_to_start"])
def test_a_cycle_is_refused_with_a_clear_message(
    world: World, abc: list[Initiative], kind: str
) -> None:
    a, b, c = abc
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type=kind)
    dependency_add(actor=world.office, from_initiative=b, to_initiative=c, type=kind)

    with pytest.raises(ValidationFailed) as exc:
        dependency_add(actor=world.office, from_initiative=c, to_initiative=a, type=kind)

    assert "sirkel" in exc.value.errors["to"][0]
    assert Dependency.objects.count() == 2


def test_different_types_do_not_form_a_cycle(world: World, abc: list[Initiative]) -> None:
    a, b, _c = abc
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")

    reverse = dependency_add(
        actor=world.office, from_initiative=b, to_initiative=a, type="finish_to_start"
    )

    assert reverse.pk


def test_excludes_contradicting_requires_is_refused(world: World, abc: list[Initiative]) -> None:
    a, b, _c = abc
    dependency_add(actor=world.office, from_initiative=a, to_initiative=b, type="requires")

    with pytest.raises(ValidationFailed) as exc:
        dependency_add(actor=world.office, from_initiative=b, to_initiative=a, type="excludes")

    assert set(exc.value.errors) == {"type"}


def test_unknown_type_and_unknown_initiative_are_named(world: World, abc: list[Initiative]) -> None:
    with pytest.raises(ValidationFailed) as exc:
        dependency_add(
            actor=world.office, from_initiative=abc[0], to_initiative=999999, type="needs"
        )

    assert set(exc.value.errors) == {"type", "to"}


@pytest.mark.parametrize("person", ["employee", "director", "board_member", "outsider"])
def test_only_the_office_registers_dependencies(
    world: World, abc: list[Initiative], person: str
) -> None:
    with pytest.raises(NotAllowed):
        dependency_add(
            actor=getattr(world, person),
            from_initiative=abc[0],
            to_initiative=abc[1],
            type="requires",
        )

    assert not Dependency.objects.exists()


def test_dependencies_to_hidden_initiatives_are_not_listed(
    world: World, abc: list[Initiative]
) -> None:
    secret = world.initiative("in_analysis", title="Hemmelig", confidential=True)
    dependency_add(
        actor=world.office, from_initiative=abc[0], to_initiative=secret, type="requires"
    )

    assert list(dependencies_of(world.outsider, abc[0])) == []
    assert len(dependencies_of(world.office, abc[0])) == 1
