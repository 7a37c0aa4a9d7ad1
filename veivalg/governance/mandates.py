"""The sections of each kind of mandate, and a first draft filled from the data.

Project mandate (concept phase): background, purpose, constraints and dependencies, frame for
cost, time and resources, organisation, and the BP1 decision. Steering group mandate:
members, role, authority, meeting frequency, escalation. Program or product area mandate:
owner, goal picture, scope, authority to re-prioritise inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veivalg.core.money import format_kroner
from veivalg.governance.models import Decision, MandateKind
from veivalg.initiatives.models import Initiative
from veivalg.org.models import Board, RoleAssignment, User
from veivalg.strategy.models import Program


@dataclass(frozen=True)
class Section:
    key: str
    heading: Any  # lazy translation
    help: Any
    required: bool = False


SECTIONS: dict[str, tuple[Section, ...]] = {
    MandateKind.PROJECT: (
        Section(
            "background",
            gettext_lazy("Bakgrunn"),
            gettext_lazy("Hvilket behov eller problem er utgangspunktet?"),
            required=True,
        ),
        Section(
            "purpose",
            gettext_lazy("Formål og mål"),
            gettext_lazy("Hva skal prosjektet oppnå, og hvilke mål i kommuneplanen støtter det?"),
            required=True,
        ),
        Section(
            "constraints",
            gettext_lazy("Rammebetingelser og avhengigheter"),
            gettext_lazy("Politiske vedtak, andre initiativer det avhenger av, avgrensninger."),
        ),
        Section(
            "frame",
            gettext_lazy("Rammer for kostnad, tid og ressurser"),
            gettext_lazy("Kostnadsramme, tidsramme og hvilke ressurser prosjektet kan bruke."),
            required=True,
        ),
        Section(
            "organisation",
            gettext_lazy("Organisering"),
            gettext_lazy("Prosjekteier, prosjektleder, styringsgruppe og gevinsteier."),
        ),
        Section(
            "decision",
            gettext_lazy("Beslutning ved BP1"),
            gettext_lazy("Styrets vedtak som gir mandat for konseptfasen, med vilkår."),
        ),
    ),
    MandateKind.STEERING_GROUP: (
        Section(
            "members",
            gettext_lazy("Medlemmer"),
            gettext_lazy("Hvem sitter i styringsgruppen, og hvem leder den?"),
            required=True,
        ),
        Section(
            "role",
            gettext_lazy("Styringsgruppens rolle"),
            gettext_lazy("Hva styringsgruppen har ansvar for."),
        ),
        Section(
            "authority",
            gettext_lazy("Myndighet"),
            gettext_lazy("Hva styringsgruppen kan beslutte innenfor rammene."),
            required=True,
        ),
        Section(
            "frequency",
            gettext_lazy("Møtehyppighet"),
            gettext_lazy("Hvor ofte styringsgruppen møtes."),
        ),
        Section(
            "escalation",
            gettext_lazy("Eskalering"),
            gettext_lazy("Når og til hvem avvik utover rammene meldes."),
        ),
    ),
    MandateKind.PROGRAM: (
        Section(
            "owner",
            gettext_lazy("Eier"),
            gettext_lazy("Hvem eier programmet eller produktområdet?"),
            required=True,
        ),
        Section(
            "goals",
            gettext_lazy("Målbilde"),
            gettext_lazy("Hvor skal programmet eller produktområdet, og hvilke mål støtter det?"),
            required=True,
        ),
        Section(
            "scope",
            gettext_lazy("Omfang"),
            gettext_lazy("Hva hører med, og hva hører ikke med?"),
        ),
        Section(
            "authority",
            gettext_lazy("Myndighet til å omprioritere"),
            gettext_lazy("Hva eieren kan prioritere om innenfor programmet uten å gå til styret."),
        ),
    ),
}

SECTION_MAX_LENGTH = 20000


def sections_of(kind: str) -> tuple[Section, ...]:
    return SECTIONS[kind]


def title_for(kind: str, *, initiative: Initiative | None, program: Program | None) -> str:
    if kind == MandateKind.PROJECT and initiative is not None:
        return _("Prosjektmandat: %(title)s") % {"title": initiative.title}
    if kind == MandateKind.STEERING_GROUP and initiative is not None:
        return _("Mandat for styringsgruppen: %(title)s") % {"title": initiative.title}
    if program is not None:
        return _("Mandat for %(kind)s: %(name)s") % {
            "kind": program.get_kind_display().lower(),
            "name": program.name,
        }
    return _("Mandat")


def _people(usernames: list[str]) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [found[name] for name in usernames if name in found]


def _roles_on(initiative: Initiative) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for assignment in RoleAssignment.objects.filter(initiative=initiative).select_related("user"):
        roles.setdefault(assignment.role, []).append(assignment.user.display_name)
    return roles


def _frame_lines(decision: Decision | None) -> list[str]:
    frame = decision.frame if decision is not None else {}
    lines = []
    if frame.get("cost_ceiling") is not None:
        lines.append(
            _("Kostnadsramme: %(amount)s.") % {"amount": format_kroner(frame["cost_ceiling"])}
        )
    if frame.get("time_frame"):
        lines.append(_("Tidsramme: %(text)s") % {"text": frame["time_frame"]})
    return lines


def _decision_text(decision: Decision | None) -> str:
    if decision is None:
        return _("Styret har ikke fattet vedtak ved BP1 ennå.")
    when = formats.date_format(decision.decided_at, "DATE_FORMAT")
    if decision.meeting_id:
        text = _(
            "%(board)s vedtok %(date)s i møtet «%(meeting)s» å gi mandat for konseptfasen."
        ) % {
            "board": decision.board.name,
            "date": when,
            "meeting": decision.meeting.title,
        }
    else:
        text = _("%(board)s vedtok %(date)s per capsulam å gi mandat for konseptfasen.") % {
            "board": decision.board.name,
            "date": when,
        }
    if decision.comment:
        text += "\n" + decision.comment
    if decision.frame.get("conditions"):
        text += "\n" + _("Vilkår: %(text)s") % {"text": decision.frame["conditions"]}
    if decision.archive_reference:
        text += "\n" + _("Saksnummer: %(ref)s") % {"ref": decision.archive_reference}
    return text


def _dependency_lines(initiative: Initiative, user: Any) -> list[str]:
    from veivalg.prioritization.selectors import dependencies_of

    lines = []
    for dep in dependencies_of(user, initiative):
        outgoing = dep.from_initiative_id == initiative.pk
        other = dep.to_initiative if outgoing else dep.from_initiative
        lines.append(
            "– "
            + _("%(type)s: nr. %(number)s %(title)s")
            % {
                "type": dep.get_type_display().capitalize(),
                "number": other.pk,
                "title": other.title,
            }
        )
    return lines


def _project_content(
    initiative: Initiative, decision: Decision | None, user: Any
) -> dict[str, str]:
    goals = [g.name for g in initiative.goals.all()]
    purpose = initiative.summary
    if goals:
        purpose += "\n\n" + _("Initiativet skal bidra til disse målene:") + "\n"
        purpose += "\n".join(f"– {name}" for name in goals)
    constraints = []
    if initiative.politically_mandated:
        constraints.append(
            _("Initiativet er politisk vedtatt (%(ref)s).")
            % {"ref": initiative.political_reference}
        )
    contributing = [p.name for p in initiative.contributing_portfolios.all()]
    if contributing:
        constraints.append(
            _("Bidragende porteføljer: %(names)s.") % {"names": ", ".join(contributing)}
        )
    dependencies = _dependency_lines(initiative, user)
    if dependencies:
        constraints.append(_("Avhengigheter:") + "\n" + "\n".join(dependencies))
    costs = list(initiative.costs.all())
    frame = _frame_lines(decision)
    if costs:
        total = sum(c.total for c in costs)
        frame.append(
            _("Kostnadsestimat %(first)s–%(last)s: %(total)s (investering og drift).")
            % {"first": costs[0].year, "last": costs[-1].year, "total": format_kroner(total)}
        )
    roles = _roles_on(initiative)
    organisation = [
        _("Prosjekteier: %(names)s") % {"names": ", ".join(roles.get("project_owner", [])) or "–"},
        _("Prosjektleder: %(names)s")
        % {"names": ", ".join(roles.get("project_manager", [])) or "–"},
        _("Gevinsteier: %(names)s") % {"names": ", ".join(roles.get("benefit_owner", [])) or "–"},
    ]
    steering = _people(list((decision.frame if decision else {}).get("steering_group", [])))
    if steering:
        organisation.append(
            _("Styringsgruppe: %(names)s") % {"names": ", ".join(u.display_name for u in steering)}
        )
    organisation.append(_("Primær portefølje: %(name)s") % {"name": initiative.portfolio.name})
    return {
        "background": initiative.need,
        "purpose": purpose,
        "constraints": "\n\n".join(constraints),
        "frame": "\n".join(frame),
        "organisation": "\n".join(organisation),
        "decision": _decision_text(decision),
    }


def _steering_content(
    initiative: Initiative, decision: Decision | None, board: Board
) -> dict[str, str]:
    roles = _roles_on(initiative)
    owners = roles.get("project_owner", [])
    steering = _people(list((decision.frame if decision else {}).get("steering_group", [])))
    members = []
    if owners:
        members.append(_("Leder: %(names)s (prosjekteier)") % {"names": ", ".join(owners)})
    members.extend(
        f"– {u.display_name}" + (f", {u.job_title}" if u.job_title else "") for u in steering
    )
    frame = _frame_lines(decision)
    authority = _(
        "Styringsgruppen beslutter innenfor rammene i prosjektmandatet: prioriteringer i "
        "prosjektet, endringer i omfang som ikke endrer gevinstene vesentlig, og godkjenning "
        "av leveranser ved beslutningspunktene."
    )
    if frame:
        authority += "\n" + "\n".join(frame)
    return {
        "members": "\n".join(members),
        "role": _(
            "Styringsgruppen støtter prosjekteieren, sikrer at prosjektet leverer det som er "
            "grunnlaget for gevinstene, og sørger for at linjen er klar til å ta dem ut."
        ),
        "authority": authority,
        "frequency": _(
            "Styringsgruppen møtes minst en gang i måneden og ved hvert beslutningspunkt."
        ),
        "escalation": _(
            "Avvik som vil gå utover kostnadsrammen, tidsrammen eller gevinstene, meldes uten "
            "opphold til %(board)s gjennom porteføljekontoret."
        )
        % {"board": board.name},
    }


def _program_content(program: Program, board: Board) -> dict[str, str]:
    goals = [g.name for g in program.goals.all()]
    goal_text = program.description
    if goals:
        goal_text += "\n\n" + _("Mål i kommuneplanen:") + "\n" + "\n".join(f"– {g}" for g in goals)
    initiatives = list(
        program.initiatives.filter(confidential=False).order_by("pk").values_list("pk", "title")
    )
    scope = _("Initiativer i %(name)s:") % {"name": program.name}
    scope += "\n" + (
        "\n".join(f"– nr. {pk} {title}" for pk, title in initiatives) if initiatives else "–"
    )
    return {
        "owner": program.owner.display_name if program.owner else "",
        "goals": goal_text,
        "scope": scope,
        "authority": _(
            "Eieren kan prioritere om mellom initiativene i %(name)s innenfor de rammene "
            "%(board)s har gitt. Nye initiativer eller endringer utover rammene går til styret."
        )
        % {"name": program.name, "board": board.name},
    }


def draft_content(
    kind: str,
    *,
    initiative: Initiative | None = None,
    program: Program | None = None,
    decision: Decision | None = None,
    board: Board,
    user: Any = None,
) -> dict[str, str]:
    """A first version of the mandate's text, filled from the initiative or program."""
    if kind == MandateKind.PROJECT and initiative is not None:
        content = _project_content(initiative, decision, user)
    elif kind == MandateKind.STEERING_GROUP and initiative is not None:
        content = _steering_content(initiative, decision, board)
    elif kind == MandateKind.PROGRAM and program is not None:
        content = _program_content(program, board)
    else:
        content = {}
    return {s.key: (content.get(s.key) or "").strip() for s in sections_of(kind)}
