"""Template tags of the prioritisation pages: weights and points as text, and the
prioritisation section of the initiative page (``initiative_prioritization``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veivalg.initiatives.models import Initiative
from veivalg.prioritization.models import ScenarioStatus

register = template.Library()

SCENARIO_COLORS = {
    ScenarioStatus.DRAFT: "neutral",
    ScenarioStatus.QUEUED: "info",
    ScenarioStatus.RUNNING: "info",
    ScenarioStatus.OPTIMAL: "success",
    ScenarioStatus.FEASIBLE: "warning",
    ScenarioStatus.INFEASIBLE: "danger",
    ScenarioStatus.FAILED: "danger",
}


@register.simple_tag(takes_context=True)
def initiative_prioritization(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    """The score, its breakdown, the dependencies and (for the office) the forms, for the
    initiative page: ``{% initiative_prioritization initiative as prio %}``."""
    from veivalg.prioritization.views.ratings import prioritization_context

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return prioritization_context(user, initiative)


def _rounded(value: Decimal, places: int) -> str:
    """``value`` with ``places`` decimals, rounded half up, in the page's number format
    (``number_format`` alone cuts the digits off instead of rounding)."""
    quantum = Decimal(1).scaleb(-places)
    return number_format(value.quantize(quantum, rounding=ROUND_HALF_UP), places)


@register.filter
def percent(weight: Any, places: int = 1) -> str:
    """A weight between 0 and 1 as a percentage: ``0.355`` → ``"35,5 %"``."""
    if weight is None or weight == "":
        return "–"
    return f"{_rounded(Decimal(str(weight)) * 100, places)}\u00a0%"


@register.filter
def points(value: Any, places: int = 1) -> str:
    """A score or a part of it with ``places`` decimals: ``12.345`` → ``"12,3"``."""
    if value is None or value == "":
        return "–"
    return _rounded(Decimal(str(value)), places)


@register.filter
def scenario_color(status: str) -> str:
    return SCENARIO_COLORS.get(status, "neutral")


@register.filter
def yes_no(value: Any) -> str:
    return _("Ja") if value else _("Nei")


@register.filter
def strategic(slug: str) -> bool:
    """Whether the criterion is about the plan's goals (its rating shows the goals)."""
    from veivalg.prioritization.views.ratings import is_strategic

    return is_strategic(slug)
