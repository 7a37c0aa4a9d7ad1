"""Writes to capacity: competences, resource pools, capacity per pool per quarter and the
demand of each initiative.

Every function checks who may do it, validates everything and raises all errors at once
(``ValidationFailed`` with field names like ``rows[3].fte`` or ``earliest_start``), then
writes in one transaction with its audit event.

Who may do what:

- competences and pools are created by the portfolio office or an administrator;
- a pool's capacity is set by the office or an administrator, by the director of the pool
  unit's directorate, or by a manager of the pool's portfolio;
- an initiative's demand is set by the office or an administrator while the initiative is
  open, by whoever may edit the initiative itself, and by its project owner or project
  manager while it is approved or in progress.

The row cleaners (``clean_capacity_rows``, ``clean_demand``) are shared with the Excel
import, which reports the same errors by spreadsheet row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from veivalg.capacity.loads import COMMITTED_STATES
from veivalg.capacity.models import (
    MAX_OFFSET,
    Competence,
    DemandPlan,
    DemandRow,
    PoolCapacity,
    ResourcePool,
)
from veivalg.capacity.quarters import parse_quarter, quarter_label
from veivalg.core.audit import audit
from veivalg.core.errors import NotAllowed, ValidationFailed
from veivalg.initiatives import services as initiative_services
from veivalg.initiatives.models import OPEN_STATES, Initiative, State
from veivalg.org.models import Portfolio, Unit, User
from veivalg.org.roles import roles_of

# Scenarios name their budget resource "budget": no competence or pool may take the name.
RESERVED_SLUGS = frozenset({"budget"})
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
SLUG_MAX = 50
COMPETENCE_NAME_MAX = 100
POOL_NAME_MAX = 150
DESCRIPTION_MAX = 4000
MAX_POOL_FTE = Decimal(10000)
MAX_DEMAND_FTE = Decimal(100)
CENTS = Decimal("0.01")
BATCH = 500

COMPETENCE_FIELDS = ("slug", "name", "description")
POOL_FIELDS = ("slug", "name", "competence", "unit", "portfolio")
CAPACITY_FIELDS = ("pool", "quarter", "fte", "operations_fte")
DEMAND_FIELDS = ("earliest_start", "latest_start", "rows")
DEMAND_ROW_FIELDS = ("competence", "offset", "fte")


@dataclass
class Errors:
    """Field → messages, raised together as one ``ValidationFailed``."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def has(self, name: str) -> bool:
        return name in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def _row_label(index: int) -> str:
    return f"rows[{index}]"


# An error key of the row cleaners: ``rows[3]`` or ``rows[3].fte`` (row index, field).
ROW_KEY = re.compile(r"^rows\[(\d+)\](?:\.(\w+))?$")


# --- who may ------------------------------------------------------------------------------


def can_manage_capacity(user: User) -> bool:
    """The portfolio office or an administrator: competences and pools."""
    roles = roles_of(user)
    return roles.portfolio_office or roles.administrator


def editable_pools_q(user: User) -> Q:
    """The pools ``user`` may set capacity for, as a filter on ``ResourcePool``."""
    if can_manage_capacity(user):
        return Q()
    roles = roles_of(user)
    if not roles.directorates and not roles.portfolios:
        return Q(pk__in=[])
    return Q(unit__directorate_id__in=roles.directorates) | Q(portfolio_id__in=roles.portfolios)


def can_edit_pool(user: User, pool: ResourcePool) -> bool:
    """Office/admin; the director of the pool unit's directorate; the pool portfolio's manager.

    Load the pool with ``select_related("unit")`` to avoid a query per pool."""
    if can_manage_capacity(user):
        return True
    roles = roles_of(user)
    if pool.portfolio_id is not None and pool.portfolio_id in roles.portfolios:
        return True
    return pool.unit_id is not None and pool.unit.directorate_id in roles.directorates


