"""Reads shared by pages and API: visibility, achievement and due measurements, the business
case of an initiative, and the portfolio's benefits by goal, directorate, program and category.

A benefit is visible to whoever can see its initiative (``visible_initiatives``), so the
benefits of a confidential initiative are hidden like the initiative. Lists load in a
constant number of queries (``with_detail``: one for the rows, one each for goals, plan and
measurements), and everything derived from them is computed in Python from what is loaded.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.benefits import business_case as bc
from veivalg.benefits.conf import default_parameters, level_thresholds, measurement_period_months
from veivalg.benefits.models import (
    PRICED_CATEGORIES,
    Benefit,
    BusinessCaseSettings,
    Category,
    Measurement,
)
from veivalg.core.errors import NotFound
from veivalg.initiatives.models import Initiative, InitiativeCost, State, Transition
from veivalg.initiatives.selectors import visible_initiatives
from veivalg.org.models import User
from veivalg.strategy.models import Goal

# Benefits are measured while the project runs and after it completed, until it is closed.
FOLLOW_STATES = frozenset({State.IN_PROGRESS, State.REALISING_BENEFITS})
ZERO = Decimal(0)


# --- visibility and loading --------------------------------------------------------------


def visible_benefits(user: User) -> QuerySet[Benefit]:
    return Benefit.objects.filter(initiative_id__in=visible_initiatives(user).values("pk"))


def with_detail(qs: QuerySet[Benefit]) -> QuerySet[Benefit]:
    """Everything a benefit's row, status and API shape need, in four queries in all."""
    completed_at = (
        Transition.objects.filter(initiative_id=OuterRef("initiative_id"), action="complete")
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        qs.select_related(
            "initiative__unit__directorate",
            "initiative__program",
            "initiative__portfolio",
            "owner",
            "responsible",
        )
        .prefetch_related(
            "goals",
            "plan",
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("recorded_by").order_by(
                    "measured_on", "id"
                ),
            ),
        )
        .annotate(completed_at=Subquery(completed_at))
    )


def benefit_for_user(user: User, pk: Any) -> Benefit:
    """The benefit if it exists and ``user`` may see its initiative; otherwise ``NotFound``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Gevinsten finnes ikke.")) from None
    benefit = with_detail(visible_benefits(user)).filter(pk=pk).first()
    if benefit is None:
        raise NotFound(_("Gevinsten finnes ikke, eller du har ikke tilgang til den."))
    return benefit


def benefits_of(initiative: Initiative) -> list[Benefit]:
    """The benefits of an initiative the caller may see (check the initiative first)."""
    return list(with_detail(Benefit.objects.filter(initiative=initiative)).order_by("id"))


def has_measurable_benefit(initiative: Initiative) -> bool:
    """At least one benefit with an indicator: the board needs it before deciding."""
    return Benefit.objects.filter(initiative_id=initiative.pk).exclude(indicator_unit="").exists()


# --- achievement, trend and due measurements ------------------------------------------------


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Status:
    """How a benefit is doing, from its loaded measurements."""

    latest: Measurement | None
    achievement: Decimal | None
    previous_achievement: Decimal | None
    trend: str | None
    due_since: date | None  # the date the next measurement was due, when it is late

    @property
    def due(self) -> bool:
        return self.due_since is not None


def achievement_of(benefit: Benefit, value: Decimal) -> Decimal | None:
    if not benefit.has_indicator or benefit.baseline is None or benefit.target is None:
        return None
    return bc.achievement(benefit.baseline, benefit.target, value)


def _completed_on(benefit: Benefit) -> date | None:
    at = getattr(benefit, "completed_at", None)
    if at is None:
        return None
    return timezone.localdate(at) if timezone.is_aware(at) else at.date()


def status_of(benefit: Benefit, today: date | None = None) -> Status:
    """Latest value, achievement with its trend, and whether a measurement is due.

    A measurement is due when the latest one is older than the measurement period
    (``VEIVALG_MEASUREMENT_PERIOD_MONTHS``) while the project runs or realises its benefits,
    or when there is none at all after the project completed.
    """
    today = today or timezone.localdate()
    measurements = list(benefit.measurements.all())
    latest = measurements[-1] if measurements else None
    previous = measurements[-2] if len(measurements) > 1 else None
    achievement = achievement_of(benefit, latest.value) if latest else None
    previous_achievement = achievement_of(benefit, previous.value) if previous else None
    due_since: date | None = None
    state = benefit.initiative.state
    if benefit.has_indicator and state in FOLLOW_STATES:
        if latest is not None:
            next_due = add_months(latest.measured_on, measurement_period_months())
            due_since = next_due if next_due <= today else None
        elif state == State.REALISING_BENEFITS:
            due_since = _completed_on(benefit) or today
    return Status(
        latest=latest,
        achievement=achievement,
        previous_achievement=previous_achievement,
        trend=bc.trend(previous_achievement, achievement),
        due_since=due_since,
    )


@dataclass(frozen=True)
class Row:
    """A benefit and its status, for tables."""

    benefit: Benefit
    status: Status

    @property
    def planned_total(self) -> Decimal:
        return sum((p.value for p in self.benefit.plan.all()), ZERO)


def rows(benefits: Iterable[Benefit], today: date | None = None) -> list[Row]:
    today = today or timezone.localdate()
    return [Row(b, status_of(b, today)) for b in benefits]


def my_benefits(user: User) -> QuerySet[Benefit]:
    """Benefits ``user`` owns or is responsible for, on initiatives they can see."""
    return (
        with_detail(visible_benefits(user).filter(Q(owner=user) | Q(responsible=user)))
        .exclude(initiative__state__in=[State.MERGED, State.WITHDRAWN, State.REJECTED])
        .order_by("initiative_id", "id")
    )


def due_measurements(user: User, today: date | None = None) -> list[Row]:
    """The measurements ``user`` owes as a benefit's owner or responsible, oldest first."""
    today = today or timezone.localdate()
    qs = my_benefits(user).filter(initiative__state__in=FOLLOW_STATES).exclude(indicator_unit="")
    due = [row for row in rows(qs, today) if row.status.due]
    return sorted(due, key=lambda r: (r.status.due_since or today, r.benefit.pk))


