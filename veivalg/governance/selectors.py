"""Reads shared by pages, documents and API: boards, meetings and agenda, the decision
register, mandates, routing reasons and guidance.

Every signed-in employee reads boards, meetings, the register, mandates and guidance.
Confidential initiatives stay hidden as everywhere (``visible_initiatives``): an agenda item
about one is shown as "unntatt offentlighet", and its decisions and mandates are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.core.errors import NotFound
from veivalg.governance.models import (
    AgendaItem,
    Checklist,
    Decision,
    DecisionType,
    GuidancePage,
    ItemKind,
    Mandate,
    MandateKind,
    MandateVersion,
    Meeting,
    MeetingStatus,
    Phase,
    Routing,
    RoutingRule,
)
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.initiatives.selectors import visible_initiatives
from veivalg.org.models import Board, Role, User

# --- boards --------------------------------------------------------------------------------


def members_of(board: Board) -> list[User]:
    return list(
        User.objects.filter(role_assignments__role=Role.BOARD_MEMBER, role_assignments__board=board)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def boards() -> QuerySet[Board]:
    return Board.objects.select_related("parent", "governance_profile__chair").order_by(
        "parent_id", "name"
    )


def board_tree() -> list[tuple[Board, int]]:
    """Boards depth first (the overall board, then the boards below it), with their depth."""
    items = list(boards())
    children: dict[int | None, list[Board]] = {}
    for board in items:
        children.setdefault(board.parent_id, []).append(board)
    out: list[tuple[Board, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for board in sorted(children.get(parent, []), key=lambda b: b.name):
            out.append((board, depth))
            walk(board.pk, depth + 1)

    walk(None, 0)
    return out


def board_by_slug(slug: str) -> Board:
    board = Board.objects.filter(slug=slug).first()
    if board is None:
        raise NotFound(_("Styret finnes ikke."))
    return board


def routing_rules() -> QuerySet[RoutingRule]:
    return RoutingRule.objects.select_related("board", "portfolio", "directorate").order_by(
        "order", "id"
    )


def routed_to(board: Board) -> Q:
    """Initiatives routed to ``board`` (unrouted ones belong to the default board)."""
    q = Q(board_id=board.pk)
    if board.slug == Board.DEFAULT_SLUG:
        q |= Q(board__isnull=True)
    return q


def board_reason(initiative: Initiative) -> str:
    """Why the initiative is decided by its board, in words (for the page and the API)."""
    routing = Routing.objects.filter(initiative_id=initiative.pk).select_related("board").first()
    if routing is not None and routing.board_id == initiative.board_id:
        return routing.reason
    if initiative.board_id is None:
        return _("Initiativet er ikke rutet ennå; det behandles av standardstyret.")
    if initiative.board is not None and initiative.board.slug == Board.DEFAULT_SLUG:
        return _("Behandles av standardstyret, %(board)s.") % {"board": initiative.board.name}
    return _("Behandles av %(board)s.") % {"board": initiative.board.name}


# --- meetings and agenda ----------------------------------------------------------------------


def meetings_of(board: Board) -> QuerySet[Meeting]:
    return Meeting.objects.filter(board=board).select_related("board").order_by("-date", "-id")


def upcoming_meetings(board: Board | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(status=MeetingStatus.PLANNED).select_related("board")
    if board is not None:
        qs = qs.filter(board=board)
    return qs.order_by("date", "id")


def meeting_by_id(pk: Any) -> Meeting:
    """Meetings are open to every signed-in user; ``NotFound`` when it does not exist."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Møtet finnes ikke.")) from None
    meeting = Meeting.objects.select_related("board", "board__parent").filter(pk=pk).first()
    if meeting is None:
        raise NotFound(_("Møtet finnes ikke."))
    return meeting


@dataclass
class AgendaRow:
    """One agenda item as ``user`` sees it: hidden when its initiative is confidential to them."""

    item: AgendaItem
    number: int
    hidden: bool
    decisions: list[Decision] = field(default_factory=list)
    # set by the meeting page: the workflow lets the reader take one of the case's decisions
    can_decide: bool = False

    @property
    def title(self) -> str:
        return _("Sak unntatt offentlighet") if self.hidden else self.item.title

    @property
    def decidable(self) -> bool:
        return self.item.kind in (ItemKind.INITIATIVE, ItemKind.STOP_PROPOSAL) and not self.hidden


def agenda_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.select_related(
        "initiative__unit__directorate", "initiative__portfolio", "scenario"
    ).order_by("order", "id")