def can_edit_demand(user: User, initiative: Initiative) -> bool:
    """Office/admin while the initiative is open; whoever may edit the initiative; its project
    owner or project manager while it is approved or in progress."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if can_manage_capacity(user) and initiative.state in OPEN_STATES:
        return True
    if initiative_services.can_edit(user, initiative):
        return True
    roles = roles_of(user)
    return initiative.state in COMMITTED_STATES and (
        roles.on_initiative("project_owner", initiative.pk)
        or roles.on_initiative("project_manager", initiative.pk)
    )


def check_edit_demand(user: User, initiative: Initiative) -> None:
    """Raise the reason why ``user`` may not change the demand of ``initiative``."""
    if can_edit_demand(user, initiative):
        return
    if initiative.state not in OPEN_STATES:
        raise NotAllowed(
            _("Ressursbehovet kan ikke endres når initiativet har status «%(state)s».")
            % {"state": State(initiative.state).label},
            code="demand_locked",
        )
    raise NotAllowed(
        _(
            "Bare porteføljekontoret, den som kan endre initiativet, og prosjekteier eller "
            "prosjektleder (når det er vedtatt eller under gjennomføring) kan endre "
            "ressursbehovet."
        ),
        code="demand_not_allowed",
    )


# --- value parsing --------------------------------------------------------------------------


def parse_number(value: Any) -> Decimal | None:
    """A finite number from an int, float, Decimal or text ("6,5"); None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float):
        number = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    if not number.is_finite():
        return None
    return number


