"""One initiative: register, edit, read, take workflow actions, comment, name project roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veivalg.core.errors import DomainError, InvalidTransition, NotAllowed, ValidationFailed
from veivalg.initiatives import selectors, services
from veivalg.initiatives.models import Initiative, State
from veivalg.initiatives.workflow import ACTIONS, Action, allowed_actions, check_action
from veivalg.org.models import RoleAssignment
from veivalg.org.roles import roles_of
from veivalg.web.access import _initiative_for_user, safe_next
from veivalg.web.forms import (
    COST_ROWS_MAX,
    AssignRoleForm,
    InitiativeForm,
    apply_service_errors,
    cost_formset,
    cost_initial,
    cost_rows,
)
from veivalg.web.templatetags.veivalg import first_input_id

# --- register and edit ------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary: the message and the id of the field it belongs to."""

    text: str
    target: str = ""


# A formset row's errors: form-wide, then one field's.
COST_ROW_ERRORS = (
    gettext_lazy("Kostnader, rad %(row)s: %(message)s"),
    gettext_lazy("Kostnader, rad %(row)s, %(field)s: %(message)s"),
)


def error_summary(
    form: forms.Form,
    formset: forms.BaseFormSet | None = None,
    *,
    row_errors: tuple[str, str] = COST_ROW_ERRORS,
) -> list[SummaryError]:
    """Every error with a link to its field: form-wide errors first, then fields, then rows."""
    items = [SummaryError(str(message)) for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        for message in bound.errors:
            items.append(SummaryError(f"{bound.label}: {message}", first_input_id(bound)))
    if formset is not None:
        items.extend(SummaryError(str(message)) for message in formset.non_form_errors())
        items.extend(year_row_errors(formset, row_errors))
    return items


def year_row_errors(formset: forms.BaseFormSet, row_errors: tuple[str, str]) -> list[SummaryError]:
    """The errors of each row of a per-year formset, numbered from 1: form-wide ones linked
    to the row's year, field ones to their field."""
    items: list[SummaryError] = []
    for index, row in enumerate(formset.forms, start=1):
        for message in row.non_field_errors():
            items.append(
                SummaryError(
                    row_errors[0] % {"row": index, "message": message},
                    row["year"].auto_id,
                )
            )
        for name in row.fields:
            for message in row[name].errors:
                items.append(
                    SummaryError(
                        row_errors[1]
                        % {"row": index, "field": row[name].label, "message": message},
                        row[name].auto_id,
                    )
                )
    return items


def _render_form(
    request: HttpRequest,
    form: InitiativeForm,
    formset: forms.BaseFormSet,
    *,
    initiative: Initiative | None,
    status: int = 200,
    focus_row: int | None = None,
) -> HttpResponse:
    errors = error_summary(form, formset) if form.is_bound and status != 200 else []
    return render(
        request,
        "web/initiative_form.html",
        {
            "form": form,
            "formset": formset,
            "initiative": initiative,
            "errors": errors,
            "focus_row": focus_row,
            "can_add_row": len(formset.forms) < COST_ROWS_MAX,
        },
        status=status,
    )


def _save(
    request: HttpRequest, initiative: Initiative | None
) -> tuple[Initiative | None, HttpResponse | None]:
    """Parse the POST, call the service; return the saved initiative or the page to show."""
    form = InitiativeForm(request.POST)
    adding_row = "add_cost_row" in request.POST
    formset = cost_formset(request.POST, add_row=adding_row)
    if adding_row:
        # "Legg til år" without JavaScript: show one more row, keep what was typed, save nothing.
        return None, _render_form(
            request, form, formset, initiative=initiative, focus_row=len(formset.forms) - 1
        )
    if not (form.is_valid() and formset.is_valid()):
        return None, _render_form(request, form, formset, initiative=initiative, status=422)
    data = form.service_data()
    data["costs"], form_indexes = cost_rows(formset)
    try:
        if initiative is None:
            saved = services.initiative_create(actor=request.user, data=data)
        else:
            saved = services.initiative_update(actor=request.user, initiative=initiative, data=data)
    except ValidationFailed as exc:
        apply_service_errors(form, exc, formset=formset, form_indexes=form_indexes)
        return None, _render_form(request, form, formset, initiative=initiative, status=422)
    except (NotAllowed, InvalidTransition) as exc:
        messages.error(request, exc.message)
        return None, _render_form(request, form, formset, initiative=initiative, status=exc.status)
    return saved, None


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        saved, page = _save(request, None)
        if page is not None:
            return page
        assert saved is not None
        messages.success(
            request,
            _(
                "Initiativet «%(title)s» er registrert som utkast. Send det til direktøren "
                "når det er klart."
            )
            % {"title": saved.title},
        )
        return redirect("web:initiative", pk=saved.pk)
    form = InitiativeForm(initial={"unit": request.user.unit_id, "work_type": "development"})
    return _render_form(request, form, cost_formset(), initiative=None)


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    try:
        services.check_edit(request.user, initiative)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    if request.method == "POST":
        saved, page = _save(request, initiative)
        if page is not None:
            return page
        assert saved is not None
        messages.success(request, _("Endringene er lagret."))
        return redirect("web:initiative", pk=saved.pk)
    form = InitiativeForm(initial=InitiativeForm.initial_from(initiative))
    formset = cost_formset(initial=cost_initial(initiative))
    return _render_form(request, form, formset, initiative=initiative)


# --- the initiative page ------------------------------------------------------------------


@dataclass(frozen=True)
class OtherStep:
    """Actions possible in this state that the viewer cannot take, and why (grouped by reason)."""

    labels: list[str]
    reason: str
    blocked_by_rule: bool  # refused by a content rule (e.g. politically mandated), not by role


def _other_steps(request: HttpRequest, initiative: Initiative, mine: set[str]) -> list[OtherStep]:
    groups: dict[tuple[str, bool], list[str]] = {}
    for action in ACTIONS.values():
        if initiative.state not in action.sources or action.name in mine:
            continue
        if action.name == "merge_into":
            continue  # possible from every open state; shown only to the office as an action
        try:
            check_action(request.user, initiative, action.name)
        except InvalidTransition as exc:
            groups.setdefault((exc.message, True), []).append(str(action.label))
        except NotAllowed:
            groups.setdefault((str(action.who_text), False), []).append(str(action.label))
    return [OtherStep(labels, reason, rule) for (reason, rule), labels in groups.items()]


def _action_form(
    action: Action, failed_action: str, errors: dict[str, list[str]], request: HttpRequest
) -> dict[str, Any]:
    """What the template needs for one action's form; a failed one keeps what was typed."""
    failed = action.name == failed_action
    return {
        "action": action,
        "failed": failed,
        "comment": request.POST.get("comment", "") if failed else "",
        "target": request.POST.get("target", "") if failed else "",
        "comment_errors": errors.get("comment", []) if failed else [],
        "target_errors": errors.get("target", []) if failed else [],
    }


def _render_detail(
    request: HttpRequest,
    initiative: Initiative,
    *,
    status: int = 200,
    error: str = "",
    failed_action: str = "",
    action_errors: dict[str, list[str]] | None = None,
    comment_error: str = "",
    comment_body: str = "",
    role_form: AssignRoleForm | None = None,
) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    actions = allowed_actions(user, initiative)
    costs = list(initiative.costs.all())
    totals = {
        "investment": sum(int(c.investment) for c in costs),
        "operating": sum(int(c.operating) for c in costs),
    }
    totals["total"] = totals["investment"] + totals["operating"]
    absorbed = (
        selectors.visible_initiatives(user).filter(merged_into=initiative).order_by("pk")
        if initiative.pk
        else []
    )
    context: dict[str, Any] = {
        "initiative": initiative,
        "costs": costs,
        "totals": totals,
        "goals": list(initiative.goals.all()),
        "contributing": list(initiative.contributing_portfolios.all()),
        "history": selectors.history(initiative),
        "comments": selectors.comments(initiative),
        "action_forms": [
            _action_form(action, failed_action, action_errors or {}, request) for action in actions
        ],
        "other_steps": _other_steps(request, initiative, {a.name for a in actions}),
        "can_edit": services.can_edit(user, initiative),
        "absorbed": list(absorbed),
        "project_roles": RoleAssignment.objects.filter(initiative=initiative)
        .select_related("user")
        .order_by("role", "user__first_name"),
        "is_office": roles.portfolio_office,
        "role_form": role_form or (AssignRoleForm() if roles.portfolio_office else None),
        "error": error,
        "failed_action": failed_action,
        "action_errors": action_errors or {},
        "comment_error": comment_error,
        "comment_body": comment_body,
    }
    return render(request, "web/initiative_detail.html", context, status=status)


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _initiative_for_user(request, pk))


