"""Capacity API: competences, resource pools, capacity per pool and quarter, each
initiative's demand, and the heatmap of demand against available capacity.

Mounted on the Veivalg API (``/api/v1/``). Each endpoint parses input, calls one selector or
service and serialises; the rules live in ``veivalg.capacity.services``. Domain errors become
problem+json through ``veivalg.api.errors``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from veivalg.api.auth import caller
from veivalg.api.schemas import Problem, ValidationProblem
from veivalg.capacity import selectors, services
from veivalg.capacity.models import Competence, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import parse_quarter, quarter_label
from veivalg.capacity.schemas import (
    CapacityIn,
    CapacityOut,
    CompetenceIn,
    CompetenceOut,
    DemandIn,
    DemandOut,
    HeatmapOut,
    PoolIn,
    PoolOut,
)
from veivalg.core.errors import ValidationFailed
from veivalg.initiatives.selectors import initiative_for_user
from veivalg.org.models import Directorate, Portfolio

router = Router(tags=["Kapasitet"])

MAX_HEATMAP_QUARTERS = 40
ERRORS: dict[int, Any] = {
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: ValidationProblem,
}


# --- parsing and output -------------------------------------------------------------------


def _quarter(name: str, value: str | None) -> int | None:
    """The quarter in query parameter ``name``; 422 naming it when it does not parse."""
    if value is None or not value.strip():
        return None
    try:
        return parse_quarter(value)
    except ValueError as exc:
        raise ValidationFailed({name: [str(exc)]}) from None


def _by_slug(name: str, model: Any, slug: str | None) -> Any:
    slug = (slug or "").strip()
    if not slug:
        return None
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        raise ValidationFailed({name: [_("Finnes ikke: «%(slug)s».") % {"slug": slug}]})
    return obj


def _range(first: int | None, last: int | None) -> tuple[int, int]:
    default_first, default_last = selectors.default_range()
    span = default_last - default_first
    if first is None and last is None:
        first, last = default_first, default_last
    elif first is None:
        assert last is not None
        first = last - span
    elif last is None:
        last = first + span
    if last < first:
        raise ValidationFailed({"to": [_("Til-kvartalet kan ikke være før fra-kvartalet.")]})
    if last - first + 1 > MAX_HEATMAP_QUARTERS:
        raise ValidationFailed(
            {"to": [_("Høyst %(max)s kvartaler om gangen.") % {"max": MAX_HEATMAP_QUARTERS}]}
        )
    return first, last


def competence_out(competence: Competence) -> dict[str, Any]:
    return {
        "slug": competence.slug,
        "name": competence.name,
        "description": competence.description,
    }


def pool_out(pool: ResourcePool, editable: bool) -> dict[str, Any]:
    return {
        "slug": pool.slug,
        "name": pool.name,
        "competence": pool.competence.slug,
        "unit": pool.unit.slug if pool.unit else None,
        "portfolio": pool.portfolio.slug if pool.portfolio else None,
        "directorate": pool.unit.directorate.slug if pool.unit else None,
        "editable": editable,
    }


def capacity_row_out(row: PoolCapacity) -> dict[str, Any]:
    return {
        "pool": row.pool.slug,
        "quarter": quarter_label(row.quarter),
        "fte": float(row.fte),
        "operations_fte": float(row.operations_fte),
        "available": float(row.available),
    }


# --- competences and pools ----------------------------------------------------------------


@router.get(
    "/competences",
    response={200: list[CompetenceOut], 401: Problem},
    summary="Kompetansene",
)
def list_competences(request: HttpRequest) -> list[dict[str, Any]]:
    return [competence_out(c) for c in selectors.competences()]


@router.post(
    "/competences",
    response={201: CompetenceOut, **ERRORS},
    summary="Opprett en kompetanse (porteføljekontoret)",
)
def create_competence(request: HttpRequest, payload: CompetenceIn) -> Status[Any]:
    competence = services.competence_create(actor=caller(request), data=payload.model_dump())
    return Status(201, competence_out(competence))


@router.get(
    "/pools",
    response={200: list[PoolOut], 401: Problem},
    summary="Ressurspoolene",
    description="Alle pooler; «editable» sier om du kan endre kapasiteten.",
)
def list_pools(request: HttpRequest) -> list[dict[str, Any]]:
    return [pool_out(p, p.editable) for p in selectors.pools_for(caller(request))]


@router.post(
    "/pools",
    response={201: PoolOut, **ERRORS},
    summary="Opprett en ressurspool (porteføljekontoret)",
    description="En enhets eller en porteføljes folk med én kompetanse: oppgi enten «unit» "
    "eller «portfolio».",
)
def create_pool(request: HttpRequest, payload: PoolIn) -> Status[Any]:
    user = caller(request)
    pool = services.pool_create(actor=user, data=payload.model_dump())
    pool = selectors.pool_by_slug(pool.slug)
    return Status(201, pool_out(pool, services.can_edit_pool(user, pool)))


# --- capacity -----------------------------------------------------------------------------


@router.get(
    "/capacity",
    response={200: CapacityOut, 401: Problem, 422: ValidationProblem},
    summary="Kapasitet per pool og kvartal",
)
def get_capacity(
    request: HttpRequest,
    pool: str = Query("", description="Poolens kortnavn"),
    date_from: str = Query("", alias="from", description="Fra og med kvartal, f.eks. 2027Q1"),
    date_to: str = Query("", alias="to", description="Til og med kvartal"),
) -> dict[str, Any]:
    first = _quarter("from", date_from)
    last = _quarter("to", date_to)
    the_pool = _by_slug("pool", ResourcePool, pool)
    rows = selectors.capacity_rows(pool=the_pool, first=first, last=last)
    return {"rows": [capacity_row_out(r) for r in rows]}


@router.put(
    "/capacity",
    response={200: CapacityOut, **ERRORS},
    summary="Sett kapasitet for pool og kvartal",
    description="Alt eller ingenting: ved én feil lagres ingen rader, og 422 navngir rad og "
    "felt (f.eks. «rows[3].fte»). Svarer med radene slik de ble lagret.",
)
def put_capacity(request: HttpRequest, payload: CapacityIn) -> dict[str, Any]:
    rows = services.capacity_set(actor=caller(request), rows=payload.model_dump()["rows"])
    return {"rows": [capacity_row_out(r) for r in rows]}


# --- demand -------------------------------------------------------------------------------


@router.get(
    "/initiatives/{int:initiative_id}/demand",
    response={200: DemandOut, 401: Problem, 404: Problem},
    summary="Ressursbehovet til et initiativ",
    description="Årsverk per kompetanse per kvartal etter start, og startvinduet.",
)
def get_demand(request: HttpRequest, initiative_id: int) -> dict[str, Any]:
    initiative = initiative_for_user(caller(request), initiative_id)
    return services.demand_get(initiative)


@router.put(
    "/initiatives/{int:initiative_id}/demand",
    response={200: DemandOut, **ERRORS},
    summary="Erstatt ressursbehovet til et initiativ",
)
def put_demand(request: HttpRequest, initiative_id: int, payload: DemandIn) -> dict[str, Any]:
    user = caller(request)
    initiative = initiative_for_user(user, initiative_id)
    services.demand_set(actor=user, initiative=initiative, data=payload.model_dump())
    return services.demand_get(initiative)


# --- heatmap ------------------------------------------------------------------------------


@router.get(
    "/capacity/heatmap",
    response={200: HeatmapOut, 401: Problem, 422: ValidationProblem},
    by_alias=True,
    summary="Behov mot tilgjengelig kapasitet per kompetanse og kvartal",
    description="Tilgjengelig = kapasitet − drift − drifts- og forvaltningstiltak. Vedtatt = "
    "vedtatte og pågående utviklingstiltak; potensielt = kandidatene. Totalene tar med "
    "tiltak unntatt offentlighet.",
)
def get_heatmap(
    request: HttpRequest,
    date_from: str = Query("", alias="from", description="Fra og med kvartal (standard: nå)"),
    date_to: str = Query("", alias="to", description="Til og med kvartal (standard: +7)"),
    directorate: str = Query("", description="Direktørområdets kortnavn"),
    portfolio: str = Query("", description="Porteføljens kortnavn"),
) -> dict[str, Any]:
    first, last = _range(_quarter("from", date_from), _quarter("to", date_to))
    the_directorate = _by_slug("directorate", Directorate, directorate)
    the_portfolio = _by_slug("portfolio", Portfolio, portfolio)
    heat = selectors.heatmap(
        caller(request),
        first=first,
        last=last,
        directorate=the_directorate.pk if the_directorate else None,
        portfolio=the_portfolio.pk if the_portfolio else None,
    )
    return {
        "from": quarter_label(first),
        "to": quarter_label(last),
        "cells": [
            {
                "competence": cell.competence,
                "quarter": cell.label,
                "available": float(cell.available),
                "committed": float(cell.committed),
                "potential": float(cell.potential),
                "status": cell.status,
            }
            for cell in heat.cells
        ],
    }
