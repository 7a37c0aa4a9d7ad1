"""Writes of governance: board profiles and routing, meetings and agenda, decisions, mandates
and guidance. Each function checks who may do it, validates completely before it writes, and
writes its audit event in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.core.audit import audit
from veivalg.core.errors import InvalidTransition, NotAllowed, NotFound, ValidationFailed
from veivalg.core.money import kroner
from veivalg.governance import permissions
from veivalg.governance.documents import ascii_slug
from veivalg.governance.mandates import SECTION_MAX_LENGTH, draft_content, sections_of, title_for
from veivalg.governance.models import (
    AgendaItem,
    Audience,
    BoardProfile,
    Checklist,
    ChecklistItem,
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
    RuleKind,
)
from veivalg.governance.routing import find_route
from veivalg.governance.selectors import agenda_candidate_initiatives, agenda_candidate_scenarios
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.initiatives.services import initiative_perform_action
from veivalg.initiatives.workflow import board_id_of
from veivalg.org.models import Board, Directorate, Portfolio, User
from veivalg.strategy.models import Program


@dataclass
class _Errors:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _text(value: Any) -> str:
    return str(value or "").strip()


def _required_text(errors: _Errors, name: str, value: Any, max_length: int) -> str:
    text = _text(value)
    if not text:
        errors.add(name, _("Feltet er påkrevd."))
    elif len(text) > max_length:
        errors.add(name, _("Teksten er for lang (høyst %(max)s tegn).") % {"max": max_length})
    return text


def _optional_text(errors: _Errors, name: str, value: Any, max_length: int) -> str:
    text = _text(value)
    if len(text) > max_length:
        errors.add(name, _("Teksten er for lang (høyst %(max)s tegn).") % {"max": max_length})
    return text


# --- boards and routing ---------------------------------------------------------------------


def _require_configure(actor: User) -> None:
    if not permissions.can_configure(actor):
        raise NotAllowed(_("Bare porteføljekontoret kan endre styrer og rutingsregler."))


@transaction.atomic
def board_profile_update(
    *, actor: User, board: Board, chair: User | None, secretary: User | None
) -> BoardProfile:
    """Name the board's chair and secretary (the chair should be a member of the board)."""
    _require_configure(actor)
    if chair is not None and not permissions.is_member(chair, board):
        raise ValidationFailed(
            {"chair": [_("Styrelederen må være medlem av styret (rollen «Styremedlem»).")]}
        )
    profile, _created = BoardProfile.objects.get_or_create(board=board)
    before = {"chair": profile.chair_id, "secretary": profile.secretary_id}
    profile.chair = chair
    profile.secretary = secretary
    profile.save()
    if hasattr(board, "_governance_profile_cache"):
        del board._governance_profile_cache
    audit(
        actor,
        "board.profile",
        board,
        before=before,
        chair=chair.get_username() if chair else None,
        secretary=secretary.get_username() if secretary else None,
    )
    return profile


