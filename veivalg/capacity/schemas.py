"""Request and response shapes of the capacity API. References are slugs, quarters labels
(``"2027Q1"``), FTE (årsverk) numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from veivalg.api.schemas import StrictInput

StatusName = Literal["ok", "risk", "over"]


class CompetenceIn(StrictInput):
    slug: str = Field(description="Kortnavn; «budget» er reservert")
    name: str
    description: str = ""


class CompetenceOut(Schema):
    slug: str
    name: str
    description: str


class PoolIn(StrictInput):
    slug: str
    name: str
    competence: str = Field(description="Kompetansens kortnavn")
    unit: str | None = Field(None, description="Enhetens kortnavn (enten enhet eller portefølje)")
    portfolio: str | None = Field(None, description="Porteføljens kortnavn")


class PoolOut(Schema):
    slug: str
    name: str
    competence: str
    unit: str | None
    portfolio: str | None
    directorate: str | None = Field(description="Direktørområdet til enheten")
    editable: bool = Field(description="Om innlogget bruker kan endre kapasiteten")


class CapacityRowIn(StrictInput):
    pool: str
    quarter: str = Field(description="Kvartal, f.eks. 2027Q1")
    fte: Decimal = Field(description="Kapasitet i årsverk")
    operations_fte: Decimal = Field(Decimal(0), description="Herav drift og forvaltning (årsverk)")


class CapacityIn(StrictInput):
    rows: list[CapacityRowIn]


class CapacityRowOut(Schema):
    pool: str
    quarter: str
    fte: float
    operations_fte: float
    available: float = Field(description="Tilgjengelig for utvikling: kapasitet − drift")


class CapacityOut(Schema):
    rows: list[CapacityRowOut]


class DemandRowIn(StrictInput):
    competence: str
    offset: int = Field(description="Kvartaler etter start (0 = startkvartalet)")
    fte: Decimal = Field(description="Årsverk i kvartalet")


class DemandIn(StrictInput):
    earliest_start: str | None = Field(None, description="Tidligste start, f.eks. 2027Q1")
    latest_start: str | None = Field(None, description="Seneste start")
    rows: list[DemandRowIn] = []


class DemandRowOut(Schema):
    competence: str
    offset: int
    fte: float


class DemandOut(Schema):
    earliest_start: str | None
    latest_start: str | None
    rows: list[DemandRowOut]


class HeatCellOut(Schema):
    competence: str
    quarter: str
    available: float = Field(description="Tilgjengelig for utvikling")
    committed: float = Field(description="Vedtatte og pågående tiltak")
    potential: float = Field(description="Kandidater")
    status: StatusName = Field(
        description="over: vedtatt behov over tilgjengelig; risk: med kandidatene over; ok"
    )


class HeatmapOut(Schema):
    from_: str = Field(alias="from")
    to: str
    cells: list[HeatCellOut]
