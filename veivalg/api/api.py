"""The Veivalg API (``/api/v1/``): one NinjaAPI with the routers and problem+json errors."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from veivalg.api import errors
from veivalg.api.auth import AUTH
from veivalg.api.routers import initiatives, me, reference
from veivalg.benefits.api import router as benefits_router
from veivalg.capacity.api import router as capacity_router
from veivalg.coordination.api import router as coordination_router
from veivalg.governance.api import router as governance_router
from veivalg.prioritization.api import router as prioritization_router

DESCRIPTION = """
Porteføljestyring: initiativer fra behov til realisert gevinst.

**Innlogging:** send en API-nøkkel i headeren `Authorization: Bearer vv_…` (lag en med
`manage.py create_api_token`), eller bruk innlogget nettleserøkt. Med nettleserøkt må
endringer (POST/PATCH/DELETE) ha CSRF-nøkkelen i headeren `X-CSRFToken`.

**Feil** er `application/problem+json` (RFC 7807) med `type`, `title`, `status`, `detail` og
`code`; ved 422 også `errors`: en liste med `field` (f.eks. `costs[0].year`) og `message`.
401: ikke innlogget. 403: rollen tillater det ikke. 404: finnes ikke eller er skjult.
409: tilstanden tillater ikke handlingen. 422: ugyldige data.
"""


class JsonParser(Parser):
    """Ninja's JSON parser, except that an empty body means ``{}`` (so ``POST …/actions/submit``
    works without a body, and a missing body gives 422 with the missing fields named)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not request.body.strip():
            return {}
        return cast(dict[str, Any], super().parse_body(request))


api = NinjaAPI(
    title="Veivalg API",
    version="1",
    description=DESCRIPTION,
    auth=AUTH,
    urls_namespace="api",
    parser=JsonParser(),
)
errors.install(api)
api.add_router("", me.router)
api.add_router("", reference.router)
api.add_router("", initiatives.router)
api.add_router("", prioritization_router)
api.add_router("", benefits_router)
api.add_router("", coordination_router)
api.add_router("", governance_router)
api.add_router("", capacity_router)