# --- the business case of one initiative ----------------------------------------------------


@dataclass(frozen=True)
class InitiativeCase:
    """The business case with what the page shows beside it."""

    case: bc.BusinessCase
    defaults: bc.Parameters
    settings: BusinessCaseSettings | None
    non_priced: list[Benefit]
    priced: list[Benefit]
    has_costs: bool
    level: int | None

    @property
    def overridden(self) -> bool:
        return self.settings is not None and self.settings.overrides_anything

    @property
    def is_empty(self) -> bool:
        return not self.case.years


def flows_of(costs: Iterable[InitiativeCost], benefits: Iterable[Benefit]) -> list[bc.Flow]:
    """The initiative's yearly costs and the priced benefits' plans as flows."""
    flows = [
        bc.Flow(c.year, investment=Decimal(c.investment), operating=Decimal(c.operating))
        for c in costs
    ]
    for benefit in benefits:
        if benefit.category not in PRICED_CATEGORIES:
            continue
        budget = benefit.category == Category.BUDGET_RELEASING
        for p in benefit.plan.all():
            flows.append(
                bc.Flow(p.year, benefits=p.value, budget_benefits=p.value if budget else ZERO)
            )
    return flows


def parameters_of(settings: BusinessCaseSettings | None) -> bc.Parameters:
    defaults = default_parameters()
    if settings is None:
        return defaults
    return bc.Parameters(
        discount_rate=(
            settings.discount_rate if settings.discount_rate is not None else defaults.discount_rate
        ),
        tax_cost_rate=(
            settings.tax_cost_rate if settings.tax_cost_rate is not None else defaults.tax_cost_rate
        ),
        period_years=settings.period_years or defaults.period_years,
        first_year=settings.first_year,
    )


def business_case(
    initiative: Initiative, benefits: Sequence[Benefit] | None = None
) -> InitiativeCase:
    """The business case of ``initiative`` (``benefits``: already loaded with ``benefits_of``)."""
    if benefits is None:
        benefits = benefits_of(initiative)
    costs = list(initiative.costs.all())
    settings = BusinessCaseSettings.objects.filter(initiative_id=initiative.pk).first()
    case = bc.compute(flows_of(costs, benefits), parameters_of(settings))
    has_costs = any(c.investment or c.operating for c in costs)
    return InitiativeCase(
        case=case,
        defaults=default_parameters(),
        settings=settings,
        non_priced=[b for b in benefits if b.category == Category.NON_PRICED],
        priced=[b for b in benefits if b.category in PRICED_CATEGORIES],
        has_costs=has_costs,
        level=bc.economic_level(case.npv_per_krone, level_thresholds()) if has_costs else None,
    )


