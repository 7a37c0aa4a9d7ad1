"""Template tags of governance: colours for decisions and meetings, guidance Markdown, and the
initiative page's section (``{% governance_section initiative %}``): its board and why, its
decisions and mandates, the next meeting it is on, and the owner's checklist for its phase."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from veivalg.governance import selectors
from veivalg.governance.markdown import render as render_markdown
from veivalg.governance.models import Audience, DecisionType, MeetingStatus, Phase
from veivalg.initiatives.models import Initiative

register = template.Library()

DECISION_COLORS = {
    DecisionType.APPROVE: "success",
    DecisionType.DEFER: "warning",
    DecisionType.REJECT: "danger",
    DecisionType.STOP: "danger",
}
MEETING_COLORS = {
    MeetingStatus.PLANNED: "info",
    MeetingStatus.HELD: "warning",
    MeetingStatus.CLOSED: "success",
}


@register.filter
def decision_color(value: str) -> str:
    return DECISION_COLORS.get(value, "neutral")


@register.filter
def decision_label(value: str) -> str:
    try:
        return str(DecisionType(value).label)
    except ValueError:
        return value


@register.filter
def meeting_color(value: str) -> str:
    return MEETING_COLORS.get(value, "neutral")


@register.filter
def phase_label(value: str) -> str:
    try:
        return str(Phase(value).label)
    except ValueError:
        return value or ""


@register.filter
def markdown(value: str) -> SafeString:
    return render_markdown(value)


@register.inclusion_tag("governance/partials/initiative_section.html", takes_context=True)
def governance_section(context: template.Context, initiative: Initiative) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    phase = selectors.phase_of(initiative)
    mandates = selectors.mandates_of_initiative(user, initiative)
    return {
        "request": request,
        "initiative": initiative,
        "board": initiative.board,
        "reason": selectors.board_reason(initiative),
        "decisions": selectors.decisions_of_initiative(user, initiative),
        "planned": selectors.planned_agenda_for(initiative),
        "mandates": [(m, selectors.is_approved(m)) for m in mandates],
        "phase": phase,
        "checklist": selectors.checklist_for(phase, Audience.PROJECT_OWNER),
        "guidance": selectors.pages_for([Audience.PROJECT_OWNER, Audience.BENEFIT_OWNER]),
    }