@transaction.atomic
def routing_rule_create(*, actor: User, data: dict[str, Any]) -> RoutingRule:
    """Add a rule. ``data``: board (Board), kind, portfolio (Portfolio), directorate
    (Directorate), threshold (kroner), order."""
    _require_configure(actor)
    errors = _Errors()
    board = data.get("board")
    if not isinstance(board, Board):
        errors.add("board", _("Velg et styre."))
    kind = data.get("kind") or ""
    if kind not in RuleKind.values:
        errors.add("kind", _("Velg type regel."))
    portfolio = data.get("portfolio")
    directorate = data.get("directorate")
    threshold = None
    if kind == RuleKind.PORTFOLIO and not isinstance(portfolio, Portfolio):
        errors.add("portfolio", _("Velg porteføljen regelen gjelder."))
    if kind == RuleKind.DIRECTORATE and not isinstance(directorate, Directorate):
        errors.add("directorate", _("Velg direktørområdet regelen gjelder."))
    if kind == RuleKind.COST_ABOVE:
        raw = data.get("threshold")
        if raw in (None, ""):
            errors.add("threshold", _("Oppgi terskelen i kroner."))
        else:
            try:
                threshold = kroner(raw)
            except ValueError:
                errors.add("threshold", _("Må være et beløp i hele kroner."))
            else:
                if threshold < 0:
                    errors.add("threshold", _("Beløpet kan ikke være negativt."))
                elif threshold >= 10**14:
                    errors.add("threshold", _("Beløpet er for stort."))
    order = data.get("order")
    if order in (None, ""):
        order = (RoutingRule.objects.aggregate(m=Max("order"))["m"] or 0) + 1
    else:
        try:
            order = int(order)
            if order < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors.add("order", _("Må være et heltall fra 0 og opp."))
            order = 0
    errors.raise_if_any()
    rule = RoutingRule.objects.create(
        board=board,
        kind=kind,
        portfolio=portfolio if kind == RuleKind.PORTFOLIO else None,
        directorate=directorate if kind == RuleKind.DIRECTORATE else None,
        threshold=threshold if kind == RuleKind.COST_ABOVE else None,
        order=order,
    )
    audit(actor, "routing_rule.create", rule, board=board.slug, kind=kind, order=order)
    return rule


@transaction.atomic
def routing_rule_delete(*, actor: User, rule: RoutingRule) -> None:
    _require_configure(actor)
    audit(actor, "routing_rule.delete", rule, board=rule.board.slug, kind=rule.kind)
    rule.delete()


# Initiatives are routed until a board has decided on them (approved, deferred, rejected or
# stopped them); after that they stay with that board, which also takes them up again after a
# deferral and may stop them, and which the register names for its per capsulam decisions.
ROUTABLE_STATES = frozenset(
    {
        State.DRAFT,
        State.SUBMITTED,
        State.ENDORSED,
        State.IN_ANALYSIS,
        State.READY_FOR_DECISION,
    }
)
DECISION_ACTIONS = tuple(DecisionType.values)


@transaction.atomic
def initiative_route(*, actor: User | None, initiative: Initiative) -> Routing | None:
    """Find the initiative's board with the routing rules, store it on the initiative with
    the reason, and audit a change. Initiatives a board has decided on keep their board.
    Returns the routing (None when nothing is routed, e.g. there is no board at all)."""
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit__directorate", "portfolio")
        .get(pk=initiative.pk)
    )
    existing = Routing.objects.filter(initiative=initiative).first()
    if (
        initiative.state not in ROUTABLE_STATES
        or initiative.transitions.filter(action__in=DECISION_ACTIONS).exists()
    ):
        return existing
    try:
        found = find_route(initiative)
    except NotFound:
        return existing
    if initiative.board_id != found.board.pk:
        Initiative.objects.filter(pk=initiative.pk).update(board=found.board)
    changed = (
        existing is None
        or existing.board_id != found.board.pk
        or existing.reason != found.reason
        or existing.rule_id != (found.rule.pk if found.rule else None)
    )
    if not changed:
        return existing
    routing, _created = Routing.objects.update_or_create(
        initiative=initiative,
        defaults={"board": found.board, "reason": found.reason, "rule": found.rule},
    )
    audit(
        actor,
        "initiative.route",
        initiative,
        board=found.board.slug,
        previous=existing.board.slug if existing else None,
        reason=found.reason,
    )
    return routing


@transaction.atomic
def routing_apply_all(*, actor: User) -> int:
    """Route every initiative that is not decided yet again (after the rules changed).
    Returns how many changed board."""
    _require_configure(actor)
    changed = 0
    for initiative in Initiative.objects.filter(state__in=ROUTABLE_STATES).only("pk", "board"):
        before = initiative.board_id
        routing = initiative_route(actor=actor, initiative=initiative)
        if routing is not None and routing.board_id != before:
            changed += 1
    return changed


