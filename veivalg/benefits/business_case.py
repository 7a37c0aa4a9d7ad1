"""The business case (nytte-kost-analyse) of one initiative, after DFØ's guide to
socio-economic analysis. Pure Python: no Django, Decimal in and Decimal out.

With ``r`` the real discount rate, ``s`` the tax financing cost and ``t`` = year − first year
of the analysis::

    NPV = Σ_t [B_t − C_t − s·(C_t − Bbud_t)] / (1 + r)^t

``B_t`` is every priced benefit of the year, ``C_t`` every cost (investment + operating) and
``Bbud_t`` the budget-releasing benefits (included in ``B_t``), so ``s`` applies to the net
effect on public budgets in both directions: a net cost to the budget costs ``s`` per krone
extra, a net saving gains it.

Only years inside the analysis period count: ``period_years`` years from the first year with
a cost or a benefit (or from ``first_year`` when it is given). Floats appear only in
``as_float`` (for charts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

ZERO = Decimal(0)
ONE = Decimal(1)
DEFAULT_DISCOUNT_RATE = Decimal("0.04")
DEFAULT_TAX_COST_RATE = Decimal("0.20")
DEFAULT_PERIOD_YEARS = 10
# Costs and benefits are each moved up and down by this share in the sensitivity table.
DEFAULT_SENSITIVITY = Decimal("0.20")
# NPV per krone of investment → level 0–4: the number of thresholds the ratio reaches.
DEFAULT_LEVEL_THRESHOLDS: tuple[Decimal, ...] = (
    Decimal(0),
    Decimal("0.5"),
    Decimal(1),
    Decimal(2),
)
# Enough digits that discounting 50 years of 14-digit amounts loses nothing that shows.
PRECISION = 50


@dataclass(frozen=True)
class Flow:
    """Money in one year. ``benefits`` is every priced benefit (B), ``budget_benefits`` the
    budget-releasing part of it (Bbud). Several flows of the same year are added up."""

    year: int
    investment: Decimal = ZERO
    operating: Decimal = ZERO
    benefits: Decimal = ZERO
    budget_benefits: Decimal = ZERO

    @property
    def costs(self) -> Decimal:
        return self.investment + self.operating

    @property
    def is_empty(self) -> bool:
        return not (self.investment or self.operating or self.benefits or self.budget_benefits)


@dataclass(frozen=True)
class Parameters:
    discount_rate: Decimal = DEFAULT_DISCOUNT_RATE
    tax_cost_rate: Decimal = DEFAULT_TAX_COST_RATE
    period_years: int = DEFAULT_PERIOD_YEARS
    first_year: int | None = None  # None: the first year with a cost or a benefit

    def __post_init__(self) -> None:
        if self.discount_rate <= -1:
            raise ValueError("discount_rate must be above -1")
        if self.period_years < 1:
            raise ValueError("period_years must be at least 1")


@dataclass(frozen=True)
class Year:
    """One row of the yearly table (undiscounted amounts, then the discounted net)."""

    year: int
    t: int
    investment: Decimal
    operating: Decimal
    costs: Decimal  # C_t
    benefits: Decimal  # B_t
    budget_benefits: Decimal  # Bbud_t
    tax_cost: Decimal  # s·(C_t − Bbud_t); negative when the budget gains
    net: Decimal  # B_t − C_t − tax cost
    discount_factor: Decimal  # 1 / (1 + r)^t
    present_value: Decimal  # net · discount factor
    cumulative_present_value: Decimal
    budget_effect: Decimal  # Bbud_t − C_t: the yearly effect on the organisation's budget


@dataclass(frozen=True)
class Sensitivity:
    case: str  # base, costs_up, costs_down, benefits_up, benefits_down, pessimistic, optimistic
    cost_factor: Decimal
    benefit_factor: Decimal
    npv: Decimal
    npv_per_krone: Decimal | None


@dataclass(frozen=True)
class BusinessCase:
    parameters: Parameters
    years: tuple[Year, ...]
    npv: Decimal
    discounted_investment: Decimal
    npv_per_krone: Decimal | None  # None when nothing is invested
    payback_year: int | None  # first year the cumulative discounted net is ≥ 0
    # The factor all priced benefits must be multiplied by for NPV = 0 (None: no benefits).
    break_even_factor: Decimal | None
    # The extra priced benefit needed every year of the period for NPV = 0 (0 when NPV ≥ 0).
    break_even_annual_benefit: Decimal
    sensitivity: tuple[Sensitivity, ...]
    outside_period: tuple[int, ...]  # years with money that fall outside the period

    @property
    def first_year(self) -> int | None:
        return self.years[0].year if self.years else None

    @property
    def last_year(self) -> int | None:
        return self.years[-1].year if self.years else None

    @property
    def total_budget_effect(self) -> Decimal:
        return sum((y.budget_effect for y in self.years), ZERO)


# --- building blocks ------------------------------------------------------------------


def combine(flows: Iterable[Flow]) -> dict[int, Flow]:
    """Flows added up per year."""
    by_year: dict[int, Flow] = {}
    for flow in flows:
        seen = by_year.get(flow.year)
        if seen is None:
            by_year[flow.year] = flow
        else:
            by_year[flow.year] = Flow(
                year=flow.year,
                investment=seen.investment + flow.investment,
                operating=seen.operating + flow.operating,
                benefits=seen.benefits + flow.benefits,
                budget_benefits=seen.budget_benefits + flow.budget_benefits,
            )
    return by_year


def analysis_years(flows: Iterable[Flow], parameters: Parameters) -> range:
    """The years of the analysis: ``period_years`` from the first year (empty without money)."""
    first = parameters.first_year
    if first is None:
        years = [f.year for f in flows if not f.is_empty]
        if not years:
            return range(0)
        first = min(years)
    return range(first, first + parameters.period_years)


def discount_factor(rate: Decimal, t: int) -> Decimal:
    """``1 / (1 + r)^t``."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return ONE / (ONE + rate) ** t


