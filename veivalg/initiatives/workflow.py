"""The initiative's life: which action leads from which state to which, and who may take it.

The table mirrors the domain handbook. ``check_action`` is the single place that decides
whether an action is allowed; the service performs it, and the UI and API only show or call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from veivalg.initiatives.models import OPEN_STATES, Initiative, State, WorkType
from veivalg.org.models import Board
from veivalg.org.roles import Roles, roles_of

if TYPE_CHECKING:
    from veivalg.org.models import User


def default_board_id() -> int | None:
    return Board.objects.filter(slug=Board.DEFAULT_SLUG).values_list("id", flat=True).first()


def board_id_of(initiative: Initiative) -> int | None:
    """The board the initiative is routed to (the default board until routing says otherwise)."""
    return initiative.board_id or default_board_id()


# --- who ---------------------------------------------------------------------------------


def _is_owner(user: User, roles: Roles, i: Initiative) -> bool:
    return i.owner_id == user.pk


def _is_director(user: User, roles: Roles, i: Initiative) -> bool:
    return i.unit.directorate_id in roles.directorates


def _is_office(user: User, roles: Roles, i: Initiative) -> bool:
    return roles.portfolio_office


def _is_board_member(user: User, roles: Roles, i: Initiative) -> bool:
    return board_id_of(i) in roles.boards


def _is_project_owner(user: User, roles: Roles, i: Initiative) -> bool:
    return roles.on_initiative("project_owner", i.pk)


def _is_benefit_owner_or_office(user: User, roles: Roles, i: Initiative) -> bool:
    return roles.portfolio_office or roles.on_initiative("benefit_owner", i.pk)


def _returner(user: User, roles: Roles, i: Initiative) -> bool:
    if i.state == State.SUBMITTED:
        return _is_director(user, roles, i)
    return _is_office(user, roles, i)


@dataclass(frozen=True)
class Action:
    name: str
    label: Any  # lazy translation
    sources: frozenset[str]
    target: str
    who: Callable[[User, Roles, Initiative], bool]
    who_text: Any
    comment_required: bool = False
    # refused for politically mandated initiatives (principle 4)
    refused_when_mandated: bool = False
    # style hint for buttons: primary, secondary or danger
    tone: str = "secondary"


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "submit",
            gettext_lazy("Send til direktør"),
            frozenset({State.DRAFT}),
            State.SUBMITTED,
            _is_owner,
            gettext_lazy("initiativets eier"),
            tone="primary",
        ),
        Action(
            "withdraw",
            gettext_lazy("Trekk tilbake"),
            frozenset({State.DRAFT}),
            State.WITHDRAWN,
            _is_owner,
            gettext_lazy("initiativets eier"),
            tone="danger",
        ),
        Action(
            "endorse",
            gettext_lazy("Godkjenn (direktør)"),
            frozenset({State.SUBMITTED}),
            State.ENDORSED,
            _is_director,
            gettext_lazy("direktøren for den forslagsstillende virksomhetens direktørområde"),
            tone="primary",
        ),
        Action(
            "return",
            gettext_lazy("Send tilbake"),
            frozenset({State.SUBMITTED, State.IN_ANALYSIS}),
            State.DRAFT,
            _returner,
            gettext_lazy("direktøren (når sendt inn) eller porteføljekontoret (under analyse)"),
            comment_required=True,
        ),
        Action(
            "start_analysis",
            gettext_lazy("Start analyse"),
            frozenset({State.ENDORSED}),
            State.IN_ANALYSIS,
            _is_office,
            gettext_lazy("porteføljekontoret"),
            tone="primary",
        ),
        Action(
            "send_to_board",
            gettext_lazy("Send til styret"),
            frozenset({State.IN_ANALYSIS}),
            State.READY_FOR_DECISION,
            _is_office,
            gettext_lazy("porteføljekontoret"),
            tone="primary",
        ),
        Action(
            "approve",
            gettext_lazy("Vedta"),
            frozenset({State.READY_FOR_DECISION}),
            State.APPROVED,
            _is_board_member,
            gettext_lazy("et medlem av styret initiativet er rutet til"),
            tone="primary",
        ),
        Action(
            "defer",
            gettext_lazy("Utsett"),
            frozenset({State.READY_FOR_DECISION}),
            State.DEFERRED,
            _is_board_member,
            gettext_lazy("et medlem av styret initiativet er rutet til"),
            refused_when_mandated=True,
        ),
        Action(
            "reject",
            gettext_lazy("Avslå"),
            frozenset({State.READY_FOR_DECISION}),
            State.REJECTED,
            _is_board_member,
            gettext_lazy("et medlem av styret initiativet er rutet til"),
            refused_when_mandated=True,
            tone="danger",
        ),
        Action(
            "resume",
            gettext_lazy("Ta opp igjen"),
            frozenset({State.DEFERRED}),
            State.READY_FOR_DECISION,
            _is_office,
            gettext_lazy("porteføljekontoret"),
        ),
        Action(
            "start",
            gettext_lazy("Start gjennomføring"),
            frozenset({State.APPROVED}),
            State.IN_PROGRESS,
            _is_project_owner,
            gettext_lazy("prosjekteieren"),
            tone="primary",
        ),
        Action(
            "complete",
            gettext_lazy("Fullfør prosjektet"),
            frozenset({State.IN_PROGRESS}),
            State.REALISING_BENEFITS,
            _is_project_owner,
            gettext_lazy("prosjekteieren"),
            tone="primary",
        ),
        Action(
            "stop",
            gettext_lazy("Stopp"),
            frozenset({State.IN_PROGRESS}),
            State.STOPPED,
            _is_board_member,
            gettext_lazy("et medlem av styret initiativet er rutet til"),
            refused_when_mandated=True,
            tone="danger",
        ),
        Action(
            "close",
            gettext_lazy("Avslutt"),
            frozenset({State.REALISING_BENEFITS}),
            State.CLOSED,
            _is_benefit_owner_or_office,
            gettext_lazy("gevinsteieren eller porteføljekontoret"),
        ),
        Action(
            "merge_into",
            gettext_lazy("Slå sammen med et annet initiativ"),
            OPEN_STATES,
            State.MERGED,
            _is_office,
            gettext_lazy("porteføljekontoret"),
        ),
    ]
}


def get_action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise ValidationFailed(
            {"action": [_("Ukjent handling «%(name)s».") % {"name": name}]}
        ) from None


def _preconditions(action: Action, initiative: Initiative) -> None:
    """Rules about the initiative's content, checked after state and role."""
    if action.refused_when_mandated and initiative.politically_mandated:
        raise InvalidTransition(
            _(
                "Initiativet er politisk vedtatt (%(ref)s) og kan ikke utsettes, avslås eller "
                "stoppes av et porteføljestyre."
            )
            % {"ref": initiative.political_reference},
            code="politically_mandated",
        )
    if action.name == "send_to_board":
        if initiative.work_type != WorkType.DEVELOPMENT:
            raise InvalidTransition(
                _(
                    "Drifts- og forvaltningsinitiativer registreres for kapasitet, men går "
                    "ikke til porteføljestyret."
                ),
                code="not_development",
            )
        if initiative.portfolio.out_of_scope:
            raise InvalidTransition(
                _("Porteføljen «%(p)s» styres ikke gjennom porteføljestyret.")
                % {"p": initiative.portfolio.name},
                code="portfolio_out_of_scope",
            )
        if not initiative.costs.exists():
            raise InvalidTransition(
                _("Initiativet må ha et kostnadsestimat før det sendes til styret."),
                code="missing_cost_estimate",
            )
        from veivalg.benefits.selectors import has_measurable_benefit

        if not has_measurable_benefit(initiative):
            raise InvalidTransition(
                _(
                    "Initiativet må ha minst én gevinst med indikator (nullpunkt og mål) før "
                    "det sendes til styret."
                ),
                code="missing_benefit",
            )


def check_action(user: User, initiative: Initiative, name: str) -> Action:
    """Raise the reason why ``user`` may not take action ``name`` now; return the action."""
    action = get_action(name)
    if initiative.state not in action.sources:
        raise InvalidTransition(
            _("«%(action)s» er ikke mulig når initiativet har status «%(state)s».")
            % {"action": action.label, "state": State(initiative.state).label},
            code="wrong_state",
        )
    roles = roles_of(user)
    if not action.who(user, roles, initiative):
        raise NotAllowed(
            _("Bare %(who)s kan utføre «%(action)s».")
            % {"who": action.who_text, "action": action.label}
        )
    _preconditions(action, initiative)
    return action


def allowed_actions(user: User, initiative: Initiative) -> list[Action]:
    """The actions ``user`` may take on ``initiative`` now (content rules included)."""
    allowed = []
    for action in ACTIONS.values():
        try:
            check_action(user, initiative, action.name)
        except (InvalidTransition, NotAllowed):
            continue
        allowed.append(action)
    return allowed
