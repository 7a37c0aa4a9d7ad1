"""Reference data that initiatives point to by slug."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from veivalg.api.schemas import (
    BoardOut,
    DirectorateOut,
    GoalOut,
    PortfolioOut,
    Problem,
    ProgramOut,
    UnitOut,
)
from veivalg.org.models import Board, Directorate, Portfolio, Unit
from veivalg.strategy.models import Goal, Program

router = Router(tags=["Referansedata"])


@router.get(
    "/directorates", response={200: list[DirectorateOut], 401: Problem}, summary="Direktørområder"
)
def directorates(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"slug": d.slug, "name": d.name} for d in Directorate.objects.all()]


@router.get("/units", response={200: list[UnitOut], 401: Problem}, summary="Virksomheter")
def units(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"slug": u.slug, "name": u.name, "directorate": u.directorate.slug}
        for u in Unit.objects.select_related("directorate")
    ]


@router.get("/portfolios", response={200: list[PortfolioOut], 401: Problem}, summary="Porteføljer")
def portfolios(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"slug": p.slug, "name": p.name, "out_of_scope": p.out_of_scope}
        for p in Portfolio.objects.all()
    ]


@router.get("/goals", response={200: list[GoalOut], 401: Problem}, summary="Strategiske mål")
def goals(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "slug": g.slug,
            "name": g.name,
            "level": g.level,
            "parent": g.parent.slug if g.parent else None,
        }
        for g in Goal.objects.select_related("parent")
    ]


@router.get(
    "/programs",
    response={200: list[ProgramOut], 401: Problem},
    summary="Programmer og produktområder",
)
def programs(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"slug": p.slug, "name": p.name} for p in Program.objects.all()]


@router.get("/boards", response={200: list[BoardOut], 401: Problem}, summary="Porteføljestyrer")
def boards(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"slug": b.slug, "name": b.name, "parent": b.parent.slug if b.parent else None}
        for b in Board.objects.select_related("parent")
    ]