# --- meetings and agenda --------------------------------------------------------------------


def _require_manage(actor: User, board: Board) -> None:
    if not permissions.can_manage_meetings(actor, board):
        raise NotAllowed(_("Bare porteføljekontoret og styrets sekretær kan forberede møter."))


def _require_open(meeting: Meeting) -> None:
    if meeting.is_closed:
        raise InvalidTransition(
            _("Protokollen for møtet er godkjent. Møtet kan ikke endres."), code="meeting_closed"
        )


def _clean_date(errors: _Errors, name: str, value: Any) -> date | None:
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        errors.add(name, _("Oppgi en dato."))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(name, _("Må være en dato (åååå-mm-dd)."))
        return None


@transaction.atomic
def meeting_create(*, actor: User, board: Board, data: dict[str, Any]) -> Meeting:
    """Plan a meeting. ``data``: date, title (default: the board's name and the date),
    location."""
    _require_manage(actor, board)
    errors = _Errors()
    day = _clean_date(errors, "date", data.get("date"))
    title = _optional_text(errors, "title", data.get("title"), 200)
    location = _optional_text(errors, "location", data.get("location"), 200)
    errors.raise_if_any()
    assert day is not None
    if not title:
        title = _("Møte i %(board)s %(date)s") % {
            "board": board.name,
            "date": day.strftime("%d.%m.%Y"),
        }
    meeting = Meeting.objects.create(
        board=board, date=day, title=title, location=location, created_by=actor
    )
    audit(actor, "meeting.create", meeting, board=board.slug, date=day.isoformat())
    return meeting


MEETING_STEPS = {
    MeetingStatus.PLANNED: frozenset({MeetingStatus.HELD}),
    MeetingStatus.HELD: frozenset({MeetingStatus.CLOSED}),
    MeetingStatus.CLOSED: frozenset(),
}


