"""Reads shared by pages and API: visibility, lookups, filters and work queues."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound
from veivalg.initiatives.models import Initiative, InitiativeCost, State
from veivalg.org.models import User
from veivalg.org.roles import roles_of


def visibility_q(user: User) -> Q:
    """Confidential initiatives are visible only to those whose role covers them."""
    roles = roles_of(user)
    if roles.portfolio_office or roles.administrator:
        return Q()
    covered = (
        Q(owner_id=user.pk)
        | Q(unit__directorate_id__in=roles.directorates)
        | Q(portfolio_id__in=roles.portfolios)
        | Q(board_id__in=roles.boards)
        | Q(pk__in=roles.any_initiative_ids)
    )
    if roles.portfolios:
        through = Initiative.contributing_portfolios.through
        covered |= Q(
            Exists(
                through.objects.filter(
                    initiative_id=OuterRef("pk"), portfolio_id__in=roles.portfolios
                )
            )
        )
    return Q(confidential=False) | covered


def visible_initiatives(user: User) -> QuerySet[Initiative]:
    return Initiative.objects.filter(visibility_q(user))


def initiative_for_user(user: User, pk: Any) -> Initiative:
    """The initiative if it exists and ``user`` may see it; otherwise ``NotFound``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Initiativet finnes ikke.")) from None
    initiative = (
        visible_initiatives(user)
        .select_related(
            "unit__directorate", "owner", "portfolio", "program", "board", "merged_into"
        )
        .prefetch_related("contributing_portfolios", "goals", "costs")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        raise NotFound(_("Initiativet finnes ikke, eller du har ikke tilgang til det."))
    return initiative


def with_list_data(qs: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What a list row shows, in a constant number of queries."""
    total_cost = (
        InitiativeCost.objects.filter(initiative_id=OuterRef("pk"))
        .values("initiative_id")
        .annotate(s=Sum("investment") + Sum("operating"))
        .values("s")
    )
    return qs.select_related("unit__directorate", "owner", "portfolio", "program").annotate(
        total_cost=total_cost
    )


@dataclass(frozen=True)
class Filters:
    state: str = ""
    portfolio: str = ""
    directorate: str = ""
    unit: str = ""
    program: str = ""
    goal: str = ""
    work_type: str = ""
    mandated: str = ""  # "", "yes", "no"
    q: str = ""
    sort: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> Filters:
        return cls(**{name: (data.get(name) or "").strip() for name in cls.__dataclass_fields__})


SORTS = {
    "title": "title",
    "-title": "-title",
    "created": "created_at",
    "-created": "-created_at",
    "state": "state",
    "-state": "-state",
    "cost": "total_cost",
    "-cost": "-total_cost",
    "portfolio": "portfolio__name",
    "-portfolio": "-portfolio__name",
    "unit": "unit__name",
    "-unit": "-unit__name",
}


def filter_initiatives(user: User, filters: Filters) -> QuerySet[Initiative]:
    """The overview's rows: visible to ``user``, filtered and sorted."""
    qs = visible_initiatives(user)
    if filters.state:
        qs = qs.filter(state__in=filters.state.split(","))
    if filters.portfolio:
        qs = qs.filter(
            Q(portfolio__slug=filters.portfolio)
            | Q(
                Exists(
                    Initiative.contributing_portfolios.through.objects.filter(
                        initiative_id=OuterRef("pk"), portfolio__slug=filters.portfolio
                    )
                )
            )
        )
    if filters.directorate:
        qs = qs.filter(unit__directorate__slug=filters.directorate)
    if filters.unit:
        qs = qs.filter(unit__slug=filters.unit)
    if filters.program:
        qs = qs.filter(program__slug=filters.program)
    if filters.goal:
        qs = qs.filter(
            Exists(
                Initiative.goals.through.objects.filter(
                    initiative_id=OuterRef("pk"), goal__slug=filters.goal
                )
            )
            | Exists(
                Initiative.goals.through.objects.filter(
                    initiative_id=OuterRef("pk"), goal__parent__slug=filters.goal
                )
            )
        )
    if filters.work_type:
        qs = qs.filter(work_type=filters.work_type)
    if filters.mandated in ("yes", "true", "1"):
        qs = qs.filter(politically_mandated=True)
    elif filters.mandated in ("no", "false", "0"):
        qs = qs.filter(politically_mandated=False)
    if filters.q:
        for word in filters.q.split()[:8]:
            text = (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(need__icontains=word)
                | Q(archive_reference__icontains=word)
            )
            if word.lstrip("#").isdigit():
                text |= Q(pk=int(word.lstrip("#")))
            qs = qs.filter(text)
    qs = with_list_data(qs)
    order = SORTS.get(filters.sort, "-created_at")
    return qs.order_by(order, "-id")


def waiting_for(user: User) -> QuerySet[Initiative]:
    """Everything waiting for ``user``'s action, across roles."""
    roles = roles_of(user)
    q = Q(owner_id=user.pk, state=State.DRAFT)
    if roles.directorates:
        q |= Q(state=State.SUBMITTED, unit__directorate_id__in=roles.directorates)
    if roles.portfolio_office:
        q |= Q(state__in=[State.ENDORSED, State.IN_ANALYSIS, State.DEFERRED])
        q |= Q(state=State.REALISING_BENEFITS)
    if roles.boards:
        q |= Q(state=State.READY_FOR_DECISION, board_id__in=roles.boards)
    owned = roles.initiatives.get("project_owner", frozenset())
    if owned:
        q |= Q(state__in=[State.APPROVED, State.IN_PROGRESS], pk__in=owned)
    benefit = roles.initiatives.get("benefit_owner", frozenset())
    if benefit:
        q |= Q(state=State.REALISING_BENEFITS, pk__in=benefit)
    return with_list_data(visible_initiatives(user).filter(q)).order_by("-updated_at", "-id")


def director_queue(user: User) -> QuerySet[Initiative]:
    roles = roles_of(user)
    return with_list_data(
        visible_initiatives(user).filter(
            state=State.SUBMITTED, unit__directorate_id__in=roles.directorates
        )
    ).order_by("created_at")


def office_queue(user: User) -> QuerySet[Initiative]:
    return with_list_data(
        visible_initiatives(user).filter(
            state__in=[State.ENDORSED, State.IN_ANALYSIS, State.DEFERRED]
        )
    ).order_by("state", "updated_at")


def board_queue(user: User) -> QuerySet[Initiative]:
    roles = roles_of(user)
    return with_list_data(
        visible_initiatives(user).filter(state=State.READY_FOR_DECISION, board_id__in=roles.boards)
    ).order_by("updated_at")


def history(initiative: Initiative) -> QuerySet[Any]:
    return initiative.transitions.select_related("actor").order_by("at", "id")


def comments(initiative: Initiative) -> QuerySet[Any]:
    return initiative.comments.select_related("author").order_by("at", "id")
