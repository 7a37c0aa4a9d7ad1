"""What the board's documents say: the papers for a meeting (one PDF with every case), the
minutes (protokoll) generated from the decisions, and mandates. Each builder returns a
``documents.Document`` for the reader ``user``: confidential cases they may not see are left
out with a note, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from veivalg.core.money import format_kroner
from veivalg.governance import selectors
from veivalg.governance.documents import Document, Facts, Heading, PageBreak, Paragraph, Table
from veivalg.governance.mandates import sections_of
from veivalg.governance.models import (
    Decision,
    DecisionType,
    ItemKind,
    Mandate,
    MandateKind,
    MandateVersion,
    Meeting,
)
from veivalg.governance.permissions import profile_of
from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import User


def day(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "DATE_FORMAT")


def number(value: Decimal | float, places: int = 1) -> str:
    return formats.number_format(Decimal(str(value)), places, force_grouping=True)


# --- board papers -----------------------------------------------------------------------------


def _score_blocks(initiative: Initiative) -> list[Any]:
    from veivalg.prioritization.selectors import score_for

    score = score_for(initiative)
    blocks: list[Any] = [Heading(_("Prioritering"), 2)]
    if not score.parts:
        blocks.append(Paragraph(_("Styret har ingen kriterier ennå, så saken har ingen poengsum.")))
        return blocks
    text = _("Poengsum: %(score)s av 100.") % {"score": number(score.total)}
    if score.missing:
        text += " " + _("Ikke vurdert på %(count)s av %(total)s kriterier.") % {
            "count": len(score.missing),
            "total": len(score.parts),
        }
    blocks.append(Paragraph(text))
    blocks.append(
        Table(
            _("Poengsummen fordelt på kriteriene"),
            (_("Kriterium"), _("Vekt"), _("Nivå"), _("Poeng"), _("Maks")),
            tuple(
                (
                    p.name + (" " + _("(invertert)") if p.inverted else ""),
                    f"{number(p.weight * 100)} %",
                    str(p.level) if p.level is not None else _("ikke vurdert"),
                    number(p.points),
                    number(p.max_points),
                )
                for p in score.parts
            ),
            numeric=frozenset({1, 2, 3, 4}),
        )
    )
    return blocks


def _benefit_blocks(initiative: Initiative) -> list[Any]:
    blocks: list[Any] = [Heading(_("Nytte-kost"), 2)]
    if not apps.is_installed("veivalg.benefits"):
        blocks.append(
            Paragraph(_("Gevinstmodulen er ikke tatt i bruk, så nytte-kost er ikke beregnet."))
        )
        blocks.append(Heading(_("Gevinster"), 2))
        blocks.append(Paragraph(_("Gevinstmodulen er ikke tatt i bruk.")))
        return blocks
    from veivalg.benefits import selectors as benefit_selectors

    benefits = benefit_selectors.benefits_of(initiative)
    view = benefit_selectors.business_case(initiative, benefits)
    case = view.case
    if view.is_empty:
        blocks.append(Paragraph(_("Det er ikke nok tall til å beregne nytte-kost.")))
    else:
        blocks.append(
            Facts(
                (
                    (_("Netto nåverdi"), format_kroner(case.npv)),
                    (
                        _("Nåverdi per investert krone"),
                        number(case.npv_per_krone, 2) if case.npv_per_krone is not None else "–",
                    ),
                    (
                        _("Tilbakebetalingsår"),
                        str(case.payback_year) if case.payback_year else _("Ikke innen perioden"),
                    ),
                    (
                        _("Analyseperiode"),
                        f"{case.first_year}–{case.last_year}" if case.years else "–",
                    ),
                    (
                        _("Kalkulasjonsrente"),
                        f"{number(case.parameters.discount_rate * 100)} %",
                    ),
                )
            )
        )
    blocks.append(Heading(_("Gevinster"), 2))
    if not benefits:
        blocks.append(Paragraph(_("Ingen gevinster er registrert.")))
        return blocks
    rows = []
    for b in benefits:
        indicator = "–"
        if b.has_indicator:
            indicator = f"{b.get_indicator_unit_display()}: {number(b.baseline, 0)} → " + number(
                b.target, 0
            )
        rows.append(
            (
                b.title,
                b.get_category_display(),
                indicator,
                b.owner.display_name if b.owner else "–",
            )
        )
    blocks.append(
        Table(
            _("Gevinster med indikator og gevinsteier"),
            (_("Gevinst"), _("Kategori"), _("Indikator (nullpunkt → mål)"), _("Gevinsteier")),
            tuple(rows),
        )
    )
    return blocks


def _cost_blocks(initiative: Initiative) -> list[Any]:
    costs = list(initiative.costs.all())
    blocks: list[Any] = [Heading(_("Kostnader per år"), 2)]
    if not costs:
        blocks.append(Paragraph(_("Ingen kostnadsestimat er registrert.")))
        return blocks
    rows = [
        (
            str(c.year),
            format_kroner(c.investment),
            format_kroner(c.operating),
            format_kroner(c.total),
        )
        for c in costs
    ]
    rows.append(
        (
            _("Totalt"),
            format_kroner(sum(int(c.investment) for c in costs)),
            format_kroner(sum(int(c.operating) for c in costs)),
            format_kroner(sum(c.total for c in costs)),
        )
    )
    blocks.append(
        Table(
            _("Kostnadsestimat per år, i kroner"),
            (_("År"), _("Investering"), _("Drift"), _("Sum")),
            tuple(rows),
            numeric=frozenset({1, 2, 3}),
        )
    )
    return blocks


def _capacity_blocks(user: User, initiative: Initiative) -> list[Any]:
    """The initiative's demand per competence and quarter, and the cells it would overload."""
    from veivalg.capacity.quarters import quarter_display
    from veivalg.capacity.selectors import initiative_demand

    blocks: list[Any] = [Heading(_("Kapasitet"), 2)]
    view = initiative_demand(user, initiative)
    if not view.grid or view.start is None:
        blocks.append(Paragraph(_("Ressursbehovet per kompetanse og kvartal er ikke registrert.")))
        return blocks
    window = quarter_display(view.start)
    latest = view.profile.latest_start
    if latest is not None and latest != view.start:
        window = f"{window} – {quarter_display(latest)}"
    blocks.append(Paragraph(_("Start: %(window)s.") % {"window": window}))
    headers = (_("Kompetanse"), *(quarter_display(q) for q in view.quarters), _("Sum"))
    rows = tuple(
        (
            row.competence.name,
            *(number(v) if v is not None else "–" for v in row.values),
            number(row.total),
        )
        for row in view.grid
    )
    blocks.append(
        Table(
            _("Ressursbehov i årsverk per kompetanse og kvartal, fra tidligste start"),
            headers,
            rows,
            numeric=frozenset(range(1, len(headers))),
        )
    )
    if view.overloads:
        lines = "; ".join(
            _("%(competence)s %(quarter)s: %(own)s årsverk, men bare %(free)s ledig")
            % {
                "competence": o.competence.name,
                "quarter": quarter_display(o.quarter),
                "own": number(o.own),
                "free": number(max(o.available - o.others, Decimal(0))),
            }
            for o in view.overloads
        )
        blocks.append(
            Paragraph(
                _("Med tidligste start vil initiativet overbooke: %(cells)s.") % {"cells": lines}
            )
        )
    else:
        blocks.append(
            Paragraph(_("Med tidligste start er det nok ledig kapasitet for dette behovet."))
        )
    return blocks