@transaction.atomic
def meeting_set_status(*, actor: User, meeting: Meeting, status: str) -> Meeting:
    """Planned → held → closed (the minutes are approved; nothing changes after that)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    _require_manage(actor, meeting.board)
    if status not in MeetingStatus.values:
        raise ValidationFailed({"status": [_("Ukjent status.")]})
    if status not in MEETING_STEPS[meeting.status]:
        raise InvalidTransition(
            _("Et møte med status «%(now)s» kan ikke få status «%(next)s».")
            % {
                "now": MeetingStatus(meeting.status).label,
                "next": MeetingStatus(status).label,
            },
            code="wrong_meeting_status",
        )
    before = meeting.status
    meeting.status = status
    meeting.save(update_fields=["status"])
    audit(actor, "meeting.status", meeting, from_status=before, to_status=status)
    return meeting


def _next_order(meeting: Meeting) -> int:
    return (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.order_by("order", "id"))
    for number, item in enumerate(items, start=1):
        if item.order != number:
            item.order = number
            item.save(update_fields=["order"])
    return items


@transaction.atomic
def agenda_build(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Add what is routed to the board and ready: initiatives ready for decision that are on
    no planned agenda, and scenarios proposed to the board. Returns the added items."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    _require_manage(actor, meeting.board)
    _require_open(meeting)
    order = _next_order(meeting)
    added: list[AgendaItem] = []
    for initiative in agenda_candidate_initiatives(meeting):
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                kind=ItemKind.INITIATIVE,
                initiative=initiative,
                title=initiative.title[:200],
            )
        )
        order += 1
    for scenario in agenda_candidate_scenarios(meeting):
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                kind=ItemKind.SCENARIO,
                scenario=scenario,
                title=(_("Prioriteringsforslag: %(name)s") % {"name": scenario.name})[:200],
            )
        )
        order += 1
    audit(actor, "meeting.agenda_build", meeting, added=[i.pk for i in added])
    return added


ADDABLE_KINDS = (ItemKind.INITIATIVE, ItemKind.STOP_PROPOSAL, ItemKind.OTHER)


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    """Complete the agenda by hand. ``data``: kind (initiative, stop_proposal or other),
    initiative (for the first two), title (required for other), recommendation."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting.pk)
    )
    _require_manage(actor, meeting.board)
    _require_open(meeting)
    errors = _Errors()
    kind = data.get("kind") or ""
    if kind not in ADDABLE_KINDS:
        errors.add("kind", _("Velg type sak."))
    initiative = data.get("initiative")
    title = _optional_text(errors, "title", data.get("title"), 200)
    recommendation = _optional_text(errors, "recommendation", data.get("recommendation"), 4000)
    if kind in (ItemKind.INITIATIVE, ItemKind.STOP_PROPOSAL):
        if not isinstance(initiative, Initiative):
            errors.add("initiative", _("Velg initiativet saken gjelder."))
        else:
            if board_id_of(initiative) != meeting.board_id:
                errors.add(
                    "initiative",
                    _("Initiativet er rutet til et annet styre enn %(board)s.")
                    % {"board": meeting.board.name},
                )
            wanted = (
                State.IN_PROGRESS if kind == ItemKind.STOP_PROPOSAL else State.READY_FOR_DECISION
            )
            if initiative.state != wanted:
                errors.add(
                    "initiative",
                    _("Initiativet må ha status «%(state)s» for denne typen sak.")
                    % {"state": State(wanted).label},
                )
            if meeting.agenda_items.filter(initiative=initiative).exists():
                errors.add("initiative", _("Initiativet står allerede på sakslisten."))
            if not title:
                title = (
                    _("Forslag om stopp: %(title)s") % {"title": initiative.title}
                    if kind == ItemKind.STOP_PROPOSAL
                    else initiative.title
                )[:200]
    elif kind == ItemKind.OTHER and not title:
        errors.add("title", _("Feltet er påkrevd."))
    errors.raise_if_any()
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=_next_order(meeting),
        kind=kind,
        initiative=initiative if kind != ItemKind.OTHER else None,
        title=title,
        recommendation=recommendation,
    )
    audit(actor, "meeting.agenda_add", meeting, item=item.pk, kind=kind)
    return item


