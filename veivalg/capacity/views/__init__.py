"""The capacity pages: the heatmap and its drill-down, competences and pools, the capacity
grid of one pool, the Excel import, and an initiative's demand."""

from __future__ import annotations

from veivalg.capacity.views.demand import demand_edit
from veivalg.capacity.views.heatmap import cell, heatmap
from veivalg.capacity.views.imports import capacity_template, demand_template, import_page
from veivalg.capacity.views.pools import competence_new, pool_capacity, pool_new, pools

__all__ = [
    "capacity_template",
    "cell",
    "competence_new",
    "demand_edit",
    "demand_template",
    "heatmap",
    "import_page",
    "pool_capacity",
    "pool_new",
    "pools",
]
