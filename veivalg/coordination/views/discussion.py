"""The discussion on an initiative: for those with a role on it, with @mentions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.coordination import selectors, services
from veivalg.core.errors import DomainError, ValidationFailed
from veivalg.initiatives.models import Initiative
from veivalg.web.access import _initiative_for_user

NOT_A_PARTICIPANT = gettext_lazy(
    "Diskusjonen er for dem som har en rolle på initiativet: eieren, direktøren, "
    "porteføljeforvalterne, porteføljekontoret, styret og prosjektrollene."
)


def discussion_context(
    request: HttpRequest, initiative: Initiative, *, error: str = "", body: str = ""
) -> dict[str, Any]:
    """What ``coordination/partials/discussion.html`` needs."""
    return {
        "initiative": initiative,
        "posts": list(selectors.discussion_of(initiative)),
        "participants": selectors.people_on_initiative(initiative),
        "discussion_error": error,
        "discussion_body": body,
    }


@login_required
def discussion(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the discussion as a page. POST: a new post (htmx swaps only the thread)."""
    initiative = _initiative_for_user(request, pk)
    if not selectors.can_discuss(request.user, initiative):
        raise PermissionDenied(str(NOT_A_PARTICIPANT))
    error = body = ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.discussion_post(actor=request.user, initiative=initiative, body=body)
        except ValidationFailed as exc:
            error = " ".join(m for msgs in exc.errors.values() for m in msgs)
        except DomainError as exc:
            error = exc.message
        if request.htmx:
            context = discussion_context(
                request, initiative, error=error, body=body if error else ""
            )
            context["discussion_posted"] = not error
            return render(request, "coordination/partials/discussion.html", context)
        if not error:
            messages.success(request, _("Innlegget er publisert."))
            return redirect(reverse("coordination:discussion", args=[pk]) + "#diskusjon")
    return render(
        request,
        "coordination/discussion.html",
        discussion_context(request, initiative, error=error, body=body if error else ""),
        status=422 if error else 200,
    )
