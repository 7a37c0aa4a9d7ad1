"""Scenarios: list, create, solve (in the background), read the result, compare, propose.

Solving never holds the request: ``services.scenario_solve`` queues the work and returns; the
scenario page polls its result region with htmx every second while the scenario is queued or
running (without JavaScript an «Oppdater» link does the same). The solution is shown as soon
as it is stored; the efficient frontier and the competence insight follow it, and their own
regions poll the same way until each is done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from veivalg.capacity.models import Competence, DemandPlan
from veivalg.capacity.quarters import (
    parse_quarter,
    quarter_display,
    quarter_label,
    quarter_range,
)
from veivalg.core.errors import DomainError, NotAllowed, NotFound, ValidationFailed
from veivalg.initiatives.models import OPEN_STATES, Initiative
from veivalg.initiatives.selectors import visible_initiatives, with_list_data
from veivalg.org.models import Board, User
from veivalg.prioritization import selectors, services
from veivalg.prioritization.forms import (
    BUDGET_ROWS_MAX,
    InsightForm,
    ScenarioErrors,
    ScenarioForm,
    WhatIfForm,
    apply_scenario_errors,
    budget_formset,
    budget_rows,
)
from veivalg.prioritization.models import DependencyType, FrontierStatus, Scenario
from veivalg.prioritization.views.common import not_found, require_office
from veivalg.web.views.initiatives import SummaryError, error_summary, year_row_errors

RESULT_TARGET = "scenario-result"
FRONTIER_TARGET = "scenario-frontier"
INSIGHT_TARGET = "scenario-insight"
OVERRIDE_PREFIX = "override-"
INSIGHT_PENDING = ("queued", "running")


def _scenario(request: HttpRequest, pk: Any) -> Scenario:
    try:
        return selectors.scenario_for_user(request.user, pk)
    except NotFound as exc:
        raise not_found(exc) from exc


def _compare_choices(choices: list[Scenario], first: Scenario | None = None) -> dict[str, Any]:
    """The scenarios to compare between, with A (``first``) and B preselected."""
    a = first or (choices[0] if choices else None)
    b = next((s for s in choices if a is None or s.pk != a.pk), None)
    return {
        "choices": choices,
        "a_id": str(a.pk) if a else "",
        "b_id": str(b.pk) if b else "",
    }


# --- list -----------------------------------------------------------------------------------


@login_required
def scenarios(request: HttpRequest) -> HttpResponse:
    readable = selectors.readable_board_ids(request.user)
    qs = selectors.scenarios_for(request.user)
    paginator = Paginator(qs, getattr(settings, "VEIVALG_PAGE_SIZE", 50) or 50)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "prioritization/scenarios.html",
        {
            "page": page,
            "rows": list(page.object_list),
            "page_range": list(
                paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "may_read": readable is None or bool(readable),
            "can_manage": selectors.can_manage(request.user),
            **_compare_choices(list(qs[:200]) if page.object_list else []),
        },
    )


# --- create ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    """One initiative in the new-scenario form's candidate table."""

    initiative: Initiative
    checked: bool
    override: str
    default: bool
    errors: list[str]

    @property
    def checkbox_id(self) -> str:
        return f"candidate-{self.initiative.pk}"

    @property
    def override_id(self) -> str:
        return f"{OVERRIDE_PREFIX}{self.initiative.pk}"


def _candidate_pool(user: User) -> QuerySet[Initiative]:
    """Initiatives a scenario can choose between: open development work in scope."""
    return (
        with_list_data(visible_initiatives(user))
        .filter(selectors.ELIGIBLE, state__in=OPEN_STATES)
        .defer("summary", "need")
        .order_by("title", "pk")
    )


def _posted_ids(request: HttpRequest) -> list[str]:
    return [value.strip() for value in request.POST.getlist("candidates") if value.strip()]


def _posted_overrides(request: HttpRequest) -> dict[str, str]:
    """``{"<id>": "in" | "out"}`` from the rows' selects; «automatic» rows are left out."""
    out: dict[str, str] = {}
    for key, value in request.POST.items():
        if key.startswith(OVERRIDE_PREFIX) and value:
            out[key.removeprefix(OVERRIDE_PREFIX)] = value
    return out


# A budget row's errors: form-wide, then one field's.
BUDGET_ROW_ERRORS = (
    gettext_lazy("Budsjett, rad %(row)s: %(message)s"),
    gettext_lazy("Budsjett, rad %(row)s, %(field)s: %(message)s"),
)


def _budget_errors(formset: forms.BaseFormSet, extra: list[str]) -> list[SummaryError]:
    first = formset.forms[0]["year"].auto_id if formset.forms else ""
    items = [SummaryError(_("Budsjett: %(message)s") % {"message": m}, first) for m in extra]
    items.extend(SummaryError(str(m), first) for m in formset.non_form_errors())
    items.extend(year_row_errors(formset, BUDGET_ROW_ERRORS))
    return items