def net_present_value(
    flows: Iterable[Flow],
    parameters: Parameters = Parameters(),
    *,
    cost_factor: Decimal = ONE,
    benefit_factor: Decimal = ONE,
) -> Decimal:
    """NPV with every cost multiplied by ``cost_factor`` and every benefit by ``benefit_factor``."""
    return _evaluate(combine(flows), parameters, cost_factor, benefit_factor)[0]


def _evaluate(
    by_year: dict[int, Flow], parameters: Parameters, cost_factor: Decimal, benefit_factor: Decimal
) -> tuple[Decimal, Decimal]:
    """(NPV, discounted investment) of the period, costs and benefits scaled."""
    r, s = parameters.discount_rate, parameters.tax_cost_rate
    npv = ZERO
    investment = ZERO
    with localcontext() as ctx:
        ctx.prec = PRECISION
        period = analysis_years(by_year.values(), parameters)
        for t, year in enumerate(period):
            flow = by_year.get(year)
            if flow is None:
                continue
            factor = discount_factor(r, t)
            costs = flow.costs * cost_factor
            benefits = flow.benefits * benefit_factor
            budget = flow.budget_benefits * benefit_factor
            npv += (benefits - costs - s * (costs - budget)) * factor
            investment += flow.investment * cost_factor * factor
    return +npv, +investment


def _ratio(npv: Decimal, investment: Decimal) -> Decimal | None:
    if investment == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return npv / investment


SENSITIVITY_CASES: tuple[tuple[str, int, int], ...] = (
    # case, cost direction, benefit direction
    ("base", 0, 0),
    ("costs_up", 1, 0),
    ("costs_down", -1, 0),
    ("benefits_up", 0, 1),
    ("benefits_down", 0, -1),
    ("pessimistic", 1, -1),
    ("optimistic", -1, 1),
)