def parse_integer(value: Any) -> int | None:
    """A whole number (also 3.0 or "3"); None otherwise."""
    number = parse_number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def format_fte(value: Decimal) -> str:
    """``6,5`` for Decimal("6.50"): no trailing zeros, decimal comma."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _slug_of(value: Any) -> str:
    """A reference given as a slug or as the object itself."""
    if hasattr(value, "slug"):
        return str(value.slug)
    return _text(value)


def _check_slug(errors: Errors, value: Any, name: str = "slug") -> str:
    slug = _text(value)
    if not slug:
        errors.add(name, _("Kortnavn må fylles ut."))
    elif len(slug) > SLUG_MAX:
        errors.add(name, _("Kortnavnet kan være høyst %(max)s tegn.") % {"max": SLUG_MAX})
    elif not SLUG_RE.match(slug):
        errors.add(
            name,
            _("Kortnavnet kan bare inneholde bokstavene a–z, tall, bindestrek og understrek."),
        )
    elif slug.lower() in RESERVED_SLUGS:
        errors.add(
            name,
            _("Kortnavnet «%(slug)s» er reservert (scenarioene bruker det for budsjettet).")
            % {"slug": slug},
        )
    return slug


def _check_name(errors: Errors, value: Any, limit: int) -> str:
    name = _text(value)
    if not name:
        errors.add("name", _("Navn må fylles ut."))
    elif len(name) > limit:
        errors.add("name", _("Navnet kan være høyst %(max)s tegn.") % {"max": limit})
    return name


def _check_unknown(
    errors: Errors, data: Mapping[str, Any], known: Sequence[str], prefix: str = ""
) -> None:
    for name in sorted(set(data) - set(known)):
        errors.add(f"{prefix}{name}", _("Ukjent felt."))


# --- competences and pools ------------------------------------------------------------------


def check_manage_capacity(actor: User) -> None:
    if not can_manage_capacity(actor):
        raise NotAllowed(
            _("Bare porteføljekontoret og administratorer kan opprette kompetanser og pooler."),
            code="capacity_not_allowed",
        )


@transaction.atomic
def competence_create(*, actor: User, data: Mapping[str, Any]) -> Competence:
    """A new competence: ``slug``, ``name`` and optionally ``description``."""
    check_manage_capacity(actor)
    errors = Errors()
    _check_unknown(errors, data, COMPETENCE_FIELDS)
    slug = _check_slug(errors, data.get("slug"))
    name = _check_name(errors, data.get("name"), COMPETENCE_NAME_MAX)
    description = _text(data.get("description"))
    if len(description) > DESCRIPTION_MAX:
        errors.add(
            "description",
            _("Beskrivelsen kan være høyst %(max)s tegn.") % {"max": DESCRIPTION_MAX},
        )
    if not errors.has("slug") and Competence.objects.filter(slug=slug).exists():
        errors.add(
            "slug",
            _("Det finnes allerede en kompetanse med kortnavnet «%(slug)s».") % {"slug": slug},
        )
    if not errors.has("name") and Competence.objects.filter(name__iexact=name).exists():
        errors.add(
            "name", _("Det finnes allerede en kompetanse med navnet «%(name)s».") % {"name": name}
        )
    errors.raise_if_any()
    competence = Competence.objects.create(slug=slug, name=name, description=description)
    audit(actor, "capacity.competence_create", competence, slug=slug, name=name)
    return competence


@transaction.atomic
def pool_create(*, actor: User, data: Mapping[str, Any]) -> ResourcePool:
    """A new resource pool: ``slug``, ``name``, ``competence`` and exactly one of ``unit``
    and ``portfolio`` (slugs, or the objects themselves)."""
    check_manage_capacity(actor)
    errors = Errors()
    _check_unknown(errors, data, POOL_FIELDS)
    slug = _check_slug(errors, data.get("slug"))
    name = _check_name(errors, data.get("name"), POOL_NAME_MAX)
    if not errors.has("slug") and ResourcePool.objects.filter(slug=slug).exists():
        errors.add(
            "slug", _("Det finnes allerede en pool med kortnavnet «%(slug)s».") % {"slug": slug}
        )

    competence_slug = _slug_of(data.get("competence"))
    competence = None
    if not competence_slug:
        errors.add("competence", _("Velg en kompetanse."))
    else:
        competence = Competence.objects.filter(slug=competence_slug).first()
        if competence is None:
            errors.add(
                "competence",
                _("Kompetansen «%(slug)s» finnes ikke.") % {"slug": competence_slug},
            )

    unit_slug = _slug_of(data.get("unit"))
    portfolio_slug = _slug_of(data.get("portfolio"))
    unit = portfolio = None
    if unit_slug and portfolio_slug:
        message = _("Oppgi enten enhet eller portefølje, ikke begge.")
        errors.add("unit", message)
        errors.add("portfolio", message)
    elif not unit_slug and not portfolio_slug:
        message = _("Oppgi enten en enhet eller en portefølje.")
        errors.add("unit", message)
        errors.add("portfolio", message)
    elif unit_slug:
        unit = Unit.objects.filter(slug=unit_slug).first()
        if unit is None:
            errors.add("unit", _("Enheten «%(slug)s» finnes ikke.") % {"slug": unit_slug})
    else:
        portfolio = Portfolio.objects.filter(slug=portfolio_slug).first()
        if portfolio is None:
            errors.add(
                "portfolio",
                _("Porteføljen «%(slug)s» finnes ikke.") % {"slug": portfolio_slug},
            )
    errors.raise_if_any()
    pool = ResourcePool.objects.create(
        slug=slug, name=name, competence=competence, unit=unit, portfolio=portfolio
    )
    audit(
        actor,
        "capacity.pool_create",
        pool,
        slug=slug,
        name=name,
        competence=competence_slug,
        unit=unit_slug or None,
        portfolio=portfolio_slug or None,
    )
    return pool


# --- capacity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityRow:
    """One validated row of ``capacity_set``."""

    index: int
    pool: ResourcePool
    quarter: int
    fte: Decimal
    operations_fte: Decimal


@dataclass
class CleanedCapacity:
    rows: list[CapacityRow]
    errors: Errors
    # index of the row → the pool the actor may not edit
    forbidden: dict[int, ResourcePool]


def clean_capacity_rows(
    actor: User,
    rows: Sequence[Mapping[str, Any]],
    *,
    label: Callable[[int], str] = _row_label,
) -> CleanedCapacity:
    """Validate every row; never raises. Errors are keyed ``rows[i].field``; ``label`` names a
    row inside messages (``rows[2]`` in the API, the spreadsheet row in imports)."""
    errors = Errors()
    slugs = {_slug_of(row.get("pool")) for row in rows if isinstance(row, Mapping)}
    pools = {
        p.slug: p
        for p in ResourcePool.objects.select_related("unit", "competence").filter(
            slug__in=[s for s in slugs if s]
        )
    }
    cleaned: list[CapacityRow] = []
    forbidden: dict[int, ResourcePool] = {}
    seen: dict[tuple[int, int], int] = {}
    for i, row in enumerate(rows):
        key = f"rows[{i}]"
        if not isinstance(row, Mapping):
            errors.add(key, _("Raden må være et objekt."))
            continue
        _check_unknown(errors, row, CAPACITY_FIELDS, prefix=f"{key}.")
        slug = _slug_of(row.get("pool"))
        pool = pools.get(slug)
        if not slug:
            errors.add(f"{key}.pool", _("Oppgi poolen (kortnavn)."))
        elif pool is None:
            errors.add(f"{key}.pool", _("Poolen «%(slug)s» finnes ikke.") % {"slug": slug})
        elif not can_edit_pool(actor, pool):
            forbidden[i] = pool

        quarter: int | None = None
        raw_quarter = row.get("quarter")
        if raw_quarter is None or _text(raw_quarter) == "":
            errors.add(f"{key}.quarter", _("Oppgi kvartalet, f.eks. 2027Q1."))
        else:
            try:
                quarter = parse_quarter(_text(raw_quarter))
            except ValueError as exc:
                errors.add(f"{key}.quarter", str(exc))

        fte = parse_number(row.get("fte"))
        if fte is None:
            errors.add(f"{key}.fte", _("Må være et tall ≥ 0."))
        elif fte < 0:
            errors.add(f"{key}.fte", _("Må være et tall ≥ 0."))
        elif fte > MAX_POOL_FTE:
            errors.add(f"{key}.fte", _("Kan være høyst %(max)s årsverk.") % {"max": MAX_POOL_FTE})
        else:
            fte = _cents(fte)

        raw_ops = row.get("operations_fte")
        ops = Decimal(0) if raw_ops is None or _text(raw_ops) == "" else parse_number(raw_ops)
        if ops is None or ops < 0:
            errors.add(f"{key}.operations_fte", _("Må være et tall ≥ 0."))
        else:
            ops = _cents(ops)
            if fte is not None and not errors.has(f"{key}.fte") and ops > fte:
                errors.add(
                    f"{key}.operations_fte",
                    _("Driftsandelen (%(ops)s) kan ikke være større enn kapasiteten (%(fte)s).")
                    % {"ops": format_fte(ops), "fte": format_fte(fte)},
                )

        if pool is not None and quarter is not None:
            first = seen.setdefault((pool.pk, quarter), i)
            if first != i:
                errors.add(
                    f"{key}.quarter",
                    _("%(pool)s %(quarter)s står to ganger (også i %(other)s).")
                    % {"pool": pool.slug, "quarter": quarter_label(quarter), "other": label(first)},
                )
        if pool is not None and quarter is not None and fte is not None and ops is not None:
            cleaned.append(CapacityRow(i, pool, quarter, fte, ops))
    return CleanedCapacity(rows=cleaned, errors=errors, forbidden=forbidden)


def _not_allowed_pools(pools: Sequence[ResourcePool]) -> NotAllowed:
    names = ", ".join(dict.fromkeys(f"{p.name} ({p.slug})" for p in pools))
    return NotAllowed(
        _("Du kan ikke endre kapasiteten til: %(pools)s.") % {"pools": names},
        code="pool_not_allowed",
    )


@dataclass(frozen=True)
class CapacityResult:
    objects: list[PoolCapacity]
    created: int
    updated: int


def _update_capacities(capacities: Sequence[PoolCapacity]) -> None:
    """Write the changed values of stored rows with one prepared UPDATE run for every row
    (``bulk_update`` builds a CASE expression per row, far slower for a large import)."""
    if not capacities:
        return
    meta = PoolCapacity._meta
    fields = [
        meta.get_field(name) for name in ("fte", "operations_fte", "updated_by", "updated_at")
    ]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # table and column names come from the model; every value is a parameter
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = [
        [f.get_db_prep_save(getattr(c, f.attname), connection) for f in fields] + [c.pk]
        for c in capacities
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def store_capacity(actor: User, rows: Sequence[CapacityRow], *, source: str = "") -> CapacityResult:
    """Upsert validated rows (in bulk) with one audit event per row. Call inside a
    transaction."""
    if not rows:
        return CapacityResult([], 0, 0)
    existing = {
        (c.pool_id, c.quarter): c
        for c in PoolCapacity.objects.select_for_update().filter(
            pool_id__in={r.pool.pk for r in rows}, quarter__in={r.quarter for r in rows}
        )
    }
    by_user = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    new: list[PoolCapacity] = []
    changed: list[PoolCapacity] = []
    befores: dict[int, dict[str, str]] = {}
    out: list[PoolCapacity] = []
    for row in rows:
        capacity = existing.get((row.pool.pk, row.quarter))
        if capacity is None:
            capacity = PoolCapacity(pool=row.pool, quarter=row.quarter)
            new.append(capacity)
        else:
            befores[id(capacity)] = {
                "fte": str(capacity.fte),
                "operations_fte": str(capacity.operations_fte),
            }
            changed.append(capacity)
        capacity.fte = row.fte
        capacity.operations_fte = row.operations_fte
        capacity.updated_by = by_user
        capacity.updated_at = now
        out.append(capacity)
    PoolCapacity.objects.bulk_create(new, batch_size=BATCH)
    _update_capacities(changed)
    for row, capacity in zip(rows, out, strict=True):
        data: dict[str, Any] = {
            "pool": row.pool.slug,
            "quarter": quarter_label(row.quarter),
            "fte": str(row.fte),
            "operations_fte": str(row.operations_fte),
            "before": befores.get(id(capacity)),
        }
        if source:
            data["source"] = source
        audit(actor, "capacity.capacity_set", capacity, **data)
    return CapacityResult(out, len(new), len(changed))


@transaction.atomic
def capacity_set(*, actor: User, rows: Sequence[Mapping[str, Any]]) -> list[PoolCapacity]:
    """Set capacity per pool and quarter: ``pool`` (slug), ``quarter`` ("2027Q1"), ``fte``,
    ``operations_fte`` (default 0). All or nothing; errors keyed ``rows[3].fte``."""
    if not can_manage_capacity(actor) and not (
        roles_of(actor).directorates or roles_of(actor).portfolios
    ):
        raise NotAllowed(
            _(
                "Bare porteføljekontoret, direktører (for sine enheter) og porteføljeforvaltere "
                "(for sine porteføljer) kan endre kapasitet."
            ),
            code="pool_not_allowed",
        )
    cleaned = clean_capacity_rows(actor, rows)
    if cleaned.forbidden:
        raise _not_allowed_pools(list(cleaned.forbidden.values()))
    cleaned.errors.raise_if_any()
    return store_capacity(actor, cleaned.rows).objects


# --- demand ---------------------------------------------------------------------------------


def demand_get(initiative: Initiative) -> dict[str, Any]:
    """The initiative's demand in the API shape."""
    plan = DemandPlan.objects.filter(initiative_id=initiative.pk).first()
    rows = (
        DemandRow.objects.filter(initiative_id=initiative.pk)
        .values_list("competence__slug", "offset", "fte")
        .order_by("competence__name", "offset")
    )
    earliest = plan.earliest_start if plan else None
    latest = plan.latest_start if plan else None
    return {
        "earliest_start": quarter_label(earliest) if earliest is not None else None,
        "latest_start": quarter_label(latest) if latest is not None else None,
        "rows": [
            {"competence": slug, "offset": offset, "fte": float(fte)} for slug, offset, fte in rows
        ],
    }