def _render_form(
    request: HttpRequest,
    form: ScenarioForm,
    formset: forms.BaseFormSet,
    *,
    scenario: Scenario | None = None,
    status: int = 200,
    problems: ScenarioErrors | None = None,
    focus_row: int | None = None,
) -> HttpResponse:
    """The new-scenario form, or (with ``scenario``) the form that changes one."""
    problems = problems or ScenarioErrors(budget=[], candidates={})
    if scenario is not None:
        board: Board | None = scenario.board
    else:
        board = form.cleaned_data.get("board") if form.is_bound and form.is_valid() else None
    if board is None:
        board = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
    default_ids = (
        set(selectors.default_candidates(board).values_list("pk", flat=True)) if board else set()
    )
    if form.is_bound:
        posted = set(_posted_ids(request))
        overrides = _posted_overrides(request)
    elif scenario is not None:
        posted = (
            {str(pk) for pk in scenario.candidates.values_list("pk", flat=True)}
            if scenario.explicit_candidates
            else set()
        )
        overrides = {str(k): str(v) for k, v in (scenario.overrides or {}).items()}
    else:
        posted, overrides = set(), {}
    rows = [
        CandidateRow(
            initiative=initiative,
            checked=str(initiative.pk) in posted,
            override=overrides.get(str(initiative.pk), ""),
            default=initiative.pk in default_ids,
            errors=problems.candidates.get(initiative.pk, []),
        )
        for initiative in _candidate_pool(request.user)
    ]
    errors: list[SummaryError] = []
    if form.is_bound and status != 200:
        errors = error_summary(form)
        errors.extend(_budget_errors(formset, problems.budget))
        shown = {row.initiative.pk for row in rows}
        for pk, row_messages in problems.candidates.items():
            target = f"candidate-{pk}" if pk in shown else ""
            for message in row_messages:
                errors.append(
                    SummaryError(
                        _("Kandidat nr. %(number)s: %(message)s")
                        % {"number": pk, "message": message},
                        target,
                    )
                )
    return render(
        request,
        "prioritization/scenario_form.html",
        {
            "form": form,
            "formset": formset,
            "scenario": scenario,
            "budget_errors": problems.budget,
            "rows": rows,
            "errors": errors,
            "focus_row": focus_row,
            "can_add_row": len(formset.forms) < BUDGET_ROWS_MAX,
        },
        status=status,
    )


def _parsed_form(
    request: HttpRequest, form: ScenarioForm, formset: forms.BaseFormSet, scenario: Scenario | None
) -> tuple[dict[str, Any], dict[str, int], list[str]] | HttpResponse:
    """What the posted form says (budget, each year's row, the candidate ids), or the page
    to show again: with one more budget row («Legg til år»), or with the errors."""
    if "add_budget_row" in request.POST:
        # «Legg til år» without JavaScript: one more row, keep what was typed, save nothing.
        form.is_valid()
        formset.is_valid()
        return _render_form(
            request, form, formset, scenario=scenario, focus_row=len(formset.forms) - 1
        )
    if not (form.is_valid() and formset.is_valid()):
        return _render_form(request, form, formset, scenario=scenario, status=422)
    parsed = budget_rows(formset)
    if parsed is None:
        return _render_form(request, form, formset, scenario=scenario, status=422)
    budget, budget_index = parsed
    explicit = form.cleaned_data["candidate_mode"] == ScenarioForm.EXPLICIT
    return budget, budget_index, (_posted_ids(request) if explicit else [])


def _refused(
    request: HttpRequest,
    exc: ValidationFailed,
    form: ScenarioForm,
    formset: forms.BaseFormSet,
    budget_index: dict[str, int],
    ids: list[str],
    scenario: Scenario | None,
) -> HttpResponse:
    problems = apply_scenario_errors(
        exc,
        form=form,
        formset=formset,
        budget_index=budget_index,
        candidate_ids=[int(i) if i.isdigit() else -1 for i in ids],
    )
    return _render_form(request, form, formset, scenario=scenario, status=422, problems=problems)


@login_required
def scenario_new(request: HttpRequest) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan lage scenarioer."))
    if request.method != "POST":
        default = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
        form = ScenarioForm(initial={"board": default.slug if default else None})
        return _render_form(request, form, budget_formset())
    form = ScenarioForm(request.POST)
    formset = budget_formset(request.POST, add_row="add_budget_row" in request.POST)
    parsed = _parsed_form(request, form, formset, None)
    if isinstance(parsed, HttpResponse):
        return parsed
    budget, budget_index, ids = parsed
    explicit = form.cleaned_data["candidate_mode"] == ScenarioForm.EXPLICIT
    try:
        scenario = services.scenario_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            board=form.cleaned_data["board"],
            budget=budget,
            candidates=ids if explicit else None,  # type: ignore[arg-type]  # the service parses
            overrides=_posted_overrides(request),
            horizon=form.horizon_data(),
        )
    except ValidationFailed as exc:
        return _refused(request, exc, form, formset, budget_index, ids, None)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request,
        _("Scenariet «%(name)s» er opprettet. Velg «Løs» for å beregne det.")
        % {"name": scenario.name},
    )
    return redirect("prioritization:scenario", pk=scenario.pk)


