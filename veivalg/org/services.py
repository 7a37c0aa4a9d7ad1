"""Writes to the organisation: roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from veivalg.core.audit import audit
from veivalg.core.errors import NotFound, ValidationFailed
from veivalg.org.models import (
    ROLE_SCOPE,
    ApiToken,
    Board,
    Directorate,
    Portfolio,
    Role,
    RoleAssignment,
    User,
)
from veivalg.org.roles import forget_roles

TOKEN_PREFIX = "vv_"


def _scope_object(role: str, scope: str | None) -> tuple[str | None, Any]:
    field = ROLE_SCOPE[role]
    if field is None:
        if scope:
            raise ValidationFailed({"scope": [f"Rollen «{role}» har ikke noe omfang."]})
        return None, None
    if not scope:
        raise ValidationFailed({"scope": [f"Rollen «{role}» krever omfang ({field})."]})
    if field == "initiative":
        from veivalg.initiatives.models import Initiative

        obj = Initiative.objects.filter(pk=int(scope) if scope.isdigit() else -1).first()
    else:
        model = {"directorate": Directorate, "portfolio": Portfolio, "board": Board}[field]
        obj = model.objects.filter(slug=scope).first()
    if obj is None:
        raise NotFound(f"Fant ingen {field} «{scope}».")
    return field, obj


@transaction.atomic
def role_grant(
    *, actor: User | None, user: User, role: str, scope: str | None = None
) -> RoleAssignment:
    """Give ``user`` the ``role`` (scoped by slug, or initiative id). Idempotent."""
    if role not in Role.values:
        raise ValidationFailed(
            {"role": [f"Ukjent rolle «{role}». Gyldige: {', '.join(Role.values)}."]}
        )
    field, obj = _scope_object(role, scope)
    kwargs: dict[str, Any] = {"user": user, "role": role}
    if field:
        kwargs[field] = obj
    assignment, created = RoleAssignment.objects.get_or_create(**kwargs)
    if created:
        audit(actor, "role.grant", user, role=role, scope=scope)
    forget_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    audit(actor, "role.revoke", assignment.user, role=assignment.role, scope=assignment.scope_slug)
    assignment.delete()
    forget_roles(assignment.user)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[str, ApiToken]:
    """Create a token; returns the raw token (shown once) and the stored row (hash only)."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], token_hash=_hash(raw))
    audit(user, "api_token.create", user, prefix=token.prefix, name=name)
    return raw, token


def api_token_user(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked=False, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
