"""Request and response shapes of the governance API. Boards are slugs, people usernames,
amounts whole kroner, dates ISO 8601."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from veivalg.api.schemas import StrictInput

DecisionName = Literal["approve", "defer", "reject", "stop"]


class MeetingIn(StrictInput):
    date: date
    title: str = Field("", max_length=200, description="Tomt: styrets navn og datoen")
    location: str = Field("", max_length=200)


class MeetingListItem(Schema):
    id: int
    board: str
    date: date
    title: str
    location: str
    status: str


class AgendaItemOut(Schema):
    id: int
    order: int = Field(description="Plassen på sakslisten, fra 1")
    kind: str = Field(description="initiative, scenario, stop_proposal eller other")
    initiative: int | None = Field(description="Null for andre saker og for skjulte saker")
    scenario: int | None
    title: str
    recommendation: str = Field(description="Porteføljekontorets innstilling")
    hidden: bool = Field(description="Saken er unntatt offentlighet for den som spør")


class DecisionOut(Schema):
    id: int | None = Field(
        description="Vedtakets id; null for vedtak per capsulam tatt som vanlig handling "
        "på initiativet (da identifiserer «transition» vedtaket)"
    )
    transition: int | None = Field(description="Historikkraden handlingen skrev")
    meeting: int | None
    board: str | None
    initiative: int
    initiative_title: str
    directorate: str
    decision: DecisionName
    comment: str
    decided_at: datetime
    decided_by: str | None
    per_capsulam: bool
    defer_until: date | None
    mandate: int | None = Field(description="Prosjektmandatet et vedtak om å vedta laget")
    archive_reference: str = Field(description="Saksnummer i arkivet")


class MeetingOut(MeetingListItem):
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]


class MandateFrameIn(StrictInput):
    cost_ceiling: int | None = Field(None, ge=0, description="Kostnadsramme i hele kroner")
    time_frame: str = Field("", max_length=500)
    steering_group: list[str] = Field([], description="Brukernavn")
    conditions: str = Field("", max_length=4000)


class DecisionIn(StrictInput):
    initiative: int
    decision: DecisionName
    comment: str = Field("", max_length=4000)
    mandate: MandateFrameIn | None = Field(None, description="Bare for «approve»")
    until: date | None = Field(None, description="Bare for «defer», påkrevd der")
