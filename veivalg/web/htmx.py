"""What htmx asked of a view."""

from __future__ import annotations

from django.http import HttpRequest


def wants_fragment(request: HttpRequest, target: str) -> bool:
    """htmx asked for the part with id ``target`` only (not a history restore, which needs
    the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target