def suggested_economic_level(initiative: Initiative) -> int | None:
    """A suggested rating 0–4 of the economic-benefit criterion, from NPV per krone of
    investment and the thresholds in ``VEIVALG_NPV_PER_KRONE_THRESHOLDS``; None when the
    initiative has no cost estimate or no investment."""
    return business_case(initiative).level


# --- the portfolio ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    goal: str = ""
    directorate: str = ""
    program: str = ""
    category: str = ""  # one or several, comma-separated
    state: str = ""  # the initiative's state; one or several, comma-separated

    @classmethod
    def from_mapping(cls, data: Any) -> Filters:
        return cls(**{name: (data.get(name) or "").strip() for name in cls.__dataclass_fields__})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def filter_benefits(user: User, filters: Filters) -> QuerySet[Benefit]:
    qs = visible_benefits(user)
    if filters.goal:
        through = Benefit.goals.through
        qs = qs.filter(
            Exists(through.objects.filter(benefit_id=OuterRef("pk"), goal__slug=filters.goal))
            | Exists(
                through.objects.filter(benefit_id=OuterRef("pk"), goal__parent__slug=filters.goal)
            )
        )
    if filters.directorate:
        qs = qs.filter(initiative__unit__directorate__slug=filters.directorate)
    if filters.program:
        qs = qs.filter(initiative__program__slug=filters.program)
    if filters.category:
        qs = qs.filter(category__in=filters.category.split(","))
    if filters.state:
        qs = qs.filter(initiative__state__in=filters.state.split(","))
    return with_detail(qs).order_by("initiative_id", "id")


@dataclass
class Group:
    """Benefits of one goal, directorate, program or category."""

    key: str
    label: str
    count: int = 0
    measurable: int = 0
    planned: Decimal = ZERO  # priced benefits, kroner over all plan years
    achievements: list[Decimal] = field(default_factory=list)

    @property
    def average_achievement(self) -> Decimal | None:
        if not self.achievements:
            return None
        return sum(self.achievements, ZERO) / len(self.achievements)


@dataclass(frozen=True)
class Summary:
    by_goal: list[Group]
    by_directorate: list[Group]
    by_program: list[Group]
    by_category: list[Group]


def _add(groups: dict[str, Group], key: str, label: str, row: Row) -> None:
    group = groups.get(key)
    if group is None:
        group = groups[key] = Group(key, label)
    group.count += 1
    if row.benefit.has_indicator:
        group.measurable += 1
    if row.benefit.category in PRICED_CATEGORIES:
        group.planned += row.planned_total
    if row.status.achievement is not None:
        group.achievements.append(row.status.achievement)


def summarise(table: Iterable[Row]) -> Summary:
    goals: dict[str, Group] = {}
    directorates: dict[str, Group] = {}
    programs: dict[str, Group] = {}
    categories: dict[str, Group] = {c.value: Group(c.value, str(c.label)) for c in Category}
    goal_order: dict[str, tuple[int, int, str]] = {}
    none_key = ""
    for row in table:
        benefit = row.benefit
        linked = list(benefit.goals.all())
        for goal in linked:
            _add(goals, goal.slug, goal.name, row)
            goal_order[goal.slug] = (0, goal.order, goal.name)
        if not linked:
            _add(goals, none_key, _("Uten mål"), row)
        directorate = benefit.initiative.unit.directorate
        _add(directorates, directorate.slug, directorate.name, row)
        program = benefit.initiative.program
        if program is not None:
            _add(programs, program.slug, program.name, row)
        else:
            _add(programs, none_key, _("Uten program"), row)
        _add(categories, benefit.category, str(Category(benefit.category).label), row)

    def by_label(groups: dict[str, Group]) -> list[Group]:
        return sorted(groups.values(), key=lambda g: (g.key == none_key, g.label))

    return Summary(
        by_goal=sorted(goals.values(), key=lambda g: goal_order.get(g.key, (1, 0, g.label))),
        by_directorate=by_label(directorates),
        by_program=by_label(programs),
        by_category=[g for g in categories.values() if g.count],
    )


