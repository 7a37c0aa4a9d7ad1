"""What the coordination views share: access checks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from veivalg.org.roles import roles_of


def require_office(request: HttpRequest, message: str) -> None:
    """Refuse (403) whoever is not the portfolio office before any input is parsed.

    The services refuse them too; this makes a refused POST a 403 whatever it contains.
    """
    if not roles_of(request.user).portfolio_office:
        raise PermissionDenied(message)


def is_office(request: HttpRequest) -> bool:
    return roles_of(request.user).portfolio_office
