"""Documents open and hold the case's data: board papers (PDF), minutes (PDF and DOCX) and
mandates (DOCX and PDF), with Norwegian headings and æøå intact."""

from __future__ import annotations

import io
from typing import Any

import docx
import pypdf
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.governance.documents import Document, Heading, Paragraph, filename, render_docx
from veivalg.governance.papers import board_papers, mandate_document, minutes
from veivalg.governance.services import agenda_build, mandate_save
from veivalg.initiatives.models import State
from veivalg.prioritization.tests.conftest import criteria  # noqa: F401 - fixture

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")

TITLE = "Læringsplattform for Ørje og Åsgård"


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of whitespace as one space (table cells wrap)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_parts(content: bytes) -> tuple[list[str], list[str], str]:
    """Headings, every paragraph and the tables' text of a Word document."""
    document = docx.Document(io.BytesIO(content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    paragraphs = [p.text for p in document.paragraphs]
    tables = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    return headings, paragraphs, tables


def test_board_papers_hold_every_part_of_the_case(
    client: Client,
    world: World,
    scene: dict[str, Any],
    criteria: Any,  # noqa: F811
) -> None:
    from veivalg.prioritization.services import rating_set

    rating_set(
        actor=world.office,
        initiative=scene["waiting"],
        ratings={"nytte": 4, "strategi": 2, "risiko": 1},
    )
    client.force_login(world.employee)

    response = client.get(reverse("governance:meeting_papers", args=[scene["meeting"].pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = pdf_text(response.content)
    for heading in (
        "Saksliste",
        "Sammendrag",
        "Behov",
        "Prioritering",
        "Nytte-kost",
        "Gevinster",
        "Kostnader per år",
        "Kapasitet",
        "Avhengigheter",
        "Porteføljekontorets innstilling",
    ):
        assert heading in text, heading
    assert TITLE in text and "Felles møteromsbooking" in text
    assert "Styrke ledergruppen ved Haug skole." in text  # the summary
    assert "Poengsum" in text and "Nytte" in text and "Risiko" in text  # the breakdown
    assert "250 000 kr" in text  # the cost per year
    assert "Orientering om kapasitet" in text and "Til orientering." in text


def test_board_papers_leave_out_what_the_reader_may_not_see(world: World, meeting: Any) -> None:
    world.initiative(State.READY_FOR_DECISION, confidential=True, title="Hemmelig sak om Åsen")
    agenda_build(actor=world.office, meeting=meeting)

    hidden = pdf_text(render_pdf_of(board_papers(world.outsider, meeting)))
    shown = pdf_text(render_pdf_of(board_papers(world.board_member, meeting)))

    assert "Hemmelig sak om Åsen" not in hidden and "unntatt offentlighet" in hidden
    assert "Hemmelig sak om Åsen" in shown


def render_pdf_of(document: Document) -> bytes:
    from veivalg.governance.documents import render_pdf

    return render_pdf(document)


@pytest.mark.skipif(
    not apps.is_installed("veivalg.benefits"), reason="the benefits app is not installed"
)
def test_board_papers_show_the_business_case_when_benefits_exist(
    world: World, meeting: Any
) -> None:
    from veivalg.benefits.tests.conftest import make_benefit

    initiative = world.initiative(State.READY_FOR_DECISION, title=TITLE)
    make_benefit(world, initiative, title="Mindre tid på fraværsføring")
    agenda_build(actor=world.office, meeting=meeting)

    text = pdf_text(render_pdf_of(board_papers(world.office, meeting)))

    assert "Netto nåverdi" in text and "Mindre tid på fraværsføring" in text


def test_minutes_as_pdf_and_docx_are_generated_from_the_decisions(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    meeting = scene["meeting"]
    client.force_login(world.employee)

    as_pdf = client.get(reverse("governance:meeting_minutes", args=[meeting.pk, "pdf"]))
    as_docx = client.get(reverse("governance:meeting_minutes", args=[meeting.pk, "docx"]))

    text = pdf_text(as_pdf.content)
    assert "Protokoll: Porteføljestyrets møte" in text
    assert TITLE in text and "Vedtatt etter innstillingen." in text
    assert "1 500 000 kr" in text and "Konseptfasen ferdig innen 1. juni 2027" in text
    assert "Utkast" in text  # the meeting is not closed yet
    headings, _paragraphs, tables = docx_parts(as_docx.content)
    assert f"Sak 1: {TITLE}" in headings
    assert "Sak 3: Orientering om kapasitet" in headings
    assert "Vedtatt" in tables and "Pia Prosjekteier" in tables and "Dina Direktør" in tables
    assert "Styrets medlemmer" in tables and "Bert Styremedlem" in tables
    assert as_docx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )


def test_minutes_in_an_unknown_format_are_404(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    client.force_login(world.employee)

    response = client.get(reverse("governance:meeting_minutes", args=[scene["meeting"].pk, "odt"]))

    assert response.status_code == 404


def test_mandate_documents_have_norwegian_headings_and_the_latest_text(
    client: Client, world: World, scene: dict[str, Any]
) -> None:
    mandate = scene["mandate"]
    content = dict(mandate.versions.get().content)
    content["purpose"] = "Elevene i Ørje og Åsgård får én felles plattform."
    mandate_save(actor=world.office, mandate=mandate, content=content, comment="Presisert formål")
    client.force_login(world.employee)

    as_docx = client.get(reverse("governance:mandate_download", args=[mandate.pk, "docx"]))
    as_pdf = client.get(reverse("governance:mandate_download", args=[mandate.pk, "pdf"]))
    first = client.get(
        reverse("governance:mandate_download", args=[mandate.pk, "pdf"]) + "?versjon=1"
    )

    headings, paragraphs, _tables = docx_parts(as_docx.content)
    assert headings[0] == f"Prosjektmandat: {TITLE}"
    for heading in (
        "Bakgrunn",
        "Formål og mål",
        "Rammebetingelser og avhengigheter",
        "Rammer for kostnad, tid og ressurser",
        "Organisering",
        "Beslutning ved BP1",
    ):
        assert heading in headings
    assert "Elevene i Ørje og Åsgård får én felles plattform." in paragraphs
    assert "Elevene i Ørje og Åsgård" in pdf_text(as_pdf.content)
    assert "Elevene i Ørje og Åsgård" not in pdf_text(first.content)
    assert "versjon 1" in pdf_text(first.content)


def test_steering_group_and_program_mandates_have_their_sections(
    world: World, scene: dict[str, Any]
) -> None:
    from veivalg.governance.models import Mandate
    from veivalg.governance.services import mandate_create

    steering = Mandate.objects.get(initiative=scene["ready"], kind="steering_group")
    program = mandate_create(actor=world.office, kind="program", program=world.program)

    steering_headings, _p, _t = docx_parts(render_docx(mandate_document(steering)))
    program_headings, _p, _t = docx_parts(render_docx(mandate_document(program)))

    assert {
        "Medlemmer",
        "Styringsgruppens rolle",
        "Myndighet",
        "Møtehyppighet",
        "Eskalering",
    } <= set(steering_headings)
    assert {"Eier", "Målbilde", "Omfang", "Myndighet til å omprioritere"} <= set(program_headings)


def test_documents_carry_title_and_language() -> None:
    document = Document(title="Protokoll – æøå", subtitle="Porteføljestyret")
    document.add(Heading("Sak 1: Åpning"), Paragraph("Første linje\nandre linje\n\nNytt avsnitt"))

    content = render_docx(document)

    parsed = docx.Document(io.BytesIO(content))
    assert parsed.core_properties.title == "Protokoll – æøå"
    assert parsed.core_properties.language == "nb-NO"
    assert [p.text for p in parsed.paragraphs][-2:] == ["Første linje\nandre linje", "Nytt avsnitt"]
    reader = pypdf.PdfReader(io.BytesIO(render_pdf_of(document)))
    assert reader.metadata is not None and reader.metadata.title == "Protokoll – æøå"
    assert filename("Protokoll: Styret på Ås", "pdf") == "protokoll-styret-pa-as.pdf"


def test_minutes_list_the_chair_and_the_secretary(
    world: World, scene: dict[str, Any], secretary: Any
) -> None:
    text = pdf_text(render_pdf_of(minutes(world.employee, scene["meeting"])))

    assert "Bert Styremedlem" in text and "Siv Sekretær" in text


def test_a_proposed_scenario_is_a_case_in_the_papers(
    client: Client, world: World, meeting: Any
) -> None:
    from veivalg.prioritization.models import Scenario

    scenario = Scenario.objects.create(
        name="Forslag for Åsgård 2027", board=world.board, budget={"2027": 3_000_000}
    )
    Scenario.objects.filter(pk=scenario.pk).update(
        status="optimal", proposed_to_board_at=meeting.created_at, proposed_by=world.office
    )
    agenda_build(actor=world.office, meeting=meeting)
    client.force_login(world.board_member)

    text = pdf_text(render_pdf_of(board_papers(world.board_member, meeting)))
    page = client.get(reverse("governance:meeting", args=[meeting.pk]))

    assert "Prioriteringsforslag: Forslag for Åsgård 2027" in text
    assert "Budsjett per år" in text and "3 000 000 kr" in text
    assert page.status_code == 200
    assert reverse("prioritization:scenario", args=[scenario.pk]) in page.content.decode()


def test_board_papers_show_the_capacity_demand_and_the_cells_it_would_overload(
    world: World, meeting: Any
) -> None:
    from decimal import Decimal

    from veivalg.capacity.models import (
        Competence,
        DemandPlan,
        DemandRow,
        PoolCapacity,
        ResourcePool,
    )
    from veivalg.capacity.quarters import parse_quarter

    utvikler = Competence.objects.create(slug="utvikler", name="Utvikler")
    pool = ResourcePool.objects.create(
        slug="utviklere", name="Utviklere", competence=utvikler, unit=world.haug
    )
    start = parse_quarter("2027Q1")
    PoolCapacity.objects.create(pool=pool, quarter=start, fte=Decimal(3), operations_fte=1)
    PoolCapacity.objects.create(pool=pool, quarter=start + 1, fte=Decimal(3), operations_fte=1)
    case = world.initiative(State.READY_FOR_DECISION, title="Ny saksflyt for Ørje")
    DemandPlan.objects.create(initiative=case, earliest_start=start, latest_start=start + 1)
    DemandRow.objects.create(initiative=case, competence=utvikler, offset=0, fte=Decimal("1.5"))
    DemandRow.objects.create(initiative=case, competence=utvikler, offset=1, fte=Decimal("2.5"))
    agenda_build(actor=world.office, meeting=meeting)

    text = pdf_text(render_pdf_of(board_papers(world.board_member, meeting)))

    assert "Start: 1. kv. 2027 – 2. kv. 2027." in text
    assert "Utvikler" in text and "1,5" in text and "2,5" in text and "4,0" in text
    # 2.5 FTE in 2. kv. against 2.0 available for development: overloaded; 1. kv. is not
    assert "Utvikler 2. kv. 2027: 2,5 årsverk, men bare 2,0 ledig" in text
    assert "Utvikler 1. kv. 2027: 1,5" not in text
