"""The arithmetic shared by the heatmap, the initiative page and scenarios.

Everything is keyed by ``(competence slug, quarter index)`` and counted in FTE as Decimal.

- ``pool_available``: Σ over pools of (capacity − operations share) per competence and quarter;
- ``operations_load``: the demand of open operations and maintenance initiatives, placed at
  their earliest start — they consume capacity although they never go to the board;
- ``profiles_for`` + ``load_at``: an initiative's demand placed at a chosen start quarter;
- ``placed_rows`` + ``sum_by_cell``: the demand of many initiatives placed at their earliest
  start and summed per cell by the database, so that neither the number of queries nor the
  rows read into Python grow with the number of initiatives.

Available for development in a cell = ``pool_available`` − ``operations_load``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum

from veivalg.capacity.models import DemandPlan, DemandRow, PoolCapacity
from veivalg.initiatives.models import OPEN_STATES, State, WorkType

Cell = tuple[str, int]  # (competence slug, quarter index)
ZERO = Decimal(0)
# A sum of many rows' FTE: wider than the column (max_digits=6), same decimal places.
FTE_SUM = DecimalField(max_digits=20, decimal_places=2)
CENT = Decimal("0.01")

COMMITTED_STATES = frozenset({State.APPROVED, State.IN_PROGRESS})
POTENTIAL_STATES = frozenset(
    {
        State.SUBMITTED,
        State.ENDORSED,
        State.IN_ANALYSIS,
        State.READY_FOR_DECISION,
        State.DEFERRED,
    }
)
OPERATIONS_STATES = frozenset(OPEN_STATES - {State.DRAFT})
OPERATIONS_WORK_TYPES = frozenset({WorkType.OPERATIONS, WorkType.MAINTENANCE})


@dataclass(frozen=True)
class Profile:
    """An initiative's demand: window and FTE per competence per quarter after its start."""

    initiative_id: int
    earliest_start: int | None = None
    latest_start: int | None = None
    rows: Mapping[str, Mapping[int, Decimal]] = field(default_factory=dict)

    @property
    def duration(self) -> int:
        """Quarters from the start to the last quarter with demand (0 without demand)."""
        return max((max(offsets) + 1 for offsets in self.rows.values() if offsets), default=0)

    @property
    def has_demand(self) -> bool:
        return any(self.rows.values())


