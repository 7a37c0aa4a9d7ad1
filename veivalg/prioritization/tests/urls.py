"""The API as the tests see it: the Veivalg API's auth, parser and problem+json errors, with
the prioritisation router mounted under ``/api/v1/`` (whether or not the project's API has
been given it yet)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI

from veivalg.api import errors
from veivalg.api.api import JsonParser
from veivalg.api.auth import AUTH
from veivalg.prioritization.api import router

api = NinjaAPI(
    title="Veivalg API (prioritering, test)",
    version="test-prioritization",
    auth=AUTH,
    urls_namespace="prioritization-test-api",
    parser=JsonParser(),
)
errors.install(api)
api.add_router("/", router)

urlpatterns: list[URLPattern | URLResolver] = [path("api/v1/", api.urls)]
