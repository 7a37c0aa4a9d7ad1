"""The business case against worked examples computed by hand, and its properties.

Worked example (r = 4 %, s = 20 %, analysis from 2027, ten years):

    2027 (t=0): investment 1 000 000 kr, nothing else
    2028–2031 (t=1..4): operating 100 000 kr; budget-releasing benefit 300 000 kr and a
                        priced benefit for other public bodies 200 000 kr (B = 500 000)

    t=0: tax cost = 0.2 · (1 000 000 − 0)       = 200 000
         net      = 0 − 1 000 000 − 200 000      = −1 200 000        PV = −1 200 000
    t=1..4: tax cost = 0.2 · (100 000 − 300 000) = −40 000 (the budget gains)
         net      = 500 000 − 100 000 + 40 000   = 440 000
         PV(t=1)  = 440 000 / 1.04               = 423 076.92
         PV(t=2)  = 440 000 / 1.0816             = 406 804.73
         PV(t=3)  = 440 000 / 1.124864           = 391 158.40
         PV(t=4)  = 440 000 / 1.16985856         = 376 113.84
    cumulative: −1 200 000, −776 923.08, −370 118.34, +21 040.05 → payback year 2030
    NPV = 397 153.90 → 397 154 kr
    discounted investment = 1 000 000 → NPV per krone = 0.397
    with r = 0: NPV = −1 200 000 + 4 · 440 000 = 560 000
    break-even: benefits weigh Σ (B + s·Bbud)·d = 560 000 · 3.629895 = 2 032 741.30,
                costs weigh (1 + s)·Σ C·d = 1.2 · (1 000 000 + 100 000 · 3.629895)
                = 1 635 587.42 → factor 0.8046 (benefits may fall 19.5 %)
    sensitivity: costs +20 % → NPV 397 153.90 − 0.2 · 1 635 587.42 = 70 036.41
                 benefits −20 % → 397 153.90 − 0.2 · 2 032 741.30 = −9 394.37
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from veivalg.benefits.business_case import (
    Flow,
    Parameters,
    achievement,
    analysis_years,
    compute,
    economic_level,
    net_present_value,
    trend,
    whole_kroner,
)

D = Decimal


def worked_example() -> list[Flow]:
    flows = [Flow(2027, investment=D(1_000_000))]
    for year in range(2028, 2032):
        flows.append(Flow(year, operating=D(100_000)))
        flows.append(Flow(year, benefits=D(300_000), budget_benefits=D(300_000)))
        flows.append(Flow(year, benefits=D(200_000)))
    return flows


def close(a: Decimal, b: Decimal, places: int = 2) -> bool:
    return abs(a - b) < D(10) ** -places


def test_worked_example_npv_and_npv_per_krone() -> None:
    case = compute(worked_example())

    assert whole_kroner(case.npv) == 397_154
    assert close(case.npv, D("397153.90"))
    assert case.discounted_investment == D(1_000_000)
    assert close(case.npv_per_krone, D("0.397154"), places=6)


def test_worked_example_yearly_rows() -> None:
    case = compute(worked_example())

    assert case.first_year == 2027 and case.last_year == 2036  # ten years
    first, second = case.years[0], case.years[1]
    assert (first.costs, first.tax_cost, first.net) == (D(1_000_000), D(200_000), D(-1_200_000))
    assert (second.benefits, second.budget_benefits) == (D(500_000), D(300_000))
    assert (second.tax_cost, second.net) == (D(-40_000), D(440_000))
    assert close(second.present_value, D("423076.92"))
    assert close(case.years[2].present_value, D("406804.73"))
    assert close(case.years[3].present_value, D("391158.40"))
    assert close(case.years[4].present_value, D("376113.84"))
    assert second.budget_effect == D(200_000)  # 300 000 released − 100 000 operating
    assert first.budget_effect == D(-1_000_000)
    assert all(y.net == 0 for y in case.years[5:])


def test_worked_example_payback_year_is_the_first_year_cumulative_net_is_not_negative() -> None:
    case = compute(worked_example())

    cumulative = [whole_kroner(y.cumulative_present_value) for y in case.years[:4]]
    assert cumulative == [-1_200_000, -776_923, -370_118, 21_040]
    assert case.payback_year == 2030


def test_worked_example_with_zero_discount_rate_is_the_plain_sum() -> None:
    case = compute(worked_example(), Parameters(discount_rate=D(0)))

    assert case.npv == D(560_000)


def test_worked_example_break_even_and_sensitivity() -> None:
    case = compute(worked_example())

    assert case.break_even_factor is not None
    assert close(case.break_even_factor, D("0.8046"), places=4)
    assert case.break_even_annual_benefit == 0  # NPV is already positive
    npvs = {s.case: s.npv for s in case.sensitivity}
    assert list(npvs) == [
        "base",
        "costs_up",
        "costs_down",
        "benefits_up",
        "benefits_down",
        "pessimistic",
        "optimistic",
    ]
    assert npvs["base"] == case.npv
    assert close(npvs["costs_up"], D("70036.41"))
    assert close(npvs["benefits_down"], D("-9394.37"))
    assert npvs["pessimistic"] < npvs["benefits_down"] < npvs["base"] < npvs["optimistic"]


def test_break_even_factor_makes_npv_zero() -> None:
    case = compute(worked_example())
    assert case.break_even_factor is not None

    at_break_even = net_present_value(worked_example(), benefit_factor=case.break_even_factor)

    assert abs(at_break_even) < D("0.000001")


def test_negative_npv_needs_an_annual_benefit_to_break_even() -> None:
    # 1 000 000 invested in 2027, nothing back, r = 0, s = 0, two years:
    # NPV = −1 000 000; an extra 500 000 a year in both years makes it zero.
    case = compute(
        [Flow(2027, investment=D(1_000_000))],
        Parameters(discount_rate=D(0), tax_cost_rate=D(0), period_years=2),
    )

    assert case.npv == D(-1_000_000)
    assert case.payback_year is None
    assert case.break_even_factor is None  # no priced benefits to scale
    assert case.break_even_annual_benefit == D(500_000)


def test_tax_cost_applies_to_the_net_budget_effect_in_both_directions() -> None:
    # One year: cost 100, budget-releasing benefit 300, s = 20 %: the budget gains 200,
    # so the tax cost is −40 and the net is 300 − 100 + 40 = 240.
    case = compute([Flow(2030, operating=D(100), benefits=D(300), budget_benefits=D(300))])
    assert case.years[0].tax_cost == D(-40)
    assert case.npv == D(240)
    # The same benefit priced for another public body releases no budget: 300 − 100 − 20.
    other = compute([Flow(2030, operating=D(100), benefits=D(300))])
    assert other.npv == D(180)


def test_only_years_inside_the_analysis_period_count() -> None:
    flows = [Flow(2027, investment=D(100)), Flow(2037, benefits=D(1_000_000))]

    case = compute(flows, Parameters(discount_rate=D(0), tax_cost_rate=D(0)))

    assert list(analysis_years(flows, Parameters())) == list(range(2027, 2037))
    assert case.npv == D(-100)
    assert case.outside_period == (2037,)
    longer = compute(flows, Parameters(discount_rate=D(0), tax_cost_rate=D(0), period_years=11))
    assert longer.npv == D(999_900)


def test_first_year_can_be_set() -> None:
    flows = [Flow(2027, investment=D(100)), Flow(2028, benefits=D(300))]

    case = compute(flows, Parameters(first_year=2028, discount_rate=D(0), tax_cost_rate=D(0)))

    assert case.first_year == 2028 and case.npv == D(300)
    assert case.outside_period == (2027,)


def test_no_money_gives_an_empty_case() -> None:
    case = compute([])

    assert case.years == () and case.npv == 0
    assert case.npv_per_krone is None and case.payback_year is None


def test_achievement_worked_examples() -> None:
    # Share of digital applications: from 40 % to 80 %; measured 70 % → 30 / 40 = 0.75.
    assert achievement(D(40), D(80), D(70)) == D("0.75")
    # Processing time: from 120 to 60 minutes; measured 90 → (90 − 120) / (60 − 120) = 0.5.
    assert achievement(D(120), D(60), D(90)) == D("0.5")
    assert achievement(D(120), D(60), D(120)) == 0
    assert achievement(D(5), D(5), D(7)) is None


def test_trend_compares_the_last_two_achievements() -> None:
    assert trend(D("0.2"), D("0.5")) == "up"
    assert trend(D("0.5"), D("0.2")) == "down"
    assert trend(D("0.5"), D("0.5")) == "flat"
    assert trend(None, D("0.5")) is None


@pytest.mark.parametrize(
    ("ratio", "level"),
    [("-0.1", 0), ("0", 1), ("0.49", 1), ("0.5", 2), ("1", 3), ("1.99", 3), ("2", 4), ("9", 4)],
)
def test_economic_level_counts_the_thresholds_reached(ratio: str, level: int) -> None:
    assert economic_level(D(ratio)) == level


def test_economic_level_without_investment_is_unknown() -> None:
    assert economic_level(None) is None


# --- properties --------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**9).map(D)
years = st.integers(min_value=2025, max_value=2045)
rates = st.decimals(min_value=0, max_value=D("0.2"), places=4)
tax_rates = st.decimals(min_value=0, max_value=1, places=2)


@st.composite
def flow_lists(draw: st.DrawFn) -> list[Flow]:
    result = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        budget = draw(amounts)
        result.append(
            Flow(
                draw(years),
                investment=draw(amounts),
                operating=draw(amounts),
                benefits=budget + draw(amounts),
                budget_benefits=budget,
            )
        )
    return result


def without_benefits(flows: list[Flow]) -> list[Flow]:
    return [Flow(f.year, investment=f.investment, operating=f.operating) for f in flows]


@settings(max_examples=150, deadline=None)
@given(flow_lists(), rates, tax_rates, st.decimals(min_value=0, max_value=5, places=3))
def test_npv_is_linear_in_benefits(flows: list[Flow], r: Decimal, s: Decimal, k: Decimal) -> None:
    # The period is fixed, so that leaving the benefits out does not move its first year.
    params = Parameters(discount_rate=r, tax_cost_rate=s, first_year=2025, period_years=25)
    base = net_present_value(without_benefits(flows), params)
    full = net_present_value(flows, params)
    scaled = net_present_value(flows, params, benefit_factor=k)
    assert abs(scaled - (base + k * (full - base))) < D("0.0001")


@settings(max_examples=150, deadline=None)
@given(flow_lists(), flow_lists(), rates, tax_rates)
def test_npv_of_two_sets_of_benefits_is_the_sum_of_their_parts(
    first: list[Flow], second: list[Flow], r: Decimal, s: Decimal
) -> None:
    params = Parameters(discount_rate=r, tax_cost_rate=s, first_year=2025, period_years=25)
    costs = without_benefits(first)
    benefits_a = [
        Flow(f.year, benefits=f.benefits, budget_benefits=f.budget_benefits) for f in first
    ]
    benefits_b = [
        Flow(f.year, benefits=f.benefits, budget_benefits=f.budget_benefits) for f in second
    ]
    together = net_present_value(costs + benefits_a + benefits_b, params)
    apart = (
        net_present_value(costs + benefits_a, params)
        + net_present_value(costs + benefits_b, params)
        - net_present_value(costs, params)
    )
    assert abs(together - apart) < D("0.0001")


@settings(max_examples=150, deadline=None)
@given(flow_lists(), tax_rates)
def test_zero_discount_rate_gives_the_plain_sum(flows: list[Flow], s: Decimal) -> None:
    params = Parameters(discount_rate=D(0), tax_cost_rate=s)
    period = set(analysis_years(flows, params))
    plain = sum(
        (
            f.benefits - f.costs - s * (f.costs - f.budget_benefits)
            for f in flows
            if f.year in period
        ),
        D(0),
    )

    assert compute(flows, params).npv == plain


@settings(max_examples=150, deadline=None)
@given(flow_lists(), rates, tax_rates)
def test_payback_year_is_where_the_cumulative_net_turns(
    flows: list[Flow], r: Decimal, s: Decimal
) -> None:
    case = compute(flows, Parameters(discount_rate=r, tax_cost_rate=s))
    turned = [y.year for y in case.years if y.cumulative_present_value >= 0]
    assert case.payback_year == (turned[0] if turned else None)
    if case.years:
        assert abs(case.years[-1].cumulative_present_value - case.npv) < D("0.0001")


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
)
def test_achievement_is_one_at_target_and_zero_at_baseline(
    baseline: Decimal, target: Decimal
) -> None:
    if baseline == target:
        assert achievement(baseline, target, target) is None
        return
    assert achievement(baseline, target, target) == 1
    assert achievement(baseline, target, baseline) == 0
