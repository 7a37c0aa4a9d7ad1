"""Writing to the audit log, always inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from veivalg.core.models import AuditEvent


def audit(actor: Any, verb: str, target: models.Model, **data: Any) -> AuditEvent:
    """Record that ``actor`` did ``verb`` to ``target``. Call inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        data=data,
    )
