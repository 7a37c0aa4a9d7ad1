"""The URLs as the tests see them: the governance pages and API added to the project's URLs,
whether or not the project has been given them yet.

The API is a test NinjaAPI with the Veivalg API's auth, parser and problem+json errors and
the governance router, mounted under ``/api/v1/`` in front of the project's API.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from veivalg import urls as project
from veivalg.api import errors
from veivalg.api.api import JsonParser
from veivalg.api.auth import AUTH
from veivalg.governance.api import router

api = NinjaAPI(
    title="Veivalg API (styring, test)",
    version="test-governance",
    auth=AUTH,
    urls_namespace="governance-test-api",
    parser=JsonParser(),
)
errors.install(api)
api.add_router("", router)

urlpatterns: list[URLPattern | URLResolver] = [path("api/v1/", api.urls)]
if not any(getattr(p, "namespace", None) == "governance" for p in project.urlpatterns):
    urlpatterns.append(path("", include("veivalg.governance.urls")))
urlpatterns += project.urlpatterns
