"""Fictional governance demo data, on top of ``veivalg.web.demo.build_demo``.

``seed_governance`` is idempotent: board profiles, routing rules, meetings and the program
mandate are looked up before they are made, and nothing that exists is changed. Decisions are
recorded through the services, acting as the board's chair, so the workflow history, the
register and the mandates are real.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from veivalg.governance.guidance_content import seed_guidance
from veivalg.governance.models import (
    AgendaItem,
    BoardProfile,
    Checklist,
    ChecklistItem,
    DecisionType,
    GuidancePage,
    ItemKind,
    Mandate,
    MandateKind,
    Meeting,
    MeetingStatus,
    RoutingRule,
    RuleKind,
)
from veivalg.governance.services import (
    ROUTABLE_STATES,
    agenda_build,
    agenda_item_add,
    agenda_item_update,
    decision_record,
    initiative_route,
    mandate_approve,
    mandate_create,
    meeting_create,
    meeting_set_status,
)
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.services import initiative_perform_action
from veivalg.org.models import Board, Portfolio, User
from veivalg.strategy.models import Program

OFFICE = "portefoljekontor"
CHAIR = "styreleder"
AREA_BOARD = "eiendomsradet"
AREA_CHAIR = "styremedlem.eiendom"
HELD_TITLE = "Porteføljestyret, møte 1"
PLANNED_TITLE = "Porteføljestyret, møte 2"
AREA_TITLE = "Eiendomsrådet, møte 1"
COST_THRESHOLD = 5_000_000

# archive reference → the portfolio office's recommendation in the planned meeting
RECOMMENDATIONS = {
    "DEMO-004": (
        "Porteføljekontoret anbefaler at chatboten vedtas, og at den bygger på innholdet i "
        "den nye hjemmesiden og etter hvert viser status fra Min side."
    ),
    "DEMO-005": (
        "Politisk vedtatt i KST 045/24 og kan ikke utsettes eller avslås. Porteføljekontoret "
        "anbefaler at saken vedtas med en kostnadsramme på 1,6 mill. kr og frist ved "
        "utgangen av 2026."
    ),
}


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _demo(ref: str) -> Initiative | None:
    return Initiative.objects.filter(archive_reference=ref).first()


def _profiles(counts: dict[str, int]) -> None:
    office = _user(OFFICE)
    for slug, chair_name in ((Board.DEFAULT_SLUG, CHAIR), (AREA_BOARD, AREA_CHAIR)):
        board = Board.objects.filter(slug=slug).first()
        if board is None or BoardProfile.objects.filter(board=board).exists():
            continue
        BoardProfile.objects.create(board=board, chair=_user(chair_name), secretary=office)
        counts["styreprofiler"] = counts.get("styreprofiler", 0) + 1


def _rules(counts: dict[str, int], default: Board) -> None:
    if RoutingRule.objects.exists():
        return
    RoutingRule.objects.create(board=default, kind=RuleKind.CROSS_CUTTING, order=1)
    RoutingRule.objects.create(
        board=default, kind=RuleKind.COST_ABOVE, threshold=COST_THRESHOLD, order=2
    )
    area = Board.objects.filter(slug=AREA_BOARD).first()
    eiendom = Portfolio.objects.filter(slug="eiendom").first()
    if area is not None and eiendom is not None:
        RoutingRule.objects.create(board=area, kind=RuleKind.PORTFOLIO, portfolio=eiendom, order=3)
    counts["rutingsregler"] = RoutingRule.objects.count()


def _route(office: User) -> None:
    for initiative in Initiative.objects.filter(
        archive_reference__startswith="DEMO-", state__in=ROUTABLE_STATES
    ):
        initiative_route(actor=office, initiative=initiative)


def _ready(ref: str, board: Board) -> Initiative | None:
    initiative = _demo(ref)
    if initiative is None or initiative.state != State.READY_FOR_DECISION:
        return None
    if initiative.board_id not in (None, board.pk):
        return None
    return initiative


def _held_meeting(counts: dict[str, int], board: Board, office: User, chair: User) -> None:
    if Meeting.objects.filter(board=board, title=HELD_TITLE).exists():
        return
    today = timezone.localdate()
    meeting = meeting_create(
        actor=office,
        board=board,
        data={
            "date": today - timedelta(days=21),
            "title": HELD_TITLE,
            "location": "Rådhuset, formannskapssalen",
        },
    )
    counts["møter"] = counts.get("møter", 0) + 1
    processes = _ready("DEMO-026", board)
    chatbot = _ready("DEMO-004", board)
    if processes is not None:
        agenda_item_add(
            actor=office,
            meeting=meeting,
            data={
                "kind": ItemKind.INITIATIVE,
                "initiative": processes,
                "recommendation": (
                    "Porteføljekontoret anbefaler at saken vedtas nå som grunndataprosjektet "
                    "er i gang, med en kostnadsramme på 900 000 kr for konseptfasen."
                ),
            },
        )
        decision_record(
            actor=chair,
            meeting=meeting,
            initiative=processes,
            decision=DecisionType.APPROVE,
            comment="Vedtatt i tråd med innstillingen. Mandat for konseptfasen (BP1).",
            mandate={
                "cost_ceiling": 900_000,
                "time_frame": "Konseptfasen ferdig innen utgangen av 2026",
                "steering_group": ["direktor.osu", "forvalter.su", "ansatt.su"],
                "conditions": (
                    "Prosesseierne utpekes i samråd med direktørene før BP2. Prosessbiblioteket "
                    "bygger på felles grunndata."
                ),
            },
        )
        counts["vedtak"] = counts.get("vedtak", 0) + 1
        project = Mandate.objects.filter(initiative=processes, kind=MandateKind.PROJECT).first()
        if project is not None:
            mandate_approve(actor=chair, mandate=project, meeting=meeting)
    if chatbot is not None:
        agenda_item_add(
            actor=office,
            meeting=meeting,
            data={
                "kind": ItemKind.INITIATIVE,
                "initiative": chatbot,
                "recommendation": (
                    "Porteføljekontoret anbefaler at saken ses i sammenheng med ny hjemmeside "
                    "og Min side før den vedtas."
                ),
            },
        )
        decision_record(
            actor=chair,
            meeting=meeting,
            initiative=chatbot,
            decision=DecisionType.DEFER,
            comment="Utsatt til neste møte, så chatboten kan ses sammen med Min side.",
            until=today + timedelta(days=14),
        )
        counts["vedtak"] = counts.get("vedtak", 0) + 1
        initiative_perform_action(
            actor=office,
            initiative=chatbot,
            action="resume",
            comment="Tas opp igjen i neste møte, sammen med planen for Min side.",
        )
    program = Program.objects.filter(slug="digitalt-forstevalg").first()
    if program is not None and not Mandate.objects.filter(program=program).exists():
        mandate = mandate_create(
            actor=office, kind=MandateKind.PROGRAM, program=program, board=board
        )
        mandate_approve(actor=chair, mandate=mandate, meeting=meeting)
        counts["mandater"] = counts.get("mandater", 0) + 1
    meeting.refresh_from_db()
    if meeting.status == MeetingStatus.PLANNED:
        meeting_set_status(actor=office, meeting=meeting, status=MeetingStatus.HELD)
    meeting_set_status(actor=office, meeting=meeting, status=MeetingStatus.CLOSED)


def _planned_meeting(counts: dict[str, int], board: Board, office: User) -> None:
    if Meeting.objects.filter(board=board, title=PLANNED_TITLE).exists():
        return
    meeting = meeting_create(
        actor=office,
        board=board,
        data={
            "date": timezone.localdate() + timedelta(days=14),
            "title": PLANNED_TITLE,
            "location": "Rådhuset, møterom Kolsås",
        },
    )
    counts["møter"] = counts.get("møter", 0) + 1
    for item in agenda_build(actor=office, meeting=meeting):
        ref = item.initiative.archive_reference if item.initiative else ""
        if ref in RECOMMENDATIONS:
            agenda_item_update(
                actor=office,
                item=item,
                data={"title": item.title, "recommendation": RECOMMENDATIONS[ref]},
            )
    agenda_item_add(
        actor=office,
        meeting=meeting,
        data={
            "kind": ItemKind.OTHER,
            "title": "Orientering: status for porteføljen",
            "recommendation": "Porteføljekontoret orienterer om status, kapasitet og gevinster.",
        },
    )


def _area_meeting(counts: dict[str, int], office: User) -> None:
    area = Board.objects.filter(slug=AREA_BOARD).first()
    if area is None or Meeting.objects.filter(board=area, title=AREA_TITLE).exists():
        return
    meeting = meeting_create(
        actor=office,
        board=area,
        data={
            "date": timezone.localdate() + timedelta(days=28),
            "title": AREA_TITLE,
            "location": "Oksenøya flerbrukshus",
        },
    )
    agenda_build(actor=office, meeting=meeting)
    if not AgendaItem.objects.filter(meeting=meeting, kind=ItemKind.OTHER).exists():
        agenda_item_add(
            actor=office,
            meeting=meeting,
            data={
                "kind": ItemKind.OTHER,
                "title": "Sambruk på Oksenøya – orientering",
                "recommendation": (
                    "Kantine, flerbrukshall, møterom og garderober ses i sammenheng for "
                    "barnehagen, skolen og sykehjemmet."
                ),
            },
        )
    counts["møter"] = counts.get("møter", 0) + 1


@transaction.atomic
def seed_governance() -> dict[str, Any]:
    """Board chairs and secretaries, routing rules (cross-cutting or above 5 MNOK →
    Porteføljestyret; portfolio Eiendom → Eiendomsrådet), the demo's open initiatives routed,
    guidance, one held meeting with decisions and approved mandates, and planned meetings
    with agendas. Run after ``build_demo``; returns what was added."""
    counts: dict[str, Any] = {}
    default = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
    office = _user(OFFICE)
    counts["veiledning"] = seed_guidance(GuidancePage, Checklist, ChecklistItem)
    if default is None or office is None:
        return counts
    _profiles(counts)
    _rules(counts, default)
    _route(office)
    chair = _user(CHAIR)
    if chair is not None:
        _held_meeting(counts, default, office, chair)
    _planned_meeting(counts, default, office)
    _area_meeting(counts, office)
    return counts