def agenda_of(user: User, meeting: Meeting) -> list[AgendaRow]:
    items = list(agenda_items(meeting))
    visible = set(
        visible_initiatives(user)
        .filter(pk__in=[i.initiative_id for i in items if i.initiative_id])
        .values_list("pk", flat=True)
    )
    decisions: dict[int, list[Decision]] = {}
    for d in meeting_decisions(user, meeting):
        decisions.setdefault(d.initiative_id, []).append(d)
    rows = []
    for number, item in enumerate(items, start=1):
        hidden = item.initiative_id is not None and item.initiative_id not in visible
        rows.append(
            AgendaRow(
                item=item,
                number=number,
                hidden=hidden,
                decisions=[] if hidden else decisions.get(item.initiative_id or 0, []),
            )
        )
    return rows


def meeting_decisions(user: User, meeting: Meeting) -> list[Decision]:
    return list(
        Decision.objects.filter(
            meeting=meeting, initiative__in=visible_initiatives(user).values("pk")
        )
        .select_related("initiative", "decided_by", "board", "meeting")
        .order_by("decided_at", "id")
    )


def agenda_candidate_initiatives(meeting: Meeting) -> QuerySet[Initiative]:
    """Ready cases routed to the meeting's board that are on no planned agenda yet."""
    on_planned = AgendaItem.objects.filter(
        meeting__board=meeting.board,
        meeting__status=MeetingStatus.PLANNED,
        initiative__isnull=False,
    ).values("initiative_id")
    on_this = meeting.agenda_items.filter(initiative__isnull=False).values("initiative_id")
    return (
        Initiative.objects.filter(routed_to(meeting.board), state=State.READY_FOR_DECISION)
        .exclude(pk__in=on_planned)
        .exclude(pk__in=on_this)
        .order_by("updated_at", "pk")
    )


def agenda_candidate_scenarios(meeting: Meeting) -> QuerySet[Any]:
    """Scenarios proposed to the meeting's board that are on no agenda yet."""
    from veivalg.prioritization.models import Scenario

    return (
        Scenario.objects.filter(board=meeting.board, proposed_to_board_at__isnull=False)
        .exclude(pk__in=AgendaItem.objects.filter(scenario__isnull=False).values("scenario_id"))
        .order_by("proposed_to_board_at", "pk")
    )


def planned_agenda_for(initiative: Initiative) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(initiative=initiative, meeting__status=MeetingStatus.PLANNED)
        .select_related("meeting__board")
        .order_by("meeting__date")
    )


# --- the decision register ----------------------------------------------------------------

DECISION_ACTIONS = tuple(DecisionType.values)


@dataclass(frozen=True)
class RegisterFilters:
    board: str = ""
    meeting: str = ""
    date_from: date | None = None
    date_to: date | None = None
    directorate: str = ""
    type: str = ""
    q: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> RegisterFilters:
        def text(name: str) -> str:
            return (data.get(name) or "").strip()

        def day(name: str) -> date | None:
            value = text(name)
            if not value:
                return None
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None

        return cls(
            board=text("board"),
            meeting=text("meeting"),
            date_from=day("date_from") or day("from"),
            date_to=day("date_to") or day("to"),
            directorate=text("directorate"),
            type=text("type"),
            q=text("q"),
        )

    @property
    def active(self) -> bool:
        return any(
            (self.board, self.meeting, self.date_from, self.date_to, self.directorate, self.type)
        ) or bool(self.q)


@dataclass(frozen=True)
class RegisterEntry:
    """One decision in the register: a ``Decision`` (meeting or per capsulam), or a workflow
    transition (approve, defer, reject, stop) taken per capsulam through the initiative's
    actions, which has no ``Decision`` row."""

    id: int | None
    transition_id: int | None
    initiative: Initiative
    board: Board | None
    meeting: Meeting | None
    decision: str
    comment: str
    decided_at: datetime
    decided_by: User | None
    per_capsulam: bool
    archive_reference: str
    defer_until: date | None = None
    mandate_id: int | None = None
    frame: dict[str, Any] = field(default_factory=dict)

    @property
    def decision_label(self) -> str:
        return str(DecisionType(self.decision).label)

    @property
    def key(self) -> str:
        return f"v{self.id}" if self.id is not None else f"t{self.transition_id}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "transition": self.transition_id,
            "meeting": self.meeting.pk if self.meeting else None,
            "board": self.board.slug if self.board else None,
            "initiative": self.initiative.pk,
            "initiative_title": self.initiative.title,
            "directorate": self.initiative.unit.directorate.slug,
            "decision": self.decision,
            "comment": self.comment,
            "decided_at": self.decided_at,
            "decided_by": self.decided_by.get_username() if self.decided_by else None,
            "per_capsulam": self.per_capsulam,
            "defer_until": self.defer_until,
            "mandate": self.mandate_id,
            "archive_reference": self.archive_reference,
        }


