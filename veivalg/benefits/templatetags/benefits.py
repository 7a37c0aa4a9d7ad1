"""Template tags of the benefits pages: numbers with units, achievement, trend, and the
benefits section of the initiative page (``{% benefits_section initiative %}``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veivalg.benefits import selectors, services
from veivalg.benefits.business_case import TREND_DOWN, TREND_FLAT, TREND_UP
from veivalg.benefits.models import IndicatorUnit
from veivalg.initiatives.models import Initiative, State

register = template.Library()

# Before the board decides, the page says what is missing for "Send til styret".
PREPARING_STATES = frozenset({State.DRAFT, State.SUBMITTED, State.ENDORSED, State.IN_ANALYSIS})


@register.inclusion_tag("benefits/partials/section.html", takes_context=True)
def benefits_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    """The initiative page's benefits: the table, the key figures of the business case and
    the links to register a benefit and to the business case."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    benefits = selectors.benefits_of(initiative)
    view = selectors.business_case(initiative, benefits)
    return {
        "request": request,
        "initiative": initiative,
        "rows": selectors.rows(benefits),
        "view": view,
        "case": view.case,
        "level": view.level,
        "can_edit": user is not None and services.can_edit_benefits(user, initiative),
        "missing_measurable": (
            initiative.state in PREPARING_STATES and not any(b.has_indicator for b in benefits)
        ),
    }


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def amount(value: Any, places: int = 2) -> str:
    """A number the Norwegian way, without trailing zeros: ``1234.50`` → ``"1 234,5"``."""
    number = _decimal(value)
    if number is None:
        return "–"
    if number == number.to_integral_value():
        return number_format(number, 0, force_grouping=True)
    text = number_format(number, places, force_grouping=True)
    return text.rstrip("0").rstrip(",") if "," in text else text


@register.filter
def kr(value: Any) -> str:
    """Whole kroner, rounded: ``397153.9`` → ``"397 154 kr"``; ``None`` → ``"–"``."""
    number = _decimal(value)
    if number is None:
        return "–"
    whole = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number_format(whole, 0, force_grouping=True)}\u00a0kr"


UNIT_SUFFIX = {
    IndicatorUnit.KRONER: "\u00a0kr",
    IndicatorUnit.HOURS: "\u00a0t",
    IndicatorUnit.PERCENT: "\u00a0%",
}


@register.filter
def with_unit(value: Any, unit: str) -> str:
    """An indicator value with its unit: ``"400 t"``, ``"45 %"``, ``"1 200 kr"``."""
    text = amount(value)
    if text == "–":
        return text
    return text + UNIT_SUFFIX.get(unit, "")


@register.filter
def unit_label(unit: str) -> str:
    try:
        return str(IndicatorUnit(unit).label)
    except ValueError:
        return ""


@register.filter
def share(value: Any, places: int = 0) -> str:
    """A share as a percentage: ``0.755`` → ``"76 %"``."""
    number = _decimal(value)
    if number is None:
        return "–"
    return f"{number_format(number * 100, places, force_grouping=True)}\u00a0%"


@register.filter
def ratio(value: Any, places: int = 2) -> str:
    """NPV per krone with ``places`` decimals."""
    number = _decimal(value)
    if number is None:
        return "–"
    return number_format(number, places, force_grouping=True)


@register.filter
def effect_label(effect: Any) -> str:
    """The plus-minus scale: ``2`` → ``"+2"``, ``-3`` → ``"−3"``."""
    if effect is None or effect == "":
        return "–"
    effect = int(effect)
    if effect > 0:
        return f"+{effect}"
    if effect < 0:
        return f"\u2212{-effect}"
    return "0"


@register.filter
def trend_label(trend: str | None) -> str:
    return {
        TREND_UP: _("Bedre enn forrige måling"),
        TREND_DOWN: _("Dårligere enn forrige måling"),
        TREND_FLAT: _("Uendret siden forrige måling"),
    }.get(trend or "", "")


@register.filter
def trend_arrow(trend: str | None) -> str:
    return {TREND_UP: "↑", TREND_DOWN: "↓", TREND_FLAT: "→"}.get(trend or "", "")


@register.filter
def trend_color(trend: str | None) -> str:
    return {TREND_UP: "success", TREND_DOWN: "danger", TREND_FLAT: "neutral"}.get(
        trend or "", "neutral"
    )


@register.filter
def level_name(level: int | None) -> str:
    labels = {0: _("Ingen"), 1: _("Lav"), 2: _("Moderat"), 3: _("Sterk"), 4: _("Ekstrem")}
    return labels.get(level, "–") if level is not None else "–"


@register.filter
def followed(initiative: Initiative) -> bool:
    """Whether the initiative's benefits are being measured now (project running or done)."""
    return initiative.state in selectors.FOLLOW_STATES or initiative.state == State.CLOSED
