"""What the coordination views share: access checks and the error summary."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from veivalg.org.roles import roles_of
from veivalg.web.templatetags.veivalg import first_input_id
from veivalg.web.views.initiatives import SummaryError


def require_office(request: HttpRequest, message: str) -> None:
    """Refuse (403) whoever is not the portfolio office before any input is parsed.

    The services refuse them too; this makes a refused POST a 403 whatever it contains.
    """
    if not roles_of(request.user).portfolio_office:
        raise PermissionDenied(message)


def form_errors(form: forms.Form) -> list[SummaryError]:
    """The error summary's lines for ``form``: form-wide errors first, then each field's."""
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for message in bound.errors:
            items.append(SummaryError(f"{bound.label}: {message}", first_input_id(bound)))
    return items


def is_office(request: HttpRequest) -> bool:
    return roles_of(request.user).portfolio_office
