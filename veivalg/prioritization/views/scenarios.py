"""Scenarios: list, create, solve (in the background), read the result, compare, propose.

Solving never holds the request: ``services.scenario_solve`` queues the work and returns; the
scenario page polls its result region with htmx every second while the scenario is queued or
running (without JavaScript an «Oppdater» link does the same).
"""

from __future__ import annotations

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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from veivalg.core.errors import DomainError, NotAllowed, NotFound, ValidationFailed
from veivalg.initiatives.models import OPEN_STATES, Initiative
from veivalg.initiatives.selectors import visible_initiatives, with_list_data
from veivalg.org.models import Board, User
from veivalg.prioritization import selectors, services
from veivalg.prioritization.forms import (
    BUDGET_ROWS_MAX,
    ScenarioErrors,
    ScenarioForm,
    apply_scenario_errors,
    budget_formset,
    budget_rows,
)
from veivalg.prioritization.models import DependencyType, Scenario
from veivalg.prioritization.views.common import not_found, require_office
from veivalg.web.templatetags.veivalg import first_input_id
from veivalg.web.views.initiatives import SummaryError

RESULT_TARGET = "scenario-result"
OVERRIDE_PREFIX = "override-"


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


def _budget_errors(formset: forms.BaseFormSet, extra: list[str]) -> list[SummaryError]:
    first = formset.forms[0]["year"].auto_id if formset.forms else ""
    items = [SummaryError(_("Budsjett: %(message)s") % {"message": m}, first) for m in extra]
    items.extend(SummaryError(str(m), first) for m in formset.non_form_errors())
    for index, row in enumerate(formset.forms, start=1):
        for message in row.non_field_errors():
            items.append(
                SummaryError(
                    _("Budsjett, rad %(row)s: %(message)s") % {"row": index, "message": message},
                    row["year"].auto_id,
                )
            )
        for name in row.fields:
            for message in row[name].errors:
                items.append(
                    SummaryError(
                        _("Budsjett, rad %(row)s, %(field)s: %(message)s")
                        % {"row": index, "field": row[name].label, "message": message},
                        row[name].auto_id,
                    )
                )
    return items


def _render_new(
    request: HttpRequest,
    form: ScenarioForm,
    formset: forms.BaseFormSet,
    *,
    status: int = 200,
    problems: ScenarioErrors | None = None,
    focus_row: int | None = None,
) -> HttpResponse:
    problems = problems or ScenarioErrors(budget=[], candidates={})
    board = form.cleaned_data.get("board") if form.is_bound and form.is_valid() else None
    if board is None:
        board = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
    default_ids = (
        set(selectors.default_candidates(board).values_list("pk", flat=True)) if board else set()
    )
    posted = set(_posted_ids(request)) if form.is_bound else set()
    overrides = _posted_overrides(request) if form.is_bound else {}
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
        errors = [SummaryError(str(m)) for m in form.non_field_errors()]
        for name in form.fields:
            for message in form[name].errors:
                errors.append(
                    SummaryError(f"{form[name].label}: {message}", first_input_id(form[name]))
                )
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
            "budget_errors": problems.budget,
            "rows": rows,
            "errors": errors,
            "focus_row": focus_row,
            "can_add_row": len(formset.forms) < BUDGET_ROWS_MAX,
        },
        status=status,
    )


@login_required
def scenario_new(request: HttpRequest) -> HttpResponse:
    require_office(request, _("Bare porteføljekontoret kan lage scenarioer."))
    if request.method != "POST":
        default = Board.objects.filter(slug=Board.DEFAULT_SLUG).first()
        form = ScenarioForm(initial={"board": default.slug if default else None})
        return _render_new(request, form, budget_formset())
    form = ScenarioForm(request.POST)
    adding_row = "add_budget_row" in request.POST
    formset = budget_formset(request.POST, add_row=adding_row)
    if adding_row:
        # «Legg til år» without JavaScript: one more row, keep what was typed, save nothing.
        form.is_valid()
        formset.is_valid()
        return _render_new(request, form, formset, focus_row=len(formset.forms) - 1)
    if not (form.is_valid() and formset.is_valid()):
        return _render_new(request, form, formset, status=422)
    parsed = budget_rows(formset)
    if parsed is None:
        return _render_new(request, form, formset, status=422)
    budget, budget_index = parsed
    explicit = form.cleaned_data["candidate_mode"] == ScenarioForm.EXPLICIT
    ids = _posted_ids(request) if explicit else []
    try:
        scenario = services.scenario_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            board=form.cleaned_data["board"],
            budget=budget,
            candidates=ids if explicit else None,  # type: ignore[arg-type]  # the service parses
            overrides=_posted_overrides(request),
        )
    except ValidationFailed as exc:
        problems = apply_scenario_errors(
            exc,
            form=form,
            formset=formset,
            budget_index=budget_index,
            candidate_ids=[int(i) if i.isdigit() else -1 for i in ids],
        )
        return _render_new(request, form, formset, status=422, problems=problems)
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(
        request,
        _("Scenariet «%(name)s» er opprettet. Velg «Løs» for å beregne det.")
        % {"name": scenario.name},
    )
    return redirect("prioritization:scenario", pk=scenario.pk)


