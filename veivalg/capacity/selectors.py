"""Reads shared by the capacity pages and the API: the heatmap of demand against available
capacity, the initiatives behind one cell, an initiative's demand and the cells it would
overload, pools and their capacity tables.

Totals count every initiative, confidential ones too (capacity must add up); lists of
initiatives show only those the user may see, and report the rest as one hidden sum.
The arithmetic is ``veivalg.capacity.loads``; the query count does not grow with the number
of initiatives or pools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Case, ExpressionWrapper, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.capacity import loads
from veivalg.capacity.loads import (
    COMMITTED_STATES,
    OPERATIONS_STATES,
    OPERATIONS_WORK_TYPES,
    POTENTIAL_STATES,
    ZERO,
    Cell,
    Profile,
)
from veivalg.capacity.models import Competence, DemandRow, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import quarter_display, quarter_label, quarter_range
from veivalg.capacity.services import editable_pools_q
from veivalg.core.errors import NotFound
from veivalg.initiatives.models import Initiative, WorkType
from veivalg.initiatives.selectors import visibility_q
from veivalg.org.models import User

DEFAULT_QUARTERS = 8


def current_quarter() -> int:
    today = timezone.localdate()
    return today.year * 4 + (today.month - 1) // 3


def default_range() -> tuple[int, int]:
    """This quarter and the seven after it."""
    first = current_quarter()
    return first, first + DEFAULT_QUARTERS - 1


# --- the heatmap ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    competence: str
    quarter: int
    available: Decimal = ZERO
    committed: Decimal = ZERO
    potential: Decimal = ZERO

    @property
    def free(self) -> Decimal:
        return self.available - self.committed - self.potential

    @property
    def status(self) -> str:
        """``over`` (committed demand above available), ``risk`` (committed + potential above
        available) or ``ok``."""
        if self.committed > self.available:
            return "over"
        if self.committed + self.potential > self.available:
            return "risk"
        return "ok"

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def display(self) -> str:
        return quarter_display(self.quarter)

    @property
    def demand(self) -> Decimal:
        return self.committed + self.potential


@dataclass(frozen=True)
class HeatRow:
    competence: Competence
    cells: list[HeatCell]


@dataclass
class Heatmap:
    first: int
    last: int
    quarters: list[int]
    competences: list[Competence]
    available: dict[Cell, Decimal]
    committed: dict[Cell, Decimal]
    potential: dict[Cell, Decimal]
    directorate: int | None = None
    portfolio: int | None = None

    def cell(self, slug: str, quarter: int) -> HeatCell:
        key = (slug, quarter)
        return HeatCell(
            competence=slug,
            quarter=quarter,
            available=self.available.get(key, ZERO),
            committed=self.committed.get(key, ZERO),
            potential=self.potential.get(key, ZERO),
        )

    @property
    def rows(self) -> list[HeatRow]:
        """Competence × quarter, for templates."""
        return [HeatRow(c, [self.cell(c.slug, q) for q in self.quarters]) for c in self.competences]

    @property
    def cells(self) -> list[HeatCell]:
        return [self.cell(c.slug, q) for c in self.competences for q in self.quarters]


DEVELOPMENT_STATES = COMMITTED_STATES | POTENTIAL_STATES


def _development_rows(
    first: int, last: int, *, directorate: int | None, portfolio: int | None
) -> QuerySet[DemandRow]:
    """Demand rows of committed and potential development initiatives, placed at their
    earliest start, inside ``first``…``last``."""
    return loads.placed_rows(first, last, directorate=directorate, portfolio=portfolio).filter(
        initiative__work_type=WorkType.DEVELOPMENT, initiative__state__in=DEVELOPMENT_STATES
    )


def _development_demand(
    first: int, last: int, *, directorate: int | None, portfolio: int | None
) -> tuple[dict[Cell, Decimal], dict[Cell, Decimal]]:
    """Committed and potential development demand per cell inside ``first``…``last``,
    summed by the database (one query)."""
    committed: dict[Cell, Decimal] = {}
    potential: dict[Cell, Decimal] = {}
    rows = _development_rows(first, last, directorate=directorate, portfolio=portfolio)
    for slug, quarter, state, total in loads.sum_by_cell(rows, "initiative__state"):
        target = committed if state in COMMITTED_STATES else potential
        target[(slug, quarter)] = target.get((slug, quarter), ZERO) + total
    return committed, potential


def _competences_in(*cell_maps: Mapping[Cell, Decimal]) -> list[Competence]:
    slugs = {slug for cells in cell_maps for slug, _quarter in cells}
    return list(Competence.objects.filter(slug__in=slugs).order_by("name"))


def heatmap(
    user: User,
    *,
    first: int,
    last: int,
    directorate: int | None = None,
    portfolio: int | None = None,
) -> Heatmap:
    """Committed and potential demand of development initiatives against what is available
    for development, per competence and quarter. ``directorate`` keeps the pools of units in
    it and the initiatives of its units; ``portfolio`` the portfolio's pools and the
    initiatives with it as primary portfolio. Competences shown: those with capacity or
    demand in the range. Totals include confidential initiatives."""
    available = loads.development_available(
        first, last, directorate=directorate, portfolio=portfolio
    )
    committed, potential = _development_demand(
        first, last, directorate=directorate, portfolio=portfolio
    )
    return Heatmap(
        first=first,
        last=last,
        quarters=quarter_range(first, last),
        competences=_competences_in(available, committed, potential),
        available=available,
        committed=committed,
        potential=potential,
        directorate=directorate,
        portfolio=portfolio,
    )


# --- one cell -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DetailRow:
    initiative: Initiative
    kind: str  # "committed" | "potential" | "operations"
    fte: Decimal


@dataclass
class CellDetail:
    competence: Competence
    quarter: int
    cell: HeatCell
    rows: list[DetailRow]
    hidden_fte: Decimal
    pools: list[PoolCapacity] = field(default_factory=list)
    operations_fte: Decimal = ZERO  # operations initiatives' load, already off ``available``

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def display(self) -> str:
        return quarter_display(self.quarter)


KIND_ORDER = {"committed": 0, "potential": 1, "operations": 2}


def _kind(work_type: str, state: str) -> str | None:
    """How an initiative's demand counts in a cell: ``committed`` or ``potential`` development
    demand, ``operations`` (off the available capacity), or not at all (``None``)."""
    if work_type == WorkType.DEVELOPMENT:
        if state in COMMITTED_STATES:
            return "committed"
        if state in POTENTIAL_STATES:
            return "potential"
        return None
    if work_type in OPERATIONS_WORK_TYPES and state in OPERATIONS_STATES:
        return "operations"
    return None


def cell_detail(
    user: User,
    *,
    competence: str,
    quarter: int,
    directorate: int | None = None,
    portfolio: int | None = None,
) -> CellDetail:
    """The initiatives behind one heatmap cell: committed and potential development demand
    and the operations initiatives that take from the available capacity. Initiatives the
    user may not see are summed into ``hidden_fte``."""
    comp = Competence.objects.filter(slug=competence).first()
    if comp is None:
        raise NotFound(_("Kompetansen «%(slug)s» finnes ikke.") % {"slug": competence})
    pools = list(
        PoolCapacity.objects.filter(quarter=quarter, pool__competence=comp)
        .filter(loads.pool_filter(directorate=directorate, portfolio=portfolio))
        .select_related("pool__unit", "pool__portfolio")
        .order_by("pool__name")
    )
    # Each initiative's demand in this cell, summed by the database (one query).
    placed = loads.placed_rows(
        quarter, quarter, directorate=directorate, portfolio=portfolio
    ).filter(competence__slug=competence)
    contributions: dict[int, tuple[str, Decimal]] = {}
    totals = dict.fromkeys(KIND_ORDER, ZERO)
    for pk, work_type, state, fte in loads.sum_fte(
        placed, "initiative_id", "initiative__work_type", "initiative__state"
    ):
        kind = _kind(work_type, state)
        if kind is None or not fte:
            continue
        contributions[pk] = (kind, fte)
        totals[kind] += fte
    operations_fte = totals["operations"]
    # ``loads.development_available`` for this one cell, from the rows already read.
    cell = HeatCell(
        competence=competence,
        quarter=quarter,
        available=sum((p.available for p in pools), ZERO) - operations_fte,
        committed=totals["committed"],
        potential=totals["potential"],
    )

    visible = {
        i.pk: i
        for i in Initiative.objects.filter(visibility_q(user))
        .filter(pk__in=list(contributions))
        .select_related("unit__directorate", "portfolio")
    }
    rows: list[DetailRow] = []
    hidden = ZERO
    for pk, (kind, fte) in contributions.items():
        if pk in visible:
            rows.append(DetailRow(visible[pk], kind, fte))
        else:
            hidden += fte
    rows.sort(key=lambda r: (KIND_ORDER[r.kind], -r.fte, r.initiative.title, r.initiative.pk))
    return CellDetail(
        competence=comp,
        quarter=quarter,
        cell=cell,
        rows=rows,
        hidden_fte=hidden,
        pools=pools,
        operations_fte=operations_fte,
    )


# --- one initiative -------------------------------------------------------------------------


@dataclass(frozen=True)
class Overload:
    competence: Competence
    quarter: int
    available: Decimal
    others: Decimal  # committed load of the other initiatives
    own: Decimal

    @property
    def excess(self) -> Decimal:
        return self.others + self.own - self.available

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def display(self) -> str:
        return quarter_display(self.quarter)


@dataclass(frozen=True)
class GridRow:
    competence: Competence
    values: list[Decimal | None]  # one per entry of ``offsets`` (None: no demand)
    total: Decimal


@dataclass
class InitiativeDemandView:
    initiative: Initiative
    profile: Profile
    start: int | None
    competences: list[Competence]
    offsets: list[int]
    quarters: list[int]  # start + offset; empty without a start
    grid: list[GridRow]
    overloads: list[Overload]

    @property
    def has_demand(self) -> bool:
        return self.profile.has_demand

    @property
    def labels(self) -> list[str]:
        return [quarter_label(q) for q in self.quarters]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.grid), ZERO)


def initiative_demand(user: User, initiative: Initiative) -> InitiativeDemandView:
    """``initiative``'s demand as a competence × quarter grid, and the cells where its demand
    at its earliest start, added to the committed load of the other initiatives, would exceed
    what is available for development."""
    profile = loads.profiles_for([initiative.pk])[initiative.pk]
    start = profile.earliest_start
    slugs = sorted(profile.rows)
    competences = list(Competence.objects.filter(slug__in=slugs).order_by("name"))
    offsets = list(range(profile.duration))
    quarters = [start + o for o in offsets] if start is not None else []
    grid = [
        GridRow(
            competence=c,
            values=[profile.rows[c.slug].get(o) for o in offsets],
            total=sum(profile.rows[c.slug].values(), ZERO),
        )
        for c in competences
    ]
    overloads: list[Overload] = []
    if start is not None and profile.has_demand:
        own = loads.load_at(profile, start)
        first, last = quarters[0], quarters[-1]
        available = loads.development_available(first, last)
        if _kind(initiative.work_type, initiative.state) == "operations":
            # its own load is already off the available capacity: add it back
            loads.add_load(available, own)
        # The committed load of the other development initiatives, summed by the database.
        committed_rows = (
            _development_rows(first, last, directorate=None, portfolio=None)
            .filter(initiative__state__in=COMMITTED_STATES)
            .exclude(initiative_id=initiative.pk)
        )
        others: dict[Cell, Decimal] = {
            (slug, quarter): total for slug, quarter, total in loads.sum_by_cell(committed_rows)
        }
        by_slug = {c.slug: c for c in competences}
        for (slug, quarter), fte in sorted(own.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            avail = available.get((slug, quarter), ZERO)
            other = others.get((slug, quarter), ZERO)
            if fte > 0 and other + fte > avail:
                overloads.append(Overload(by_slug[slug], quarter, avail, other, fte))
    return InitiativeDemandView(
        initiative=initiative,
        profile=profile,
        start=start,
        competences=competences,
        offsets=offsets,
        quarters=quarters,
        grid=grid,
        overloads=overloads,
    )


# --- pools and capacity tables --------------------------------------------------------------


def competences() -> QuerySet[Competence]:
    return Competence.objects.order_by("name")


def pools_for(user: User) -> QuerySet[ResourcePool]:
    """Every pool (capacity is open to all), each with ``editable``: whether ``user`` may set
    its capacity. Ordered by competence and name."""
    condition = editable_pools_q(user)
    editable: Any = (
        Value(True)
        if not condition
        else Case(When(condition, then=Value(True)), default=Value(False))
    )
    return (
        ResourcePool.objects.select_related("competence", "unit__directorate", "portfolio")
        .annotate(editable=ExpressionWrapper(editable, output_field=BooleanField()))
        .order_by("competence__name", "name")
    )


def editable_pools(user: User) -> QuerySet[ResourcePool]:
    return pools_for(user).filter(editable_pools_q(user))


def pool_by_slug(slug: str) -> ResourcePool:
    pool = (
        ResourcePool.objects.select_related("competence", "unit__directorate", "portfolio")
        .filter(slug=slug)
        .first()
    )
    if pool is None:
        raise NotFound(_("Poolen «%(slug)s» finnes ikke.") % {"slug": slug})
    return pool


@dataclass(frozen=True)
class CapacityTableRow:
    quarter: int
    fte: Decimal | None
    operations_fte: Decimal | None

    @property
    def exists(self) -> bool:
        return self.fte is not None

    @property
    def available(self) -> Decimal | None:
        if self.fte is None:
            return None
        return self.fte - (self.operations_fte or ZERO)

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def display(self) -> str:
        return quarter_display(self.quarter)


def capacity_table(pool: ResourcePool, first: int, last: int) -> list[CapacityTableRow]:
    """One row per quarter from ``first`` to ``last``: the stored capacity, or blank."""
    stored = {
        c.quarter: c
        for c in PoolCapacity.objects.filter(pool=pool, quarter__gte=first, quarter__lte=last)
    }
    out: list[CapacityTableRow] = []
    for quarter in quarter_range(first, last):
        c = stored.get(quarter)
        out.append(
            CapacityTableRow(
                quarter=quarter,
                fte=c.fte if c else None,
                operations_fte=c.operations_fte if c else None,
            )
        )
    return out


def capacity_rows(
    *, pool: ResourcePool | None = None, first: int | None = None, last: int | None = None
) -> QuerySet[PoolCapacity]:
    """Stored capacity rows, optionally of one pool and inside a range of quarters."""
    qs = PoolCapacity.objects.select_related("pool")
    if pool is not None:
        qs = qs.filter(pool=pool)
    if first is not None:
        qs = qs.filter(quarter__gte=first)
    if last is not None:
        qs = qs.filter(quarter__lte=last)
    return qs.order_by("pool__slug", "quarter")
