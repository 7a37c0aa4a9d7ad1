"""Coordination API: related initiatives, links, bundles, shared needs and the discussion.

Mounted on the Veivalg API (``/api/v1/``). Each endpoint parses input, calls one selector or
service and serialises; domain errors become problem+json through ``veivalg.api.errors``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import Problem, ValidationProblem
from veivalg.coordination import selectors, services
from veivalg.coordination.models import Bundle, DiscussionPost, SharedNeed
from veivalg.coordination.schemas import (
    BundleIn,
    BundleOut,
    DissolveIn,
    PostIn,
    PostOut,
    RelatedLinkIn,
    RelatedLinkOut,
    RelatedOut,
    RelatedSearchIn,
    SharedNeedIn,
    SharedNeedOut,
)
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.initiatives.selectors import initiative_for_user
from veivalg.org.models import Unit, User
from veivalg.org.roles import roles_of
from veivalg.strategy.models import Goal, Program

router = Router(tags=["Samordning"])

ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}


# --- serialisation -------------------------------------------------------------------------


def related_out(items: list[selectors.RelatedInitiative]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.initiative.pk,
            "title": r.initiative.title,
            "score": round(r.score, 3),
            "reasons": r.reasons,
        }
        for r in items
    ]


def bundle_out(user: User, bundle: Bundle) -> dict[str, Any]:
    view = selectors.bundle_view(user, bundle)
    return {
        "id": bundle.pk,
        "title": view.coordinated.title,
        "initiative": view.coordinated.pk,
        "state": view.coordinated.state,
        "parts": [
            {
                "id": initiative.pk,
                "title": initiative.title,
                "portfolio": initiative.portfolio.slug,
                "unit": initiative.unit.slug,
                "state": initiative.state,
                "previous_state": part.previous_state,
            }
            for part, initiative in view.parts
        ],
        "costs": [
            {"year": r.year, "investment": r.investment, "operating": r.operating}
            for r in view.costs.rows
        ],
        "created_at": bundle.created_at,
        "dissolved_at": bundle.dissolved_at,
    }


def shared_need_out(user: User, need: SharedNeed) -> dict[str, Any]:
    view = selectors.shared_need_view(user, need)
    return {
        "id": need.pk,
        "title": need.title,
        "description": need.description,
        "common_benefit": need.common_benefit,
        "coordinator": need.coordinator.get_username(),
        "units": [p.unit.slug for p in view.participants],
        "participants": [
            {"unit": p.unit.slug, "contribution": p.contribution} for p in view.participants
        ],
        "initiatives": [
            {
                "id": i.pk,
                "title": i.title,
                "state": i.state,
                "unit": i.unit.slug,
                "portfolio": i.portfolio.slug,
            }
            for i in view.initiatives
        ],
        "combined_costs": [
            {"year": r.year, "investment": r.investment, "operating": r.operating}
            for r in view.costs.rows
        ],
    }


def post_out(post: DiscussionPost) -> dict[str, Any]:
    return {
        "id": post.pk,
        "author": post.author.get_username(),
        "at": post.at,
        "body": post.body,
        "mentions": sorted(u.get_username() for u in post.mentions.all()),
    }


def _by_slug(model: Any, slug: str | None, field: str) -> Any:
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationFailed({field: [_("Finnes ikke: «%(slug)s».") % {"slug": slug}]})
    return found


# --- related initiatives -------------------------------------------------------------------


@router.get(
    "/initiatives/{int:initiative_id}/related",
    response={200: list[RelatedOut], 401: Problem, 404: Problem},
    summary="Relaterte initiativer, mest relatert først",
)
def related_of_initiative(
    request: HttpRequest, initiative_id: int, limit: int = Query(10, ge=1, le=50)
) -> list[dict[str, Any]]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    return related_out(selectors.related_to_initiative(user, initiative, limit=limit))


@router.post(
    "/related/search",
    response={200: list[RelatedOut], 401: Problem, 422: ValidationProblem},
    summary="Relaterte initiativer for en tekst som ikke er lagret (mens man skriver)",
)
def related_search(request: HttpRequest, payload: RelatedSearchIn) -> list[dict[str, Any]]:
    user = caller(request)
    goals = list(Goal.objects.filter(slug__in=payload.goals))
    missing = sorted(set(payload.goals) - {g.slug for g in goals})
    if missing:
        raise ValidationFailed(
            {"goals": [_("Finnes ikke: %(slugs)s.") % {"slugs": ", ".join(missing)}]}
        )
    results = selectors.related_to_text(
        user,
        payload.text,
        unit=_by_slug(Unit, payload.unit, "unit"),
        program=_by_slug(Program, payload.program, "program"),
        goals=goals,
        exclude=payload.exclude,
        limit=payload.limit,
    )
    return related_out(results)


@router.post(
    "/initiatives/{int:initiative_id}/related-links",
    response={201: RelatedLinkOut, **ERRORS},
    summary="Koble to initiativer som relaterte (porteføljekontoret)",
)
def create_related_link(
    request: HttpRequest, initiative_id: int, payload: RelatedLinkIn
) -> Status[Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    link = services.related_link_create(
        actor=user, initiative=initiative, other=payload.other, note=payload.note
    )
    return Status(
        201, {"id": link.pk, "initiatives": [link.first_id, link.second_id], "note": link.note}
    )


# --- bundles -------------------------------------------------------------------------------


@router.post(
    "/bundles",
    response={201: BundleOut, **ERRORS},
    summary="Samle initiativer i et samordnet initiativ (porteføljekontoret)",
)
def create_bundle(request: HttpRequest, payload: BundleIn) -> Status[Any]:
    user = caller(request)
    bundle = services.bundle_create(
        actor=user, title=payload.title, initiatives=payload.initiatives, summary=payload.summary
    )
    return Status(201, bundle_out(user, bundle))


@router.get(
    "/bundles/{int:bundle_id}",
    response={200: BundleOut, 401: Problem, 404: Problem},
    summary="Et samordnet initiativ med delene",
)
def get_bundle(request: HttpRequest, bundle_id: int) -> dict[str, Any]:
    user = caller(request)
    return bundle_out(user, selectors.bundle_for_user(user, bundle_id))


@router.post(
    "/bundles/{int:bundle_id}/dissolve",
    response={200: BundleOut, **ERRORS},
    summary="Løs opp samordningen (porteføljekontoret, før styret har besluttet)",
)
def dissolve_bundle(
    request: HttpRequest, bundle_id: int, payload: DissolveIn | None = None
) -> dict[str, Any]:
    user = caller(request)
    bundle = selectors.bundle_for_user(user, bundle_id)
    bundle = services.bundle_dissolve(
        actor=user, bundle=bundle, comment=(payload or DissolveIn()).comment
    )
    return bundle_out(user, bundle)


# --- shared needs --------------------------------------------------------------------------


@router.post(
    "/shared-needs",
    response={201: SharedNeedOut, **ERRORS},
    summary="Registrer et felles behov (porteføljekontoret)",
)
def create_shared_need(request: HttpRequest, payload: SharedNeedIn) -> Status[Any]:
    user = caller(request)
    if not roles_of(user).portfolio_office:  # before the references are looked up
        raise NotAllowed(_("Bare porteføljekontoret kan registrere felles behov."))
    errors: dict[str, list[str]] = {}
    units = {u.slug: u for u in Unit.objects.filter(slug__in=payload.units)}
    missing = [s for s in payload.units if s not in units]
    if missing:
        errors["units"] = [_("Finnes ikke: %(slugs)s.") % {"slugs": ", ".join(missing)}]
    coordinator = User.objects.filter(username=payload.coordinator, is_active=True).first()
    if coordinator is None:
        errors["coordinator"] = [
            _("Finnes ikke: «%(username)s».") % {"username": payload.coordinator}
        ]
    strangers = [s for s in payload.contributions if s not in units]
    if strangers:
        errors["contributions"] = [
            _("Virksomheten deltar ikke: %(slugs)s.") % {"slugs": ", ".join(strangers)}
        ]
    if errors:
        raise ValidationFailed(errors)
    need = services.shared_need_create(
        actor=user,
        data={
            "title": payload.title,
            "description": payload.description,
            "common_benefit": payload.common_benefit,
            "coordinator": coordinator,
            "units": [units[s] for s in payload.units],
            "initiatives": payload.initiatives,
            "contributions": {units[s].pk: text for s, text in payload.contributions.items()},
        },
    )
    return Status(201, shared_need_out(user, need))


@router.get(
    "/shared-needs/{int:need_id}",
    response={200: SharedNeedOut, 401: Problem, 404: Problem},
    summary="Et felles behov med deltakere, initiativer og samlet kostnad",
)
def get_shared_need(request: HttpRequest, need_id: int) -> dict[str, Any]:
    user = caller(request)
    return shared_need_out(user, selectors.shared_need_for_user(user, need_id))


# --- discussion ----------------------------------------------------------------------------


def _discussable(user: User, initiative_id: int) -> Any:
    initiative = initiative_for_user(user, initiative_id)
    if not selectors.can_discuss(user, initiative):
        raise NotAllowed(_("Diskusjonen er for dem som har en rolle på initiativet."))
    return initiative


@router.get(
    "/initiatives/{int:initiative_id}/discussion",
    response={200: list[PostOut], 401: Problem, 403: Problem, 404: Problem},
    summary="Diskusjonen om et initiativ (for dem med en rolle på det)",
)
def get_discussion(request: HttpRequest, initiative_id: int) -> list[dict[str, Any]]:
    initiative = _discussable(caller(request), initiative_id)
    return [post_out(p) for p in selectors.discussion_of(initiative)]


@router.post(
    "/initiatives/{int:initiative_id}/discussion",
    response={201: PostOut, **ERRORS},
    summary="Skriv i diskusjonen; @brukernavn varsler",
)
def add_post(request: HttpRequest, initiative_id: int, payload: PostIn) -> Status[Any]:
    user = caller(request)
    initiative = _discussable(user, initiative_id)
    post = services.discussion_post(actor=user, initiative=initiative, body=payload.body)
    return Status(201, post_out(post))