# --- one scenario ---------------------------------------------------------------------------


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _costs_by_year(problem: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Each candidate's cost per budget year, from the solved problem document."""
    periods = [str(p) for p in problem.get("periods", [])]
    out: dict[str, dict[str, float]] = {}
    for candidate in problem.get("candidates", []):
        start = int(candidate.get("earliest_start", 0) or 0)
        years: dict[str, float] = {}
        for offset, amount in enumerate(candidate.get("demand", {}).get("budget", [])):
            index = start + offset
            if 0 <= index < len(periods):
                years[periods[index]] = _number(amount)
        out[str(candidate["id"])] = years
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
    if conflict.get("resources"):
        lines.append(_("Budsjettet for ett eller flere år."))
    return lines


def scenario_context(user: User, scenario: Scenario) -> dict[str, Any]:
    """Everything the scenario page and its polled result region show."""
    problem = scenario.problem or {}
    result = scenario.result or {}
    periods = [str(p) for p in problem.get("periods", [])] or [str(y) for y in scenario.years]
    rows = selectors.scenario_rows(user, scenario) if problem else []
    per_year = _costs_by_year(problem)
    table = [
        {"row": row, "years": [per_year.get(str(row.id), {}).get(p) for p in periods]}
        for row in rows
    ]
    used = selectors.budget_use(scenario)
    capacity = next(
        (r.get("capacity", []) for r in problem.get("resources", []) if r.get("id") == "budget"),
        [],
    )
    if not isinstance(capacity, list):
        capacity = [capacity] * len(periods)
    limits = {
        p: _number(capacity[i]) if i < len(capacity) else _number(scenario.budget.get(p))
        for i, p in enumerate(periods)
    }
    budget_table = [
        {
            "year": p,
            "used": _number(used.get(p, 0)),
            "limit": limits.get(p, 0.0),
            "share": (_number(used.get(p, 0)) / limits[p] * 100) if limits.get(p) else None,
        }
        for p in periods
    ]
    frontier = _frontier_points(scenario.frontier, sum(limits.values()))
    elapsed = int((timezone.now() - scenario.updated_at).total_seconds())
    return {
        "scenario": scenario,
        "periods": periods,
        "selected": [t for t in table if t["row"].selected],
        "left_out": [t for t in table if not t["row"].selected],
        "candidate_count": len(rows),
        "totals": {"cost": sum((r.cost for r in rows if r.selected), Decimal(0))},
        "budget_table": budget_table,
        "frontier": frontier,
        "conflict": _conflict_lines(result),
        "elapsed": max(elapsed, 0),
        "budget_chart": {
            "kind": "budget",
            "years": periods,
            "used": [b["used"] for b in budget_table],
            "limit": [b["limit"] for b in budget_table],
            "labels": {
                "used": _("Brukt av valgte initiativer"),
                "limit": _("Budsjettgrense"),
                "axis": _("Kroner"),
            },
        },
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
        "bound": result.get("bound"),
        "solve_seconds": result.get("solve_seconds"),
        "can_manage": selectors.can_manage(user),
        "result_target": RESULT_TARGET,
    }


@login_required
@vary_on_headers("HX-Request", "HX-Target")
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RESULT_TARGET and not htmx.history_restore_request:
        if scenario.is_pending and request.GET.get("seen") == scenario.status:
            return HttpResponse(status=204)  # nothing new: keep polling, no swap, no announcement
        return render(
            request,
            "prioritization/partials/scenario_result.html",
            scenario_context(request.user, scenario),
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


# --- compare --------------------------------------------------------------------------------


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    choices = list(selectors.scenarios_for(request.user)[:200])
    a_id, b_id = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context: dict[str, Any] = {"choices": choices, "a_id": a_id, "b_id": b_id}
    if a_id and b_id:
        a, b = _scenario(request, a_id), _scenario(request, b_id)
        comparison = selectors.scenario_compare(a, b)
        ids = {*comparison.only_a, *comparison.only_b, *comparison.both}
        titles = dict(
            visible_initiatives(request.user).filter(pk__in=ids).values_list("pk", "title")
        )
        years = sorted({*comparison.a.cost_by_year, *comparison.b.cost_by_year})
        context.update(
            {
                "a": a,
                "b": b,
                "comparison": comparison,
                "years": [
                    (
                        year,
                        comparison.a.cost_by_year.get(year),
                        comparison.b.cost_by_year.get(year),
                    )
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
