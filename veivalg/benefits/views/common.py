"""What the benefits views share: access, the error summary, and filters from the query."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from veivalg.benefits import selectors
from veivalg.benefits.models import Benefit
from veivalg.core.errors import NotFound
from veivalg.web.templatetags.veivalg import first_input_id
from veivalg.web.views.initiatives import SummaryError


def benefit_for_request(request: HttpRequest, pk: object) -> Benefit:
    """The benefit if the user may see its initiative; a 404 page when missing or hidden."""
    try:
        return selectors.benefit_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def error_summary(form: forms.Form, formset: forms.BaseFormSet | None = None) -> list[SummaryError]:
    """Every error with a link to its field: form-wide errors first, then fields, then rows."""
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for message in bound.errors:
            items.append(SummaryError(f"{bound.label}: {message}", first_input_id(bound)))
    if formset is not None:
        items.extend(SummaryError(str(message)) for message in formset.non_form_errors())
        for index, row in enumerate(formset.forms, start=1):
            for message in row.non_field_errors():
                items.append(
                    SummaryError(
                        _("Gevinstplan, rad %(row)s: %(message)s")
                        % {"row": index, "message": message},
                        row["year"].auto_id,
                    )
                )
            for name in row.fields:
                for message in row[name].errors:
                    items.append(
                        SummaryError(
                            _("Gevinstplan, rad %(row)s, %(field)s: %(message)s")
                            % {"row": index, "field": row[name].label, "message": message},
                            row[name].auto_id,
                        )
                    )
    return items


def wants_fragment(request: HttpRequest, target: str) -> bool:
    """htmx asked for the part with id ``target`` only (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target