def _dependency_blocks(user: User, initiative: Initiative) -> list[Any]:
    from veivalg.prioritization.selectors import dependencies_of

    blocks: list[Any] = [Heading(_("Avhengigheter"), 2)]
    lines = []
    for dep in dependencies_of(user, initiative):
        outgoing = dep.from_initiative_id == initiative.pk
        other = dep.to_initiative if outgoing else dep.from_initiative
        if outgoing:
            lines.append(
                _("Dette initiativet %(type)s nr. %(number)s %(title)s.")
                % {"type": dep.get_type_display(), "number": other.pk, "title": other.title}
            )
        else:
            lines.append(
                _("Nr. %(number)s %(title)s %(type)s dette initiativet.")
                % {"type": dep.get_type_display(), "number": other.pk, "title": other.title}
            )
    blocks.append(Paragraph("\n".join(lines) if lines else _("Ingen registrerte avhengigheter.")))
    return blocks


def _initiative_facts(initiative: Initiative) -> Facts:
    contributing = ", ".join(p.name for p in initiative.contributing_portfolios.all()) or "–"
    mandated = (
        _("Ja – %(ref)s") % {"ref": initiative.political_reference}
        if initiative.politically_mandated
        else _("Nei")
    )
    return Facts(
        (
            (_("Initiativ"), f"nr. {initiative.pk}"),
            (_("Status"), str(State(initiative.state).label)),
            (
                _("Forslagsstiller"),
                f"{initiative.unit.name} ({initiative.unit.directorate.name})",
            ),
            (_("Primær portefølje"), initiative.portfolio.name),
            (_("Bidragende porteføljer"), contributing),
            (_("Program"), initiative.program.name if initiative.program else "–"),
            (_("Politisk vedtatt"), mandated),
            (_("Saksnummer"), initiative.archive_reference or "–"),
            (_("Hvorfor dette styret"), selectors.board_reason(initiative)),
        )
    )


