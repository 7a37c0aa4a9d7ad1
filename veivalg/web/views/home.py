"""Mitt arbeid: my initiatives and everything waiting for my action."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veivalg.initiatives import selectors

HOME_LIMIT = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = selectors.with_list_data(
        selectors.visible_initiatives(user).filter(owner=user)
    ).order_by("-updated_at", "-id")
    waiting = selectors.waiting_for(user)
    return render(
        request,
        "web/home.html",
        {
            "mine": list(mine[:HOME_LIMIT]),
            "mine_count": mine.count(),
            "waiting": list(waiting[:HOME_LIMIT]),
            "waiting_count": waiting.count(),
            "limit": HOME_LIMIT,
        },
    )
