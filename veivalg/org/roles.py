"""Who holds which role where. Loaded once per request and cached on the user object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veivalg.org.models import Role, RoleAssignment


@dataclass(frozen=True)
class Roles:
    """The roles one user holds, as sets of scope ids."""

    portfolio_office: bool = False
    administrator: bool = False
    directorates: frozenset[int] = frozenset()
    portfolios: frozenset[int] = frozenset()
    boards: frozenset[int] = frozenset()
    # role name → ids of initiatives where the user holds it (project owner, manager, benefit owner)
    initiatives: dict[str, frozenset[int]] = field(default_factory=dict)

    def on_initiative(self, role: str, initiative_id: int) -> bool:
        return initiative_id in self.initiatives.get(role, frozenset())

    @property
    def any_initiative_ids(self) -> frozenset[int]:
        ids: frozenset[int] = frozenset()
        for values in self.initiatives.values():
            ids = ids | values
        return ids


ANONYMOUS = Roles()


def roles_of(user: Any) -> Roles:
    """The user's roles; cached on the user instance for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_veivalg_roles", None)
    if cached is not None:
        return cached
    directorates: set[int] = set()
    portfolios: set[int] = set()
    boards: set[int] = set()
    initiatives: dict[str, set[int]] = {}
    office = admin = False
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role", "directorate_id", "portfolio_id", "board_id", "initiative_id"
    )
    for role, directorate_id, portfolio_id, board_id, initiative_id in rows:
        if role == Role.PORTFOLIO_OFFICE:
            office = True
        elif role == Role.ADMINISTRATOR:
            admin = True
        elif role == Role.DIRECTOR:
            directorates.add(directorate_id)
        elif role == Role.PORTFOLIO_MANAGER:
            portfolios.add(portfolio_id)
        elif role == Role.BOARD_MEMBER:
            boards.add(board_id)
        elif initiative_id is not None:
            initiatives.setdefault(role, set()).add(initiative_id)
    roles = Roles(
        portfolio_office=office,
        administrator=admin or bool(getattr(user, "is_superuser", False)),
        directorates=frozenset(directorates),
        portfolios=frozenset(portfolios),
        boards=frozenset(boards),
        initiatives={k: frozenset(v) for k, v in initiatives.items()},
    )
    user._veivalg_roles = roles
    return roles


def forget_roles(user: Any) -> None:
    """Drop the cached roles (after a grant or a revoke)."""
    if hasattr(user, "_veivalg_roles"):
        del user._veivalg_roles