def profiles_for(initiative_ids: Iterable[int]) -> dict[int, Profile]:
    """The demand profile of each initiative in ``initiative_ids`` (two queries)."""
    ids = list(initiative_ids)
    windows = {
        pk: (a, b)
        for pk, a, b in DemandPlan.objects.filter(initiative_id__in=ids).values_list(
            "initiative_id", "earliest_start", "latest_start"
        )
    }
    rows: dict[int, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for pk, slug, offset, fte in DemandRow.objects.filter(initiative_id__in=ids).values_list(
        "initiative_id", "competence__slug", "offset", "fte"
    ):
        rows[pk][slug][offset] = fte
    out: dict[int, Profile] = {}
    for pk in ids:
        earliest, latest = windows.get(pk, (None, None))
        out[pk] = Profile(
            initiative_id=pk,
            earliest_start=earliest,
            latest_start=latest,
            rows={slug: dict(offsets) for slug, offsets in rows.get(pk, {}).items()},
        )
    return out


def load_at(profile: Profile, start: int) -> dict[Cell, Decimal]:
    """``profile``'s demand per cell when it starts in quarter ``start``."""
    out: dict[Cell, Decimal] = {}
    for slug, offsets in profile.rows.items():
        for offset, fte in offsets.items():
            out[(slug, start + offset)] = out.get((slug, start + offset), ZERO) + fte
    return out


def add_load(total: dict[Cell, Decimal], load: Mapping[Cell, Decimal]) -> None:
    for cell, fte in load.items():
        total[cell] = total.get(cell, ZERO) + fte


def placed_rows(
    first: int, last: int, *, directorate: int | None = None, portfolio: int | None = None
) -> QuerySet[DemandRow]:
    """Demand rows placed at their initiative's earliest start, annotated with ``quarter``
    (earliest start + offset) and kept inside ``first``…``last``. Rows of initiatives without
    a start are left out, as ``load_at`` cannot place them. ``directorate`` keeps the
    initiatives of its units, ``portfolio`` those with it as primary portfolio."""
    start = "initiative__demand_plan__earliest_start"
    rows = (
        DemandRow.objects.filter(**{f"{start}__isnull": False})
        .annotate(quarter=ExpressionWrapper(F(start) + F("offset"), output_field=IntegerField()))
        .filter(quarter__gte=first, quarter__lte=last)
    )
    if directorate is not None:
        rows = rows.filter(initiative__unit__directorate_id=directorate)
    if portfolio is not None:
        rows = rows.filter(initiative__portfolio_id=portfolio)
    return rows


def sum_fte(rows: QuerySet[DemandRow], *fields: str) -> Iterator[tuple[Any, ...]]:
    """``(*fields, total FTE)`` of ``rows``, summed by the database per value of ``fields``.
    The total is rounded to the column's two decimals: SQLite sums in floating point, and
    the exact sum of two-decimal numbers has two decimals."""
    sums = rows.order_by().values_list(*fields).annotate(total=Sum("fte", output_field=FTE_SUM))
    for *group, total in sums:
        yield (*group, Decimal(total).quantize(CENT))


def sum_by_cell(rows: QuerySet[DemandRow], *also: str) -> Iterator[tuple[Any, ...]]:
    """``(competence slug, quarter, *also, total FTE)`` of ``placed_rows``, summed by the
    database per cell (and per the fields named in ``also``)."""
    return sum_fte(rows, "competence__slug", "quarter", *also)


def pool_filter(*, directorate: int | None = None, portfolio: int | None = None) -> Q:
    """Pools within a directorate (their unit's) and/or a portfolio."""
    q = Q()
    if directorate is not None:
        q &= Q(pool__unit__directorate_id=directorate)
    if portfolio is not None:
        q &= Q(pool__portfolio_id=portfolio)
    return q


def pool_available(
    first: int, last: int, *, directorate: int | None = None, portfolio: int | None = None
) -> dict[Cell, Decimal]:
    """Σ (capacity − operations share) of the pools per competence and quarter."""
    out: dict[Cell, Decimal] = {}
    rows = (
        PoolCapacity.objects.filter(quarter__gte=first, quarter__lte=last)
        .filter(pool_filter(directorate=directorate, portfolio=portfolio))
        .values_list("pool__competence__slug", "quarter", "fte", "operations_fte")
    )
    for slug, quarter, fte, operations in rows:
        out[(slug, quarter)] = out.get((slug, quarter), ZERO) + fte - operations
    return out


def operations_load(
    first: int, last: int, *, directorate: int | None = None, portfolio: int | None = None
) -> dict[Cell, Decimal]:
    """The load of open operations and maintenance initiatives, placed at their earliest
    start, inside ``first``…``last`` (one query)."""
    rows = placed_rows(first, last, directorate=directorate, portfolio=portfolio).filter(
        initiative__work_type__in=OPERATIONS_WORK_TYPES,
        initiative__state__in=OPERATIONS_STATES,
    )
    return {(slug, quarter): total for slug, quarter, total in sum_by_cell(rows)}


def development_available(
    first: int, last: int, *, directorate: int | None = None, portfolio: int | None = None
) -> dict[Cell, Decimal]:
    """Available for development per cell: pools' available less operations initiatives."""
    out = pool_available(first, last, directorate=directorate, portfolio=portfolio)
    for cell, fte in operations_load(
        first, last, directorate=directorate, portfolio=portfolio
    ).items():
        out[cell] = out.get(cell, ZERO) - fte
    return out
