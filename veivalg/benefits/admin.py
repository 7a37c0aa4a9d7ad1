from __future__ import annotations

from django.contrib import admin

from veivalg.benefits.models import Benefit, BusinessCaseSettings, Measurement, PlanValue


class ReadOnlyMixin:
    """Read-only in admin: benefits change through the services, which audit every change."""

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class PlanInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanValue
    extra = 0


class MeasurementInline(ReadOnlyMixin, admin.TabularInline):
    model = Measurement
    extra = 0


class ReadOnly(ReadOnlyMixin, admin.ModelAdmin):
    pass


@admin.register(Benefit)
class BenefitAdmin(ReadOnly):
    list_display = ["id", "title", "category", "initiative", "owner", "indicator_unit"]
    list_filter = ["category", "indicator_unit"]
    search_fields = ["title", "description"]
    inlines = [PlanInline, MeasurementInline]


@admin.register(BusinessCaseSettings)
class BusinessCaseSettingsAdmin(ReadOnly):
    list_display = ["initiative", "discount_rate", "tax_cost_rate", "period_years", "changed_by"]
