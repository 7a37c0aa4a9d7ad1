"""The governance demo: seeded through the services on top of the demo municipality, and
running it again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from veivalg.governance.demo import HELD_TITLE, PLANNED_TITLE, seed_governance
from veivalg.governance.models import (
    BoardProfile,
    Decision,
    GuidancePage,
    Mandate,
    Meeting,
    MeetingStatus,
    RoutingRule,
)
from veivalg.governance.selectors import register
from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import Board, User
from veivalg.web.demo import build_demo


@pytest.fixture
def demo(db: Any) -> None:
    build_demo(set_passwords=False)


def test_seed_governance_builds_meetings_decisions_and_mandates_once(demo: None) -> None:
    seed_governance()
    counts = (Meeting.objects.count(), Decision.objects.count(), Mandate.objects.count())
    seed_governance()  # running it again changes nothing
    assert (Meeting.objects.count(), Decision.objects.count(), Mandate.objects.count()) == counts

    default = Board.objects.get(slug=Board.DEFAULT_SLUG)
    profile = BoardProfile.objects.get(board=default)
    assert profile.chair.username == "styreleder"
    assert profile.secretary.username == "portefoljekontor"
    assert RoutingRule.objects.count() == 3
    held = Meeting.objects.get(title=HELD_TITLE)
    assert held.status == MeetingStatus.CLOSED
    assert set(Decision.objects.filter(meeting=held).values_list("decision", flat=True)) == {
        "approve",
        "defer",
    }
    approved = Initiative.objects.get(archive_reference="DEMO-026")
    assert approved.state == State.APPROVED
    project = Mandate.objects.get(initiative=approved, kind="project")
    assert project.approved_version is not None
    planned = Meeting.objects.get(title=PLANNED_TITLE)
    refs = {
        item.initiative.archive_reference
        for item in planned.agenda_items.all()
        if item.initiative is not None
    }
    assert refs == {"DEMO-004", "DEMO-005"}
    assert GuidancePage.objects.filter(slug="prosjekteierens-ansvar").exists()
    # the register holds the meeting's decisions and the demo's per capsulam steps
    entries = register(User.objects.get(username="ansatt"))
    assert any(e.meeting == held for e in entries)
    assert any(e.per_capsulam for e in entries)
    # routing: Eiendom goes to the area board, cross-cutting cases to the overall board
    maintenance = Initiative.objects.get(archive_reference="DEMO-022")
    assert maintenance.board is not None and maintenance.board.slug == "eiendomsradet"
    deferred_before = Initiative.objects.get(archive_reference="DEMO-014")
    assert deferred_before.board == default  # deferred by Porteføljestyret: stays there
    kantine = Initiative.objects.get(archive_reference="DEMO-011")
    assert kantine.board == default