def entry_of(decision: Decision) -> RegisterEntry:
    return RegisterEntry(
        id=decision.pk,
        transition_id=decision.transition_id,
        initiative=decision.initiative,
        board=decision.board,
        meeting=decision.meeting,
        decision=decision.decision,
        comment=decision.comment,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by,
        per_capsulam=decision.per_capsulam,
        archive_reference=decision.archive_reference,
        defer_until=decision.defer_until,
        mandate_id=decision.mandate_id,
        frame=dict(decision.frame or {}),
    )


def _entry_of_transition(t: Transition) -> RegisterEntry:
    return RegisterEntry(
        id=None,
        transition_id=t.pk,
        initiative=t.initiative,
        board=t.initiative.board,
        meeting=None,
        decision=t.action,
        comment=t.comment,
        decided_at=t.at,
        decided_by=t.actor,
        per_capsulam=True,
        archive_reference=t.initiative.archive_reference,
    )


def _day_bounds(value: date, end: bool) -> datetime:
    moment = datetime.combine(value, datetime.max.time() if end else datetime.min.time())
    return timezone.make_aware(moment)


def register(user: User, filters: RegisterFilters | None = None) -> list[RegisterEntry]:
    """Every decision ``user`` may see, newest first, filtered."""
    f = filters or RegisterFilters()
    visible = visible_initiatives(user).values("pk")
    decisions = Decision.objects.filter(initiative__in=visible).select_related(
        "initiative__unit__directorate", "board", "meeting", "decided_by"
    )
    transitions = (
        Transition.objects.filter(
            action__in=DECISION_ACTIONS,
            initiative__in=visible,
            governance_decision__isnull=True,
        )
        .exclude(to_state="")
        .select_related("initiative__unit__directorate", "initiative__board", "actor")
    )
    if f.board:
        decisions = decisions.filter(board__slug=f.board)
        transitions = transitions.filter(initiative__board__slug=f.board)
    if f.meeting:
        try:
            meeting_id = int(f.meeting)
        except ValueError:
            meeting_id = 0
        decisions = decisions.filter(meeting_id=meeting_id)
        transitions = transitions.none()
    if f.date_from:
        decisions = decisions.filter(decided_at__gte=_day_bounds(f.date_from, False))
        transitions = transitions.filter(at__gte=_day_bounds(f.date_from, False))
    if f.date_to:
        decisions = decisions.filter(decided_at__lte=_day_bounds(f.date_to, True))
        transitions = transitions.filter(at__lte=_day_bounds(f.date_to, True))
    if f.directorate:
        decisions = decisions.filter(initiative__unit__directorate__slug=f.directorate)
        transitions = transitions.filter(initiative__unit__directorate__slug=f.directorate)
    if f.type:
        types = [t for t in f.type.split(",") if t]
        decisions = decisions.filter(decision__in=types)
        transitions = transitions.filter(action__in=types)
    if f.q:
        for word in f.q.split()[:8]:
            text = (
                Q(initiative__title__icontains=word)
                | Q(comment__icontains=word)
                | Q(initiative__archive_reference__icontains=word)
            )
            number = word.lstrip("#")
            if number.isdigit():
                text |= Q(initiative_id=int(number))
            decisions = decisions.filter(text | Q(archive_reference__icontains=word))
            transitions = transitions.filter(text)
    entries = [entry_of(d) for d in decisions] + [_entry_of_transition(t) for t in transitions]
    entries.sort(key=lambda e: (e.decided_at, e.transition_id or 0), reverse=True)
    return entries


def decisions_of_initiative(user: User, initiative: Initiative) -> list[RegisterEntry]:
    if not visible_initiatives(user).filter(pk=initiative.pk).exists():
        return []
    entries = [
        entry_of(d)
        for d in Decision.objects.filter(initiative=initiative).select_related(
            "initiative__unit__directorate", "board", "meeting", "decided_by"
        )
    ]
    entries += [
        _entry_of_transition(t)
        for t in Transition.objects.filter(
            initiative=initiative,
            action__in=DECISION_ACTIONS,
            governance_decision__isnull=True,
        ).select_related("initiative__unit__directorate", "initiative__board", "actor")
    ]
    entries.sort(key=lambda e: (e.decided_at, e.transition_id or 0), reverse=True)
    return entries


