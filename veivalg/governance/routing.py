"""Which board decides an initiative, and why. Reads only; ``services.initiative_route`` stores it.

The rules (``RoutingRule``) are tried in their order; the first that matches decides:

- ``cross_cutting``: the initiative spans several portfolios (it has contributing portfolios)
  or several directorates (initiatives from units in other directorates are merged into it,
  or it takes part in a shared need with units in other directorates);
- ``cost_above``: its total cost estimate (investment and operating, all years) is above the
  rule's threshold;
- ``portfolio``: its primary portfolio is the rule's portfolio;
- ``directorate``: its proposing unit is in the rule's directorate.

When no rule matches, the initiative goes to the default board (``Board.DEFAULT_SLUG``).
Once a board has decided on an initiative it stays there (``services.initiative_route``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound
from veivalg.core.money import format_kroner
from veivalg.governance.models import RoutingRule, RuleKind
from veivalg.initiatives.models import Initiative
from veivalg.org.models import Board


@dataclass(frozen=True)
class Facts:
    """What the rules look at, loaded once per initiative."""

    portfolio_id: int
    portfolio_ids: frozenset[int]
    directorate_id: int
    directorate_ids: frozenset[int]
    total_cost: Decimal


def facts_of(initiative: Initiative) -> Facts:
    portfolio_ids = {initiative.portfolio_id} | {
        p.pk for p in initiative.contributing_portfolios.all()
    }
    own = initiative.unit.directorate_id
    directorates = {own}
    if initiative.pk:
        directorates |= set(
            Initiative.objects.filter(merged_into_id=initiative.pk).values_list(
                "unit__directorate_id", flat=True
            )
        )
        if apps.is_installed("veivalg.coordination"):
            from veivalg.coordination.models import SharedNeedParticipant

            directorates |= set(
                SharedNeedParticipant.objects.filter(
                    shared_need__initiatives=initiative
                ).values_list("unit__directorate_id", flat=True)
            )
    sums = initiative.costs.aggregate(i=Sum("investment"), o=Sum("operating"))
    total = Decimal(sums["i"] or 0) + Decimal(sums["o"] or 0)
    return Facts(
        portfolio_id=initiative.portfolio_id,
        portfolio_ids=frozenset(portfolio_ids),
        directorate_id=own,
        directorate_ids=frozenset(directorates),
        total_cost=total,
    )


def _matches(rule: RoutingRule, facts: Facts) -> bool:
    if rule.kind == RuleKind.CROSS_CUTTING:
        return len(facts.portfolio_ids) > 1 or len(facts.directorate_ids) > 1
    if rule.kind == RuleKind.COST_ABOVE:
        return rule.threshold is not None and facts.total_cost > rule.threshold
    if rule.kind == RuleKind.PORTFOLIO:
        return rule.portfolio_id == facts.portfolio_id
    if rule.kind == RuleKind.DIRECTORATE:
        return rule.directorate_id == facts.directorate_id
    return False


def _reason(rule: RoutingRule, initiative: Initiative, facts: Facts) -> str:
    board = rule.board.name
    if rule.kind == RuleKind.CROSS_CUTTING:
        if len(facts.portfolio_ids) > 1:
            return _(
                "Initiativet går på tvers av %(count)s porteføljer, og saker på tvers "
                "behandles av %(board)s."
            ) % {"count": len(facts.portfolio_ids), "board": board}
        return _(
            "Initiativet går på tvers av %(count)s direktørområder, og saker på tvers "
            "behandles av %(board)s."
        ) % {"count": len(facts.directorate_ids), "board": board}
    if rule.kind == RuleKind.COST_ABOVE:
        return _(
            "Samlet kostnadsestimat %(cost)s er over terskelen på %(threshold)s, og slike saker "
            "behandles av %(board)s."
        ) % {
            "cost": format_kroner(facts.total_cost),
            "threshold": format_kroner(rule.threshold),
            "board": board,
        }
    if rule.kind == RuleKind.PORTFOLIO:
        return _("Saker i porteføljen %(portfolio)s behandles av %(board)s.") % {
            "portfolio": initiative.portfolio.name,
            "board": board,
        }
    return _("Saker fra %(directorate)s behandles av %(board)s.") % {
        "directorate": initiative.unit.directorate.name,
        "board": board,
    }


@dataclass(frozen=True)
class Route:
    board: Board
    reason: str
    rule: RoutingRule | None


def find_route(initiative: Initiative, rules: list[RoutingRule] | None = None) -> Route:
    """The board for ``initiative``, the reason in words, and the rule that decided."""
    facts = facts_of(initiative)
    if rules is None:
        rules = list(
            RoutingRule.objects.select_related("board", "portfolio", "directorate").order_by(
                "order", "id"
            )
        )
    for rule in rules:
        if _matches(rule, facts):
            return Route(rule.board, _reason(rule, initiative, facts), rule)
    default = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
    if default is None:
        raise NotFound(_("Standardstyret «%(slug)s» finnes ikke.") % {"slug": Board.DEFAULT_SLUG})
    return Route(
        default,
        _("Ingen rutingsregel passer, så saken behandles av standardstyret, %(board)s.")
        % {"board": default.name},
        None,
    )


def route(initiative: Initiative) -> tuple[Board, str]:
    """The board that decides ``initiative`` and why. Writes nothing."""
    found = find_route(initiative)
    return found.board, found.reason
