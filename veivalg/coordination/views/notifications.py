"""Varsler: the signed-in person's notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.coordination import selectors, services


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = selectors.notifications_of(request.user)
    return render(
        request,
        "coordination/notifications.html",
        {
            "items": [(n, selectors.notification_url(n)) for n in items],
            "unread": sum(1 for n in items if n.read_at is None),
        },
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one (``id``) or all of one's own notifications as read."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    count = services.notifications_mark_read(actor=request.user, ids=ids)
    if ids is None:
        messages.success(request, _("Alle varsler er merket som lest."))
    elif count:
        messages.success(request, _("Varselet er merket som lest."))
    return redirect("coordination:notifications")
