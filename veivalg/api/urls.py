"""URLs under ``/api/v1/``: the API, and a problem+json 404 for every other path below it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path

from veivalg.api.api import api
from veivalg.api.errors import not_found


def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    return not_found(request)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_path),
]
