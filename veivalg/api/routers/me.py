"""The caller: who am I, and which roles do I hold?"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from veivalg.api.auth import caller
from veivalg.api.schemas import MeOut, Problem
from veivalg.org.models import Role, RoleAssignment

router = Router(tags=["Meg"])


@router.get("/me", response={200: MeOut, 401: Problem}, summary="Innlogget bruker og roller")
def me(request: HttpRequest) -> dict[str, object]:
    user = caller(request)
    roles: list[dict[str, str | None]] = [{"role": Role.EMPLOYEE.value, "scope": None}]
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("directorate", "portfolio", "board", "initiative")
        .order_by("granted_at", "id")
    )
    for assignment in assignments:
        entry = {"role": assignment.role, "scope": assignment.scope_slug}
        if entry not in roles:
            roles.append(entry)
    return {"username": user.get_username(), "roles": roles}
