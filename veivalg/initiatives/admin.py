from __future__ import annotations

from django.contrib import admin

from veivalg.initiatives.models import Initiative, InitiativeCost


class CostInline(admin.TabularInline):
    model = InitiativeCost
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Read-only in admin: initiatives change through the workflow, never by hand."""

    list_display = ["id", "title", "state", "unit", "portfolio", "politically_mandated"]
    list_filter = ["state", "portfolio", "work_type", "politically_mandated", "confidential"]
    search_fields = ["title", "summary"]
    inlines = [CostInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