@login_required
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a scenario's name, horizon, budget and candidates (not its board).

    A change to anything but the name discards the result: the scenario is solved again.
    """
    require_office(request, _("Bare porteføljekontoret kan endre scenarioer."))
    scenario = _scenario(request, pk)
    if scenario.is_proposed:
        messages.error(
            request,
            _(
                "Scenariet er foreslått for styret og kan ikke endres. Lag et nytt scenario, "
                "eller bruk «Hva hvis …» for å prøve andre forutsetninger."
            ),
        )
        return redirect(_back(scenario))
    if request.method != "POST":
        form = ScenarioForm(initial=ScenarioForm.initial_from(scenario), editing=True)
        initial = [
            {"year": str(year), "amount": f"{int(amount):,}".replace(",", " ")}
            for year, amount in scenario.budget.items()
        ]
        return _render_form(request, form, budget_formset(initial=initial), scenario=scenario)
    form = ScenarioForm(request.POST, editing=True)
    formset = budget_formset(request.POST, add_row="add_budget_row" in request.POST)
    parsed = _parsed_form(request, form, formset, scenario)
    if isinstance(parsed, HttpResponse):
        return parsed
    budget, budget_index, ids = parsed
    explicit = form.cleaned_data["candidate_mode"] == ScenarioForm.EXPLICIT
    data: dict[str, Any] = {"name": form.cleaned_data["name"]}
    changes = {
        "budget": budget,
        "candidates": ids if explicit else None,
        "overrides": _posted_overrides(request),
        "horizon": form.horizon_data(),
    }
    if _changed(scenario, changes):
        data.update(changes)
    try:
        scenario = services.scenario_update(actor=request.user, scenario=scenario, data=data)
    except ValidationFailed as exc:
        return _refused(request, exc, form, formset, budget_index, ids, scenario)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_back(scenario))
    messages.success(request, _("Endringene i scenariet er lagret."))
    return redirect(_back(scenario))


def _changed(scenario: Scenario, changes: dict[str, Any]) -> bool:
    """Whether the posted budget, candidates, overrides or horizon differ from the stored
    ones (a changed name alone keeps the result)."""
    stored_budget = {str(k): str(v) for k, v in scenario.budget.items()}
    posted_budget = {
        str(k).strip(): re.sub(r"[\s\u00a0]", "", str(v)) for k, v in changes["budget"].items()
    }
    if stored_budget != posted_budget:
        return True
    if changes["candidates"] is None:
        if scenario.explicit_candidates:
            return True
    elif not scenario.explicit_candidates or set(changes["candidates"]) != {
        str(pk) for pk in scenario.candidates.values_list("pk", flat=True)
    }:
        return True
    if {str(k): str(v) for k, v in (scenario.overrides or {}).items()} != changes["overrides"]:
        return True
    horizon = changes["horizon"]
    stored = (
        {"from": quarter_label(scenario.horizon_from), "to": quarter_label(scenario.horizon_to)}
        if scenario.horizon_from is not None and scenario.horizon_to is not None
        else None
    )
    if horizon is not None:
        horizon = {k: v.upper() for k, v in horizon.items()}
    return horizon != stored


# --- one scenario ---------------------------------------------------------------------------


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


_QUARTER_LABEL = re.compile(r"^(\d{4})Q[1-4]$")


def _year_of_period(label: str) -> str:
    """The budget year a period belongs to: ``"2027Q3"`` → ``"2027"``; a year stays itself."""
    match = _QUARTER_LABEL.match(label)
    return match.group(1) if match else label


def _costs_by_year(problem: dict[str, Any], result: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Each candidate's cost per budget year, from the solved problem document: from the
    start the solver chose for a selected candidate, from its earliest start otherwise (a
    committed candidate's budget is its own load, ``x-load``, from its planned start)."""
    periods = [str(p) for p in problem.get("periods", [])]
    starts = {str(s["id"]): int(s.get("start", 0) or 0) for s in result.get("selected", [])}
    out: dict[str, dict[str, float]] = {}
    for candidate in problem.get("candidates", []):
        cid = str(candidate["id"])
        start = starts.get(cid, int(candidate.get("earliest_start", 0) or 0))
        years: dict[str, float] = {}
        budget = (candidate.get("demand") or {}).get(selectors.BUDGET) or (
            candidate.get(selectors.LOAD) or {}
        ).get(selectors.BUDGET, [])
        for offset, amount in enumerate(budget):
            index = start + offset
            if 0 <= index < len(periods):
                year = _year_of_period(periods[index])
                years[year] = years.get(year, 0.0) + _number(amount)
        out[cid] = years
    return out


