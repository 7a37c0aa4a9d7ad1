"""Guidance: seeded in Norwegian, edited by the portfolio office only, Markdown rendered
safely, and the owner's checklist on the initiative page."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from conftest import World
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.governance.guidance_content import CHECKLISTS, PAGES
from veivalg.governance.markdown import plain, render
from veivalg.governance.models import Checklist, GuidancePage, Phase
from veivalg.governance.selectors import phase_of
from veivalg.governance.services import checklist_save, guidance_page_save
from veivalg.initiatives.models import State

pytestmark = pytest.mark.urls("veivalg.governance.tests.urls")


def test_guidance_is_seeded_with_a_checklist_for_every_phase(db: None) -> None:
    slugs = set(GuidancePage.objects.values_list("slug", flat=True))
    assert {"prosjekteierens-ansvar", "styringsgruppens-ansvar", "gevinsteierens-ansvar"} <= slugs
    owner_phases = set(
        Checklist.objects.filter(audience="project_owner").values_list("phase", flat=True)
    )
    assert owner_phases == set(Phase.values)
    assert len(PAGES) == GuidancePage.objects.count()
    assert len(CHECKLISTS) == Checklist.objects.count()


def test_markdown_is_rendered_with_designsystemet_classes() -> None:
    html = render(
        "## Ansvar\n- **Eie** gevinstene\n- les [veilederen](https://dfo.no/a?b=1&c=2)\n\n"
        "1. Først\n2. Så\n\nVanlig *tekst*\nneste linje"
    )

    assert '<h2 class="ds-heading" data-size="xs">Ansvar</h2>' in html
    assert '<ul class="ds-list"><li><strong>Eie</strong> gevinstene</li>' in html
    assert '<a class="ds-link" href="https://dfo.no/a?b=1&amp;c=2">veilederen</a>' in html
    assert '<ol class="ds-list"><li>Først</li><li>Så</li></ol>' in html
    assert '<p class="ds-paragraph">Vanlig <em>tekst</em><br>neste linje</p>' in html


@pytest.mark.parametrize(
    "evil",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klikk](javascript:alert(1))",
        '[klikk](https://x.no" onclick="alert(1))',
    ],
)
def test_raw_html_and_unsafe_links_are_never_rendered(evil: str) -> None:
    html = render(evil)

    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html and ' onclick="' not in html


def test_plain_text_drops_the_marks() -> None:
    assert plain("## Tittel\n**fet** [lenke](https://a.no)") == "Tittel\nfet lenke"


def test_office_edits_pages_and_others_are_refused(world: World) -> None:
    page = GuidancePage.objects.get(slug="prosjekteierens-ansvar")
    data = {
        "title": "Prosjekteierens ansvar",
        "body": "## Nytt\nTekst.",
        "audience": "project_owner",
    }

    for person in (world.employee, world.board_member, world.admin, world.project_owner):
        with pytest.raises(NotAllowed):
            guidance_page_save(actor=person, page=page, data=data)
    saved = guidance_page_save(actor=world.office, page=page, data=data)

    assert saved.body == "## Nytt\nTekst." and saved.updated_by == world.office


def test_new_page_gets_a_slug_from_its_title_and_duplicates_are_refused(world: World) -> None:
    data = {"title": "Økonomi i prosjekter", "body": "Tekst.", "audience": "project_owner"}

    page = guidance_page_save(actor=world.office, page=None, data=data)
    with pytest.raises(ValidationFailed) as refusal:
        guidance_page_save(actor=world.office, page=None, data={**data, "slug": page.slug})

    assert page.slug == "okonomi-i-prosjekter"
    assert "slug" in refusal.value.errors


def test_checklist_editing(world: World) -> None:
    checklist = Checklist.objects.get(phase="idea", audience="project_owner")

    with pytest.raises(NotAllowed):
        checklist_save(actor=world.employee, checklist=checklist, title="X", items=["a"])
    with pytest.raises(ValidationFailed):
        checklist_save(actor=world.office, checklist=checklist, title="Idé", items=["", " "])
    checklist_save(actor=world.office, checklist=checklist, title="Idé", items=["Én", "", "To"])

    assert [i.text for i in checklist.items.all()] == ["Én", "To"]


def test_guidance_pages_render_and_edit_through_the_browser(client: Client, world: World) -> None:
    client.force_login(world.employee)
    index = client.get(reverse("governance:guidance")).content.decode()
    page = client.get(reverse("governance:guidance_page", args=["gevinsteierens-ansvar"]))
    refused = client.get(reverse("governance:guidance_edit", args=["gevinsteierens-ansvar"]))

    assert "Prosjekteierens ansvar" in index and "Realisering" in index
    assert page.status_code == 200 and "Gevinsteierens ansvar" in page.content.decode()
    assert refused.status_code == 403

    client.force_login(world.office)
    saved = client.post(
        reverse("governance:guidance_edit", args=["gevinsteierens-ansvar"]),
        {"title": "Gevinsteieren", "audience": "benefit_owner", "body": "Tekst <b>fet</b>"},
    )
    invalid = client.post(
        reverse("governance:guidance_edit", args=["gevinsteierens-ansvar"]),
        {"title": "", "audience": "", "body": ""},
    )

    assert saved.status_code == 302
    shown = client.get(reverse("governance:guidance_page", args=["gevinsteierens-ansvar"]))
    assert "Tekst &lt;b&gt;fet&lt;/b&gt;" in shown.content.decode()
    assert invalid.status_code == 422
    assert GuidancePage.objects.get(slug="gevinsteierens-ansvar").title == "Gevinsteieren"


@pytest.mark.parametrize(
    ("state", "phase"),
    [
        (State.IN_ANALYSIS, Phase.IDEA),
        (State.APPROVED, Phase.CONCEPT),
        (State.IN_PROGRESS, Phase.EXECUTION),
        (State.REALISING_BENEFITS, Phase.REALISATION),
    ],
)
def test_initiative_section_shows_the_owners_checklist_for_its_phase(
    world: World, state: str, phase: str
) -> None:
    initiative = world.initiative(state)
    assert phase_of(initiative) == phase
    checklist = Checklist.objects.get(phase=phase, audience="project_owner")
    request = RequestFactory().get("/")
    request.user = world.employee

    html = Template("{% load governance %}{% governance_section initiative %}").render(
        Context({"request": request, "initiative": initiative})
    )

    assert checklist.items.first().text in html  # type: ignore[union-attr]
    assert reverse("governance:guidance_page", args=["prosjekteierens-ansvar"]) in html
    assert "Porteføljestyret" in html


def test_checklist_page_saves_and_shows_errors(client: Client, world: World) -> None:
    checklist = Checklist.objects.get(phase="concept", audience="project_owner")
    url = reverse("governance:guidance_checklist", args=[checklist.pk])
    client.force_login(world.employee)
    assert client.get(url).status_code == 403
    client.force_login(world.office)

    form = client.get(url)
    invalid = client.post(url, {"title": "Konsept", "items": "\n \n"})
    saved = client.post(
        url, {"title": "Konsept", "items": "Mandatet er godkjent\nStyringsgruppen møtes"}
    )

    assert form.status_code == 200 and "Prosjektmandatet er lest" in form.content.decode()
    assert invalid.status_code == 422 and 'href="#id_items"' in invalid.content.decode()
    assert saved.status_code == 302
    assert [i.text for i in checklist.items.all()] == [
        "Mandatet er godkjent",
        "Styringsgruppen møtes",
    ]