@login_required
@require_POST
def initiative_action(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    name = request.POST.get("action", "")
    try:
        updated = services.initiative_perform_action(
            actor=request.user,
            initiative=initiative,
            action=name,
            comment=request.POST.get("comment", ""),
            target=request.POST.get("target", "").strip().lstrip("#") or None,
        )
    except ValidationFailed as exc:
        # The service rolled back and worked on its own copy: ``initiative`` is unchanged.
        field_errors = {k: v for k, v in exc.errors.items() if k in ("comment", "target")}
        other = [m for k, msgs in exc.errors.items() if k not in field_errors for m in msgs]
        return _render_detail(
            request,
            initiative,
            status=exc.status,
            error=" ".join(other) or _("Handlingen ble ikke utført. Rett feilen under."),
            failed_action=name,
            action_errors=field_errors,
        )
    except DomainError as exc:
        # Refused (403 for roles, 409 for state and content rules): say why, change nothing.
        return _render_detail(
            request, initiative, status=exc.status, error=exc.message, failed_action=name
        )
    messages.success(
        request,
        _("«%(action)s» er utført. Status er nå «%(state)s».")
        % {"action": ACTIONS[name].label, "state": State(updated.state).label},
    )
    return redirect(safe_next(request, reverse("web:initiative", args=[updated.pk])))


@login_required
@require_POST
def initiative_comment(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    body = request.POST.get("body", "")
    error = ""
    try:
        services.initiative_comment(actor=request.user, initiative=initiative, body=body)
    except ValidationFailed as exc:
        error = " ".join(msg for msgs in exc.errors.values() for msg in msgs)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        # htmx swaps only the thread; a failed post keeps the text so nothing is lost.
        return render(
            request,
            "web/partials/comments.html",
            {
                "initiative": initiative,
                "comments": selectors.comments(initiative),
                "comment_error": error,
                "comment_body": body if error else "",
                "comment_posted": not error,
            },
        )
    if error:
        return _render_detail(
            request, initiative, status=422, comment_error=error, comment_body=body
        )
    messages.success(request, _("Kommentaren er publisert."))
    return redirect(reverse("web:initiative", args=[initiative.pk]) + "#kommentarer")


@login_required
@require_POST
def initiative_assign_role(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for_user(request, pk)
    form = AssignRoleForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, initiative, status=422, role_form=form)
    try:
        services.initiative_assign_role(
            actor=request.user,
            initiative=initiative,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )
    except ValidationFailed as exc:
        apply_service_errors(form, exc)
        return _render_detail(request, initiative, status=422, role_form=form)
    except DomainError as exc:
        return _render_detail(request, initiative, status=exc.status, error=exc.message)
    role_label = dict(form.fields["role"].choices)[form.cleaned_data["role"]]
    messages.success(
        request,
        _("%(person)s er nå %(role)s for initiativet.")
        % {"person": form.cleaned_data["user"].display_name, "role": str(role_label).lower()},
    )
    return redirect("web:initiative", pk=initiative.pk)
