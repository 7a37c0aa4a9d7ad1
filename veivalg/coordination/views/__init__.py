"""Web pages of coordination: related initiatives, bundles, shared needs, the whole picture,
programs, the discussion and notifications."""

from __future__ import annotations

from veivalg.coordination.views.bundles import bundle_detail, bundle_dissolve, bundle_new, overview
from veivalg.coordination.views.discussion import discussion
from veivalg.coordination.views.notifications import notifications, notifications_read
from veivalg.coordination.views.picture import graph, program_detail, programs
from veivalg.coordination.views.related import related_link, related_search, related_unlink
from veivalg.coordination.views.shared_needs import (
    shared_need_contribution,
    shared_need_detail,
    shared_need_edit,
    shared_need_new,
    shared_needs,
)

__all__ = [
    "bundle_detail",
    "bundle_dissolve",
    "bundle_new",
    "discussion",
    "graph",
    "notifications",
    "notifications_read",
    "overview",
    "program_detail",
    "programs",
    "related_link",
    "related_search",
    "related_unlink",
    "shared_need_contribution",
    "shared_need_detail",
    "shared_need_edit",
    "shared_need_new",
    "shared_needs",
]