@transaction.atomic
def agenda_item_update(*, actor: User, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    """Change a case's title or the portfolio office's recommendation."""
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__board")
        .get(pk=item.pk)
    )
    _require_manage(actor, item.meeting.board)
    _require_open(item.meeting)
    errors = _Errors()
    title = _required_text(errors, "title", data.get("title", item.title), 200)
    recommendation = _optional_text(
        errors, "recommendation", data.get("recommendation", item.recommendation), 4000
    )
    errors.raise_if_any()
    item.title = title
    item.recommendation = recommendation
    item.save(update_fields=["title", "recommendation"])
    audit(actor, "meeting.agenda_update", item.meeting, item=item.pk)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Move a case one place up or down; returns the agenda in its new order."""
    item = AgendaItem.objects.select_related("meeting__board").get(pk=item.pk)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _require_manage(actor, item.meeting.board)
    _require_open(meeting)
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": [_("Flytt opp eller ned.")]})
    items = _renumber(meeting)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    swap = index - 1 if direction == "up" else index + 1
    if 0 <= swap < len(items):
        a, b = items[index], items[swap]
        a.order, b.order = b.order, a.order
        a.save(update_fields=["order"])
        b.save(update_fields=["order"])
        items[index], items[swap] = b, a
        audit(actor, "meeting.agenda_move", meeting, item=item.pk, direction=direction)
    return items


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__board")
        .get(pk=item.pk)
    )
    _require_manage(actor, item.meeting.board)
    _require_open(item.meeting)
    if (
        item.initiative_id
        and Decision.objects.filter(meeting=item.meeting, initiative_id=item.initiative_id).exists()
    ):
        raise InvalidTransition(
            _("Saken har et vedtak i møtet og kan ikke fjernes fra sakslisten."),
            code="item_decided",
        )
    meeting = item.meeting
    audit(actor, "meeting.agenda_remove", meeting, item=item.pk, title=item.title)
    item.delete()
    _renumber(meeting)


# --- decisions ----------------------------------------------------------------------------


def _clean_frame(errors: _Errors, raw: Any) -> dict[str, Any]:
    """The approval's mandate frame: cost ceiling (kroner), time frame, steering group
    (usernames), conditions. Field names in errors are ``mandate.<name>``."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        errors.add("mandate", _("Må være et objekt."))
        return {}
    unknown = set(raw) - {"cost_ceiling", "time_frame", "steering_group", "conditions"}
    for name in sorted(unknown):
        errors.add(f"mandate.{name}", _("Ukjent felt."))
    cost = raw.get("cost_ceiling")
    cost_ceiling: int | None = None
    if cost not in (None, ""):
        try:
            amount = kroner(cost)
        except ValueError:
            errors.add("mandate.cost_ceiling", _("Må være et beløp i hele kroner."))
        else:
            if amount < 0:
                errors.add("mandate.cost_ceiling", _("Beløpet kan ikke være negativt."))
            elif amount >= 10**14:
                errors.add("mandate.cost_ceiling", _("Beløpet er for stort."))
            else:
                cost_ceiling = int(amount)
    time_frame = _optional_text(errors, "mandate.time_frame", raw.get("time_frame"), 500)
    conditions = _optional_text(errors, "mandate.conditions", raw.get("conditions"), 4000)
    group = raw.get("steering_group") or []
    if isinstance(group, str):
        group = [g for g in re.split(r"[,\s]+", group) if g]
    usernames: list[str] = []
    for entry in group:
        name = entry.get_username() if isinstance(entry, User) else _text(entry)
        if name and name not in usernames:
            usernames.append(name)
    known = set(
        User.objects.filter(username__in=usernames, is_active=True).values_list(
            "username", flat=True
        )
    )
    missing = [n for n in usernames if n not in known]
    if missing:
        errors.add(
            "mandate.steering_group",
            _("Finnes ikke: %(names)s.") % {"names": ", ".join(missing)},
        )
    return {
        "cost_ceiling": cost_ceiling,
        "time_frame": time_frame,
        "steering_group": usernames,
        "conditions": conditions,
    }


