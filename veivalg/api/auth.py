"""Who is calling: a bearer token (scripts) or the Django session (the browser).

The bearer token is tried first. A request that names a bearer token that does not resolve is
refused (401), never silently treated as anonymous or as the session user. Session requests
that change something must carry the CSRF token; bearer requests never need it, because a
browser does not send the ``Authorization`` header on its own.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from veivalg.api.errors import CsrfFailed, InvalidToken
from veivalg.org.models import User
from veivalg.org.services import api_token_user

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BearerToken(HttpBearer):
    """``Authorization: Bearer vv_…`` — an API token created with ``create_api_token``."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_user(token.strip())
        if user is None:
            raise InvalidToken()
        # Code further down (audit, roles) sees the token's user as the request's user.
        request.user = user
        return user


class Session(APIKeyCookie):
    """The signed-in browser user. Unsafe methods require a valid CSRF token."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Unlike ninja's SessionAuth, the CSRF check happens only once a session user is
        # known, so that an anonymous request gets 401 rather than a CSRF 403.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed()
        return user


bearer_token = BearerToken()
session = Session()

# Tried in this order; the first that returns a user wins.
AUTH = [bearer_token, session]


def caller(request: HttpRequest) -> User:
    """The authenticated user of an API request."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
