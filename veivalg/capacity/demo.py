"""Fictional demo capacity: competences, pools, capacity per quarter and demand profiles.

Everything here is invented. ``seed_capacity()`` is idempotent: competences and pools are
looked up by slug, a pool's capacity is added only for quarters it lacks, and a demand
profile only for an initiative without one. Profiles are derived deterministically from the
initiative's primary portfolio, cost years and archive reference number, so the same data
gives the same demo on any database.

The numbers are chosen so that the heatmap has something to say: developers and architects
are short in 2027, HR advisers have room.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from veivalg.capacity.loads import COMMITTED_STATES
from veivalg.capacity.models import Competence, DemandPlan, DemandRow, PoolCapacity, ResourcePool
from veivalg.capacity.quarters import first_quarter, quarter_range
from veivalg.initiatives.models import OPEN_STATES, Initiative, InitiativeCost, WorkType
from veivalg.org.models import Portfolio, Unit

COMPETENCES: tuple[tuple[str, str], ...] = (
    ("prosjektleder", "Prosjektleder"),
    ("tjenestedesigner", "Tjenestedesigner"),
    ("utvikler", "Utvikler"),
    ("arkitekt", "Arkitekt"),
    ("hr-radgiver", "HR-rådgiver"),
    ("okonomiradgiver", "Økonomirådgiver"),
    ("eiendomsradgiver", "Eiendomsrådgiver"),
    ("endringsleder", "Endringsleder"),
)

# slug, name, competence, ("unit"|"portfolio", slug), capacity FTE, operations FTE
POOLS: tuple[tuple[str, str, str, tuple[str, str], str, str], ...] = (
    ("digit-prosjektledere", "DigIT prosjektledere", "prosjektleder", ("unit", "digit"), "4", "1"),
    ("su-prosjektledere", "Prosjektledere i S&U", "prosjektleder", ("portfolio", "su"), "3", "0.5"),
    (
        "su-tjenestedesign",
        "Tjenestedesignere",
        "tjenestedesigner",
        ("unit", "strategi-utvikling"),
        "4",
        "0.5",
    ),
    ("digit-utviklere", "DigIT utviklere", "utvikler", ("unit", "digit"), "10", "4"),
    ("digit-arkitekter", "DigIT arkitekter", "arkitekt", ("unit", "digit"), "4", "1.25"),
    ("hr-radgivere", "HR-rådgivere", "hr-radgiver", ("unit", "hr-avdelingen"), "6", "3"),
    (
        "okonomiradgivere",
        "Økonomirådgivere",
        "okonomiradgiver",
        ("unit", "okonomiavdelingen"),
        "5",
        "3",
    ),
    (
        "eiendomsradgivere",
        "Eiendomsrådgivere",
        "eiendomsradgiver",
        ("unit", "eiendom-forvaltning"),
        "4",
        "2.5",
    ),
    ("endringsledere", "Endringsledere", "endringsleder", ("portfolio", "su"), "2", "0"),
)
FIRST_YEAR, LAST_YEAR = 2026, 2030
PLANNING_YEAR = 2027  # what is not decided yet starts in 2027 at the earliest

# What each portfolio's initiatives need, by competence: FTE per quarter.
NEEDS: dict[str, tuple[tuple[str, str], ...]] = {
    "digit": (("prosjektleder", "0.5"), ("utvikler", "1.0"), ("arkitekt", "0.5")),
    "hr": (("prosjektleder", "0.25"), ("hr-radgiver", "1.0"), ("endringsleder", "0.5")),
    "okonomi": (("prosjektleder", "0.25"), ("okonomiradgiver", "1.0"), ("utvikler", "0.5")),
    "su": (("prosjektleder", "0.5"), ("tjenestedesigner", "1.0"), ("endringsleder", "0.5")),
    "eiendom": (("prosjektleder", "0.5"), ("eiendomsradgiver", "1.0")),
    "byggeprosjekter": (("eiendomsradgiver", "0.5"),),
}
OPERATIONS_NEED = (("utvikler", "0.5"), ("arkitekt", "0.25"))


def _competences() -> dict[str, Competence]:
    return {
        slug: Competence.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in COMPETENCES
    }


def _pools(competences: dict[str, Competence]) -> list[tuple[ResourcePool, str, str]]:
    out = []
    units = {u.slug: u for u in Unit.objects.all()}
    portfolios = {p.slug: p for p in Portfolio.objects.all()}
    for slug, name, competence, (kind, owner), fte, operations in POOLS:
        scope = units.get(owner) if kind == "unit" else portfolios.get(owner)
        if scope is None:
            continue
        pool, _created = ResourcePool.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "competence": competences[competence], kind: scope},
        )
        out.append((pool, fte, operations))
    return out


def _capacity(pools: list[tuple[ResourcePool, str, str]]) -> int:
    quarters = quarter_range(first_quarter(FIRST_YEAR), first_quarter(LAST_YEAR) + 3)
    existing = set(PoolCapacity.objects.values_list("pool_id", "quarter"))
    rows = []
    for pool, fte, operations in pools:
        for quarter in quarters:
            if (pool.pk, quarter) in existing:
                continue
            # Summer quarters have less capacity (holidays).
            factor = Decimal("0.8") if quarter % 4 == 2 else Decimal(1)
            rows.append(
                PoolCapacity(
                    pool=pool,
                    quarter=quarter,
                    fte=(Decimal(fte) * factor).quantize(Decimal("0.01")),
                    operations_fte=(Decimal(operations) * factor).quantize(Decimal("0.01")),
                )
            )
    PoolCapacity.objects.bulk_create(rows)
    return len(rows)


def _number(reference: str, pk: int) -> int:
    """The number in an archive reference (``DEMO-012`` → 12), so that the demo does not
    depend on database ids (which differ between SQLite and PostgreSQL); else the id."""
    digits = "".join(ch for ch in reference.rsplit("-", 1)[-1] if ch.isdigit())
    return int(digits) if digits else pk


def _profiles(competences: dict[str, Competence]) -> int:
    planned = set(DemandPlan.objects.values_list("initiative_id", flat=True))
    initiatives = list(
        Initiative.objects.filter(state__in=OPEN_STATES)
        .exclude(pk__in=planned)
        .values_list("pk", "portfolio__slug", "work_type", "state", "archive_reference")
    )
    first_years: dict[int, int] = {}
    last_years: dict[int, int] = {}
    for pk, year in InitiativeCost.objects.filter(
        initiative_id__in=[i[0] for i in initiatives]
    ).values_list("initiative_id", "year"):
        first_years[pk] = min(year, first_years.get(pk, year))
        last_years[pk] = max(year, last_years.get(pk, year))
    plans, rows = [], []
    for pk, portfolio, work_type, state, reference in initiatives:
        key = _number(reference, pk)
        first = max(first_years.get(pk, PLANNING_YEAR), FIRST_YEAR)
        committed = state in COMMITTED_STATES
        if committed or work_type != WorkType.DEVELOPMENT:
            start, window = first_quarter(first) + key % 2, 0
        else:
            # Not decided yet: planned from the planning year on, with a start window.
            start = first_quarter(max(first, PLANNING_YEAR)) + key % 2
            window = 2 + key % 3
        if work_type == WorkType.DEVELOPMENT:
            needs = NEEDS.get(portfolio, NEEDS["su"])
            years = max(1, min(3, last_years.get(pk, first) - first + 1))
            duration = min(2 + key % 3 + 2 * (years - 1), 8)
        else:
            needs = OPERATIONS_NEED
            duration = 4
        plans.append(
            DemandPlan(initiative_id=pk, earliest_start=start, latest_start=start + window)
        )
        for slug, fte in needs:
            for offset in range(duration):
                # Design and analysis first, build in the middle, change at the end.
                scale = Decimal(1)
                if slug == "utvikler" and offset == 0:
                    scale = Decimal("0.5")
                if slug == "endringsleder" and offset < duration // 2:
                    continue
                rows.append(
                    DemandRow(
                        initiative_id=pk,
                        competence=competences[slug],
                        offset=offset,
                        fte=(Decimal(fte) * scale).quantize(Decimal("0.01")),
                    )
                )
    DemandPlan.objects.bulk_create(plans, batch_size=2000)
    DemandRow.objects.bulk_create(rows, batch_size=2000)
    return len(plans)


@transaction.atomic
def seed_capacity() -> dict[str, int]:
    """Competences, pools, capacity 2026–2029 and demand profiles for open initiatives."""
    competences = _competences()
    pools = _pools(competences)
    return {"capacity_rows": _capacity(pools), "demand_profiles": _profiles(competences)}