@transaction.atomic
def decision_record(
    *,
    actor: User,
    meeting: Meeting | None,
    initiative: Initiative,
    decision: str,
    comment: str = "",
    mandate: dict[str, Any] | None = None,
    until: date | str | None = None,
) -> Decision:
    """Record the board's decision and perform the workflow action it means, in one
    transaction: if the workflow refuses (e.g. a politically mandated initiative cannot be
    deferred), nothing is stored.

    Only the board's members and secretary may record (the workflow then requires a board
    member). ``meeting`` None records a decision per capsulam for the initiative's board.
    An approval creates the project mandate and the steering group mandate (drafts filled
    from the data and the frame in ``mandate``); ``until`` is required for a deferral.
    """
    if meeting is not None:
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("board")
            .get(pk=meeting.pk)
        )
        board = meeting.board
    else:
        board_id = board_id_of(initiative)
        board = Board.objects.filter(pk=board_id).first()
        if board is None:
            raise InvalidTransition(_("Initiativet er ikke rutet til noe styre."), code="no_board")
    if not permissions.can_record(actor, board):
        raise NotAllowed(
            _("Bare medlemmene og sekretæren i %(board)s kan registrere vedtak.")
            % {"board": board.name}
        )
    if meeting is not None:
        _require_open(meeting)
    errors = _Errors()
    if decision not in DecisionType.values:
        errors.add(
            "decision",
            _("Må være en av: %(values)s.") % {"values": ", ".join(DecisionType.values)},
        )
    comment = _optional_text(errors, "comment", comment, 4000)
    frame: dict[str, Any] = {}
    if decision == DecisionType.APPROVE:
        frame = _clean_frame(errors, mandate)
    elif mandate:
        errors.add("mandate", _("Mandatrammer hører bare til et vedtak om å vedta."))
    defer_until: date | None = None
    if decision == DecisionType.DEFER:
        defer_until = _clean_date(errors, "until", until)
        today = meeting.date if meeting is not None else timezone.localdate()
        if defer_until is not None and defer_until <= today:
            errors.add("until", _("Datoen må være etter %(date)s.") % {"date": today.isoformat()})
    elif until not in (None, ""):
        errors.add("until", _("Bare et vedtak om å utsette har en dato."))
    errors.raise_if_any()
    if board_id_of(initiative) != board.pk:
        raise InvalidTransition(
            _("Saken er rutet til et annet styre enn %(board)s.") % {"board": board.name},
            code="other_board",
        )
    updated = initiative_perform_action(
        actor=actor, initiative=initiative, action=decision, comment=comment
    )
    transition = Transition.objects.filter(initiative=updated).order_by("-id").first()
    record = Decision.objects.create(
        meeting=meeting,
        board=board,
        initiative=updated,
        decision=decision,
        comment=comment,
        decided_by=actor,
        decided_at=transition.at if transition is not None else timezone.now(),
        per_capsulam=meeting is None,
        archive_reference=updated.archive_reference,
        defer_until=defer_until,
        frame=frame,
        transition=transition,
    )
    if decision == DecisionType.APPROVE:
        project = _mandate_new(
            actor=actor, kind=MandateKind.PROJECT, initiative=updated, board=board, decision=record
        )
        _mandate_new(
            actor=actor,
            kind=MandateKind.STEERING_GROUP,
            initiative=updated,
            board=board,
            decision=record,
        )
        record.mandate = project
        record.save(update_fields=["mandate"])
    if meeting is not None and meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    audit(
        actor,
        "decision.record",
        record,
        initiative=updated.pk,
        decision=decision,
        meeting=meeting.pk if meeting else None,
        per_capsulam=meeting is None,
    )
    return record


@transaction.atomic
def decision_set_archive_reference(*, actor: User, decision: Decision, reference: str) -> Decision:
    """The archive's case number (saksnummer), set once the decision is journaled."""
    if not permissions.can_manage_meetings(actor, decision.board):
        raise NotAllowed(_("Bare porteføljekontoret og styrets sekretær kan sette saksnummer."))
    errors = _Errors()
    reference = _optional_text(errors, "archive_reference", reference, 64)
    errors.raise_if_any()
    before = decision.archive_reference
    decision.archive_reference = reference
    decision.save(update_fields=["archive_reference"])
    audit(actor, "decision.archive_reference", decision, before=before, after=reference)
    return decision


# --- mandates -----------------------------------------------------------------------------


def _mandate_new(
    *,
    actor: User | None,
    kind: str,
    initiative: Initiative | None = None,
    program: Program | None = None,
    board: Board,
    decision: Decision | None = None,
) -> Mandate:
    mandate = Mandate.objects.create(
        kind=kind,
        title=title_for(kind, initiative=initiative, program=program)[:200],
        initiative=initiative,
        program=program,
        board=board,
        decision=decision,
        created_by=actor,
    )
    content = draft_content(
        kind, initiative=initiative, program=program, decision=decision, board=board, user=actor
    )
    MandateVersion.objects.create(
        mandate=mandate,
        number=1,
        content=content,
        comment=_("Første utkast, fylt ut fra dataene."),
        created_by=actor,
    )
    audit(actor, "mandate.create", mandate, kind=kind, decision=decision.pk if decision else None)
    return mandate


