"""An initiative's rating on the criteria, its score, and its dependencies on others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.org.models import User
from veivalg.prioritization import selectors, services
from veivalg.prioritization.forms import DependencyForm, RatingForm
from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    Dependency,
    DependencyType,
    Rating,
)
from veivalg.prioritization.scoring import Score, ScorePart
from veivalg.prioritization.templatetags.prioritization import points
from veivalg.prioritization.views.common import require_office
from veivalg.web.access import _initiative_for_user
from veivalg.web.views.initiatives import SummaryError, error_summary

# Criteria whose rating is about the goals of the municipal plan: their row on the initiative
# page lists the goals the initiative contributes to.
STRATEGIC_PREFIX = "strategi"


def is_strategic(slug: str) -> bool:
    return slug.startswith(STRATEGIC_PREFIX)


@dataclass(frozen=True)
class BreakdownRow:
    """One criterion's line in an initiative's score: its level in words and its share."""

    part: ScorePart
    level: CriterionLevel | None
    comment: str
    strategic: bool


@dataclass(frozen=True)
class DependencyRow:
    """A dependency as seen from one initiative: how they relate, and the other one."""

    dependency: Dependency
    text: str
    other: Initiative


def dependency_text(dependency: Dependency, outgoing: bool) -> str:
    """``dependency`` in words, from the point of view of the initiative on the page."""
    kind = dependency.type
    if kind == DependencyType.REQUIRES:
        return _("Forutsetter") if outgoing else _("Er en forutsetning for")
    if kind == DependencyType.EXCLUDES:
        return _("Utelukker (høyst ett av dem kan velges)")
    if kind == DependencyType.TOGETHER:
        return _("Alle eller ingen, sammen med")
    if kind == DependencyType.FINISH_TO_START:
        if outgoing:
            return _("Må være ferdig før oppstart av")
        return _("Kan først starte etter at dette er ferdig:")
    return str(kind)


def dependency_rows(user: User, initiative: Initiative) -> list[DependencyRow]:
    rows = []
    for dependency in selectors.dependencies_of(user, initiative):
        outgoing = dependency.from_initiative_id == initiative.pk
        rows.append(
            DependencyRow(
                dependency=dependency,
                text=dependency_text(dependency, outgoing),
                other=dependency.to_initiative if outgoing else dependency.from_initiative,
            )
        )
    return rows


def breakdown(score: Score, criteria: list[Criterion], ratings: list[Rating]) -> list[BreakdownRow]:
    levels = {c.slug: {lv.level: lv for lv in c.levels.all()} for c in criteria}
    comments = {r.criterion.slug: r.comment for r in ratings}
    return [
        BreakdownRow(
            part=part,
            level=levels.get(part.slug, {}).get(part.level) if part.level is not None else None,
            comment=comments.get(part.slug, ""),
            strategic=is_strategic(part.slug),
        )
        for part in score.parts
    ]


def prioritization_context(
    user: User,
    initiative: Initiative,
    *,
    rating_form: RatingForm | None = None,
    dependency_form: DependencyForm | None = None,
) -> dict[str, Any]:
    """What the initiative page's prioritisation section needs (a dozen queries at most)."""
    pset = selectors.active_set(initiative.board_id)
    criteria = list(selectors.criteria_of(pset)) if pset is not None else []
    ratings = list(selectors.ratings_of(initiative))
    score = selectors.score_for(initiative)
    office = selectors.can_manage(user)
    if office and rating_form is None and criteria:
        rating_form = RatingForm(initial=RatingForm.initial_from(ratings), criteria=criteria)
    if office and dependency_form is None:
        dependency_form = DependencyForm()
    return {
        "initiative": initiative,
        "pset": pset,
        "criteria": criteria,
        "score": score,
        "rows": breakdown(score, criteria, ratings),
        "goals": list(initiative.goals.all()),
        "last_rating": max(ratings, key=lambda r: r.rated_at) if ratings else None,
        "is_office": office,
        "rating_form": rating_form if office else None,
        "rating_groups": rating_form.groups() if office and rating_form is not None else [],
        "dependencies": dependency_rows(user, initiative),
        "dependency_form": dependency_form if office else None,
    }


