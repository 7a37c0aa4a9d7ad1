"""Views of the benefits pages, one module per area."""

from __future__ import annotations

from veivalg.benefits.views.business_case import business_case, business_case_settings
from veivalg.benefits.views.portfolio import benefit_map, export, my_measurements, overview
from veivalg.benefits.views.register import (
    benefit_delete,
    benefit_detail,
    benefit_edit,
    benefit_new,
    measurement_new,
)

__all__ = [
    "benefit_delete",
    "benefit_detail",
    "benefit_edit",
    "benefit_map",
    "benefit_new",
    "business_case",
    "business_case_settings",
    "export",
    "measurement_new",
    "my_measurements",
    "overview",
]
