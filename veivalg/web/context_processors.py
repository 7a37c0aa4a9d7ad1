from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veivalg.org.roles import roles_of


def veivalg(request: HttpRequest) -> dict[str, Any]:
    return {
        "MUNICIPALITY": settings.VEIVALG_MUNICIPALITY,
        "DEMO_MODE": settings.DEMO_MODE,
        "my_roles": roles_of(getattr(request, "user", None)),
    }