@dataclass(frozen=True)
class DemandLine:
    index: int
    competence: Competence
    offset: int
    fte: Decimal


@dataclass
class CleanedDemand:
    earliest_start: int | None
    latest_start: int | None
    rows: list[DemandLine]
    errors: Errors


def _window_value(errors: Errors, name: str, value: Any) -> tuple[bool, int | None]:
    """(given, quarter) for one end of the window."""
    if value is None or _text(value) == "":
        return False, None
    if isinstance(value, bool) or not isinstance(value, str | int):
        errors.add(name, _("Oppgi et kvartal på formen 2027Q1."))
        return True, None
    try:
        return True, parse_quarter(str(value))
    except ValueError as exc:
        errors.add(name, str(exc))
        return True, None


def clean_demand(
    data: Mapping[str, Any],
    *,
    competences: Mapping[str, Competence] | None = None,
    label: Callable[[int], str] = _row_label,
) -> CleanedDemand:
    """Validate a demand (window and rows); never raises. ``competences`` maps slugs (and
    lower-cased names, for imports) to competences; loaded when not given."""
    errors = Errors()
    _check_unknown(errors, data, DEMAND_FIELDS)
    has_earliest, earliest = _window_value(errors, "earliest_start", data.get("earliest_start"))
    has_latest, latest = _window_value(errors, "latest_start", data.get("latest_start"))
    if has_earliest != has_latest:
        missing = "latest_start" if has_earliest else "earliest_start"
        errors.add(missing, _("Oppgi både tidligste og seneste start, eller ingen av dem."))
    if earliest is not None and latest is not None and latest < earliest:
        errors.add(
            "latest_start",
            _("Seneste start (%(latest)s) kan ikke være før tidligste start (%(earliest)s).")
            % {"latest": quarter_label(latest), "earliest": quarter_label(earliest)},
        )

    raw_rows = data.get("rows")
    if raw_rows is None:
        raw_rows = []
    if not isinstance(raw_rows, Sequence) or isinstance(raw_rows, str):
        errors.add("rows", _("Må være en liste."))
        raw_rows = []
    if competences is None:
        slugs = {_slug_of(r.get("competence")) for r in raw_rows if isinstance(r, Mapping)}
        competences = {c.slug: c for c in Competence.objects.filter(slug__in=slugs)}
    lines: list[DemandLine] = []
    seen: dict[tuple[int, int], int] = {}
    for i, row in enumerate(raw_rows):
        key = f"rows[{i}]"
        if not isinstance(row, Mapping):
            errors.add(key, _("Raden må være et objekt."))
            continue
        _check_unknown(errors, row, DEMAND_ROW_FIELDS, prefix=f"{key}.")
        ref = _slug_of(row.get("competence"))
        competence = competences.get(ref) or competences.get(ref.lower())
        if not ref:
            errors.add(f"{key}.competence", _("Oppgi kompetansen."))
        elif competence is None:
            errors.add(
                f"{key}.competence", _("Kompetansen «%(slug)s» finnes ikke.") % {"slug": ref}
            )
        offset = parse_integer(row.get("offset"))
        if offset is None or not 0 <= offset <= MAX_OFFSET:
            errors.add(
                f"{key}.offset",
                _("Må være et heltall fra 0 til %(max)s (kvartaler etter start).")
                % {"max": MAX_OFFSET},
            )
            offset = None
        fte = parse_number(row.get("fte"))
        if fte is None or fte <= 0 or fte > MAX_DEMAND_FTE:
            errors.add(
                f"{key}.fte",
                _("Må være et tall større enn 0 og høyst %(max)s.") % {"max": MAX_DEMAND_FTE},
            )
            fte = None
        else:
            fte = _cents(fte)
            if fte <= 0:
                errors.add(f"{key}.fte", _("Må være minst 0,01 årsverk."))
                fte = None
        if competence is not None and offset is not None:
            first = seen.setdefault((competence.pk, offset), i)
            if first != i:
                errors.add(
                    f"{key}.offset",
                    _(
                        "%(competence)s i kvartal %(offset)s etter start står to ganger (også i "
                        "%(other)s)."
                    )
                    % {"competence": competence.slug, "offset": offset, "other": label(first)},
                )
            elif fte is not None:
                lines.append(DemandLine(i, competence, offset, fte))
    if raw_rows and not has_earliest and not has_latest:
        errors.add(
            "earliest_start",
            _("Oppgi tidligste og seneste start når tiltaket har ressursbehov."),
        )
    return CleanedDemand(earliest, latest, lines, errors)


def store_demand(
    actor: User, initiative: Initiative, cleaned: CleanedDemand, *, source: str = ""
) -> None:
    """Replace the window and rows of ``initiative``. Call inside a transaction."""
    before = demand_get(initiative)
    DemandPlan.objects.update_or_create(
        initiative=initiative,
        defaults={
            "earliest_start": cleaned.earliest_start,
            "latest_start": cleaned.latest_start,
            "updated_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    DemandRow.objects.filter(initiative=initiative).delete()
    DemandRow.objects.bulk_create(
        DemandRow(
            initiative=initiative, competence=line.competence, offset=line.offset, fte=line.fte
        )
        for line in cleaned.rows
    )
    after = demand_get(initiative)
    data: dict[str, Any] = {"before": before, "after": after}
    if source:
        data["source"] = source
    audit(actor, "capacity.demand_set", initiative, **data)


@transaction.atomic
def demand_set(*, actor: User, initiative: Initiative, data: Mapping[str, Any]) -> None:
    """Replace the window and rows of ``initiative``'s demand (the ``demand_get`` shape)."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    check_edit_demand(actor, initiative)
    cleaned = clean_demand(data)
    cleaned.errors.raise_if_any()
    store_demand(actor, initiative, cleaned)