@dataclass(frozen=True)
class YearPoint:
    year: int
    planned: Decimal
    realised: Decimal | None


def planned_vs_realised(table: Iterable[Row]) -> list[YearPoint]:
    """Priced benefits per year: planned kroner, and realised kroner estimated as
    achievement × the planned yearly value at full effect (the plan's largest year), from the
    latest measurement in or before each year that has a measurement."""
    planned: dict[int, Decimal] = defaultdict(Decimal)
    realised: dict[int, Decimal] = defaultdict(Decimal)
    for row in table:
        benefit = row.benefit
        if benefit.category not in PRICED_CATEGORIES:
            continue
        plan = list(benefit.plan.all())
        for p in plan:
            planned[p.year] += p.value
        measurements = list(benefit.measurements.all())
        if not (plan and measurements and benefit.has_indicator):
            continue
        full = max(p.value for p in plan)
        by_year: dict[int, Measurement] = {}
        for m in measurements:  # ordered by date: the last one of a year wins
            by_year[m.measured_on.year] = m
        first, last = min(by_year), max(by_year)
        current: Measurement | None = None
        for year in range(first, last + 1):
            current = by_year.get(year, current)
            if current is None:
                continue
            share = achievement_of(benefit, current.value)
            if share is not None:
                realised[year] += share * full
    years = sorted(set(planned) | set(realised))
    return [YearPoint(y, planned.get(y, ZERO), realised.get(y)) for y in years]


@dataclass(frozen=True)
class LateInitiative:
    initiative: Initiative
    rows: list[Row]

    @property
    def due_since(self) -> date | None:
        return min((r.status.due_since for r in self.rows if r.status.due_since), default=None)


def late_initiatives(table: Iterable[Row]) -> list[LateInitiative]:
    """Initiatives in benefit realisation with at least one late measurement."""
    late: dict[int, LateInitiative] = {}
    for row in table:
        initiative = row.benefit.initiative
        if initiative.state != State.REALISING_BENEFITS or not row.status.due:
            continue
        entry = late.get(initiative.pk)
        if entry is None:
            entry = late[initiative.pk] = LateInitiative(initiative, [])
        entry.rows.append(row)
    return sorted(late.values(), key=lambda e: (e.due_since or date.max, e.initiative.pk))


# --- the benefit map ----------------------------------------------------------------------


@dataclass(frozen=True)
class MapRow:
    initiative: Initiative
    benefit: Benefit
    goals: list[Goal]


def benefit_map(benefits: Iterable[Benefit]) -> tuple[list[MapRow], dict[str, Any]]:
    """Goals ← benefits ← initiatives: the rows of the table and the graph for the chart.

    The graph has three columns (initiatives, benefits, goals; ``rows`` is the longest);
    links point from an initiative to its benefit and from a benefit to the goals it serves.
    """
    table: list[MapRow] = []
    initiatives: dict[int, Initiative] = {}
    goals: dict[int, Goal] = {}
    links: list[dict[str, str]] = []
    ordered = sorted(benefits, key=lambda b: (b.initiative.title.lower(), b.initiative_id, b.pk))
    for benefit in ordered:
        linked = list(benefit.goals.all())
        table.append(MapRow(benefit.initiative, benefit, linked))
        initiatives.setdefault(benefit.initiative_id, benefit.initiative)
        links.append({"source": f"i{benefit.initiative_id}", "target": f"b{benefit.pk}"})
        for goal in linked:
            goals.setdefault(goal.pk, goal)
            links.append({"source": f"b{benefit.pk}", "target": f"g{goal.pk}"})
    columns: list[list[dict[str, Any]]] = [
        [{"id": f"i{i.pk}", "name": i.title, "kind": "initiative"} for i in initiatives.values()],
        [
            {"id": f"b{row.benefit.pk}", "name": row.benefit.title, "kind": "benefit"}
            for row in table
        ],
        [
            {"id": f"g{g.pk}", "name": g.name, "kind": "goal"}
            for g in sorted(goals.values(), key=lambda g: (g.order, g.name))
        ],
    ]
    nodes = [node for column in columns for node in column]
    return table, {"nodes": nodes, "links": links, "rows": max(len(c) for c in columns)}
