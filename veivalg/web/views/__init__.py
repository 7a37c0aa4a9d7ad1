"""Views of the web UI, one module per area."""

from __future__ import annotations

from veivalg.web.views.auth import login_view, logout_view
from veivalg.web.views.home import home
from veivalg.web.views.initiatives import (
    initiative_action,
    initiative_assign_role,
    initiative_comment,
    initiative_detail,
    initiative_edit,
    initiative_new,
)
from veivalg.web.views.portfolio import directorate, directorates, overview, overview_export
from veivalg.web.views.queues import board_queue, director_queue, office_queue

__all__ = [
    "board_queue",
    "director_queue",
    "directorate",
    "directorates",
    "home",
    "initiative_action",
    "initiative_assign_role",
    "initiative_comment",
    "initiative_detail",
    "initiative_edit",
    "initiative_new",
    "login_view",
    "logout_view",
    "office_queue",
    "overview",
    "overview_export",
]
