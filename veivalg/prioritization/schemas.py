"""Request and response shapes of the prioritisation API. Initiatives are named by id,
boards and criteria by slug; amounts are whole kroner; scores are 0–100."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from veivalg.api.schemas import StrictInput

# --- criteria and weights ------------------------------------------------------------------


class LevelIn(StrictInput):
    level: int = Field(description="0 Ingen, 1 Lav, 2 Moderat, 3 Sterk, 4 Ekstrem")
    meaning: str = Field(description="Hva nivået betyr for dette kriteriet")
    label: str | None = Field(None, description="Navn på nivået; standard Ingen … Ekstrem")


class CriterionIn(StrictInput):
    slug: str = Field("", description="Kortnavn; lages fra navnet når det er tomt")
    name: str
    description: str = ""
    inverted: bool = Field(False, description="Høyt nivå trekker ned (risiko)")
    order: int | None = None
    levels: list[LevelIn] = Field(description="Alle fem nivåene, 0–4, med skrevet betydning")
    board: str | None = Field(None, description="Styrets kortnavn; standard: porteføljestyret")


class LevelOut(Schema):
    level: int
    label: str
    meaning: str


class CriterionOut(Schema):
    slug: str
    name: str
    description: str
    order: int
    inverted: bool
    weight: float
    levels: list[LevelOut]


class SetOut(Schema):
    id: int | None
    name: str | None
    board: str
    weights_method: str | None
    consistency_ratio: float | None
    consistent: bool | None = Field(description="CR ≤ 0,10; null uten parvis sammenligning")


class CriteriaOut(Schema):
    set: SetOut
    criteria: list[CriterionOut]


class DirectWeightsIn(StrictInput):
    weights: dict[str, Any] = Field(description="Kriterium → vekt (≥ 0); skaleres til sum 1")
    board: str | None = None


class JudgementIn(StrictInput):
    a: str
    b: str
    value: int | float | str = Field(description="a mot b på Saatys skala: 1–9 eller «1/3» …")


class JudgementsIn(StrictInput):
    judgements: list[JudgementIn]
    board: str | None = None


class RevisitOut(Schema):
    a: str
    b: str
    value: str
    suggested: str | None


class WeightsOut(Schema):
    weights: dict[str, float]
    weights_method: str
    consistency_ratio: float | None = None
    consistent: bool | None = None
    lambda_max: float | None = None
    consistency_index: float | None = None
    revisit: RevisitOut | None = Field(
        None, description="Sammenligningen som bør vurderes på nytt når CR er over 0,10"
    )


# --- scores and ranking --------------------------------------------------------------------


class RatingsIn(BaseModel):
    """``{"criterion-slug": level 0–4 or null, …}``: any number of criteria (checked by the
    service, which names the criterion in a 422)."""

    model_config = ConfigDict(extra="allow")

    def ratings(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ScorePartOut(Schema):
    criterion: str
    name: str
    weight: float
    inverted: bool
    level: int | None
    points: float
    max_points: float


class ScoreOut(Schema):
    score: float = Field(description="0–100")
    complete: bool = Field(description="Alle kriteriene er vurdert")
    missing: list[str] = Field(description="Kriterier uten vurdering (teller 0)")
    breakdown: list[ScorePartOut]


class RankingItem(ScoreOut):
    position: int
    id: int
    title: str
    state: str
    portfolio: str
    unit: str
    politically_mandated: bool
    total_cost: int | None


class RankingPage(Schema):
    count: int
    items: list[RankingItem]


# --- dependencies --------------------------------------------------------------------------

DependencyTypeName = Literal["requires", "excludes", "together", "finish_to_start"]


class DependencyIn(StrictInput):
    to: int = Field(description="Initiativet avhengigheten går til")
    type: DependencyTypeName


class DependencyOut(Schema):
    id: int
    type: str
    from_initiative: int
    to_initiative: int
    direction: Literal["outgoing", "incoming"]
    other: int = Field(description="Initiativet i den andre enden")
    other_title: str
    created_by: str | None
    created_at: datetime


# --- scenarios -----------------------------------------------------------------------------


class HorizonIO(StrictInput):
    from_: str = Field(alias="from", description="Første kvartal, et første kvartal: «2027Q1»")
    to: str = Field(description="Siste kvartal, et fjerde kvartal: «2028Q4»")


class CapacityAdjustmentIO(StrictInput):
    competence: str = Field(description="Kompetansens kortnavn")
    quarter: str | None = Field(None, description="Kvartal «2027Q3»; null: hvert kvartal")
    fte: float = Field(description="Endring i årsverk, pluss eller minus")


class WindowIO(StrictInput):
    earliest_start: str = Field(description="Tidligste start, «2027Q1»")
    latest_start: str = Field(description="Seneste start, «2027Q3»")


class ScenarioIn(StrictInput):
    name: str
    board: str | None = Field(None, description="Styrets kortnavn; standard: porteføljestyret")
    candidates: list[int] | None = Field(
        None, description="Initiativnumre; utelatt: styrets standardsett"
    )
    budget: dict[str, Any] = Field(description='Budsjett per år, f.eks. {"2027": 5000000}')
    overrides: dict[str, str] = Field(
        default_factory=dict, description='Initiativnummer → "in" eller "out"'
    )
    horizon: HorizonIO | None = Field(
        None, description="Planleggingshorisont i kvartaler; utelatt: budsjettårene"
    )
    capacity_adjustments: list[CapacityAdjustmentIO] = Field(
        default_factory=list, description="Endret kapasitet per kompetanse"
    )
    window_overrides: dict[str, WindowIO] = Field(
        default_factory=dict, description="Initiativnummer → endret startvindu"
    )


class ScenarioPatchIn(StrictInput):
    name: str | None = None
    candidates: list[int] | None = Field(
        None, description="Initiativnumre; null: styrets standardsett"
    )
    budget: dict[str, Any] | None = None
    overrides: dict[str, str] | None = None
    horizon: HorizonIO | None = Field(None, description="null: budsjettårene")
    capacity_adjustments: list[CapacityAdjustmentIO] | None = None
    window_overrides: dict[str, WindowIO] | None = None


class WhatIfIn(StrictInput):
    name: str | None = Field(None, description="Standard: «Hva hvis: <navn på originalen>»")
    capacity_adjustments: list[CapacityAdjustmentIO] = Field(
        default_factory=list, description="Legges til originalens kapasitetsendringer"
    )
    window_overrides: dict[str, WindowIO] = Field(
        default_factory=dict, description="Initiativnummer → endret startvindu"
    )
    force_in: list[int] = Field(
        default_factory=list, description="Kandidater som tvinges inn i kopien"
    )


class InsightIn(StrictInput):
    quarter: str | None = Field(
        None, description="Ett årsverk mer bare i dette kvartalet; utelatt: i hvert kvartal"
    )


class InsightRowOut(Schema):
    competence: str
    marginal_value: float = Field(description="Økt samlet verdi med ett årsverk mer (≥ 0)")


class InsightOut(Schema):
    status: str = Field(description="queued, running, done eller failed")
    quarter: str | None
    base_value: float | None
    rows: list[dict[str, Any]] = Field(
        description="[{competence, name, marginal_value}], største først"
    )
    computed_at: str | None
    error: str


class SelectedOut(Schema):
    id: int
    start: str | None = Field(description="Første kvartal, «2027Q1»")
    finish: str | None = Field(description="Siste kvartal i bruk, «2028Q2»")
    committed: bool = Field(False, description="Vedtatt eller pågår: starten lå fast")


class UnselectedOut(Schema):
    id: int
    reason: str = Field(description="Optimererens begrunnelse (maskinlesbar, engelsk)")
    reason_text: str = Field(description="Begrunnelsen på norsk")


class ScenarioOut(Schema):
    id: int
    name: str
    board: str
    status: str
    explicit_candidates: bool
    candidates: list[int] | None = Field(description="Egne kandidater; null for standardsettet")
    budget: dict[str, int]
    overrides: dict[str, str]
    horizon: dict[str, str] | None = Field(
        description='{"from": "2027Q1", "to": "2028Q4"}: lagret eller budsjettårene'
    )
    horizon_explicit: bool = Field(description="Horisonten er oppgitt, ikke budsjettårene")
    based_on: int | None = Field(description="Scenariet dette er en hva hvis-kopi av")
    capacity_adjustments: list[dict[str, Any]]
    window_overrides: dict[str, dict[str, str]]
    committed_over: list[dict[str, str]] = Field(
        description="Kompetanse og kvartal der vedtatte initiativer alene bruker mer enn "
        "kapasiteten (ingenting er da igjen til kandidatene)"
    )
    value: float | None
    bound: float | None
    selected: list[SelectedOut]
    unselected: list[UnselectedOut]
    usage: dict[str, list[float]] | None
    binding: list[dict[str, Any]]
    conflict: dict[str, Any] | None
    frontier: dict[str, Any] | None
    frontier_status: str = Field(
        "", description='Effisiensgrensen: "" (ikke startet), running, done eller failed.'
    )
    solve_seconds: float | None
    error: str
    created_by: str | None
    created_at: datetime
    solved_at: datetime | None
    proposed_to_board_at: datetime | None
    proposed_by: str | None


class ScenarioListItem(Schema):
    id: int
    name: str
    board: str
    status: str
    value: float | None
    created_at: datetime
    solved_at: datetime | None
    proposed_to_board_at: datetime | None


class ScenarioSideOut(Schema):
    id: int
    name: str
    status: str
    value: float | None
    cost: int
    cost_by_year: dict[str, int]
    selected: list[int]


class ComparisonOut(Schema):
    a: ScenarioSideOut
    b: ScenarioSideOut
    only_a: list[int]
    only_b: list[int]
    both: list[int]
