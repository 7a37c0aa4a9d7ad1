"""Admin: criteria sets and criteria for inspection and small corrections of wording.

Weights, ratings, dependencies and scenarios change through the services (which check
roles and write the audit log), so they are read-only here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    PairwiseJudgement,
    PrioritizationSet,
    Scenario,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class CriterionInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0
    fields = ["order", "slug", "name", "inverted", "weight"]
    readonly_fields = fields


class JudgementInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    model = PairwiseJudgement
    extra = 0
    fields = ["criterion_a", "criterion_b", "value"]
    readonly_fields = fields


@admin.register(PrioritizationSet)
class PrioritizationSetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "board", "active", "weights_method", "consistency_ratio", "updated_at"]
    list_filter = ["board", "active", "weights_method"]
    readonly_fields = ["board", "active", "weights_method", "consistency_ratio"]
    inlines = [CriterionInline, JudgementInline]

    def has_add_permission(self, request: Any) -> bool:
        return False


class LevelInline(admin.TabularInline):  # type: ignore[type-arg]
    """Level wording may be corrected here; levels are never added or removed."""

    model = CriterionLevel
    extra = 0
    max_num = 5
    fields = ["level", "label", "meaning"]
    readonly_fields = ["level"]
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "set", "order", "inverted", "weight"]
    list_filter = ["set", "inverted"]
    search_fields = ["name", "slug"]
    fields = ["set", "slug", "name", "description", "order", "inverted", "weight"]
    readonly_fields = ["set", "slug", "inverted", "weight"]
    inlines = [LevelInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "board", "status", "value", "solved_at", "proposed_to_board_at"]
    list_filter = ["board", "status"]
    search_fields = ["name"]
