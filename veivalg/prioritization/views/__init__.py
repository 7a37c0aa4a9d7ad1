"""Web pages of prioritisation: criteria and weights, ratings, the ranking and scenarios."""

from __future__ import annotations

from veivalg.prioritization.views.criteria import criteria, criterion_edit, pairwise, weights_direct
from veivalg.prioritization.views.ranking import ranking
from veivalg.prioritization.views.ratings import (
    dependency_remove,
    initiative_dependencies,
    initiative_rating,
)
from veivalg.prioritization.views.scenarios import (
    scenario_compare,
    scenario_detail,
    scenario_edit,
    scenario_insight,
    scenario_new,
    scenario_propose,
    scenario_solve,
    scenario_what_if,
    scenarios,
)

__all__ = [
    "criteria",
    "criterion_edit",
    "dependency_remove",
    "initiative_dependencies",
    "initiative_rating",
    "pairwise",
    "ranking",
    "scenario_compare",
    "scenario_detail",
    "scenario_edit",
    "scenario_insight",
    "scenario_new",
    "scenario_propose",
    "scenario_solve",
    "scenario_what_if",
    "scenarios",
    "weights_direct",
]
