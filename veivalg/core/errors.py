"""Domain errors. Views turn them into messages, the API into problem+json."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a business rule refused something. ``status`` is the HTTP status to use."""

    status = 400
    title = "Forespørselen ble avvist"

    def __init__(self, message: str, *, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).__name__


class NotAllowed(DomainError):
    """The user's roles do not allow this (403)."""

    status = 403
    title = "Ikke tillatt"


class NotFound(DomainError):
    """It does not exist, or it is hidden from this user (404)."""

    status = 404
    title = "Finnes ikke"


class InvalidTransition(DomainError):
    """The object's state does not allow this action (409)."""

    status = 409
    title = "Ikke mulig i denne tilstanden"


class ValidationFailed(DomainError):
    """Input is invalid. ``errors`` maps a field name to its messages (422)."""

    status = 422
    title = "Ugyldige data"

    def __init__(self, errors: dict[str, list[str]] | str, *, message: str = "") -> None:
        if isinstance(errors, str):
            errors = {"__all__": [errors]}
        self.errors = errors
        if not message:
            parts = [f"{field}: {'; '.join(msgs)}" for field, msgs in errors.items()]
            message = " | ".join(parts)
        super().__init__(message)
