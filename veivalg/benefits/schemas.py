"""Request and response shapes of the benefits API. Goals are slugs, people usernames,
amounts of the business case whole kroner, rates decimals (0.04)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from veivalg.api.schemas import StrictInput

CategoryName = Literal["budget_releasing", "alternative_use", "other_public", "non_priced"]
UnitName = Literal["kroner", "hours", "percent", "count", "scale"]
TrendName = Literal["up", "down", "flat"]
Number = int | float


class IndicatorIn(StrictInput):
    unit: UnitName
    baseline: Decimal = Field(description="Nullpunkt")
    baseline_date: date
    target: Decimal = Field(description="Målverdi")
    target_date: date


class PlanValueIn(StrictInput):
    year: int
    value: Decimal = Field(
        description="Kroner i året for prissatte gevinster, ellers indikatorens verdi"
    )


class BenefitIn(StrictInput):
    title: str
    description: str = ""
    category: CategoryName
    goals: list[str] = Field([], description="Målenes kortnavn (slug)")
    owner: str | None = Field(None, description="Gevinsteierens brukernavn")
    responsible: str | None = Field(None, description="Gevinstansvarligs brukernavn")
    preconditions: str = ""
    indicator: IndicatorIn | None = None
    plan: list[PlanValueIn] = []
    effect: int | None = Field(
        None, ge=-4, le=4, description="Pluss-minus-vurdering, bare for non_priced"
    )


class BenefitPatchIn(StrictInput):
    """Any subset of the fields; only the fields sent are changed."""

    title: str | None = None
    description: str | None = None
    category: CategoryName | None = None
    goals: list[str] | None = None
    owner: str | None = None
    responsible: str | None = None
    preconditions: str | None = None
    indicator: IndicatorIn | None = None
    plan: list[PlanValueIn] | None = None
    effect: int | None = Field(None, ge=-4, le=4)


# Fields that may be sent as null in a PATCH (null clears them).
NULLABLE_FIELDS = frozenset({"owner", "responsible", "indicator", "effect"})


class MeasurementIn(StrictInput):
    date: date
    value: Decimal
    comment: str = ""


class IndicatorOut(Schema):
    unit: str
    baseline: Number
    baseline_date: date
    target: Number
    target_date: date


class PlanValueOut(Schema):
    year: int
    value: Number


class MeasurementOut(Schema):
    date: date
    value: Number
    comment: str
    recorded_by: str
    recorded_at: datetime
    achievement: float | None


class BenefitOut(Schema):
    id: int
    initiative: int
    title: str
    description: str
    category: str
    goals: list[str]
    owner: str | None
    responsible: str | None
    preconditions: str
    indicator: IndicatorOut | None
    plan: list[PlanValueOut]
    effect: int | None
    achievement: float | None = Field(description="(siste verdi − nullpunkt) / (mål − nullpunkt)")
    trend: TrendName | None = Field(description="Måloppnåelsen siden forrige måling")
    latest: MeasurementOut | None
    measurement_due: bool
    measurements: list[MeasurementOut]
    created_at: datetime
    updated_at: datetime


class BenefitListItem(Schema):
    id: int
    initiative: int
    initiative_title: str
    initiative_state: str
    directorate: str
    program: str | None
    title: str
    category: str
    goals: list[str]
    owner: str | None
    responsible: str | None
    indicator_unit: str | None
    achievement: float | None
    trend: TrendName | None
    measurement_due: bool
    planned_total: Number = Field(description="Sum av gevinstplanen")


class BenefitPage(Schema):
    count: int
    items: list[BenefitListItem]


class BusinessCaseYearOut(Schema):
    year: int
    t: int
    investment: int
    operating: int
    costs: int
    benefits: int
    budget_benefits: int
    tax_cost: int
    net: int
    discount_factor: float
    present_value: int
    cumulative_present_value: int
    budget_effect: int


class SensitivityOut(Schema):
    case: str
    cost_factor: float
    benefit_factor: float
    npv: int
    npv_per_krone: float | None


class NonPricedOut(Schema):
    id: int
    title: str
    effect: int | None


class BusinessCaseOut(Schema):
    npv: int
    npv_per_krone: float | None
    payback_year: int | None
    discount_rate: float
    tax_cost_rate: float
    period_years: int
    first_year: int | None
    last_year: int | None
    discounted_investment: int
    break_even_benefit_factor: float | None = Field(
        description="Faktoren alle prissatte gevinster må ganges med for at NPV = 0"
    )
    break_even_annual_benefit: int = Field(
        description="Ekstra prissatt gevinst per år i perioden som gir NPV = 0"
    )
    suggested_economic_level: int | None = Field(
        description="Forslag til nivå 0–4 for kriteriet økonomisk gevinst"
    )
    overridden: bool
    override_reason: str
    years: list[BusinessCaseYearOut]
    sensitivity: list[SensitivityOut]
    non_priced: list[NonPricedOut]
    outside_period: list[int]


class BusinessCaseSettingsIn(StrictInput):
    discount_rate: Decimal | None = Field(None, description="Null: standardverdien")
    tax_cost_rate: Decimal | None = None
    period_years: int | None = None
    first_year: int | None = None
    reason: str