def _scenario_blocks(user: User, scenario: Any) -> list[Any]:
    from veivalg.prioritization.selectors import scenario_rows

    blocks: list[Any] = [
        Facts(
            (
                (_("Scenario"), scenario.name),
                (_("Status"), scenario.get_status_display()),
                (
                    _("Samlet verdi"),
                    number(scenario.value) if scenario.value is not None else "–",
                ),
                (_("Foreslått for styret"), day(scenario.proposed_to_board_at)),
            )
        )
    ]
    rows = [r for r in scenario_rows(user, scenario) if r.selected]
    if rows:
        blocks.append(
            Table(
                _("Initiativer scenarioet tar med"),
                (_("Nr."), _("Initiativ"), _("Start"), _("Slutt"), _("Kostnad")),
                tuple(
                    (
                        str(r.id),
                        r.title or _("Unntatt offentlighet"),
                        r.start_year or "–",
                        r.finish_year or "–",
                        format_kroner(r.cost),
                    )
                    for r in rows
                ),
                numeric=frozenset({0, 4}),
            )
        )
    else:
        blocks.append(Paragraph(_("Scenarioet er ikke beregnet, eller tar ikke med noe.")))
    budget = scenario.budget or {}
    if budget:
        blocks.append(
            Table(
                _("Budsjett per år"),
                (_("År"), _("Budsjett")),
                tuple(
                    (str(year), format_kroner(Decimal(str(v))))
                    for year, v in sorted(budget.items())
                ),
                numeric=frozenset({1}),
            )
        )
    return blocks


def _recommendation(text: str) -> list[Any]:
    return [
        Heading(_("Porteføljekontorets innstilling"), 2),
        Paragraph(text or _("Ingen innstilling er skrevet ennå.")),
    ]


def board_papers(user: User, meeting: Meeting) -> Document:
    """Saksdokumenter: every case on the agenda with what the board needs to decide it."""
    document = Document(
        title=_("Saksdokumenter: %(title)s") % {"title": meeting.title},
        subtitle=_("%(board)s · %(date)s%(place)s")
        % {
            "board": meeting.board.name,
            "date": day(meeting.date),
            "place": f" · {meeting.location}" if meeting.location else "",
        },
    )
    rows = selectors.agenda_of(user, meeting)
    document.add(Heading(_("Saksliste"), 1))
    if not rows:
        document.add(Paragraph(_("Sakslisten er tom.")))
    else:
        document.add(
            Table(
                _("Sakene i møtet"),
                (_("Sak"), _("Tittel"), _("Type sak")),
                tuple((str(r.number), r.title, str(ItemKind(r.item.kind).label)) for r in rows),
                numeric=frozenset({0}),
            )
        )
    for row in rows:
        item = row.item
        document.add(
            PageBreak(),
            Heading(_("Sak %(n)s: %(title)s") % {"n": row.number, "title": row.title}, 1),
        )
        if row.hidden:
            document.add(Paragraph(_("Saksdokumentene er unntatt offentlighet.")))
            continue
        if item.kind in (ItemKind.INITIATIVE, ItemKind.STOP_PROPOSAL) and item.initiative:
            initiative = item.initiative
            if item.kind == ItemKind.STOP_PROPOSAL:
                document.add(
                    Paragraph(_("Porteføljekontoret legger fram forslag om å stoppe initiativet."))
                )
            document.add(
                _initiative_facts(initiative),
                Heading(_("Sammendrag"), 2),
                Paragraph(initiative.summary),
                Heading(_("Behov"), 2),
                Paragraph(initiative.need),
            )
            document.add(*_score_blocks(initiative))
            document.add(*_benefit_blocks(initiative))
            document.add(*_cost_blocks(initiative))
            document.add(*_capacity_blocks(user, initiative))
            document.add(*_dependency_blocks(user, initiative))
        elif item.kind == ItemKind.SCENARIO and item.scenario:
            document.add(*_scenario_blocks(user, item.scenario))
        document.add(*_recommendation(item.recommendation))
    return document


# --- minutes ----------------------------------------------------------------------------------


