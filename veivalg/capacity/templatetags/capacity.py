"""Template tags of the capacity pages: FTE numbers, quarters, cell status, and the demand
section of the initiative page (``{% demand_section initiative %}``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from veivalg.capacity import selectors, services
from veivalg.capacity.quarters import quarter_display, quarter_label
from veivalg.initiatives.models import Initiative

register = template.Library()


@register.inclusion_tag("capacity/partials/demand_section.html", takes_context=True)
def demand_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    """The initiative page's demand: a competence × quarter table, the cells it would
    overload, and the link to change it."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    view = selectors.initiative_demand(user, initiative)
    columns = [
        (
            offset,
            quarter_label(view.quarters[i]) if view.quarters else "",
            quarter_display(view.quarters[i]) if view.quarters else "",
        )
        for i, offset in enumerate(view.offsets)
    ]
    over = {(o.competence.slug, o.quarter) for o in view.overloads}
    grid = [
        (
            row,
            [
                (
                    value,
                    bool(view.quarters) and (row.competence.slug, view.quarters[i]) in over,
                )
                for i, value in enumerate(row.values)
            ],
        )
        for row in view.grid
    ]
    return {
        "request": request,
        "initiative": initiative,
        "view": view,
        "columns": columns,
        "grid": grid,
        "start_display": quarter_display(view.start) if view.start is not None else "",
        "latest_display": (
            quarter_display(view.profile.latest_start)
            if view.profile.latest_start is not None
            else ""
        ),
        "can_edit": user is not None and services.can_edit_demand(user, initiative),
    }


@register.filter
def fte(value: Any) -> str:
    """FTE with one decimal, the Norwegian way: ``Decimal("4.5")`` → ``"4,5"``."""
    if value is None or value == "":
        return "–"
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    places = 1 if number == number.quantize(Decimal("0.1")) else 2
    return number_format(number, places, force_grouping=True)


@register.filter
def quarter(value: Any) -> str:
    """A quarter index as people read it: ``"1. kv. 2027"``."""
    return quarter_display(int(value)) if value is not None and value != "" else "–"


@register.filter
def status_label(status: str) -> str:
    return {
        "over": _("Overbooket"),
        "risk": _("Risiko"),
        "ok": _("Innenfor"),
    }.get(status, "")


@register.filter
def status_symbol(status: str) -> str:
    """A shape per status, so that it reads without colour: ▲ over, ◆ risk."""
    return {"over": "▲", "risk": "◆"}.get(status, "")


@register.filter
def kind_label(kind: str) -> str:
    return {
        "committed": _("Vedtatt"),
        "potential": _("Mulig"),
        "operations": _("Drift"),
    }.get(kind, kind)
