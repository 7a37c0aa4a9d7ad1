"""Every API error is an RFC 7807 problem: ``application/problem+json``.

A problem body has ``type`` (a stable URI, ``https://veivalg.no/problems/<kind>``), ``title``,
``status``, ``detail`` and ``code`` (an extension member: the domain error's code, such as
``politically_mandated`` or ``wrong_state``). A 422 also carries ``errors``: a list of
``{"field", "message"}`` with the field path as the service names it (``costs[0].year``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from veivalg.core.errors import DomainError, ValidationFailed

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("veivalg.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://veivalg.no/problems/"
AUTH_REALM = "Veivalg"


class CsrfFailed(HttpError):
    """A session-authenticated request that changes something came without a valid CSRF token."""

    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class InvalidToken(AuthenticationError):
    """A bearer token was given, but it is unknown, revoked or belongs to an inactive user."""


def problem_type(kind: str) -> str:
    return PROBLEM_BASE + kind


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem_response(
    *,
    status: int,
    kind: str,
    title: str,
    detail: str,
    code: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": problem_type(kind),
        "title": title,
        "status": status,
        "detail": detail,
        "code": code or kind,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _validation_problem(errors: list[dict[str, Any]]) -> HttpResponse:
    fields = [e["field"] for e in errors if e["field"]]
    unique = list(dict.fromkeys(fields))
    if unique:
        detail = _("Kontroller disse feltene: %(fields)s.") % {"fields": ", ".join(unique)}
    else:
        detail = _("Forespørselen inneholder ugyldige data.")
    return problem_response(
        status=422,
        kind="validation-failed",
        title=ValidationFailed.title,
        detail=detail,
        code="validation_failed",
        errors=errors,
    )


def field_errors(errors: Mapping[str, Iterable[str]]) -> list[dict[str, Any]]:
    """The service's ``{field: [messages]}`` as the problem's ``errors`` list."""
    return [
        {"field": None if name == "__all__" else name, "message": str(message)}
        for name, messages in errors.items()
        for message in messages
    ]


def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, ValidationFailed):
        return _validation_problem(field_errors(exc.errors))
    return problem_response(
        status=exc.status,
        kind=_kebab(type(exc).__name__),
        title=str(exc.title),
        detail=str(exc.message),
        code=exc.code,
    )


# --- ninja's request validation -----------------------------------------------------------

# The name of the body parameter of every operation (it is not part of the field path).
BODY_PARAM = "payload"


def field_path(loc: Iterable[Any]) -> str:
    """``("body", "payload", "costs", 0, "year")`` → ``costs[0].year``."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        source = parts.pop(0)
        if source == "body" and parts and parts[0] == BODY_PARAM:
            parts.pop(0)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Feltet er påkrevd.")
    if kind == "extra_forbidden":
        return _("Ukjent felt.")
    if kind.startswith("int_"):
        return _("Må være et heltall.")
    if kind.startswith("float_") or kind.startswith("decimal_"):
        return _("Må være et tall.")
    if kind.startswith("bool_"):
        return _("Må være true eller false.")
    if kind.startswith("string_too_long"):
        return _("Teksten er for lang (høyst %(max)s tegn).") % {"max": ctx.get("max_length")}
    if kind.startswith("string_"):
        return _("Må være tekst.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Må være en liste.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("Må være et objekt.")
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Må være en av: %(expected)s.") % {"expected": expected}
    if kind == "greater_than_equal":
        return _("Må være minst %(limit)s.") % {"limit": ctx.get("ge")}
    if kind == "greater_than":
        return _("Må være større enn %(limit)s.") % {"limit": ctx.get("gt")}
    if kind == "less_than_equal":
        return _("Kan være høyst %(limit)s.") % {"limit": ctx.get("le")}
    if kind == "less_than":
        return _("Må være mindre enn %(limit)s.") % {"limit": ctx.get("lt")}
    if kind.startswith("datetime_") or kind.startswith("date_"):
        return _("Må være en dato.")
    return _("Ugyldig verdi.")


def request_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": field_path(e.get("loc", ())), "message": _message(e)} for e in exc.errors]
    return _validation_problem(errors)


# --- authentication and other HTTP errors ------------------------------------------------


def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if isinstance(exc, InvalidToken):
        detail = _("API-nøkkelen er ugyldig, trukket tilbake eller tilhører en deaktivert bruker.")
        challenge = f'Bearer realm="{AUTH_REALM}", error="invalid_token"'
    else:
        detail = _(
            "Logg inn, eller send en API-nøkkel i headeren «Authorization: Bearer <nøkkel>»."
        )
        challenge = f'Bearer realm="{AUTH_REALM}"'
    return problem_response(
        status=401,
        kind="unauthenticated",
        title=_("Ikke innlogget"),
        detail=detail,
        code="invalid_token" if isinstance(exc, InvalidToken) else "unauthenticated",
        headers={"WWW-Authenticate": challenge},
    )


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return authentication_error(request, exc)
    if isinstance(exc, CsrfFailed):
        return problem_response(
            status=403,
            kind="csrf-failed",
            title=_("Ikke tillatt"),
            detail=_(
                "CSRF-kontrollen feilet. Send CSRF-nøkkelen i headeren «X-CSRFToken», "
                "eller bruk en API-nøkkel."
            ),
            code="csrf_failed",
        )
    status = exc.status_code
    if status == 400:
        title = _("Ugyldig forespørsel")
        detail = _("Innholdet i forespørselen kunne ikke leses. Send gyldig JSON.")
    elif status == 403:
        title, detail = _("Ikke tillatt"), _("Du har ikke tilgang til dette.")
    elif status == 404:
        title, detail = _("Finnes ikke"), _("Ressursen finnes ikke.")
    elif status == 429:
        title, detail = _("For mange forespørsler"), _("Vent litt og prøv igjen.")
    else:
        title, detail = _("Forespørselen ble avvist"), str(exc)
    return problem_response(status=status, kind=f"http-{status}", title=title, detail=detail)


def not_found(request: HttpRequest, exc: Exception | None = None) -> HttpResponse:
    return problem_response(
        status=404,
        kind="not-found",
        title=_("Finnes ikke"),
        detail=_("Ressursen finnes ikke, eller du har ikke tilgang til den."),
        code="NotFound",
    )


def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(
        status=403,
        kind="not-allowed",
        title=_("Ikke tillatt"),
        detail=_("Du har ikke tilgang til dette."),
        code="NotAllowed",
    )


def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc  # show Django's debug page; never hide a bug while developing
    logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        status=500,
        kind="internal-error",
        title=_("Intern feil"),
        detail=_("Noe gikk galt hos oss. Feilen er logget."),
        code="internal_error",
    )


def install(api: NinjaAPI) -> None:
    """Register the problem+json handlers on ``api`` (the most specific class wins)."""
    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(NinjaValidationError, request_validation_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(Exception, unexpected_error)
