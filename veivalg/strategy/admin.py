from __future__ import annotations

from django.contrib import admin

from veivalg.strategy.models import Goal, Program


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "order"]
    list_filter = ["level"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "owner"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["goals"]
