"""Request and response shapes of the API. References are slugs; amounts are whole kroner."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict

from veivalg.core.errors import ValidationFailed

WorkTypeName = Literal["development", "maintenance", "operations"]


class StrictInput(Schema):
    """Input schemas refuse unknown fields, so that a typo is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid")


def patch_data(payload: Schema, nullable: frozenset[str]) -> dict[str, Any]:
    """The fields a PATCH sends. ``null`` clears a ``nullable`` field; for any other it is a 422."""
    raw = payload.model_dump(exclude_unset=True)
    nulls = sorted(k for k, v in raw.items() if v is None and k not in nullable)
    if nulls:
        raise ValidationFailed({name: [_("Feltet kan ikke være null.")] for name in nulls})
    return raw


# --- problems -----------------------------------------------------------------------------


class FieldError(Schema):
    field: str | None = Field(description="Feltets sti, f.eks. «costs[0].year»")
    message: str


class Problem(Schema):
    """RFC 7807 problem details (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    code: str


class ValidationProblem(Problem):
    errors: list[FieldError]


# --- me and reference data ---------------------------------------------------------------


class RoleOut(Schema):
    role: str
    scope: str | None = Field(
        description="Kortnavn for direktørområde, portefølje eller styre, initiativnummer, "
        "eller null"
    )


class MeOut(Schema):
    username: str
    roles: list[RoleOut]


class DirectorateOut(Schema):
    slug: str
    name: str


class UnitOut(Schema):
    slug: str
    name: str
    directorate: str


class PortfolioOut(Schema):
    slug: str
    name: str
    out_of_scope: bool


class GoalOut(Schema):
    slug: str
    name: str
    level: str
    parent: str | None


class ProgramOut(Schema):
    slug: str
    name: str


class BoardOut(Schema):
    slug: str
    name: str
    parent: str | None


# --- initiatives -------------------------------------------------------------------------


class CostIn(StrictInput):
    year: int
    investment: int = 0
    operating: int = 0


class CostOut(Schema):
    year: int
    investment: int
    operating: int


class InitiativeCreateIn(StrictInput):
    title: str
    summary: str
    need: str
    unit: str = Field(description="Kortnavn (slug) for virksomheten")
    portfolio: str = Field(description="Kortnavn for den primære porteføljen")
    contributing_portfolios: list[str] = []
    program: str | None = None
    goals: list[str] = []
    work_type: WorkTypeName = "development"
    politically_mandated: bool = False
    political_reference: str = ""
    confidential: bool = False
    archive_reference: str = ""
    costs: list[CostIn] = []


class InitiativePatchIn(StrictInput):
    """Any subset of the writable fields; only the fields sent are changed."""

    title: str | None = None
    summary: str | None = None
    need: str | None = None
    unit: str | None = None
    portfolio: str | None = None
    contributing_portfolios: list[str] | None = None
    program: str | None = None
    goals: list[str] | None = None
    work_type: WorkTypeName | None = None
    politically_mandated: bool | None = None
    political_reference: str | None = None
    confidential: bool | None = None
    archive_reference: str | None = None
    costs: list[CostIn] | None = None


# Fields that may be sent as null in a PATCH (null clears them).
NULLABLE_FIELDS = frozenset({"program"})


class ActionIn(StrictInput):
    comment: str = ""
    target: int | None = Field(None, description="Bare for «merge_into»: initiativet som består")


class CommentIn(StrictInput):
    body: str


class CommentOut(Schema):
    author: str
    at: datetime
    body: str


class HistoryOut(Schema):
    action: str
    actor: str | None
    at: datetime
    comment: str
    from_state: str | None
    to_state: str


class InitiativeListItem(Schema):
    id: int
    title: str
    state: str
    unit: str
    portfolio: str
    directorate: str
    program: str | None
    work_type: str
    politically_mandated: bool
    confidential: bool
    owner: str
    total_cost: int | None
    updated_at: datetime


class InitiativePage(Schema):
    count: int
    items: list[InitiativeListItem]


class InitiativeOut(Schema):
    id: int
    title: str
    summary: str
    need: str
    state: str
    unit: str
    directorate: str
    portfolio: str
    contributing_portfolios: list[str]
    program: str | None
    goals: list[str]
    work_type: str
    politically_mandated: bool
    political_reference: str
    confidential: bool
    archive_reference: str
    costs: list[CostOut]
    owner: str
    board: str | None
    board_reason: str = Field(description="Hvorfor saken behandles av dette styret")
    merged_into: int | None
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[str]
    history: list[HistoryOut]
    comments: list[CommentOut]