@transaction.atomic
def mandate_create(
    *,
    actor: User,
    kind: str,
    initiative: Initiative | None = None,
    program: Program | None = None,
    board: Board | None = None,
) -> Mandate:
    """The portfolio office starts a mandate (a program mandate, or one an initiative lacks)."""
    if not permissions.is_office(actor):
        raise NotAllowed(_("Bare porteføljekontoret kan opprette mandater."))
    errors = _Errors()
    if kind not in MandateKind.values:
        errors.add("kind", _("Velg type mandat."))
    if kind == MandateKind.PROGRAM:
        if not isinstance(program, Program):
            errors.add("program", _("Velg programmet eller produktområdet."))
        initiative = None
    elif kind in MandateKind.values:
        if not isinstance(initiative, Initiative):
            errors.add("initiative", _("Velg initiativet mandatet gjelder."))
        program = None
    if board is None and isinstance(initiative, Initiative):
        board = Board.objects.filter(pk=board_id_of(initiative)).first()
    if board is None:
        board = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
    if board is None:
        errors.add("board", _("Velg styret som skal godkjenne mandatet."))
    errors.raise_if_any()
    assert board is not None
    decision = None
    if initiative is not None:
        decision = (
            Decision.objects.filter(initiative=initiative, decision=DecisionType.APPROVE)
            .order_by("-decided_at")
            .first()
        )
    return _mandate_new(
        actor=actor,
        kind=kind,
        initiative=initiative,
        program=program,
        board=board,
        decision=decision,
    )


@transaction.atomic
def mandate_save(
    *, actor: User, mandate: Mandate, content: dict[str, Any], comment: str = ""
) -> MandateVersion:
    """Save the mandate's text as a new version. An approved mandate becomes a draft again
    until the board approves the new version. Nothing changed: the latest version is kept."""
    mandate = (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("program", "board")
        .get(pk=mandate.pk)
    )
    if not permissions.can_edit_mandate(actor, mandate):
        raise NotAllowed(
            _(
                "Bare porteføljekontoret, prosjekteieren eller eieren av programmet kan endre "
                "mandatet."
            )
        )
    errors = _Errors()
    sections = sections_of(mandate.kind)
    keys = {s.key for s in sections}
    for name in sorted(set(content) - keys):
        errors.add(name, _("Ukjent del av mandatet."))
    cleaned: dict[str, str] = {}
    for section in sections:
        value = content.get(section.key, "")
        if not isinstance(value, str):
            errors.add(section.key, _("Må være tekst."))
            continue
        text = value.strip()
        if section.required and not text:
            errors.add(section.key, _("Feltet er påkrevd."))
        elif len(text) > SECTION_MAX_LENGTH:
            errors.add(
                section.key,
                _("Teksten er for lang (høyst %(max)s tegn).") % {"max": SECTION_MAX_LENGTH},
            )
        cleaned[section.key] = text
    comment = _optional_text(errors, "comment", comment, 500)
    errors.raise_if_any()
    latest = mandate.versions.order_by("-number").first()
    if latest is not None and latest.content == cleaned:
        return latest
    version = MandateVersion.objects.create(
        mandate=mandate,
        number=(latest.number + 1) if latest else 1,
        content=cleaned,
        comment=comment,
        created_by=actor,
    )
    audit(actor, "mandate.save", mandate, version=version.number)
    return version


