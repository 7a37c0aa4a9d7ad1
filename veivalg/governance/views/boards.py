"""Boards: who sits where, the chair and the secretary, the meetings, and the routing rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veivalg.core.errors import DomainError, NotFound, ValidationFailed
from veivalg.governance import permissions, selectors, services
from veivalg.governance.forms import BoardProfileForm, MeetingForm, RoutingRuleForm, apply_errors
from veivalg.governance.models import RoutingRule
from veivalg.governance.views.common import not_found, require
from veivalg.org.models import Board
from veivalg.web.views.initiatives import error_summary


def _board(slug: str) -> Board:
    try:
        return selectors.board_by_slug(slug)
    except NotFound as exc:
        raise not_found(exc) from exc


@login_required
def boards(request: HttpRequest) -> HttpResponse:
    rows = []
    for board, depth in selectors.board_tree():
        profile = permissions.profile_of(board)
        rows.append(
            {
                "board": board,
                "depth": depth,
                "chair": profile.chair if profile else None,
                "secretary": profile.secretary if profile else None,
                "members": selectors.members_of(board),
                "next": selectors.upcoming_meetings(board).first(),
            }
        )
    return render(
        request,
        "governance/boards.html",
        {
            "rows": rows,
            "rules": list(selectors.routing_rules()),
            "upcoming": list(selectors.upcoming_meetings()[:10]),
            "can_configure": permissions.can_configure(request.user),
        },
    )


def _render_board(
    request: HttpRequest, board: Board, *, form: MeetingForm | None = None, status: int = 200
) -> HttpResponse:
    can_manage = permissions.can_manage_meetings(request.user, board)
    if can_manage and form is None:
        form = MeetingForm()
    profile = permissions.profile_of(board)
    return render(
        request,
        "governance/board_detail.html",
        {
            "board": board,
            "is_default": board.slug == Board.DEFAULT_SLUG,
            "children": list(board.children.order_by("name")),
            "chair": profile.chair if profile else None,
            "secretary": profile.secretary if profile else None,
            "members": selectors.members_of(board),
            "meetings": list(selectors.meetings_of(board)),
            "rules": [r for r in selectors.routing_rules() if r.board_id == board.pk],
            "can_manage": can_manage,
            "can_configure": permissions.can_configure(request.user),
            "form": form if can_manage else None,
            "errors": error_summary(form) if form is not None and form.is_bound else [],
        },
        status=status,
    )


@login_required
def board_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_board(request, _board(slug))


@login_required
@require_POST
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    board = _board(slug)
    require(
        permissions.can_manage_meetings(request.user, board),
        _("Bare porteføljekontoret og styrets sekretær kan planlegge møter."),
    )
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return _render_board(request, board, form=form, status=422)
    try:
        meeting = services.meeting_create(actor=request.user, board=board, data=form.cleaned_data)
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_board(request, board, form=form, status=422)
    messages.success(
        request,
        _("Møtet «%(title)s» er planlagt. Bygg sakslisten fra sakene som er klare.")
        % {"title": meeting.title},
    )
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
def board_edit(request: HttpRequest, slug: str) -> HttpResponse:
    board = _board(slug)
    require(
        permissions.can_configure(request.user),
        _("Bare porteføljekontoret kan endre styreleder og sekretær."),
    )
    members = selectors.members_of(board)
    profile = permissions.profile_of(board)
    status = 200
    if request.method == "POST":
        form = BoardProfileForm(request.POST, members=members)
        if form.is_valid():
            try:
                services.board_profile_update(
                    actor=request.user,
                    board=board,
                    chair=form.cleaned_data["chair"],
                    secretary=form.cleaned_data["secretary"],
                )
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Styreleder og sekretær er lagret."))
                return redirect("governance:board", slug=board.slug)
        status = 422
    else:
        form = BoardProfileForm(
            initial={
                "chair": profile.chair_id if profile else None,
                "secretary": profile.secretary_id if profile else None,
            },
            members=members,
        )
    return render(
        request,
        "governance/board_form.html",
        {
            "board": board,
            "form": form,
            "members": members,
            "errors": error_summary(form) if form.is_bound else [],
        },
        status=status,
    )


# --- routing rules ---------------------------------------------------------------------------


def _render_routing(
    request: HttpRequest, *, form: RoutingRuleForm | None = None, status: int = 200
) -> HttpResponse:
    can_configure = permissions.can_configure(request.user)
    if can_configure and form is None:
        form = RoutingRuleForm()
    context: dict[str, Any] = {
        "rules": list(selectors.routing_rules()),
        "default_board": Board.objects.filter(slug=Board.DEFAULT_SLUG).first(),
        "can_configure": can_configure,
        "form": form if can_configure else None,
        "errors": error_summary(form) if form is not None and form.is_bound else [],
    }
    return render(request, "governance/routing.html", context, status=status)


@login_required
def routing(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_routing(request)
    require(
        permissions.can_configure(request.user),
        _("Bare porteføljekontoret kan endre rutingsreglene."),
    )
    form = RoutingRuleForm(request.POST)
    if not form.is_valid():
        return _render_routing(request, form=form, status=422)
    try:
        services.routing_rule_create(actor=request.user, data=form.service_data())
    except ValidationFailed as exc:
        apply_errors(form, exc)
        return _render_routing(request, form=form, status=422)
    messages.success(
        request,
        _("Regelen er lagt til. Rut åpne initiativer på nytt for å bruke den på dem som finnes."),
    )
    return redirect("governance:routing")


@login_required
@require_POST
def routing_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(
        permissions.can_configure(request.user),
        _("Bare porteføljekontoret kan endre rutingsreglene."),
    )
    rule = get_object_or_404(RoutingRule.objects.select_related("board"), pk=pk)
    services.routing_rule_delete(actor=request.user, rule=rule)
    messages.success(request, _("Regelen er fjernet."))
    return redirect("governance:routing")


@login_required
@require_POST
def routing_apply(request: HttpRequest) -> HttpResponse:
    require(
        permissions.can_configure(request.user),
        _("Bare porteføljekontoret kan rute initiativer på nytt."),
    )
    try:
        changed = services.routing_apply_all(actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("governance:routing")
    messages.success(
        request,
        _("Åpne initiativer er rutet på nytt. %(count)s fikk et annet styre.") % {"count": changed},
    )
    return redirect("governance:routing")
