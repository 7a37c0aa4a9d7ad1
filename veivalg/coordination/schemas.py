"""Request and response shapes of the coordination API. References are slugs, people are
usernames, amounts are whole kroner."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from veivalg.api.schemas import CostOut, StrictInput


class RelatedOut(Schema):
    id: int
    title: str
    score: float = Field(description="0–1: tekstlikhet pluss felles virksomhet, sted, mål, program")
    reasons: list[str] = Field(description="Hva de har felles, på norsk")


class RelatedSearchIn(StrictInput):
    text: str = Field(description="Tittel, sammendrag og behov, slik det er skrevet så langt")
    unit: str | None = Field(None, description="Virksomhetens kortnavn (gir samme sted)")
    program: str | None = None
    goals: list[str] = []
    exclude: int | None = Field(None, description="Initiativet som skrives (tas ikke med)")
    limit: int = Field(10, ge=1, le=50)


class RelatedLinkIn(StrictInput):
    other: int = Field(description="Initiativet som er relatert")
    note: str = ""


class RelatedLinkOut(Schema):
    id: int
    initiatives: list[int]
    note: str


class BundleIn(StrictInput):
    title: str
    initiatives: list[int] = Field(description="Initiativene som samles; det første leder")
    summary: str = ""


class DissolveIn(StrictInput):
    comment: str = ""


class BundlePartOut(Schema):
    id: int
    title: str
    portfolio: str
    unit: str
    state: str
    previous_state: str


class BundleOut(Schema):
    id: int
    title: str
    initiative: int = Field(description="Det samordnede initiativet")
    state: str = Field(description="Statusen til det samordnede initiativet")
    parts: list[BundlePartOut]
    costs: list[CostOut] = Field(description="Delenes kostnader summert per år")
    created_at: datetime
    dissolved_at: datetime | None


class SharedNeedIn(StrictInput):
    title: str
    description: str
    initiatives: list[int] = []
    units: list[str] = Field(description="Kortnavn for virksomhetene som deltar (minst to)")
    coordinator: str = Field(description="Brukernavnet til koordinatoren")
    common_benefit: str = ""
    contributions: dict[str, str] = Field(
        default_factory=dict, description="Virksomhetens kortnavn → hva den bidrar med"
    )


class ParticipantOut(Schema):
    unit: str
    contribution: str


class SharedNeedInitiativeOut(Schema):
    id: int
    title: str
    state: str
    unit: str
    portfolio: str


class SharedNeedOut(Schema):
    id: int
    title: str
    description: str
    common_benefit: str
    coordinator: str
    units: list[str]
    participants: list[ParticipantOut]
    initiatives: list[SharedNeedInitiativeOut]
    combined_costs: list[CostOut]


class PostIn(StrictInput):
    body: str


class PostOut(Schema):
    id: int
    author: str
    at: datetime
    body: str
    mentions: list[str]
