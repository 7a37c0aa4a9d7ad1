from __future__ import annotations

from django.contrib import admin

from veivalg.capacity.models import (
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name"]


@admin.register(ResourcePool)
class ResourcePoolAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "competence", "unit", "portfolio"]
    list_filter = ["competence"]
    search_fields = ["slug", "name"]
    list_select_related = ["competence", "unit", "portfolio"]


@admin.register(PoolCapacity)
class PoolCapacityAdmin(admin.ModelAdmin):
    list_display = ["pool", "label", "fte", "operations_fte", "updated_at"]
    list_filter = ["pool__competence"]
    list_select_related = ["pool"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(DemandPlan)
class DemandPlanAdmin(admin.ModelAdmin):
    list_display = ["initiative", "earliest_start", "latest_start", "updated_at"]
    list_select_related = ["initiative"]
    readonly_fields = ["updated_by", "updated_at"]
    raw_id_fields = ["initiative"]


@admin.register(DemandRow)
class DemandRowAdmin(admin.ModelAdmin):
    list_display = ["initiative", "competence", "offset", "fte"]
    list_filter = ["competence"]
    list_select_related = ["initiative", "competence"]
    raw_id_fields = ["initiative"]
