"""What the prioritisation views share: access checks, the board in view, not found."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound
from veivalg.org.models import Board
from veivalg.prioritization import selectors

BOARD_PARAM = "styre"


def require_office(request: HttpRequest, message: str = "") -> None:
    """Refuse (403) whoever is not the portfolio office before any input is parsed.

    The services refuse them too; this makes a refused POST a 403 whatever it contains.
    """
    if not selectors.can_manage(request.user):
        raise PermissionDenied(message or _("Bare porteføljekontoret kan endre prioriteringen."))


def board_in_view(request: HttpRequest) -> Board:
    """The board named by ``?styre=`` (or a posted ``styre``); the default board otherwise."""
    slug = (request.POST.get(BOARD_PARAM) or request.GET.get(BOARD_PARAM) or "").strip()
    boards = Board.objects.all()
    board = boards.filter(slug=slug).first() if slug else None
    if board is None:
        board = boards.filter(slug=Board.DEFAULT_SLUG).first() or boards.order_by("pk").first()
    if board is None:
        raise Http404(_("Det finnes ikke noe porteføljestyre."))
    return board


def not_found(exc: NotFound) -> Http404:
    return Http404(exc.message)
