"""Who may do what in governance. The services check these; pages use them to show or hide.

- board members and the board's secretary record decisions and approve mandates;
- the portfolio office and the board's secretary prepare meetings (agenda, status, papers);
- the portfolio office (and administrators) configure boards and routing rules;
- the portfolio office edits guidance;
- mandates are edited by the portfolio office, the initiative's project owner, or the
  program's owner.

Note: the workflow (``veivalg.initiatives.workflow``) lets only board members take the
board's actions; a secretary who is not a member is refused by it when recording a decision.
"""

from __future__ import annotations

from typing import Any

from veivalg.governance.models import BoardProfile, Mandate, MandateKind
from veivalg.org.models import Board
from veivalg.org.roles import roles_of


def profile_of(board: Board) -> BoardProfile | None:
    cache = getattr(board, "_governance_profile_cache", None)
    if cache is None:
        cache = (
            BoardProfile.objects.filter(board_id=board.pk)
            .select_related("chair", "secretary")
            .first(),
        )
        board._governance_profile_cache = cache  # type: ignore[attr-defined]
    return cache[0]


def is_member(user: Any, board: Board) -> bool:
    return board.pk in roles_of(user).boards


def is_secretary(user: Any, board: Board) -> bool:
    profile = profile_of(board)
    return bool(
        profile and profile.secretary_id and profile.secretary_id == getattr(user, "pk", None)
    )


def is_office(user: Any) -> bool:
    return roles_of(user).portfolio_office


def can_configure(user: Any) -> bool:
    roles = roles_of(user)
    return roles.portfolio_office or roles.administrator


def can_manage_meetings(user: Any, board: Board) -> bool:
    return is_office(user) or is_secretary(user, board)


def can_record(user: Any, board: Board) -> bool:
    return is_member(user, board) or is_secretary(user, board)


def can_edit_guidance(user: Any) -> bool:
    return is_office(user)


def can_edit_mandate(user: Any, mandate: Mandate) -> bool:
    roles = roles_of(user)
    if roles.portfolio_office:
        return True
    if mandate.kind == MandateKind.PROGRAM:
        return bool(mandate.program and mandate.program.owner_id == getattr(user, "pk", None))
    return mandate.initiative_id is not None and roles.on_initiative(
        "project_owner", mandate.initiative_id
    )


def can_approve_mandate(user: Any, mandate: Mandate) -> bool:
    return can_record(user, mandate.board)