# --- rating -------------------------------------------------------------------------------


def _rating_errors(form: RatingForm) -> list[SummaryError]:
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    for group in form.groups():
        for message in group["field"].errors:
            items.append(SummaryError(f"{group['criterion'].name}: {message}", group["first_id"]))
        for message in group["comment"].errors:
            items.append(
                SummaryError(f"{group['comment'].label}: {message}", group["comment"].auto_id)
            )
    return items


@login_required
def initiative_rating(request: HttpRequest, pk: int) -> HttpResponse:
    """The rating form on a page of its own; it also answers the form on the initiative page."""
    initiative = _initiative_for_user(request, pk)
    require_office(request, _("Bare porteføljekontoret kan vurdere initiativer."))
    pset = selectors.active_set(initiative.board_id)
    criteria = list(selectors.criteria_of(pset)) if pset is not None else []
    status = 200
    if request.method == "POST":
        form = RatingForm(request.POST, criteria=criteria)
        if form.is_valid():
            ratings, comments = form.service_data()
            try:
                score = services.rating_set(
                    actor=request.user, initiative=initiative, ratings=ratings, comments=comments
                )
            except ValidationFailed as exc:
                form.apply_errors(exc)
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                messages.success(
                    request,
                    _("Vurderingen er lagret. Poengsummen er nå %(score)s av 100.")
                    % {"score": points(score.total)},
                )
                return redirect(reverse("web:initiative", args=[initiative.pk]) + "#prioritering")
        status = 422
    else:
        form = RatingForm(
            initial=RatingForm.initial_from(selectors.ratings_of(initiative)), criteria=criteria
        )
    context = {
        "initiative": initiative,
        "prio": prioritization_context(request.user, initiative, rating_form=form),
        "errors": _rating_errors(form) if form.is_bound else [],
    }
    return render(request, "prioritization/rating.html", context, status=status)


# --- dependencies ---------------------------------------------------------------------------


def _initiative_url(initiative: Initiative, anchor: str) -> str:
    return reverse("web:initiative", args=[initiative.pk]) + anchor


@login_required
def initiative_dependencies(request: HttpRequest, pk: int) -> HttpResponse:
    """The dependencies of one initiative; the office adds one here (or from its page)."""
    initiative = _initiative_for_user(request, pk)
    status = 200
    form: DependencyForm | None = None
    if request.method == "POST":
        require_office(request, _("Bare porteføljekontoret kan registrere avhengigheter."))
        form = DependencyForm(request.POST)
        if form.is_valid():
            data = form.service_data()
            try:
                services.dependency_add(
                    actor=request.user,
                    from_initiative=initiative,
                    to_initiative=data["to"],  # type: ignore[arg-type]  # parsed by the service
                    type=data["type"],
                )
            except ValidationFailed as exc:
                form.apply_errors(exc)
            except DomainError as exc:
                raise PermissionDenied(exc.message) from exc
            else:
                messages.success(request, _("Avhengigheten er registrert."))
                return redirect(_initiative_url(initiative, "#avhengigheter"))
        status = 422
    context = {
        "initiative": initiative,
        "prio": prioritization_context(request.user, initiative, dependency_form=form),
        "errors": error_summary(form) if form is not None and form.is_bound else [],
    }
    return render(request, "prioritization/dependencies.html", context, status=status)


@login_required
@require_POST
def dependency_remove(request: HttpRequest, pk: int, dependency_pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    require_office(request, _("Bare porteføljekontoret kan fjerne avhengigheter."))
    dependency = (
        Dependency.objects.filter(pk=dependency_pk)
        .filter(Q(from_initiative=initiative) | Q(to_initiative=initiative))
        .select_related("from_initiative", "to_initiative")
        .first()
    )
    if dependency is None:
        raise Http404(_("Avhengigheten finnes ikke."))
    try:
        services.dependency_remove(actor=request.user, dependency=dependency)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, _("Avhengigheten er fjernet."))
    return redirect(_initiative_url(initiative, "#avhengigheter"))