def compute(
    flows: Iterable[Flow],
    parameters: Parameters = Parameters(),
    *,
    sensitivity: Decimal = DEFAULT_SENSITIVITY,
) -> BusinessCase:
    """The whole business case: yearly table, NPV, NPV per krone, payback, sensitivity and
    break-even."""
    by_year = combine(flows)
    r, s = parameters.discount_rate, parameters.tax_cost_rate
    period = analysis_years(by_year.values(), parameters)
    rows: list[Year] = []
    with localcontext() as ctx:
        ctx.prec = PRECISION
        cumulative = ZERO
        payback: int | None = None
        present_benefit_weight = ZERO  # Σ (B_t + s·Bbud_t)·d_t: what NPV gains per unit of k
        present_cost_weight = ZERO  # Σ (1 + s)·C_t·d_t
        annuity = ZERO  # Σ d_t
        for t, year in enumerate(period):
            flow = by_year.get(year, Flow(year))
            factor = discount_factor(r, t)
            tax_cost = s * (flow.costs - flow.budget_benefits)
            net = flow.benefits - flow.costs - tax_cost
            present = net * factor
            cumulative += present
            if payback is None and cumulative >= 0:
                payback = year
            present_benefit_weight += (flow.benefits + s * flow.budget_benefits) * factor
            present_cost_weight += (ONE + s) * flow.costs * factor
            annuity += factor
            rows.append(
                Year(
                    year=year,
                    t=t,
                    investment=flow.investment,
                    operating=flow.operating,
                    costs=flow.costs,
                    benefits=flow.benefits,
                    budget_benefits=flow.budget_benefits,
                    tax_cost=+tax_cost,
                    net=+net,
                    discount_factor=factor,
                    present_value=+present,
                    cumulative_present_value=+cumulative,
                    budget_effect=flow.budget_benefits - flow.costs,
                )
            )
        npv, investment = _evaluate(by_year, parameters, ONE, ONE)
        break_even = (
            present_cost_weight / present_benefit_weight if present_benefit_weight > 0 else None
        )
        annual = -npv / annuity if npv < 0 and annuity > 0 else ZERO
        cases = []
        for case, cost_direction, benefit_direction in SENSITIVITY_CASES:
            cost_factor = ONE + cost_direction * sensitivity
            benefit_factor = ONE + benefit_direction * sensitivity
            case_npv, case_investment = _evaluate(by_year, parameters, cost_factor, benefit_factor)
            cases.append(
                Sensitivity(
                    case=case,
                    cost_factor=cost_factor,
                    benefit_factor=benefit_factor,
                    npv=case_npv,
                    npv_per_krone=_ratio(case_npv, case_investment),
                )
            )
    in_period = set(period)
    return BusinessCase(
        parameters=parameters,
        years=tuple(rows),
        npv=npv,
        discounted_investment=investment,
        npv_per_krone=_ratio(npv, investment),
        payback_year=payback if rows else None,
        break_even_factor=break_even,
        break_even_annual_benefit=annual,
        sensitivity=tuple(cases),
        outside_period=tuple(
            sorted(y for y, f in by_year.items() if y not in in_period and not f.is_empty)
        ),
    )


# --- benefits: achievement and trend -------------------------------------------------------


def achievement(baseline: Decimal, target: Decimal, value: Decimal) -> Decimal | None:
    """``(value − baseline) / (target − baseline)``: 0 at the baseline, 1 at the target.

    Works for targets below the baseline too (fewer hours, lower cost). None when the target
    equals the baseline (nothing to achieve).
    """
    if target == baseline:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return (value - baseline) / (target - baseline)


TREND_UP = "up"
TREND_DOWN = "down"
TREND_FLAT = "flat"


def trend(previous: Decimal | None, latest: Decimal | None) -> str | None:
    """How achievement moved from the previous measurement to the latest one."""
    if previous is None or latest is None:
        return None
    if latest > previous:
        return TREND_UP
    if latest < previous:
        return TREND_DOWN
    return TREND_FLAT


def economic_level(
    npv_per_krone: Decimal | None, thresholds: Sequence[Decimal] = DEFAULT_LEVEL_THRESHOLDS
) -> int | None:
    """A prioritisation level 0–4 from NPV per krone: how many thresholds the ratio reaches."""
    if npv_per_krone is None:
        return None
    level = sum(1 for threshold in thresholds if npv_per_krone >= threshold)
    return min(level, 4)


# --- rounding at the edges ----------------------------------------------------------------


def whole_kroner(value: Decimal) -> int:
    """Round half up to whole kroner (for display and the API)."""
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


def as_float(value: Decimal | None) -> float | None:
    """For charts only."""
    return None if value is None else float(value)
