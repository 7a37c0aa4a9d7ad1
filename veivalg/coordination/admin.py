"""Admin: coordination records for inspection only. Every change goes through the services,
which check roles, keep the workflow history and write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from veivalg.coordination.models import (
    Bundle,
    BundlePart,
    DiscussionPost,
    Notification,
    RelatedLink,
    SharedNeed,
    SharedNeedParticipant,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class BundlePartInline(admin.TabularInline):
    model = BundlePart
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ParticipantInline(BundlePartInline):
    model = SharedNeedParticipant


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ("id", "initiative", "created_by", "created_at", "dissolved_at")
    inlines = [BundlePartInline]


@admin.register(SharedNeed)
class SharedNeedAdmin(ReadOnlyAdmin):
    list_display = ("title", "coordinator", "updated_at")
    inlines = [ParticipantInline]


@admin.register(RelatedLink)
class RelatedLinkAdmin(ReadOnlyAdmin):
    list_display = ("first", "second", "created_by", "created_at")


@admin.register(DiscussionPost)
class DiscussionPostAdmin(ReadOnlyAdmin):
    list_display = ("initiative", "author", "at")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "initiative", "created_at", "read_at")
