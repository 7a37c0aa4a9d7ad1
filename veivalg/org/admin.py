from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from veivalg.org.models import ApiToken, Board, Directorate, Portfolio, RoleAssignment, Unit, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "directorate", "portfolio", "board", "initiative"]
    raw_id_fields = ["initiative"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Veivalg", {"fields": ["unit", "job_title"]}))
    list_display = ["username", "first_name", "last_name", "unit", "is_active"]
    inlines = [RoleInline]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "directorate", "site"]
    list_filter = ["directorate"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "out_of_scope"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["user", "prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
