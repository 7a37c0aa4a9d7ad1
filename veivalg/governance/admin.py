"""Admin: governance records for inspection. Everything changes through the services (which
check roles and write the audit log), so the admin is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from veivalg.governance.models import (
    BoardProfile,
    Decision,
    GuidancePage,
    Mandate,
    Meeting,
    Routing,
    RoutingRule,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(BoardProfile)
class BoardProfileAdmin(ReadOnlyAdmin):
    list_display = ("board", "chair", "secretary")


@admin.register(RoutingRule)
class RoutingRuleAdmin(ReadOnlyAdmin):
    list_display = ("order", "kind", "board", "portfolio", "directorate", "threshold")


@admin.register(Routing)
class RoutingAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "board", "routed_at")
    list_select_related = ("initiative", "board")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("date", "title", "board", "status")
    list_filter = ("board", "status")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("decided_at", "initiative", "decision", "board", "meeting", "per_capsulam")
    list_filter = ("decision", "board", "per_capsulam")
    list_select_related = ("initiative", "board", "meeting")


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "board", "approved_at")
    list_filter = ("kind", "board")


@admin.register(GuidancePage)
class GuidancePageAdmin(ReadOnlyAdmin):
    list_display = ("title", "audience", "phase", "updated_at")
