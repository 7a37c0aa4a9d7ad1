"""The criteria of a board's set, their weights, and the pairwise comparison that sets them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.org.models import Board
from veivalg.prioritization import selectors, services
from veivalg.prioritization.forms import (
    CriterionForm,
    DirectWeightsForm,
    Pair,
    PairwiseForm,
    judgement_phrase,
    scale_text,
)
from veivalg.prioritization.models import Criterion, Level, PrioritizationSet, WeightsMethod
from veivalg.prioritization.views.common import (
    BOARD_PARAM,
    board_in_view,
    require_office,
)
from veivalg.web.views.initiatives import SummaryError, error_summary


def _set_context(request: HttpRequest, board: Board) -> dict[str, Any]:
    """The board, its active set (perhaps inherited from a board above) and the criteria."""
    pset = selectors.active_set(board)
    criteria = list(selectors.criteria_of(pset)) if pset is not None else []
    cr = pset.consistency_ratio if pset is not None else None
    return {
        "board": board,
        "boards": list(Board.objects.order_by("name")),
        "board_param": BOARD_PARAM,
        "pset": pset,
        "inherited": pset is not None and pset.board_id != board.pk,
        "criteria": criteria,
        "consistency_ratio": cr,
        "cr_limit": services.CR_LIMIT,
        "inconsistent": cr is not None and cr > services.CR_LIMIT,
        "is_ahp": pset is not None and pset.weights_method == WeightsMethod.AHP,
        "can_manage": selectors.can_manage(request.user),
        "query": f"?{BOARD_PARAM}={board.slug}",
    }


def _set_or_404(board: Board) -> PrioritizationSet:
    pset = selectors.active_set(board)
    if pset is None:
        raise Http404(_("Styret har ingen kriterier ennå."))
    return pset


def _render_criteria(
    request: HttpRequest,
    board: Board,
    *,
    weights_form: DirectWeightsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _set_context(request, board)
    if context["can_manage"] and context["criteria"]:
        weights_form = weights_form or DirectWeightsForm(
            initial=DirectWeightsForm.initial_from(context["criteria"]),
            criteria=context["criteria"],
        )
        context["weights_form"] = weights_form
        context["errors"] = error_summary(weights_form) if weights_form.is_bound else []
    return render(request, "prioritization/criteria.html", context, status=status)


@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    return _render_criteria(request, board_in_view(request))


@login_required
@require_POST
def weights_direct(request: HttpRequest) -> HttpResponse:
    require_office(request)
    board = board_in_view(request)
    pset = _set_or_404(board)
    criteria = list(selectors.criteria_of(pset))
    form = DirectWeightsForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return _render_criteria(request, board, weights_form=form, status=422)
    try:
        services.weights_direct(actor=request.user, set=pset, weights=form.service_weights())
    except ValidationFailed as exc:
        form.apply_errors(exc)
        return _render_criteria(request, board, weights_form=form, status=422)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("Vektene er lagret. Summen er skalert til 100 %."))
    return redirect(reverse("prioritization:criteria") + f"?{BOARD_PARAM}={board.slug}#vekter")


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office(request)
    criterion = (
        Criterion.objects.select_related("set__board")
        .prefetch_related("levels")
        .filter(pk=pk, set__active=True)
        .first()
    )
    if criterion is None:
        raise Http404(_("Kriteriet finnes ikke."))
    back = reverse("prioritization:criteria") + f"?{BOARD_PARAM}={criterion.set.board.slug}"
    status = 200
    if request.method == "POST":
        form = CriterionForm(request.POST, criterion=criterion)
        if form.is_valid():
            try:
                services.criterion_update(
                    actor=request.user, criterion=criterion, data=form.service_data()
                )
            except ValidationFailed as exc:
                form.apply_errors(exc)
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                messages.success(
                    request,
                    _("Kriteriet «%(name)s» er lagret.") % {"name": form.cleaned_data["name"]},
                )
                return redirect(back + f"#kriterium-{criterion.slug}")
        status = 422
    else:
        form = CriterionForm(initial=CriterionForm.initial_from(criterion), criterion=criterion)
    return render(
        request,
        "prioritization/criterion_form.html",
        {
            "criterion": criterion,
            "form": form,
            "level_fields": [form[f"level_{level}"] for level in Level.values],
            "errors": error_summary(form) if form.is_bound else [],
            "back": back,
        },
        status=status,
    )


# --- pairwise comparison -------------------------------------------------------------------


def _pair_errors(form: PairwiseForm) -> list[SummaryError]:
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    for pair in form.pairs:
        for message in form[pair.name].errors:
            items.append(
                SummaryError(f"{form.fields[pair.name].label}: {message}", f"{pair.anchor}-0")
            )
    return items


def _revisit_context(
    outcome: services.AhpOutcome | None, criteria: list[Criterion]
) -> dict[str, Any] | None:
    """The comparison to look at again, in words, with the anchor of its fieldset."""
    if outcome is None or outcome.revisit is None:
        return None
    by_slug = {c.slug: c for c in criteria}
    a, b = by_slug.get(outcome.revisit.a), by_slug.get(outcome.revisit.b)
    if a is None or b is None:
        return None
    # The page shows each pair in the set's order; turn the judgement around if needed.
    value, suggested = outcome.revisit.value, outcome.revisit.suggested
    if criteria.index(a) > criteria.index(b):
        a, b = b, a
        value = 1 / value
        suggested = 1 / suggested if suggested else None
    return {
        "a": a,
        "b": b,
        "anchor": Pair(a, b).anchor,
        "now": judgement_phrase(a.name, b.name, scale_text(value)),
        "suggested": judgement_phrase(a.name, b.name, scale_text(suggested)) if suggested else "",
    }


def _render_pairwise(
    request: HttpRequest,
    board: Board,
    *,
    form: PairwiseForm | None = None,
    outcome: services.AhpOutcome | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _set_context(request, board)
    criteria: list[Criterion] = context["criteria"]
    pset: PrioritizationSet | None = context["pset"]
    stored = selectors.judgements_of(pset) if pset is not None else {}
    if form is None:
        form = PairwiseForm(initial=PairwiseForm.initial_from(criteria, stored), criteria=criteria)
    groups = []
    for pair in form.pairs:
        options = form.options(pair)
        groups.append(
            {
                "pair": pair,
                "field": form[pair.name],
                "a_side": [o for o in options if o["side"] == "a"],
                "b_side": [o for o in options if o["side"] != "a"],
                "current": next((o for o in options if o["checked"]), None),
                "error_id": f"{pair.anchor}-error",
            }
        )
    context.update(
        {
            "form": form,
            "groups": groups,
            "answered": sum(1 for g in groups if g["current"]),
            "errors": _pair_errors(form) if form.is_bound and status != 200 else [],
            "outcome": outcome,
            "revisit": _revisit_context(outcome, criteria),
            "weights": [(c, outcome.weights.get(c.slug, c.weight)) for c in criteria]
            if outcome is not None
            else [(c, c.weight) for c in criteria],
        }
    )
    if outcome is not None:
        context["consistency_ratio"] = outcome.consistency_ratio
        context["inconsistent"] = not outcome.consistent
        context["is_ahp"] = True
    return render(request, "prioritization/pairwise.html", context, status=status)


@login_required
def pairwise(request: HttpRequest) -> HttpResponse:
    board = board_in_view(request)
    if request.method != "POST":
        return _render_pairwise(request, board)
    require_office(request)
    pset = _set_or_404(board)
    criteria = list(selectors.criteria_of(pset))
    form = PairwiseForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return _render_pairwise(request, board, form=form, status=422)
    judgements, pairs = form.service_judgements()
    try:
        outcome = services.weights_from_pairwise(
            actor=request.user, set=pset, judgements=judgements
        )
    except ValidationFailed as exc:
        form.apply_errors(exc, pairs)
        return _render_pairwise(request, board, form=form, status=422)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    # The result is shown at once (it names the comparison to revisit, which is not stored);
    # saving again is harmless, the same judgements give the same weights.
    return _render_pairwise(request, board, form=form, outcome=outcome)