def decision_for_user(user: User, pk: Any) -> Decision:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Vedtaket finnes ikke.")) from None
    decision = (
        Decision.objects.filter(pk=pk, initiative__in=visible_initiatives(user).values("pk"))
        .select_related("initiative", "board", "meeting")
        .first()
    )
    if decision is None:
        raise NotFound(_("Vedtaket finnes ikke, eller du har ikke tilgang til det."))
    return decision


# --- mandates ------------------------------------------------------------------------------


def visible_mandates(user: User) -> QuerySet[Mandate]:
    return Mandate.objects.filter(
        Q(initiative__isnull=True) | Q(initiative__in=visible_initiatives(user).values("pk"))
    )


def mandates_for(user: User, *, kind: str = "") -> QuerySet[Mandate]:
    qs = visible_mandates(user).select_related("initiative", "program", "board", "approved_version")
    if kind in MandateKind.values:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def mandate_for_user(user: User, pk: Any) -> Mandate:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Mandatet finnes ikke.")) from None
    mandate = (
        visible_mandates(user)
        .select_related(
            "initiative__unit__directorate",
            "program__owner",
            "board",
            "decision__meeting",
            "approved_by",
            "approved_meeting",
            "approved_version",
        )
        .filter(pk=pk)
        .first()
    )
    if mandate is None:
        raise NotFound(_("Mandatet finnes ikke, eller du har ikke tilgang til det."))
    return mandate


def latest_version(mandate: Mandate) -> MandateVersion | None:
    return mandate.versions.select_related("created_by").order_by("-number").first()


def versions_of(mandate: Mandate) -> list[MandateVersion]:
    return list(mandate.versions.select_related("created_by").order_by("-number"))


def is_approved(mandate: Mandate, latest: MandateVersion | None = None) -> bool:
    latest = latest if latest is not None else latest_version(mandate)
    return latest is not None and mandate.approved_version_id == latest.pk


def mandates_of_initiative(user: User, initiative: Initiative) -> list[Mandate]:
    return list(
        visible_mandates(user)
        .filter(initiative=initiative)
        .select_related("approved_version")
        .order_by("kind", "pk")
    )


# --- guidance ------------------------------------------------------------------------------

PHASE_ORDER = {value: index for index, value in enumerate(Phase.values)}

# The initiative's state → the phase of the project model (Idé … Realisering). Until the
# delivery app tracks phases, approval (BP1) starts the concept phase.
STATE_PHASE: dict[str, str] = {
    State.DRAFT: Phase.IDEA,
    State.SUBMITTED: Phase.IDEA,
    State.ENDORSED: Phase.IDEA,
    State.IN_ANALYSIS: Phase.IDEA,
    State.READY_FOR_DECISION: Phase.IDEA,
    State.DEFERRED: Phase.IDEA,
    State.APPROVED: Phase.CONCEPT,
    State.IN_PROGRESS: Phase.EXECUTION,
    State.STOPPED: Phase.CLOSING,
    State.REALISING_BENEFITS: Phase.REALISATION,
    State.CLOSED: Phase.CLOSING,
}


def phase_of(initiative: Initiative) -> str | None:
    return STATE_PHASE.get(initiative.state)


def checklists() -> list[Checklist]:
    items = list(Checklist.objects.prefetch_related("items"))
    return sorted(items, key=lambda c: (PHASE_ORDER.get(c.phase, 99), c.audience))


def checklist_for(phase: str | None, audience: str) -> Checklist | None:
    if not phase:
        return None
    return (
        Checklist.objects.filter(phase=phase, audience=audience).prefetch_related("items").first()
    )


def guidance_pages(audience: str = "") -> QuerySet[GuidancePage]:
    qs = GuidancePage.objects.all()
    if audience:
        qs = qs.filter(audience=audience)
    return qs.order_by("order", "title")


def guidance_page(slug: str) -> GuidancePage:
    page = GuidancePage.objects.filter(slug=slug).first()
    if page is None:
        raise NotFound(_("Veiledningssiden finnes ikke."))
    return page


def pages_for(audiences: Iterable[str]) -> list[GuidancePage]:
    return list(
        GuidancePage.objects.filter(audience__in=list(audiences)).order_by("order", "title")
    )