def _frontier_points(frontier: Any, total_budget: float) -> list[dict[str, float | None]]:
    """The frontier's points (``fraction`` of the budget, best ``value``) with the budget
    in kroner that fraction stands for."""
    if not isinstance(frontier, dict):
        return []
    points = []
    for point in frontier.get("points", []) or []:
        fraction = _number(point.get("fraction"))
        value = point.get("value")
        points.append(
            {
                "fraction": fraction,
                "budget": fraction * total_budget,
                "value": _number(value) if value is not None else None,
            }
        )
    return points


def _conflict_lines(result: dict[str, Any]) -> list[str]:
    """Why no portfolio exists, in Norwegian, from the solver's conflict."""
    conflict = result.get("conflict") or {}
    lines = [_("Nr. %(id)s er tvunget inn.") % {"id": cid} for cid in conflict.get("forced_in", [])]
    lines += [
        _("Nr. %(id)s er tvunget ut.") % {"id": cid} for cid in conflict.get("forced_out", [])
    ]
    for relation in conflict.get("relations", []):
        ids = relation.get("ids") or [relation.get("from"), relation.get("to")]
        try:
            kind = str(DependencyType(relation.get("type")).label)
        except ValueError:
            kind = str(relation.get("type"))
        lines.append(
            _("Avhengigheten «%(type)s» mellom %(ids)s.")
            % {"type": kind, "ids": ", ".join(f"nr. {i}" for i in ids if i)}
        )
    resources = conflict.get("resources")
    if resources:
        names = (
            [str(r.get("id", r) if isinstance(r, dict) else r) for r in resources]
            if isinstance(resources, list)
            else ["budget"]
        )
        if "budget" in names:
            lines.append(_("Budsjettet for ett eller flere år."))
        others = sorted({name for name in names if name != "budget"})
        if others:
            lines.append(
                _("Kapasiteten for %(competences)s i ett eller flere kvartaler.")
                % {"competences": ", ".join(_competence_names(others))}
            )
    return lines


