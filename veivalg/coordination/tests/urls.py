"""The site as the tests see it: the project's URLs, the coordination pages (whether or not
the project includes them yet), and the coordination router mounted on a test API with the
Veivalg API's auth, parser and problem+json errors under ``/api/v1/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from veivalg.api import errors
from veivalg.api.api import JsonParser
from veivalg.api.auth import AUTH
from veivalg.coordination.api import router
from veivalg.urls import urlpatterns as project_urlpatterns

api = NinjaAPI(
    title="Veivalg API (samordning, test)",
    version="test-coordination",
    auth=AUTH,
    urls_namespace="coordination-test-api",
    parser=JsonParser(),
)
errors.install(api)
api.add_router("/", router)


def _has_coordination(patterns: list[URLPattern | URLResolver]) -> bool:
    return any(getattr(p, "app_name", None) == "coordination" for p in patterns)


urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    *project_urlpatterns,
]
if not _has_coordination(project_urlpatterns):
    urlpatterns.append(path("", include("veivalg.coordination.urls")))