@transaction.atomic
def mandate_approve(*, actor: User, mandate: Mandate, meeting: Meeting | None = None) -> Mandate:
    """The board approves the mandate's latest version (in ``meeting``, or per capsulam)."""
    mandate = (
        Mandate.objects.select_for_update(of=("self",)).select_related("board").get(pk=mandate.pk)
    )
    if not permissions.can_approve_mandate(actor, mandate):
        raise NotAllowed(
            _("Bare medlemmene og sekretæren i %(board)s kan godkjenne mandatet.")
            % {"board": mandate.board.name}
        )
    if meeting is not None and meeting.board_id != mandate.board_id:
        raise ValidationFailed({"meeting": [_("Møtet hører til et annet styre.")]})
    latest = mandate.versions.order_by("-number").first()
    if latest is None:
        raise InvalidTransition(_("Mandatet har ingen tekst ennå."), code="mandate_empty")
    if mandate.approved_version_id == latest.pk:
        raise InvalidTransition(
            _("Versjon %(number)s er allerede godkjent.") % {"number": latest.number},
            code="mandate_already_approved",
        )
    mandate.approved_version = latest
    mandate.approved_by = actor
    mandate.approved_at = timezone.now()
    mandate.approved_meeting = meeting
    mandate.save(
        update_fields=["approved_version", "approved_by", "approved_at", "approved_meeting"]
    )
    audit(
        actor,
        "mandate.approve",
        mandate,
        version=latest.number,
        meeting=meeting.pk if meeting else None,
    )
    return mandate


# --- guidance -----------------------------------------------------------------------------


def _require_guidance(actor: User) -> None:
    if not permissions.can_edit_guidance(actor):
        raise NotAllowed(_("Bare porteføljekontoret kan endre veiledningen."))


@transaction.atomic
def guidance_page_save(
    *, actor: User, page: GuidancePage | None, data: dict[str, Any]
) -> GuidancePage:
    """Create (``page`` None) or change a guidance page. ``data``: slug (new pages; made from
    the title when empty), title, summary, body, audience, phase, order."""
    _require_guidance(actor)
    errors = _Errors()
    title = _required_text(errors, "title", data.get("title"), 200)
    summary = _optional_text(errors, "summary", data.get("summary"), 500)
    body = _required_text(errors, "body", data.get("body"), 40000)
    audience = data.get("audience") or ""
    if audience not in Audience.values:
        errors.add("audience", _("Velg målgruppe."))
    phase = data.get("phase") or ""
    if phase and phase not in Phase.values:
        errors.add("phase", _("Ukjent fase."))
    order = data.get("order")
    try:
        order = int(order) if order not in (None, "") else 0
        if order < 0:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("order", _("Må være et heltall fra 0 og opp."))
        order = 0
    if page is None:
        slug = _text(data.get("slug")) or ascii_slug(title, 50)
        if not slug or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            errors.add("slug", _("Bruk små bokstaver a–z, tall og bindestrek."))
        elif GuidancePage.objects.filter(slug=slug).exists():
            errors.add("slug", _("Kortnavnet er i bruk."))
    errors.raise_if_any()
    creating = page is None
    if page is None:
        page = GuidancePage(slug=slug)
    page.title = title
    page.summary = summary
    page.body = body
    page.audience = audience
    page.phase = phase
    page.order = order
    page.updated_by = actor
    page.save()
    audit(actor, "guidance.create" if creating else "guidance.update", page, slug=page.slug)
    return page


@transaction.atomic
def checklist_save(*, actor: User, checklist: Checklist, title: str, items: list[str]) -> Checklist:
    """Change a checklist's title and items (one per entry; empty entries are left out)."""
    _require_guidance(actor)
    errors = _Errors()
    title = _required_text(errors, "title", title, 200)
    cleaned = [_text(i) for i in items if _text(i)]
    if not cleaned:
        errors.add("items", _("Sjekklisten må ha minst ett punkt."))
    for index, text in enumerate(cleaned, start=1):
        if len(text) > 500:
            errors.add("items", _("Punkt %(n)s er for langt (høyst 500 tegn).") % {"n": index})
    if len(cleaned) > 60:
        errors.add("items", _("Høyst 60 punkter."))
    errors.raise_if_any()
    checklist.title = title
    checklist.save()
    checklist.items.all().delete()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, order=n, text=text)
        for n, text in enumerate(cleaned, start=1)
    )
    audit(actor, "checklist.update", checklist, items=len(cleaned))
    return checklist
