"""Work queues: what waits for a director, the portfolio office and the boards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from veivalg.core.errors import InvalidTransition, NotAllowed
from veivalg.initiatives import selectors
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.workflow import Action, check_action
from veivalg.web.access import require_queue


@dataclass(frozen=True)
class Queue:
    key: str
    url_name: str
    title: Any
    intro: Any
    selector: Callable[[Any], QuerySet[Initiative]]
    # state → the forward action offered inline; anything else is done on the initiative page
    inline: dict[str, str]


QUEUES = {
    "director": Queue(
        "director",
        "web:director_queue",
        _("Direktørkø"),
        _(
            "Initiativer fra virksomhetene i ditt direktørområde som venter på godkjenning. "
            "Godkjente initiativer går videre til porteføljekontoret. Vil du sende et initiativ "
            "tilbake, åpner du det og skriver en begrunnelse."
        ),
        selectors.director_queue,
        {State.SUBMITTED: "endorse"},
    ),
    "office": Queue(
        "office",
        "web:office_queue",
        _("Porteføljekontorets kø"),
        _(
            "Initiativer godkjent av direktør som skal analyseres, initiativer under analyse og "
            "utsatte initiativer som kan tas opp igjen."
        ),
        selectors.office_queue,
        {
            State.ENDORSED: "start_analysis",
            State.IN_ANALYSIS: "send_to_board",
            State.DEFERRED: "resume",
        },
    ),
    "board": Queue(
        "board",
        "web:board_queue",
        _("Styrekø"),
        _(
            "Saker som er klare for beslutning i ditt porteføljestyre. Vil du utsette eller "
            "avslå, åpner du saken; politisk vedtatte initiativer kan bare vedtas."
        ),
        selectors.board_queue,
        {State.READY_FOR_DECISION: "approve"},
    ),
}


@dataclass(frozen=True)
class Row:
    initiative: Initiative
    action: Action | None
    blocked: str  # why the forward action cannot be taken now (e.g. missing cost estimate)


def _rows(request: HttpRequest, queue: Queue, initiatives: list[Initiative]) -> list[Row]:
    """Each row with its forward action, checked by the workflow (costs are prefetched)."""
    prefetch_related_objects(initiatives, "costs")
    rows = []
    for initiative in initiatives:
        name = queue.inline.get(initiative.state)
        action, blocked = None, ""
        if name:
            try:
                action = check_action(request.user, initiative, name)
            except (InvalidTransition, NotAllowed) as exc:
                blocked = exc.message
        rows.append(Row(initiative, action, blocked))
    return rows


def _queue_view(key: str) -> Callable[[HttpRequest], HttpResponse]:
    queue = QUEUES[key]

    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        require_queue(request, key)
        paginator = Paginator(queue.selector(request.user), settings.VEIVALG_PAGE_SIZE or 50)
        page = paginator.get_page(request.GET.get("page"))
        return render(
            request,
            "web/queue.html",
            {
                "queue": queue,
                "page": page,
                "page_range": list(
                    paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
                ),
                "rows": _rows(request, queue, list(page.object_list)),
            },
        )

    view.__name__ = f"{key}_queue"
    return view


director_queue = _queue_view("director")
office_queue = _queue_view("office")
board_queue = _queue_view("board")
