"""What the capacity views share: the error summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms

from veivalg.web.templatetags.veivalg import first_input_id
from veivalg.web.views.initiatives import SummaryError


def error_summary(
    forms_: Iterable[forms.Form],
    *,
    formset: forms.BaseFormSet | None = None,
    row_name: Callable[[int, forms.Form], str] | None = None,
    loose: Iterable[str] = (),
) -> list[SummaryError]:
    """Every error with a link to its field: loose and form-wide errors first, then fields,
    then the rows of ``formset`` (named by ``row_name``)."""
    items = [SummaryError(str(message)) for message in loose]
    for form in forms_:
        items.extend(SummaryError(str(message)) for message in form.non_field_errors())
        for name in form.fields:
            bound = form[name]
            for message in bound.errors:
                items.append(SummaryError(f"{bound.label}: {message}", first_input_id(bound)))
    if formset is not None:
        items.extend(SummaryError(str(message)) for message in formset.non_form_errors())
        for index, row in enumerate(formset.forms):
            name = row_name(index, row) if row_name else str(index + 1)
            visible = [f for f in row.fields if not row[f].is_hidden]
            for message in row.non_field_errors():
                target = row[visible[0]].auto_id if visible else ""
                items.append(SummaryError(f"{name}: {message}", target))
            for field in row.fields:
                bound = row[field]
                for message in bound.errors:
                    items.append(
                        SummaryError(
                            f"{name}, {str(bound.label).lower()}: {message}",
                            "" if bound.is_hidden else bound.auto_id,
                        )
                    )
    return items
