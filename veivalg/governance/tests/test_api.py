"""The governance API (issue §5): meetings, decisions, the register, papers and mandates."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import docx
import pypdf
import pytest
from django.test import Client

from conftest import World
from veivalg.governance.models import Decision, Mandate, Meeting
from veivalg.governance.tests.conftest import FRAME, client_for
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.org.models import User

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")

DECISION_KEYS = {
    "id",
    "meeting",
    "initiative",
    "decision",
    "comment",
    "mandate",
    "archive_reference",
}


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_list_and_create_meetings(world: World, meeting: Meeting) -> None:
    office = client_for(world.office)

    listed = office.get(f"/api/v1/boards/{world.board.slug}/meetings")
    created = post(
        office,
        f"/api/v1/boards/{world.area_board.slug}/meetings",
        {"date": "2027-03-04", "title": "Eiendomsrådet i mars", "location": "Rådhuset"},
    )

    assert listed.status_code == 200
    assert [m["id"] for m in listed.json()] == [meeting.pk]
    assert listed.json()[0]["status"] == "planned"
    assert created.status_code == 201
    body = created.json()
    assert body["board"] == "eiendomsradet" and body["date"] == "2027-03-04"
    assert body["agenda"] == [] and body["decisions"] == []


def test_only_office_or_secretary_create_meetings(world: World, secretary: User) -> None:
    url = f"/api/v1/boards/{world.board.slug}/meetings"

    refused = post(client_for(world.board_member), url, {"date": "2027-03-04"})
    by_secretary = post(client_for(secretary), url, {"date": "2027-03-04"})

    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert by_secretary.status_code == 201
    assert Meeting.objects.count() == 1


def test_unknown_board_is_404(world: World) -> None:
    assert client_for(world.employee).get("/api/v1/boards/finnes-ikke/meetings").status_code == 404


def test_meeting_shows_agenda_and_decisions(world: World, scene: dict[str, Any]) -> None:
    meeting = scene["meeting"]

    response = client_for(world.employee).get(f"/api/v1/meetings/{meeting.pk}")

    body = response.json()
    assert response.status_code == 200
    assert [a["order"] for a in body["agenda"]] == [1, 2, 3]
    assert body["agenda"][0]["initiative"] == scene["ready"].pk
    assert body["agenda"][2]["kind"] == "other"
    assert len(body["decisions"]) == 1
    assert DECISION_KEYS <= set(body["decisions"][0])


def test_confidential_agenda_item_is_hidden(world: World, meeting: Meeting) -> None:
    secret = world.initiative(State.READY_FOR_DECISION, confidential=True, title="Hemmelig sak")
    from veivalg.governance.services import agenda_build

    agenda_build(actor=world.office, meeting=meeting)

    outsider = client_for(world.outsider).get(f"/api/v1/meetings/{meeting.pk}").json()
    member = client_for(world.board_member).get(f"/api/v1/meetings/{meeting.pk}").json()

    assert outsider["agenda"][0]["hidden"] is True
    assert outsider["agenda"][0]["initiative"] is None
    assert "Hemmelig" not in str(outsider)
    assert member["agenda"][0]["initiative"] == secret.pk


def test_record_approval_returns_the_decision_with_its_mandate(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    response = post(
        client_for(world.board_member),
        f"/api/v1/meetings/{meeting.pk}/decisions",
        {"initiative": ready.pk, "decision": "approve", "comment": "Ja.", "mandate": FRAME},
    )

    assert response.status_code == 201
    body = response.json()
    assert DECISION_KEYS <= set(body)
    decision = Decision.objects.get()
    assert body["id"] == decision.pk and body["meeting"] == meeting.pk
    assert body["initiative"] == ready.pk and body["decision"] == "approve"
    assert body["comment"] == "Ja."
    assert body["mandate"] == decision.mandate_id is not None
    assert Mandate.objects.get(pk=body["mandate"]).kind == "project"
    ready.refresh_from_db()
    assert ready.state == State.APPROVED


def test_record_defer_needs_until(world: World, meeting: Meeting, ready: Initiative) -> None:
    member = client_for(world.board_member)
    url = f"/api/v1/meetings/{meeting.pk}/decisions"

    missing = post(member, url, {"initiative": ready.pk, "decision": "defer"})
    until = (meeting.date + timedelta(days=30)).isoformat()
    deferred = post(member, url, {"initiative": ready.pk, "decision": "defer", "until": until})

    assert missing.status_code == 422
    assert [e["field"] for e in missing.json()["errors"]] == ["until"]
    assert deferred.status_code == 201
    ready.refresh_from_db()
    assert ready.state == State.DEFERRED


def test_non_members_get_403_and_nothing_is_stored(
    world: World, meeting: Meeting, ready: Initiative
) -> None:
    for person in (world.employee, world.office, world.other_board_member):
        response = post(
            client_for(person),
            f"/api/v1/meetings/{meeting.pk}/decisions",
            {"initiative": ready.pk, "decision": "approve"},
        )
        assert response.status_code == 403, person
        assert response["Content-Type"] == "application/problem+json"
    assert not Decision.objects.exists()
    ready.refresh_from_db()
    assert ready.state == State.READY_FOR_DECISION


def test_politically_mandated_defer_is_409_and_stores_nothing(
    world: World, meeting: Meeting
) -> None:
    mandated = world.initiative(
        State.READY_FOR_DECISION, politically_mandated=True, political_reference="KST 045/24"
    )
    transitions = Transition.objects.count()

    response = post(
        client_for(world.board_member),
        f"/api/v1/meetings/{meeting.pk}/decisions",
        {"initiative": mandated.pk, "decision": "defer", "until": "2099-01-01"},
    )

    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "politically_mandated"
    assert "KST 045/24" in problem["detail"]
    assert not Decision.objects.exists()
    assert Transition.objects.count() == transitions
    mandated.refresh_from_db()
    assert mandated.state == State.READY_FOR_DECISION


def test_invalid_decision_input_is_422(world: World, meeting: Meeting, ready: Initiative) -> None:
    member = client_for(world.board_member)
    url = f"/api/v1/meetings/{meeting.pk}/decisions"

    wrong_type = post(member, url, {"initiative": ready.pk, "decision": "maybe"})
    unknown = post(member, url, {"initiative": 999999, "decision": "approve"})
    extra = post(
        member,
        url,
        {"initiative": ready.pk, "decision": "approve", "mandate": {"budget": 1}},
    )

    assert wrong_type.status_code == 422
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "initiative"
    assert extra.status_code == 422
    assert not Decision.objects.exists()


def test_decisions_register_with_filters(world: World, scene: dict[str, Any]) -> None:
    other = world.initiative(State.READY_FOR_DECISION, title="Per capsulam-saken")
    from veivalg.initiatives.services import initiative_perform_action

    initiative_perform_action(actor=world.board_member, initiative=other, action="reject")
    api = client_for(world.employee)
    today = date.today().isoformat()

    everything = api.get("/api/v1/decisions").json()
    approvals = api.get("/api/v1/decisions?type=approve").json()
    by_board = api.get(f"/api/v1/decisions?board={world.area_board.slug}").json()
    in_period = api.get(f"/api/v1/decisions?from={today}&to={today}").json()
    before = api.get("/api/v1/decisions?to=2000-01-01").json()

    assert len(everything) == 2
    assert all(DECISION_KEYS <= set(d) for d in everything)
    capsulam = next(d for d in everything if d["decision"] == "reject")
    assert capsulam["per_capsulam"] is True and capsulam["meeting"] is None
    assert [d["decision"] for d in approvals] == ["approve"]
    assert by_board == []
    assert len(in_period) == 2 and before == []
    bad = api.get("/api/v1/decisions?from=i+går")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "from"


def test_papers_pdf_contains_the_cases(world: World, scene: dict[str, Any]) -> None:
    response = client_for(world.employee).get(f"/api/v1/meetings/{scene['meeting'].pk}/papers.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Læringsplattform for Ørje og Åsgård" in text
    assert "Porteføljekontorets innstilling" in text


def test_mandate_documents(world: World, scene: dict[str, Any]) -> None:
    mandate = scene["mandate"]
    api = client_for(world.employee)

    as_docx = api.get(f"/api/v1/mandates/{mandate.pk}.docx")
    as_pdf = api.get(f"/api/v1/mandates/{mandate.pk}.pdf")
    missing = api.get("/api/v1/mandates/999999.pdf")

    assert as_docx.status_code == 200 and as_pdf.status_code == 200
    document = docx.Document(io.BytesIO(as_docx.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Rammer for kostnad, tid og ressurser" in headings
    pdf_text = pypdf.PdfReader(io.BytesIO(as_pdf.content)).pages[0].extract_text()
    assert "Prosjektmandat: Læringsplattform for Ørje og Åsgård" in pdf_text
    assert missing.status_code == 404


def test_confidential_mandate_is_404_for_outsiders(world: World, meeting: Meeting) -> None:
    secret = world.initiative(State.READY_FOR_DECISION, confidential=True)
    from veivalg.governance.services import decision_record

    decision = decision_record(
        actor=world.board_member, meeting=meeting, initiative=secret, decision="approve"
    )

    assert (
        client_for(world.outsider).get(f"/api/v1/mandates/{decision.mandate_id}.pdf").status_code
        == 404
    )
    assert (
        client_for(world.board_member)
        .get(f"/api/v1/mandates/{decision.mandate_id}.pdf")
        .status_code
        == 200
    )


def test_openapi_lists_every_governance_endpoint(db: None) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    expected = {
        "/api/v1/boards/{slug}/meetings": {"get", "post"},
        "/api/v1/meetings/{meeting_id}": {"get"},
        "/api/v1/meetings/{meeting_id}/decisions": {"post"},
        "/api/v1/meetings/{meeting_id}/papers.pdf": {"get"},
        "/api/v1/decisions": {"get"},
        "/api/v1/mandates/{mandate_id}.docx": {"get"},
        "/api/v1/mandates/{mandate_id}.pdf": {"get"},
    }
    assert {path: set(paths[path]) for path in expected} == expected


def test_anonymous_gets_401(db: None) -> None:
    response = Client().get("/api/v1/decisions")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
