"""Template filters for the web UI: money, state tags, workflow labels and form widgets."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from veivalg.core.money import format_kroner
from veivalg.initiatives.models import State
from veivalg.initiatives.workflow import ACTIONS

register = template.Library()

# Designsystemet colour per state. The tag always carries the state's name as text, so the
# colour is only a second cue (WCAG 1.4.1).
STATE_COLORS: dict[str, str] = {
    State.DRAFT: "neutral",
    State.SUBMITTED: "info",
    State.ENDORSED: "info",
    State.IN_ANALYSIS: "info",
    State.READY_FOR_DECISION: "warning",
    State.DEFERRED: "warning",
    State.APPROVED: "success",
    State.REJECTED: "danger",
    State.IN_PROGRESS: "accent",
    State.STOPPED: "danger",
    State.REALISING_BENEFITS: "success",
    State.CLOSED: "neutral",
    State.MERGED: "neutral",
    State.WITHDRAWN: "neutral",
}

# Message level tag → Designsystemet alert colour.
MESSAGE_COLORS = {
    "success": "success",
    "error": "danger",
    "warning": "warning",
    "info": "info",
    "debug": "neutral",
}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def kroner(value: Any) -> str:
    """``1234567`` → ``"1 234 567 kr"``; ``None`` → ``"–"``."""
    return format_kroner(value)


@register.filter
def state_color(state: str) -> str:
    return STATE_COLORS.get(state, "neutral")


@register.filter
def state_label(state: str) -> str:
    try:
        return str(State(state).label)
    except ValueError:
        return state or "–"


@register.filter
def action_label(name: str) -> str:
    """A history row's action as text: workflow actions by their label."""
    if name == "create":
        return _("Registrert")
    if name == "unbundle":
        return _("Samordning løst opp")
    action = ACTIONS.get(name)
    if action is not None:
        return str(action.label)
    return _("Endret status")


@register.filter
def message_color(level_tag: str) -> str:
    return MESSAGE_COLORS.get(level_tag, "info")


@register.filter
def message_role(level_tag: str) -> str:
    """Errors and warnings interrupt (``alert``); the rest is announced politely."""
    return "alert" if level_tag in ("error", "warning") else "status"


def describedby_ids(field: BoundField) -> list[str]:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return ids


@register.filter
def ds_widget(field: BoundField, extra_class: str = "") -> SafeString:
    """Render ``field``'s widget as a Designsystemet input tied to its help and error."""
    attrs: dict[str, Any] = {"class": ("ds-input " + extra_class).strip()}
    ids = describedby_ids(field)
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.name in getattr(field.form, "marked_required", ()):
        attrs["required"] = True
    return field.as_widget(attrs=attrs)


@register.filter
def error_id(field: BoundField) -> str:
    return f"{field.auto_id}_error"


@register.filter
def first_input_id(field: BoundField) -> str:
    """The id a link to ``field`` should point at (the first box of a checkbox group)."""
    widget = field.field.widget
    if getattr(widget, "allow_multiple_selected", False) and widget.input_type == "checkbox":
        return f"{field.auto_id}_0"
    if getattr(widget, "input_type", "") == "radio":
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def is_required(field: BoundField) -> bool:
    return field.name in getattr(field.form, "marked_required", ())