def frame_rows(frame: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    if frame.get("cost_ceiling") is not None:
        rows.append((_("Kostnadsramme"), format_kroner(frame["cost_ceiling"])))
    if frame.get("time_frame"):
        rows.append((_("Tidsramme"), frame["time_frame"]))
    group = frame.get("steering_group") or []
    if group:
        people = {u.username: u.display_name for u in User.objects.filter(username__in=group)}
        rows.append((_("Styringsgruppe"), ", ".join(people.get(n, n) for n in group)))
    if frame.get("conditions"):
        rows.append((_("Vilkår"), frame["conditions"]))
    return rows


def decision_facts(decision: Decision) -> Facts:
    rows: list[tuple[str, str]] = [(_("Vedtak"), str(DecisionType(decision.decision).label))]
    if decision.defer_until:
        rows.append((_("Utsatt til"), day(decision.defer_until)))
    rows.extend(frame_rows(decision.frame or {}))
    rows.append((_("Begrunnelse"), decision.comment or "–"))
    rows.append((_("Saksnummer"), decision.archive_reference or "–"))
    rows.append((_("Registrert av"), decision.decided_by.display_name))
    if decision.mandate_id:
        rows.append((_("Mandat"), decision.mandate.title if decision.mandate else "–"))
    return Facts(tuple(rows))


def minutes(user: User, meeting: Meeting) -> Document:
    """Protokoll: the meeting, its agenda and every decision taken in it."""
    profile = profile_of(meeting.board)
    status = (
        _("Godkjent protokoll") if meeting.is_closed else _("Utkast – protokollen er ikke godkjent")
    )
    document = Document(
        title=_("Protokoll: %(title)s") % {"title": meeting.title},
        subtitle=_("%(board)s · %(date)s")
        % {"board": meeting.board.name, "date": day(meeting.date)},
    )
    members = ", ".join(u.display_name for u in selectors.members_of(meeting.board)) or "–"
    document.add(
        Facts(
            (
                (_("Styre"), meeting.board.name),
                (_("Dato"), day(meeting.date)),
                (_("Sted"), meeting.location or "–"),
                (_("Status"), status),
                (_("Styreleder"), profile.chair.display_name if profile and profile.chair else "–"),
                (
                    _("Sekretær"),
                    profile.secretary.display_name if profile and profile.secretary else "–",
                ),
                (_("Styrets medlemmer"), members),
            )
        )
    )
    rows = selectors.agenda_of(user, meeting)
    on_agenda: set[int] = set()
    for row in rows:
        document.add(Heading(_("Sak %(n)s: %(title)s") % {"n": row.number, "title": row.title}, 1))
        if row.hidden:
            document.add(Paragraph(_("Saken er unntatt offentlighet.")))
            continue
        if row.item.initiative_id:
            on_agenda.add(row.item.initiative_id)
        if row.decisions:
            for decision in row.decisions:
                document.add(decision_facts(decision))
        elif row.item.kind == ItemKind.SCENARIO:
            document.add(Paragraph(_("Tatt til orientering som grunnlag for vedtakene.")))
        else:
            document.add(Paragraph(_("Ingen vedtak er registrert i saken.")))
    others = [
        d for d in selectors.meeting_decisions(user, meeting) if d.initiative_id not in on_agenda
    ]
    if others:
        document.add(Heading(_("Vedtak i saker utenom sakslisten"), 1))
        for decision in others:
            document.add(
                Heading(
                    _("Nr. %(number)s %(title)s")
                    % {"number": decision.initiative_id, "title": decision.initiative.title},
                    2,
                ),
                decision_facts(decision),
            )
    document.add(
        Paragraph(
            _("Protokollen er laget fra vedtakene som er registrert i Veivalg, %(when)s.")
            % {"when": day(timezone.now())},
            muted=True,
        )
    )
    return document


# --- mandates ---------------------------------------------------------------------------------


def mandate_document(mandate: Mandate, version: MandateVersion | None = None) -> Document:
    version = version or selectors.latest_version(mandate)
    approved = version is not None and mandate.approved_version_id == version.pk
    if approved:
        status = _("Godkjent av %(board)s %(date)s") % {
            "board": mandate.board.name,
            "date": day(mandate.approved_at),
        }
    else:
        status = _("Utkast – ikke godkjent")
    document = Document(
        title=mandate.title,
        subtitle=f"{MandateKind(mandate.kind).label} · "
        + (_("versjon %(n)s") % {"n": version.number if version else 0})
        + f" · {status}",
    )
    subject: tuple[str, str]
    if mandate.initiative is not None:
        subject = (_("Initiativ"), f"nr. {mandate.initiative.pk} {mandate.initiative.title}")
    else:
        subject = (_("Program / produktområde"), mandate.program.name if mandate.program else "–")
    document.add(
        Facts(
            (
                subject,
                (_("Styre"), mandate.board.name),
                (_("Versjon"), str(version.number) if version else "–"),
                (_("Status"), status),
                (_("Sist lagret"), day(version.created_at) if version else "–"),
            )
        )
    )
    content = version.content if version else {}
    for section in sections_of(mandate.kind):
        document.add(
            Heading(str(section.heading), 1),
            Paragraph(content.get(section.key) or _("Ikke fylt ut.")),
        )
    return document
