"""Routing rules: each kind, their order, cross-cutting to the overall board, the default."""

from __future__ import annotations

import pytest

from conftest import World
from veivalg.core.audit import AuditEvent
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.governance.models import Routing, RoutingRule, RuleKind
from veivalg.governance.routing import route
from veivalg.governance.selectors import board_reason
from veivalg.governance.services import (
    initiative_route,
    routing_apply_all,
    routing_rule_create,
    routing_rule_delete,
)
from veivalg.initiatives.models import State
from veivalg.initiatives.services import initiative_perform_action


def rule(
    world: World, kind: str, board: object = None, order: int = 0, **kw: object
) -> RoutingRule:
    return RoutingRule.objects.create(board=board or world.area_board, kind=kind, order=order, **kw)


def test_without_rules_the_default_board_decides(world: World) -> None:
    initiative = world.initiative(contributing_portfolios=[])

    board, reason = route(initiative)

    assert board == world.board
    assert "standardstyret" in reason


def test_portfolio_rule_routes_to_its_board(world: World) -> None:
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su)
    initiative = world.initiative(contributing_portfolios=[])

    board, reason = route(initiative)

    assert board == world.area_board
    assert "Strategi og utvikling" in reason and "Eiendomsrådet" in reason


def test_directorate_rule_routes_to_its_board(world: World) -> None:
    rule(world, RuleKind.DIRECTORATE, directorate=world.oppvekst)
    initiative = world.initiative(contributing_portfolios=[])

    board, reason = route(initiative)

    assert board == world.area_board
    assert "Oppvekst skole" in reason


def test_cost_above_threshold_routes_to_its_board_and_at_threshold_does_not(
    world: World,
) -> None:
    rule(world, RuleKind.COST_ABOVE, board=world.board, threshold=290_000, order=1)
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su, order=2)
    # 250 000 + 40 000 = 290 000: not above
    at_threshold = world.initiative(contributing_portfolios=[])
    above = world.initiative(
        contributing_portfolios=[],
        costs=[{"year": 2027, "investment": 250_001, "operating": 40_000}],
    )

    assert route(at_threshold)[0] == world.area_board
    board, reason = route(above)
    assert board == world.board
    assert "290\u00a0001\u00a0kr" in reason and "290\u00a0000\u00a0kr" in reason


def test_cross_cutting_portfolios_go_to_the_overall_board(world: World) -> None:
    rule(world, RuleKind.CROSS_CUTTING, board=world.board, order=1)
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su, order=2)
    spanning = world.initiative(contributing_portfolios=[world.digit])
    single = world.initiative(contributing_portfolios=[])

    board, reason = route(spanning)

    assert board == world.board
    assert board.parent is None
    assert "2 porteføljer" in reason
    assert route(single)[0] == world.area_board


def test_cross_cutting_directorates_through_a_merged_initiative(world: World) -> None:
    rule(world, RuleKind.CROSS_CUTTING, board=world.board, order=1)
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su, order=2)
    survivor = world.initiative(contributing_portfolios=[])
    other = world.initiative(unit=world.sykehjem, contributing_portfolios=[])
    other.merged_into = survivor
    other.state = State.MERGED
    other.save()

    board, reason = route(survivor)

    assert board == world.board
    assert "2 direktørområder" in reason


def test_rules_are_tried_in_order(world: World) -> None:
    rule(world, RuleKind.PORTFOLIO, board=world.area_board, portfolio=world.su, order=5)
    rule(world, RuleKind.DIRECTORATE, board=world.board, directorate=world.oppvekst, order=1)
    initiative = world.initiative(contributing_portfolios=[])

    assert route(initiative)[0] == world.board

    RoutingRule.objects.filter(kind=RuleKind.DIRECTORATE).update(order=9)
    assert route(initiative)[0] == world.area_board


def test_initiative_route_stores_board_and_reason_with_an_audit_event(world: World) -> None:
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su)
    initiative = world.initiative(contributing_portfolios=[])

    routing = initiative_route(actor=world.office, initiative=initiative)

    initiative.refresh_from_db()
    assert routing is not None and routing.board == world.area_board
    assert initiative.board == world.area_board
    assert board_reason(initiative) == routing.reason
    assert (
        AuditEvent.objects.filter(verb="initiative.route", object_id=str(initiative.pk)).count()
        == 1
    )
    # routing again without a change writes no new event
    initiative_route(actor=world.office, initiative=initiative)
    assert (
        AuditEvent.objects.filter(verb="initiative.route", object_id=str(initiative.pk)).count()
        == 1
    )


def test_decided_initiatives_keep_their_board(world: World) -> None:
    approved = world.initiative(State.APPROVED, contributing_portfolios=[])
    resumed = world.initiative(State.READY_FOR_DECISION, contributing_portfolios=[])
    initiative_perform_action(actor=world.board_member, initiative=resumed, action="defer")
    initiative_perform_action(actor=world.office, initiative=resumed, action="resume")
    # a rule that would send them elsewhere arrives after the board has decided
    rule(world, RuleKind.PORTFOLIO, portfolio=world.su)

    for initiative in (approved, resumed):
        routing = initiative_route(actor=world.office, initiative=initiative)
        # routed once when it was registered; the new rule does not move a decided case
        assert routing is None or routing.board == world.board
        initiative.refresh_from_db()
        assert initiative.board == world.board
        assert all(r.board == world.board for r in Routing.objects.filter(initiative=initiative))


def test_board_reason_before_routing_names_the_default_board(world: World) -> None:
    initiative = world.initiative()

    assert "Porteføljestyret" in board_reason(initiative)


def test_routing_rules_are_managed_by_the_office_only(world: World) -> None:
    data = {"board": world.area_board, "kind": "portfolio", "portfolio": world.su}
    with pytest.raises(NotAllowed):
        routing_rule_create(actor=world.board_member, data=data)

    created = routing_rule_create(actor=world.office, data=data)

    assert created.order == 1
    with pytest.raises(NotAllowed):
        routing_rule_delete(actor=world.employee, rule=created)
    routing_rule_delete(actor=world.office, rule=created)
    assert not RoutingRule.objects.exists()


def test_invalid_rules_are_refused_with_field_errors(world: World) -> None:
    with pytest.raises(ValidationFailed) as refusal:
        routing_rule_create(
            actor=world.office, data={"board": world.board, "kind": "cost_above", "threshold": "x"}
        )
    assert "threshold" in refusal.value.errors
    with pytest.raises(ValidationFailed) as refusal:
        routing_rule_create(actor=world.office, data={"board": world.board, "kind": "portfolio"})
    assert "portfolio" in refusal.value.errors
    assert not RoutingRule.objects.exists()


def test_routing_again_moves_open_initiatives_after_a_rule_change(world: World) -> None:
    initiative = world.initiative(State.IN_ANALYSIS, contributing_portfolios=[])
    routing_rule_create(
        actor=world.office,
        data={"board": world.area_board, "kind": "portfolio", "portfolio": world.su},
    )

    changed = routing_apply_all(actor=world.office)

    initiative.refresh_from_db()
    assert changed == 1
    assert initiative.board == world.area_board
