"""Scenario pages that schedule: the horizon on the form, the timeline and capacity use on the
result, competence insight, «Hva hvis …» and the schedule in the comparison.

Capacity and demand are written directly to the capacity models. The tests use the immediate
task backend (``conftest``): solving and the insight run before the request returns.

The small portfolio, in 2027 with 4 FTE «Utvikler» available every quarter:

- «Vedtatt plattform» is approved, fixed in 2027Q2 with 6 FTE: it over-allocates that
  quarter by itself, so nothing is left there for candidates;
- «Verdifull» must start in 2027Q1 and needs 2 FTE for two quarters (Q1 and Q2): it does not
  fit while Q2 is taken;
- «Billig» needs 1 FTE for one quarter and may start 2027Q1 … 2027Q3.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from veivalg.capacity.models import Competence, DemandPlan, DemandRow, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import parse_quarter
from veivalg.initiatives.models import Initiative, State
from veivalg.prioritization.models import PrioritizationSet, Scenario, ScenarioStatus
from veivalg.prioritization.services import rating_set, scenario_create, scenario_solve

NEW = reverse("prioritization:scenario_new")
COMPARE = reverse("prioritization:scenario_compare")


def q(label: str) -> int:
    return parse_quarter(label)


def _demand(
    initiative: Initiative, competence: Competence, first: str, last: str, fte: list[str]
) -> None:
    DemandPlan.objects.create(initiative=initiative, earliest_start=q(first), latest_start=q(last))
    for offset, amount in enumerate(fte):
        DemandRow.objects.create(
            initiative=initiative, competence=competence, offset=offset, fte=Decimal(amount)
        )


def _cost(amount: int) -> list[dict[str, int]]:
    return [{"year": 2027, "investment": amount, "operating": 0}]


@pytest.fixture
def planned(world: World, criteria: PrioritizationSet) -> dict[str, Any]:
    developer = Competence.objects.create(slug="utvikler", name="Utvikler")
    pool = ResourcePool.objects.create(
        slug="haug-utviklere", name="Utviklere ved Haug", competence=developer, unit=world.haug
    )
    for label in ("2027Q1", "2027Q2", "2027Q3", "2027Q4"):
        PoolCapacity.objects.create(pool=pool, quarter=q(label), fte=Decimal(5), operations_fte=1)
    committed = world.initiative(State.APPROVED, title="Vedtatt plattform", costs=_cost(100_000))
    valuable = world.initiative(State.READY_FOR_DECISION, title="Verdifull", costs=_cost(200_000))
    cheap = world.initiative(State.READY_FOR_DECISION, title="Billig", costs=_cost(100_000))
    _demand(committed, developer, "2027Q2", "2027Q2", ["6"])
    _demand(valuable, developer, "2027Q1", "2027Q1", ["2", "2"])
    _demand(cheap, developer, "2027Q1", "2027Q3", ["1"])
    rating_set(actor=world.office, initiative=valuable, ratings={"nytte": 4, "strategi": 4})
    rating_set(actor=world.office, initiative=cheap, ratings={"nytte": 3})
    return {
        "developer": developer,
        "committed": committed,
        "valuable": valuable,
        "cheap": cheap,
    }


def _scenario(world: World, name: str = "Kvartalsplan") -> Scenario:
    return scenario_create(
        actor=world.office,
        name=name,
        board=world.board,
        budget={"2027": 1_000_000},
        horizon={"from": "2027Q1", "to": "2027Q4"},
    )


def _solved(world: World, name: str = "Kvartalsplan") -> Scenario:
    scenario = scenario_solve(actor=world.office, scenario=_scenario(world, name))
    assert scenario.status == ScenarioStatus.OPTIMAL
    return scenario


def _url(scenario: Scenario, name: str = "scenario") -> str:
    return reverse(f"prioritization:{name}", args=[scenario.pk])


def _form(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Kvartalsplan",
        "board": "porteforljestyret",
        "candidate_mode": "default",
        "horizon_from": "2027Q1",
        "horizon_to": "2027Q4",
        "budget-TOTAL_FORMS": "3",
        "budget-INITIAL_FORMS": "0",
        "budget-0-year": "2027",
        "budget-0-amount": "1 000 000",
        "budget-1-year": "",
        "budget-1-amount": "",
        "budget-2-year": "",
        "budget-2-amount": "",
    }
    data.update(extra)
    return data


def _section(html: str, marker: str, end: str = "</section>") -> str:
    return html.split(marker, 1)[1].split(end, 1)[0]


def _rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("<tr>")[2:]
    ]


# --- the form: horizon ------------------------------------------------------------------------


def test_new_scenario_saves_the_horizon(client: Client, world: World, planned: dict) -> None:
    client.force_login(world.office)
    page = client.get(NEW).content.decode()
    assert 'name="horizon_from"' in page and "Fra kvartal" in page and "Til kvartal" in page

    response = client.post(NEW, _form(horizon_from="2027q1", horizon_to="2027Q4"))

    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == _url(scenario)
    assert (scenario.horizon_from, scenario.horizon_to) == (q("2027Q1"), q("2027Q4"))
    assert "1. kv. 2027 – 4. kv. 2027" in client.get(_url(scenario)).content.decode()


def test_blank_horizon_means_the_budget_years(client: Client, world: World, planned: dict) -> None:
    client.force_login(world.office)

    client.post(NEW, _form(horizon_from="", horizon_to=""))

    scenario = Scenario.objects.get()
    assert scenario.horizon_from is None and scenario.horizon_to is None
    assert scenario.horizon == (q("2027Q1"), q("2027Q4"))


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [("2027Q3", "2027Q4", "horizon_from"), ("2027Q1", "neste år", "horizon_to")],
)
def test_a_wrong_horizon_is_shown_at_its_field_and_nothing_is_saved(
    client: Client, world: World, planned: dict, first: str, last: str, field: str
) -> None:
    client.force_login(world.office)

    response = client.post(NEW, _form(horizon_from=first, horizon_to=last))

    html = response.content.decode()
    assert response.status_code == 422
    assert "ds-error-summary" in html
    assert f'href="#scenario_{field}"' in html  # the summary links to the field
    assert f'id="scenario_{field}_error"' in html  # the message sits at the field
    assert f'value="{last}"' in html  # what was typed is kept
    assert not Scenario.objects.exists()


def test_office_changes_the_horizon_of_a_scenario(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.office)
    page = client.get(_url(scenario, "scenario_edit")).content.decode()
    assert 'value="2027Q1"' in page and 'value="1 000 000"' in page
    assert 'name="board"' not in page  # a scenario keeps its board

    response = client.post(
        _url(scenario, "scenario_edit"),
        _form(
            horizon_from="",
            horizon_to="",
            **{"budget-TOTAL_FORMS": "3", "budget-INITIAL_FORMS": "1"},
        ),
    )

    assert response.status_code == 302
    scenario.refresh_from_db()
    assert scenario.horizon_from is None
    assert scenario.status == ScenarioStatus.DRAFT  # a changed horizon discards the result


def test_renaming_a_scenario_keeps_its_result(client: Client, world: World, planned: dict) -> None:
    scenario = _solved(world)
    client.force_login(world.office)

    client.post(
        _url(scenario, "scenario_edit"),
        _form(name="Nytt navn", **{"budget-INITIAL_FORMS": "1"}),
    )

    scenario.refresh_from_db()
    assert scenario.name == "Nytt navn" and scenario.status == ScenarioStatus.OPTIMAL


def test_a_wrong_horizon_on_edit_changes_nothing(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.office)

    response = client.post(
        _url(scenario, "scenario_edit"), _form(name="Annet", horizon_to="2026Q4")
    )

    assert response.status_code == 422
    assert 'id="scenario_horizon_' in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.name == "Kvartalsplan" and scenario.horizon_to == q("2027Q4")
    assert scenario.status == ScenarioStatus.OPTIMAL


# --- the result: timeline, capacity use, budget ----------------------------------------------


def test_the_result_shows_the_timeline_as_chart_data_and_table(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.board_member)

    html = client.get(_url(scenario)).content.decode()

    rows = _rows(html, "timeline-table")
    assert len(rows) == 2  # «Verdifull» does not fit while 2027Q2 is taken
    committed = next(r for r in rows if "Vedtatt plattform" in r)
    # its budget runs for four quarters from 2027Q2: cut at the end of the horizon
    assert "2. kv. 2027 4. kv. 2027 Vedtatt (fast start)" in committed
    cheap = next(r for r in rows if "Billig" in r)
    assert "Nei" in cheap and "2. kv. 2027" not in cheap  # nothing left in 2027Q2
    chart = json.loads(
        re.search(r'id="chart-timeline-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert chart["quarters"] == ["1. kv. 2027", "2. kv. 2027", "3. kv. 2027", "4. kv. 2027"]
    names = [item["name"] for item in chart["items"]]
    assert "Vedtatt plattform (vedtatt)" in names  # marked in text, not by colour alone
    platform = next(i for i in chart["items"] if i["committed"])
    assert (platform["start"], platform["finish"]) == (1, 3)
    assert 'data-chart="timeline"' in html and 'role="img"' in html


def test_capacity_use_marks_over_allocation_in_text_and_warns(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.board_member)

    html = client.get(_url(scenario)).content.decode()

    table = _rows(html, "capacity-table")
    assert len(table) == 1 and table[0].startswith("Utvikler")
    assert "6,0 av 4,0 vedtatt 6,0, valgt 0,0 Overbooket av vedtatte" in table[0]
    assert table[0].count("Overbooket") == 1  # only 2027Q2
    assert 'class="vv-number vv-nowrap vv-over"' in html  # the pattern, besides the text
    notice = _section(html, 'id="committed-over"', "</div>")
    assert "Vedtatte tiltak overbooker allerede:" in notice
    assert "Utvikler 2. kv. 2027 (6,0 av 4,0 årsverk)" in notice
    assert "ingenting igjen til kandidatene" in notice


def test_budget_use_per_year_separates_committed_and_selected(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.office)

    html = client.get(_url(scenario)).content.decode()

    (row,) = _rows(html, "budget-table")
    # committed: 2027Q2–Q4 of its 100 000 (the rest falls after the horizon); «Billig» all
    assert row.startswith("2027 75 000 kr 100 000 kr 175 000 kr 1 000 000 kr")  # spaces folded
    budget = json.loads(
        re.search(r'id="chart-budget-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert budget["committed"] == [75_000.0] and budget["selected"] == [100_000.0]
    assert budget["limit"] == [1_000_000.0]
    selected = _section(html, 'id="selection-heading"', 'id="left-out-heading"')
    assert "Vedtatt plattform" in selected and "75\u00a0000\u00a0kr" in selected


# --- competence insight -----------------------------------------------------------------------


def test_office_computes_the_competence_insight(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    assert scenario.insight["status"] == "done"  # it follows the solve
    Scenario.objects.filter(pk=scenario.pk).update(insight=None)
    client.force_login(world.office)
    page = client.get(_url(scenario)).content.decode()
    assert "Beregn kompetanseinnsikt" in page and "Kompetanseinnsikten er ikke beregnet" in page
    assert "Verdi av +1 årsverk" in page  # the sentence that explains the number

    fragment = client.post(
        _url(scenario, "scenario_insight"),
        {"quarter": ""},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="scenario-insight",
    )

    scenario.refresh_from_db()
    assert scenario.insight["status"] == "done"
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<h1" not in html
    (row,) = _rows(html, "insight-table")
    assert row.startswith("1 Utvikler") and "poeng" in row
    assert "Ett årsverk mer i hvert kvartal av horisonten." in html
    assert "hx-trigger" not in html  # done: nothing polls


def test_insight_for_one_quarter_without_javascript(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.office)

    response = client.post(_url(scenario, "scenario_insight"), {"quarter": "2027Q3"})

    assert response.status_code == 302 and response["Location"].endswith("#innsikt")
    scenario.refresh_from_db()
    assert scenario.insight["quarter"] == "2027Q3"
    html = client.get(response["Location"]).content.decode()
    assert "Ett årsverk mer i 3. kv. 2027." in html and 'id="insight-table"' in html


def test_insight_of_an_unsolved_scenario_is_refused_with_the_reason(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _scenario(world)
    client.force_login(world.office)

    response = client.post(_url(scenario, "scenario_insight"), {"quarter": ""}, follow=True)

    assert "Kompetanseinnsikten ble ikke beregnet" in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.insight is None


def test_a_running_insight_is_polled(client: Client, world: World, planned: dict) -> None:
    scenario = _solved(world)
    Scenario.objects.filter(pk=scenario.pk).update(insight={"status": "running", "rows": []})
    client.force_login(world.board_member)

    page = client.get(_url(scenario)).content.decode()
    unchanged = client.get(
        _url(scenario),
        {"seen": "running"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="scenario-insight",
    )

    assert f'hx-get="{_url(scenario)}?seen=running" hx-trigger="every 1s"' in page
    assert 'hx-target="#scenario-insight"' in page and "beregnes nå" in page
    assert unchanged.status_code == 204


# --- what-if and the comparison ---------------------------------------------------------------


def test_what_if_more_capacity_creates_a_solved_copy_and_compares(
    client: Client, world: World, planned: dict
) -> None:
    original = _solved(world)
    client.force_login(world.office)
    assert _url(original, "scenario_what_if") in client.get(_url(original)).content.decode()
    page = client.get(_url(original, "scenario_what_if")).content.decode()
    assert '<option value="utvikler">Utvikler</option>' in page
    assert "Alle kvartaler" in page and "Vedtatt plattform" not in page  # keeps its start

    response = client.post(
        _url(original, "scenario_what_if"),
        {
            "capacity_competence": "utvikler",
            "capacity_quarter": "2027Q2",
            "capacity_fte": "+4",
            "force_in": [str(planned["valuable"].pk)],
            "name": "Fire utviklere til",
        },
    )

    copy = Scenario.objects.get(name="Fire utviklere til")
    assert copy.based_on == original and copy.status == ScenarioStatus.OPTIMAL
    assert copy.capacity_adjustments == [
        {"competence": "utvikler", "quarter": "2027Q2", "fte": 4.0}
    ]
    assert response.status_code == 302
    assert response["Location"] == f"{COMPARE}?a={original.pk}&b={copy.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Endret i kopien:" in html and "Utvikler: +4,0 årsverk i 2. kv. 2027" in html
    schedule = _rows(html, "schedule-table")
    valuable = next(r for r in schedule if "Verdifull" in r)
    assert "Ikke med 1. kv. 2027 – 4. kv. 2027 kun i B" in valuable
    platform = next(r for r in schedule if "Vedtatt plattform" in r)
    assert "uendret" in platform
    assert "Verdifull: tvunget inn" in html
    assert "B gir" in html and "poeng mer samlet verdi enn A" in html


def test_what_if_another_window_moves_the_initiative(
    client: Client, world: World, planned: dict
) -> None:
    original = _solved(world)
    cheap = planned["cheap"]
    client.force_login(world.office)

    response = client.post(
        _url(original, "scenario_what_if"),
        {
            "window_initiative": str(cheap.pk),
            "window_earliest": "2027Q4",
            "window_latest": "2027Q4",
        },
        follow=True,
    )

    html = response.content.decode()
    copy = Scenario.objects.get(based_on=original)
    assert copy.window_overrides == {
        str(cheap.pk): {"earliest_start": "2027Q4", "latest_start": "2027Q4"}
    }
    row = next(r for r in _rows(html, "schedule-table") if "Billig" in r)
    assert re.search(r"flyttet fra \d\. kv\. 2027 til 4\. kv\. 2027", row)
    assert "Billig: start mellom 4. kv. 2027 og 4. kv. 2027" in html


def test_what_if_errors_are_shown_at_their_fields(
    client: Client, world: World, planned: dict
) -> None:
    original = _solved(world)
    client.force_login(world.office)

    typed = client.post(
        _url(original, "scenario_what_if"),
        {"capacity_competence": "utvikler", "capacity_fte": "mange"},
    )
    window = client.post(
        _url(original, "scenario_what_if"),
        {
            "window_initiative": str(planned["cheap"].pk),
            "window_earliest": "2027Q4",
            "window_latest": "2027Q2",
        },
    )

    assert typed.status_code == 422
    assert 'id="whatif_capacity_fte_error"' in typed.content.decode()
    assert window.status_code == 422
    html = window.content.decode()
    assert "ds-error-summary" in html and 'href="#whatif_window_' in html
    assert Scenario.objects.count() == 1


# --- who may do what --------------------------------------------------------------------------


def test_readers_see_the_result_but_may_not_change_it(
    client: Client, world: World, planned: dict
) -> None:
    scenario = _solved(world)
    client.force_login(world.board_member)

    html = client.get(_url(scenario)).content.decode()

    assert "timeline-table" in html
    assert _url(scenario, "scenario_what_if") not in html
    assert _url(scenario, "scenario_edit") not in html
    assert "Beregn kompetanseinnsikt" not in html
    assert client.get(_url(scenario, "scenario_what_if")).status_code == 403
    assert client.post(_url(scenario, "scenario_insight"), {"quarter": ""}).status_code == 403
    assert client.get(_url(scenario, "scenario_edit")).status_code == 403


def test_an_outsider_is_refused_everywhere(client: Client, world: World, planned: dict) -> None:
    scenario = _solved(world)
    insight = scenario.insight
    client.force_login(world.outsider)

    assert client.get(_url(scenario)).status_code == 404
    assert client.get(_url(scenario, "scenario_what_if")).status_code == 403
    assert (
        client.post(
            _url(scenario, "scenario_what_if"),
            {"capacity_competence": "utvikler", "capacity_fte": "1"},
        ).status_code
        == 403
    )
    assert client.post(_url(scenario, "scenario_insight"), {"quarter": ""}).status_code == 403
    assert client.post(_url(scenario, "scenario_edit"), _form(name="x")).status_code == 403
    assert client.get(COMPARE, {"a": scenario.pk, "b": scenario.pk}).status_code == 404
    scenario.refresh_from_db()
    assert scenario.insight == insight and Scenario.objects.count() == 1
    assert scenario.name == "Kvartalsplan"
