"""Pages of governance: boards and routing, meetings, decisions, mandates and guidance."""

from __future__ import annotations

from veivalg.governance.views.boards import (
    board_detail,
    board_edit,
    boards,
    meeting_new,
    routing,
    routing_apply,
    routing_rule_delete,
)
from veivalg.governance.views.decisions import (
    decision_new,
    decision_redirect,
    register,
    register_export,
)
from veivalg.governance.views.guidance import (
    checklist_edit,
    guidance,
    guidance_edit,
    guidance_new,
    guidance_page,
)
from veivalg.governance.views.mandates import (
    mandate_approve,
    mandate_detail,
    mandate_download,
    mandate_edit,
    mandate_new,
    mandates,
)
from veivalg.governance.views.meetings import (
    agenda_add,
    agenda_build,
    agenda_edit,
    agenda_move,
    agenda_remove,
    decision_reference,
    meeting_detail,
    meeting_minutes,
    meeting_papers,
    meeting_status,
)

__all__ = [
    "agenda_add",
    "agenda_build",
    "agenda_edit",
    "agenda_move",
    "agenda_remove",
    "board_detail",
    "board_edit",
    "boards",
    "checklist_edit",
    "decision_new",
    "decision_redirect",
    "decision_reference",
    "guidance",
    "guidance_edit",
    "guidance_new",
    "guidance_page",
    "mandate_approve",
    "mandate_detail",
    "mandate_download",
    "mandate_edit",
    "mandate_new",
    "mandates",
    "meeting_detail",
    "meeting_minutes",
    "meeting_new",
    "meeting_papers",
    "meeting_status",
    "register",
    "register_export",
    "routing",
    "routing_apply",
    "routing_rule_delete",
]