def _competence_names(slugs: list[str]) -> list[str]:
    names = dict(Competence.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [names.get(slug, slug) for slug in slugs]


def _quarters(scenario: Scenario) -> list[int]:
    horizon = scenario.horizon
    return quarter_range(*horizon) if horizon else []


def _visible_titles(user: User, ids: Any) -> dict[int, str]:
    return dict(visible_initiatives(user).filter(pk__in=set(ids)).values_list("pk", "title"))


def _hidden_title(pk: int) -> str:
    return _("Skjermet initiativ (nr. %(number)s)") % {"number": pk}


@dataclass(frozen=True)
class TimelineRow:
    """One bar of the timeline, with the title the reader may see."""

    item: Any  # selectors.TimelineItem
    title: str
    visible: bool

    @property
    def chart_name(self) -> str:
        if self.item.committed:
            return _("%(title)s (vedtatt)") % {"title": self.title}
        if self.item.forced:
            return _("%(title)s (tvunget inn)") % {"title": self.title}
        return self.title


def timeline_rows(user: User, scenario: Scenario) -> list[TimelineRow]:
    items = selectors.scenario_timeline(scenario)
    titles = _visible_titles(user, (i.initiative_id for i in items))
    return [
        TimelineRow(
            item=item,
            title=titles.get(item.initiative_id) or _hidden_title(item.initiative_id),
            visible=item.initiative_id in titles,
        )
        for item in items
    ]


def _timeline_chart(scenario: Scenario, rows: list[TimelineRow]) -> dict[str, Any]:
    quarters = _quarters(scenario)
    first = quarters[0] if quarters else 0
    return {
        "kind": "timeline",
        "quarters": [quarter_display(q) for q in quarters],
        "items": [
            {
                "name": row.chart_name,
                "start": row.item.start - first,
                "finish": max(row.item.finish, row.item.start) - first,
                "committed": bool(row.item.committed),
                "span": f"{row.item.start_display} – {row.item.finish_display}",
            }
            for row in rows
        ],
        "labels": {
            "planned": _("Valgt av scenariet"),
            "committed": _("Vedtatt eller pågår (fast start)"),
        },
    }


def capacity_table(scenario: Scenario) -> dict[str, Any] | None:
    """Use per competence per quarter (committed + selected against available), and the
    cells where the committed initiatives alone already over-allocate."""
    use = selectors.scenario_capacity_use(scenario)
    if use is None or not use.competences:
        return None
    names = dict(use.competences)
    rows = []
    for slug, name in use.competences:
        cells = []
        for quarter in use.quarters:
            cell = use.cell(slug, quarter)
            cells.append(
                {
                    "quarter": quarter_display(quarter),
                    "available": cell.available,
                    "committed": cell.committed,
                    "selected": cell.selected,
                    "used": cell.committed + cell.selected,
                    "over": cell.over,
                    "committed_over": cell.committed_over,
                }
            )
        rows.append({"slug": slug, "name": name, "cells": cells})
    committed_over = []
    for slug, quarter in use.committed_over:
        cell = use.cell(slug, quarter)
        committed_over.append(
            {
                "name": names.get(slug, slug),
                "quarter": quarter_display(quarter),
                "committed": cell.committed,
                "available": cell.available,
            }
        )
    return {
        "quarters": [quarter_display(q) for q in use.quarters],
        "rows": rows,
        "committed_over": committed_over,
        "over_count": sum(1 for row in rows for c in row["cells"] if c["over"]),
    }


def frontier_context(scenario: Scenario, total_budget: float | None = None) -> dict[str, Any]:
    """The frontier section: its points and chart, or that it is still being computed."""
    if total_budget is None:
        total_budget = sum(_number(b.limit) for b in selectors.scenario_budget_use(scenario))
    frontier = _frontier_points(scenario.frontier, total_budget)
    return {
        "scenario": scenario,
        "frontier": frontier,
        "frontier_pending": scenario.frontier_pending,
        "frontier_failed": scenario.is_solved and scenario.frontier_status == FrontierStatus.FAILED,
        "frontier_target": FRONTIER_TARGET,
        "frontier_chart": {
            "kind": "frontier",
            "points": frontier,
            "current": float(scenario.value) if scenario.value is not None else None,
            "labels": {
                "value": _("Samlet verdi (poeng)"),
                "fraction": _("Andel av budsjettet"),
                "series": _("Effisiensgrense"),
            },
        },
    }


def insight_context(user: User, scenario: Scenario) -> dict[str, Any]:
    """The competence insight section: its rows (largest first), its status, its form."""
    insight = scenario.insight if isinstance(scenario.insight, dict) else {}
    status = str(insight.get("status") or "")
    quarter = insight.get("quarter")
    computed_at = parse_datetime(str(insight.get("computed_at") or "")) or None
    rows = sorted(
        (r for r in insight.get("rows", []) or [] if isinstance(r, dict)),
        key=lambda r: -_number(r.get("marginal_value")),
    )
    return {
        "scenario": scenario,
        "insight_status": status,
        "insight_pending": status in INSIGHT_PENDING,
        "insight_waits_for_frontier": status == "queued" and scenario.frontier_pending,
        "insight_quarter": _quarter_text(quarter),
        "insight_rows": [
            {
                "rank": index,
                "competence": r.get("competence"),
                "name": r.get("name") or r.get("competence"),
                "marginal_value": _number(r.get("marginal_value")),
            }
            for index, r in enumerate(rows, start=1)
        ],
        "insight_base_value": insight.get("base_value"),
        "insight_computed_at": computed_at,
        "insight_error": str(insight.get("error") or ""),
        "insight_form": InsightForm(quarters=_quarters(scenario)),
        "insight_target": INSIGHT_TARGET,
        "can_manage": selectors.can_manage(user),
    }


def _quarter_text(label: Any) -> str:
    """``"2027Q3"`` → ``"3. kv. 2027"``; anything else as it is."""
    if not label:
        return ""
    try:
        return quarter_display(parse_quarter(str(label)))
    except ValueError:
        return str(label)


def scenario_context(user: User, scenario: Scenario) -> dict[str, Any]:
    """Everything the scenario page and its polled result region show."""
    problem = scenario.problem or {}
    result = scenario.result or {}
    years = [str(y) for y in scenario.years]
    rows = selectors.scenario_rows(user, scenario) if problem else []
    per_year = _costs_by_year(problem, result)
    table = [
        {"row": row, "years": [per_year.get(str(row.id), {}).get(y) for y in years]} for row in rows
    ]
    budget_table = []
    for entry in selectors.scenario_budget_use(scenario):
        committed, chosen, limit = (
            _number(entry.committed),
            _number(entry.selected),
            _number(entry.limit),
        )
        used = committed + chosen
        budget_table.append(
            {
                "year": str(entry.year),
                "committed": committed,
                "selected": chosen,
                "used": used,
                "limit": limit,
                "share": (used / limit * 100) if limit else None,
                "over": used > limit,
            }
        )
    elapsed = int((timezone.now() - scenario.updated_at).total_seconds())
    timeline = timeline_rows(user, scenario) if scenario.is_solved else []
    context = {
        "scenario": scenario,
        "periods": years,
        "selected": [t for t in table if t["row"].selected],
        "left_out": [t for t in table if not t["row"].selected],
        "candidate_count": len(rows),
        "totals": {"cost": sum((r.cost for r in rows if r.selected), Decimal(0))},
        "budget_table": budget_table,
        "conflict": _conflict_lines(result),
        "elapsed": max(elapsed, 0),
        "timeline": timeline,
        "timeline_chart": _timeline_chart(scenario, timeline),
        "capacity": capacity_table(scenario) if scenario.is_solved else None,
        "budget_chart": {
            "kind": "budget",
            "years": [b["year"] for b in budget_table],
            "used": [b["used"] for b in budget_table],
            "committed": [b["committed"] for b in budget_table],
            "selected": [b["selected"] for b in budget_table],
            "limit": [b["limit"] for b in budget_table],
            "labels": {
                "used": _("Brukt av valgte initiativer"),
                "committed": _("Vedtatte og pågående"),
                "selected": _("Valgte kandidater"),
                "limit": _("Budsjettgrense"),
                "axis": _("Kroner"),
            },
        },
        "bound": result.get("bound"),
        "solve_seconds": result.get("solve_seconds"),
        "can_manage": selectors.can_manage(user),
        "result_target": RESULT_TARGET,
        "horizon": _horizon_text(scenario),
    }
    context.update(frontier_context(scenario, sum(b["limit"] for b in budget_table)))
    context.update(insight_context(user, scenario))
    return context


def _horizon_text(scenario: Scenario) -> str:
    horizon = scenario.horizon
    if horizon is None:
        return ""
    return _("%(first)s – %(last)s") % {
        "first": quarter_display(horizon[0]),
        "last": quarter_display(horizon[1]),
    }


def _polled(
    request: HttpRequest,
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    pending: bool,
    status: Any,
) -> HttpResponse:
    """A region the page polls: 204 (nothing new: keep polling, no swap) while it is still
    pending in the status the page last showed (``?seen=``), else the region itself."""
    if pending and request.GET.get("seen") == status:
        return HttpResponse(status=204)
    return render(request, f"prioritization/partials/{template}", context())


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        if htmx.target == RESULT_TARGET:
            return _polled(
                request,
                "scenario_result.html",
                lambda: scenario_context(request.user, scenario),
                pending=scenario.is_pending,
                status=scenario.status,
            )
        if htmx.target == FRONTIER_TARGET:
            return _polled(
                request,
                "scenario_frontier.html",
                lambda: frontier_context(scenario),
                pending=scenario.frontier_pending,
                status=scenario.frontier_status,
            )
        if htmx.target == INSIGHT_TARGET:
            status = (scenario.insight or {}).get("status")
            return _polled(
                request,
                "scenario_insight.html",
                lambda: insight_context(request.user, scenario),
                pending=status in INSIGHT_PENDING,
                status=status,
            )
    context = scenario_context(request.user, scenario)
    context.update(
        _compare_choices(list(selectors.scenarios_for(request.user)[:200]), first=scenario)
    )
    return render(request, "prioritization/scenario_detail.html", context)


def _back(scenario: Scenario) -> str:
    return reverse("prioritization:scenario", args=[scenario.pk])


def _error_text(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed) and exc.errors:
        return " ".join(m for messages_ in exc.errors.values() for m in messages_)
    return exc.message


@login_required
@require_POST
def scenario_solve(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan beregne scenarioer."))
    scenario = _scenario(request, pk)
    try:
        scenario = services.scenario_solve(actor=request.user, scenario=scenario)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(
            request, _("Scenariet ble ikke beregnet: %(why)s") % {"why": _error_text(exc)}
        )
        return redirect(_back(scenario))
    if scenario.is_pending:
        messages.info(
            request,
            _("Beregningen er startet. Resultatet vises på siden når det er klart."),
        )
    else:
        messages.success(
            request,
            _("Scenariet er beregnet: %(status)s.") % {"status": scenario.get_status_display()},
        )
    return redirect(_back(scenario) + "#resultat")


@login_required
@require_POST
def scenario_propose(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan foreslå et scenario for styret."))
    scenario = _scenario(request, pk)
    try:
        scenario = services.scenario_propose(actor=request.user, scenario=scenario)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_back(scenario))
    messages.success(
        request,
        _(
            "Scenariet er lagt fram for %(board)s som porteføljekontorets forslag. Det er ikke "
            "et vedtak: styret behandler hvert initiativ i saksgangen."
        )
        % {"board": scenario.board.name},
    )
    return redirect(_back(scenario))


# --- competence insight ---------------------------------------------------------------------


@login_required
@require_POST
def scenario_insight(request: HttpRequest, pk: int) -> HttpResponse:
    """Start computing the competence insight (in the background); htmx swaps the section."""
    require_office(request, _("Bare porteføljekontoret kan beregne kompetanseinnsikt."))
    scenario = _scenario(request, pk)
    form = InsightForm(request.POST, quarters=_quarters(scenario))
    problem = ""
    if not form.is_valid():
        problem = " ".join(str(m) for m in form.errors.get("quarter", []))
    else:
        try:
            scenario = services.scenario_insight_start(
                actor=request.user, scenario=scenario, quarter=form.chosen_quarter()
            )
        except NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            problem = _error_text(exc)
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == INSIGHT_TARGET:
        context = insight_context(request.user, scenario)
        context["insight_problem"] = problem
        return render(
            request,
            "prioritization/partials/scenario_insight.html",
            context,
            status=422 if problem else 200,
        )
    if problem:
        messages.error(
            request,
            _("Kompetanseinnsikten ble ikke beregnet: %(why)s") % {"why": problem},
        )
    else:
        messages.info(request, _("Kompetanseinnsikten beregnes. Svaret vises på siden."))
    return redirect(_back(scenario) + "#innsikt")


# --- what-if ---------------------------------------------------------------------------------


def _what_if_choices(
    user: User, scenario: Scenario
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The candidates whose start window may change (not committed: they keep their planned
    start), and those that may be forced in (not politically mandated, not forced in now)."""
    candidates = list(
        selectors.scenario_candidates(scenario)
        .filter(pk__in=visible_initiatives(user).values("pk"))
        .exclude(state__in=selectors.COMMITTED_STATES)
        .order_by("title", "pk")
    )
    plans = {
        p.initiative_id: p
        for p in DemandPlan.objects.filter(initiative__in=candidates, earliest_start__isnull=False)
    }
    overrides = {str(k): str(v) for k, v in (scenario.overrides or {}).items()}
    windows: list[tuple[int, str]] = []
    forceable: list[tuple[int, str]] = []
    for initiative in candidates:
        label = _("nr. %(number)s %(title)s") % {"number": initiative.pk, "title": initiative.title}
        plan = plans.get(initiative.pk)
        if plan is not None and plan.latest_start is not None:
            window = _("start %(first)s – %(last)s nå") % {
                "first": quarter_display(plan.earliest_start),  # type: ignore[arg-type]
                "last": quarter_display(plan.latest_start),
            }
        else:
            window = _("uten startvindu")
        windows.append((initiative.pk, f"{label} ({window})"))
        if not initiative.politically_mandated and overrides.get(str(initiative.pk)) != "in":
            forceable.append((initiative.pk, label))
    return windows, forceable


@login_required
def scenario_what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """«Hva hvis …»: a copy of the scenario with a capacity, a start window or forced-in
    initiatives changed, solved and compared side by side with the original."""
    require_office(request, _("Bare porteføljekontoret kan prøve «hva hvis» på scenarioer."))
    scenario = _scenario(request, pk)
    windows, forceable = _what_if_choices(request.user, scenario)
    form = WhatIfForm(
        request.POST if request.method == "POST" else None,
        quarters=_quarters(scenario),
        competences=list(Competence.objects.order_by("name").values_list("slug", "name")),
        candidates=windows,
        forceable=forceable,
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                new = services.scenario_what_if(
                    actor=request.user, scenario=scenario, data=form.service_data()
                )
            except ValidationFailed as exc:
                form.apply_errors(exc)
            except NotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except DomainError as exc:
                form.add_error(None, _error_text(exc))
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "«%(name)s» er laget og beregnet (%(status)s), her side om side med "
                        "«%(original)s»."
                    )
                    % {
                        "name": new.name,
                        "status": new.get_status_display(),
                        "original": scenario.name,
                    },
                )
                query = urlencode({"a": scenario.pk, "b": new.pk})
                return redirect(f"{reverse('prioritization:scenario_compare')}?{query}")
    return render(
        request,
        "prioritization/scenario_what_if.html",
        {
            "scenario": scenario,
            "form": form,
            "errors": error_summary(form) if form.is_bound and status != 200 else [],
            "horizon": _horizon_text(scenario),
            "has_competences": len(form.fields["capacity_competence"].choices) > 1,  # type: ignore[attr-defined]
        },
        status=status,
    )


# --- compare --------------------------------------------------------------------------------


def _schedule_changes(user: User, a: Scenario, b: Scenario) -> list[dict[str, Any]]:
    """Per initiative in either scenario: its start and finish in each, and what changed."""
    in_a = {i.initiative_id: i for i in selectors.scenario_timeline(a)}
    in_b = {i.initiative_id: i for i in selectors.scenario_timeline(b)}
    titles = _visible_titles(user, {*in_a, *in_b})
    rows = []
    for pk in {*in_a, *in_b}:
        first, second = in_a.get(pk), in_b.get(pk)
        if first is None:
            change = _("kun i B")
        elif second is None:
            change = _("kun i A")
        elif first.start != second.start:
            change = _("flyttet fra %(from)s til %(to)s") % {
                "from": first.start_display,
                "to": second.start_display,
            }
        elif first.finish != second.finish:
            change = _("slutter %(to)s i stedet for %(from)s") % {
                "from": first.finish_display,
                "to": second.finish_display,
            }
        else:
            change = ""
        either = first or second
        rows.append(
            {
                "id": pk,
                "title": titles.get(pk) or _hidden_title(pk),
                "visible": pk in titles,
                "a": first,
                "b": second,
                "change": change,
                "value": either.value if either is not None else None,
                "sort": (
                    min(i.start for i in (first, second) if i is not None),
                    titles.get(pk, ""),
                ),
            }
        )
    rows.sort(key=lambda r: r["sort"])
    return rows


def _what_if_lines(user: User, original: Scenario, copy: Scenario) -> list[str]:
    """What the what-if ``copy`` changed from ``original``, in words."""
    lines: list[str] = []
    adjustments = [a for a in copy.capacity_adjustments or [] if isinstance(a, dict)]
    names = dict(
        Competence.objects.filter(
            slug__in=[str(a.get("competence")) for a in adjustments]
        ).values_list("slug", "name")
    )
    for adjustment in adjustments:
        slug = str(adjustment.get("competence"))
        fte = _number(adjustment.get("fte"))
        where = (
            _("i %(quarter)s") % {"quarter": _quarter_text(adjustment.get("quarter"))}
            if adjustment.get("quarter")
            else _("i alle kvartaler")
        )
        lines.append(
            _("%(competence)s: %(fte)s årsverk %(where)s")
            % {
                "competence": names.get(slug, slug),
                "fte": number_format(fte, 1, force_grouping=False).replace("-", "\u2212")
                if fte < 0
                else "+" + number_format(fte, 1),
                "where": where,
            }
        )
    windows = copy.window_overrides if isinstance(copy.window_overrides, dict) else {}
    titles = _visible_titles(user, [int(k) for k in windows if str(k).isdigit()])
    for key, window in windows.items():
        pk = int(key) if str(key).isdigit() else 0
        lines.append(
            _("%(title)s: start mellom %(first)s og %(last)s")
            % {
                "title": titles.get(pk) or _hidden_title(pk),
                "first": _quarter_text((window or {}).get("earliest_start")),
                "last": _quarter_text((window or {}).get("latest_start")),
            }
        )
    before = {str(k) for k, v in (original.overrides or {}).items() if v == "in"}
    forced = [
        int(k) for k, v in (copy.overrides or {}).items() if v == "in" and str(k) not in before
    ]
    titles = _visible_titles(user, forced)
    for pk in sorted(forced):
        lines.append(_("%(title)s: tvunget inn") % {"title": titles.get(pk) or _hidden_title(pk)})
    return lines


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    choices = list(selectors.scenarios_for(request.user)[:200])
    a_id, b_id = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context: dict[str, Any] = {"choices": choices, "a_id": a_id, "b_id": b_id}
    if a_id and b_id:
        a, b = _scenario(request, a_id), _scenario(request, b_id)
        comparison = selectors.scenario_compare(a, b)
        ids = {*comparison.only_a, *comparison.only_b, *comparison.both}
        titles = _visible_titles(request.user, ids)
        budget_a = {str(y.year): y for y in selectors.scenario_budget_use(a)}
        budget_b = {str(y.year): y for y in selectors.scenario_budget_use(b)}
        years = sorted({*budget_a, *budget_b})
        schedule = _schedule_changes(request.user, a, b)
        if b.based_on_id == a.pk:
            what_if = {"original": a, "copy": b, "lines": _what_if_lines(request.user, a, b)}
        elif a.based_on_id == b.pk:
            what_if = {"original": b, "copy": a, "lines": _what_if_lines(request.user, b, a)}
        else:
            what_if = None
        context.update(
            {
                "a": a,
                "b": b,
                "comparison": comparison,
                "schedule": schedule,
                "moved": sum(1 for r in schedule if r["change"]),
                "what_if": what_if,
                "years": [
                    (year, _budget_used(budget_a.get(year)), _budget_used(budget_b.get(year)))
                    for year in years
                ],
                "groups": [
                    {
                        "key": "only-a",
                        "title": _("Bare i «%(name)s»") % {"name": a.name},
                        "items": [(pk, titles.get(pk)) for pk in comparison.only_a],
                    },
                    {
                        "key": "only-b",
                        "title": _("Bare i «%(name)s»") % {"name": b.name},
                        "items": [(pk, titles.get(pk)) for pk in comparison.only_b],
                    },
                    {
                        "key": "both",
                        "title": _("I begge"),
                        "items": [(pk, titles.get(pk)) for pk in comparison.both],
                    },
                ],
            }
        )
    return render(request, "prioritization/scenario_compare.html", context)


def _budget_used(entry: Any) -> Decimal | None:
    """What a scenario uses of one year's budget (committed and selected), if it has the year."""
    if entry is None:
        return None
    return Decimal(str(entry.committed)) + Decimal(str(entry.selected))
