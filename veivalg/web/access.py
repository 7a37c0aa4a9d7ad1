"""Access checks for views: look-ups through the selectors, role checks for queues."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound
from veivalg.initiatives import selectors
from veivalg.initiatives.models import Initiative
from veivalg.org.roles import Roles, roles_of


def _initiative_for_user(request: HttpRequest, pk: object) -> Initiative:
    """The initiative if the user may see it; a 404 page when it is missing or hidden."""
    try:
        return selectors.initiative_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def queue_roles(roles: Roles) -> dict[str, bool]:
    """Which work queues this person has: drives the menu and the queue pages' 403."""
    return {
        "director": bool(roles.directorates),
        "office": roles.portfolio_office,
        "board": bool(roles.boards),
    }


def require_queue(request: HttpRequest, queue: str) -> None:
    if not queue_roles(roles_of(request.user)).get(queue, False):
        messages = {
            "director": _("Direktørkøen er for direktører og kommunalsjefer."),
            "office": _("Køen er for porteføljekontoret."),
            "board": _("Styrekøen er for medlemmer av et porteføljestyre."),
        }
        raise PermissionDenied(messages.get(queue, _("Du har ikke tilgang til denne siden.")))


def safe_next(request: HttpRequest, fallback: str) -> str:
    """``next`` from the form when it points to this site; otherwise ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback
