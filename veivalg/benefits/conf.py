"""Settings of the benefits app, with defaults (override them in ``veivalg/settings.py``).

- ``VEIVALG_DISCOUNT_RATE``: real discount rate r (default 0.04).
- ``VEIVALG_TAX_COST_RATE``: tax financing cost s (default 0.20).
- ``VEIVALG_ANALYSIS_YEARS``: analysis period in years (default 10).
- ``VEIVALG_NPV_PER_KRONE_THRESHOLDS``: NPV per krone of investment needed for the economic
  benefit levels 1–4 (default (0, 0.5, 1, 2)).
- ``VEIVALG_MEASUREMENT_PERIOD_MONTHS``: a measurement is due when the latest one is older
  than this (default 6).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from veivalg.benefits.business_case import (
    DEFAULT_DISCOUNT_RATE,
    DEFAULT_LEVEL_THRESHOLDS,
    DEFAULT_PERIOD_YEARS,
    DEFAULT_TAX_COST_RATE,
    Parameters,
)

DEFAULT_MEASUREMENT_PERIOD_MONTHS = 6


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def default_parameters() -> Parameters:
    return Parameters(
        discount_rate=_decimal(getattr(settings, "VEIVALG_DISCOUNT_RATE", DEFAULT_DISCOUNT_RATE)),
        tax_cost_rate=_decimal(getattr(settings, "VEIVALG_TAX_COST_RATE", DEFAULT_TAX_COST_RATE)),
        period_years=int(getattr(settings, "VEIVALG_ANALYSIS_YEARS", DEFAULT_PERIOD_YEARS)),
    )


def level_thresholds() -> tuple[Decimal, ...]:
    raw = getattr(settings, "VEIVALG_NPV_PER_KRONE_THRESHOLDS", DEFAULT_LEVEL_THRESHOLDS)
    return tuple(sorted(_decimal(v) for v in raw))


def measurement_period_months() -> int:
    return int(
        getattr(settings, "VEIVALG_MEASUREMENT_PERIOD_MONTHS", DEFAULT_MEASUREMENT_PERIOD_MONTHS)
    )
