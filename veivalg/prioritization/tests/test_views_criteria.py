"""The criteria page, direct weights, editing a criterion and the pairwise comparison page."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    PairwiseJudgement,
    PrioritizationSet,
)

CRITERIA = reverse("prioritization:criteria")
WEIGHTS = reverse("prioritization:weights_direct")
PAIRWISE = reverse("prioritization:pairwise")


def _weights(pset: PrioritizationSet) -> dict[str, Decimal]:
    return dict(pset.criteria.values_list("slug", "weight"))


def _pair(pset: PrioritizationSet, a: str, b: str) -> str:
    """The radio group's name for criteria ``a`` and ``b`` (in the set's order)."""
    ca = pset.criteria.get(slug=a)
    cb = pset.criteria.get(slug=b)
    return f"pair_{ca.pk}_{cb.pk}"


# --- criteria page ---------------------------------------------------------------------------


def test_criteria_page_shows_weights_levels_and_the_office_forms(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    html = client.get(CRITERIA).content.decode()

    assert "Testkriterier" in html
    assert "Nytte" in html and "Strategi" in html and "Risiko" in html
    assert "50,0\u00a0%" in html and "30,0\u00a0%" in html and "20,0\u00a0%" in html
    assert "Ja – høyt nivå trekker ned" in html  # risiko is inverted
    assert "nytte 3" in html  # a level's written meaning
    assert f'action="{WEIGHTS}"' in html
    risk = criteria.criteria.get(slug="risiko")
    assert reverse("prioritization:criterion_edit", args=[risk.pk]) in html


def test_an_employee_reads_the_criteria_without_forms(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.employee)

    response = client.get(CRITERIA)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nytte" in html and "50,0\u00a0%" in html
    assert f'action="{WEIGHTS}"' not in html
    assert "/endre/" not in html
    assert "Se parvis sammenligning" in html


def test_office_enters_weights_directly_as_percentages(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    response = client.post(WEIGHTS, {"nytte": "40", "strategi": "40", "risiko": "20"})

    assert response.status_code == 302
    assert _weights(criteria) == {
        "nytte": Decimal("0.40000"),
        "strategi": Decimal("0.40000"),
        "risiko": Decimal("0.20000"),
    }
    html = client.get(response["Location"]).content.decode()
    assert "Vektene er lagret" in html and "40,0\u00a0%" in html


def test_invalid_direct_weights_show_field_errors_and_store_nothing(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    response = client.post(WEIGHTS, {"nytte": "mye", "strategi": "-5", "risiko": ""})

    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert "Vekten må være et tall." in html
    assert "Vekten kan ikke være negativ." in html
    assert "Oppgi en vekt (0 eller mer)." in html
    assert 'href="#weight_nytte"' in html
    assert 'aria-invalid="true"' in html
    assert _weights(criteria)["nytte"] == Decimal("0.5")


def test_non_office_cannot_set_weights(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    for person in (world.employee, world.board_member, world.admin):
        client.force_login(person)

        response = client.post(WEIGHTS, {"nytte": "1", "strategi": "1", "risiko": "1"})

        assert response.status_code == 403
    assert _weights(criteria)["nytte"] == Decimal("0.5")


def test_office_edits_a_criterions_name_and_level_meanings(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    risk = criteria.criteria.get(slug="risiko")
    url = reverse("prioritization:criterion_edit", args=[risk.pk])
    client.force_login(world.office)
    assert "Hva nivåene betyr" in client.get(url).content.decode()
    data = {"name": "Gjennomføringsrisiko", "description": "Hvor usikkert det er."}
    data.update({f"level_{n}": f"Betydning {n}" for n in range(5)})

    response = client.post(url, data)

    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.name == "Gjennomføringsrisiko"
    assert list(risk.levels.order_by("level").values_list("meaning", flat=True)) == [
        f"Betydning {n}" for n in range(5)
    ]


def test_a_level_without_meaning_is_refused_and_nothing_changes(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    risk = criteria.criteria.get(slug="risiko")
    client.force_login(world.office)
    data = {"name": "", "description": ""}
    data.update({f"level_{n}": "" if n == 2 else f"Betydning {n}" for n in range(5)})

    response = client.post(reverse("prioritization:criterion_edit", args=[risk.pk]), data)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Gi kriteriet et navn." in html
    assert "Beskriv hva nivået betyr." in html
    assert 'href="#id_level_2"' in html
    risk.refresh_from_db()
    assert risk.name == "Risiko"
    assert not CriterionLevel.objects.filter(criterion=risk, meaning__startswith="Betydning")


def test_only_the_office_may_open_the_criterion_form(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    risk = criteria.criteria.get(slug="risiko")
    client.force_login(world.employee)

    url = reverse("prioritization:criterion_edit", args=[risk.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403
    assert Criterion.objects.get(pk=risk.pk).name == "Risiko"


# --- pairwise comparison ---------------------------------------------------------------------


def test_pairwise_page_offers_the_scale_in_words_in_both_directions(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    html = client.get(PAIRWISE).content.decode()

    name = _pair(criteria, "nytte", "strategi")
    assert html.count("<fieldset") == 3
    assert "Hvilket er viktigst: «Nytte» eller «Strategi»?" in html
    assert "«Nytte» er ekstremt viktigere" in html
    assert "«Nytte» er moderat viktigere" in html
    assert "Like viktige" in html
    assert "«Strategi» er svært sterkt viktigere" in html
    assert "«Strategi» er ekstremt viktigere" in html
    assert html.count(f'name="{name}"') == 17
    assert f'name="{name}" value="1/9"' in html


def test_office_saves_consistent_judgements_and_sees_weights_and_cr(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    response = client.post(
        PAIRWISE,
        {
            _pair(criteria, "nytte", "strategi"): "2",
            _pair(criteria, "nytte", "risiko"): "4",
            _pair(criteria, "strategi", "risiko"): "2",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vektene er beregnet og lagret" in html
    assert "57,1\u00a0%" in html and "28,6\u00a0%" in html and "14,3\u00a0%" in html
    assert "Konsistensforhold (CR): <strong>0,00</strong>" in html
    assert "Vurderingene henger godt sammen." in html
    assert "Se på denne sammenligningen igjen" not in html
    assert _weights(criteria)["nytte"] == Decimal("0.57143")
    assert PairwiseJudgement.objects.filter(set=criteria).count() == 3
    # the saved judgements are chosen when the page is opened again
    again = client.get(PAIRWISE).content.decode()
    assert f'name="{_pair(criteria, "nytte", "risiko")}" value="4" id=' in again
    assert 'value="4" id="par-nytte-risiko-5" checked' in again


def test_inconsistent_judgements_name_the_comparison_to_revisit(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    response = client.post(
        PAIRWISE,
        {
            _pair(criteria, "nytte", "strategi"): "9",
            _pair(criteria, "strategi", "risiko"): "9",
            _pair(criteria, "nytte", "risiko"): "1/9",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Konsistensforholdet er over 0,10" in html
    assert "Se på denne sammenligningen igjen:" in html
    anchors = {"par-nytte-strategi", "par-nytte-risiko", "par-strategi-risiko"}
    linked = [a for a in anchors if f'href="#{a}"' in html]
    assert len(linked) == 1
    assert f'id="{linked[0]}"' in html
    criteria.refresh_from_db()
    assert criteria.consistency_ratio > Decimal("0.10")
    # the criteria page flags it too
    assert "er over grensen" in client.get(CRITERIA).content.decode()


def test_a_missing_comparison_is_refused_and_nothing_is_stored(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.office)

    response = client.post(
        PAIRWISE,
        {_pair(criteria, "nytte", "strategi"): "3", _pair(criteria, "nytte", "risiko"): "12"},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert "Bruk Saatys skala" in html
    assert 'href="#par-nytte-risiko-0"' in html
    assert not PairwiseJudgement.objects.exists()
    assert _weights(criteria)["nytte"] == Decimal("0.5")


def test_non_office_reads_the_judgements_but_cannot_post_them(
    client: Client, world: World, criteria: PrioritizationSet
) -> None:
    client.force_login(world.board_member)

    html = client.get(PAIRWISE).content.decode()
    response = client.post(PAIRWISE, {_pair(criteria, "nytte", "strategi"): "3"})

    assert "Porteføljekontorets vurderinger" in html and "<fieldset" not in html
    assert response.status_code == 403
    assert not PairwiseJudgement.objects.exists()
