"""What the benefits views share: access, the error summary, and filters from the query."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy

from veivalg.benefits import selectors
from veivalg.benefits.models import Benefit
from veivalg.core.errors import NotFound
from veivalg.web.views.initiatives import SummaryError
from veivalg.web.views.initiatives import error_summary as web_error_summary


def benefit_for_request(request: HttpRequest, pk: object) -> Benefit:
    """The benefit if the user may see its initiative; a 404 page when missing or hidden."""
    try:
        return selectors.benefit_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


PLAN_ROW_ERRORS = (
    gettext_lazy("Gevinstplan, rad %(row)s: %(message)s"),
    gettext_lazy("Gevinstplan, rad %(row)s, %(field)s: %(message)s"),
)


def error_summary(form: forms.Form, formset: forms.BaseFormSet | None = None) -> list[SummaryError]:
    """The error summary, with the benefit plan's rows named as such."""
    return web_error_summary(form, formset, row_errors=PLAN_ROW_ERRORS)
