"""Reads of coordination shared by pages and API: related initiatives, bundles, shared needs,
the whole picture (graph), programs, the discussion and notifications.

Related initiatives come from one in-process index (``veivalg.coordination.similarity``),
built on first use and rebuilt when an initiative or a unit has changed: every lookup first
reads a cheap signature (count, sum of ids and latest change of the initiatives, and the
units' sites), and reuses the index while the signature is the same. Results are always
filtered through ``visible_initiatives``, so confidential initiatives reach only those whose
role covers them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from veivalg.coordination.models import (
    Bundle,
    BundlePart,
    DiscussionPost,
    Notification,
    RelatedLink,
    SharedNeed,
)
from veivalg.coordination.similarity import Doc, Match, RelatedIndex, Vectorizer
from veivalg.core.errors import NotFound
from veivalg.initiatives.models import (
    OPEN_STATES,
    Initiative,
    InitiativeCost,
    State,
)
from veivalg.initiatives.selectors import Filters, filter_initiatives, visible_initiatives
from veivalg.initiatives.workflow import board_id_of
from veivalg.org.models import Role, RoleAssignment, Unit, User
from veivalg.org.roles import roles_of
from veivalg.strategy.models import Goal, Program

# --- related initiatives ------------------------------------------------------------------

# Merged and withdrawn initiatives are never suggested (a merged one lives on in another).
NOT_SUGGESTED = (State.MERGED, State.WITHDRAWN)
MIN_SCORE = 0.10  # blended score needed to be listed …
MIN_TEXT = 0.01  # … with some text similarity (or a link made by hand)
SIMILAR_TEXT = 0.08  # from here the reasons say «Lignende behov»
LINK_BOOST = 0.5  # initiatives the office linked by hand come first

_lock = threading.Lock()
_indexes: dict[str, tuple[tuple[Any, ...], RelatedIndex]] = {}
_vectorizer = Vectorizer()


@dataclass(frozen=True)
class RelatedInitiative:
    """One related initiative as shown to a user: score (0–1) and what they share."""

    initiative: Initiative
    score: float
    reasons: list[str]
    link: RelatedLink | None = None

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def clear_related_cache() -> None:
    """Forget the cached index (tests; the signature check makes it unnecessary otherwise)."""
    with _lock:
        _indexes.clear()


def _signature() -> tuple[Any, ...]:
    stats = Initiative.objects.aggregate(n=Count("id"), ids=Sum("id"), last=Max("updated_at"))
    units = tuple(Unit.objects.order_by("id").values_list("id", "site", "directorate_id"))
    return (stats["n"], stats["ids"], stats["last"], hash(units))


def _text(title: str, summary: str, need: str) -> str:
    return f"{title}\n{summary}\n{need}"


def _documents() -> list[Doc]:
    goals: dict[int, set[int]] = defaultdict(set)
    through = Initiative.goals.through.objects.exclude(initiative__state__in=NOT_SUGGESTED)
    for initiative_id, goal_id in through.values_list("initiative_id", "goal_id"):
        goals[initiative_id].add(goal_id)
    rows = (
        Initiative.objects.exclude(state__in=NOT_SUGGESTED)
        .order_by("id")
        .values_list(
            "id",
            "title",
            "summary",
            "need",
            "unit_id",
            "unit__site",
            "unit__directorate_id",
            "program_id",
            "confidential",
        )
    )
    return [
        Doc(
            key=row[0],
            text=_text(row[1], row[2], row[3]),
            unit=row[4],
            site=row[5] or "",
            directorate=row[6],
            program=row[7],
            goals=frozenset(goals.get(row[0], ())),
            confidential=row[8],
        )
        for row in rows
    ]


def related_index() -> RelatedIndex:
    """The index of every suggestible initiative, rebuilt only when something changed."""
    signature = _signature()
    alias = connection.alias
    cached = _indexes.get(alias)
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        cached = _indexes.get(alias)
        if cached is not None and cached[0] == signature:
            return cached[1]
        index = RelatedIndex(_documents(), _vectorizer)
        _indexes[alias] = (signature, index)
        return index


def initiative_doc(initiative: Initiative) -> Doc:
    unit = initiative.unit
    return Doc(
        key=initiative.pk,
        text=_text(initiative.title, initiative.summary, initiative.need),
        unit=initiative.unit_id,
        site=unit.site or "",
        directorate=unit.directorate_id,
        program=initiative.program_id,
        goals=frozenset(g.pk for g in initiative.goals.all()),
        confidential=initiative.confidential,
    )


def text_doc(
    text: str,
    *,
    unit: Unit | None = None,
    program: Program | None = None,
    goals: Iterable[Goal] = (),
) -> Doc:
    return Doc(
        key=-1,
        text=text,
        unit=unit.pk if unit else None,
        site=(unit.site or "") if unit else "",
        directorate=unit.directorate_id if unit else None,
        program=program.pk if program else None,
        goals=frozenset(g.pk for g in goals),
    )


def _links_of(initiative_id: int | None) -> dict[int, RelatedLink]:
    if not initiative_id:
        return {}
    links = RelatedLink.objects.filter(Q(first_id=initiative_id) | Q(second_id=initiative_id))
    return {link.other(initiative_id): link for link in links}


def _reasons(
    match: Match, other: Initiative, goal_names: dict[int, str], linked: bool
) -> list[str]:
    reasons: list[str] = []
    if linked:
        reasons.append(_("Koblet som relatert av porteføljekontoret"))
    if match.same_unit:
        reasons.append(_("Samme virksomhet: %(unit)s") % {"unit": other.unit.name})
    elif match.same_site:
        reasons.append(_("Samme sted: %(site)s") % {"site": other.unit.site})
    if match.text >= SIMILAR_TEXT:
        reasons.append(_("Lignende behov"))
    if match.same_program and other.program is not None:
        reasons.append(_("Samme program: %(program)s") % {"program": other.program.name})
    names = [goal_names[g] for g in match.shared_goals if g in goal_names]  # type: ignore[index]
    if names:
        reasons.append(_("Samme mål: %(goals)s") % {"goals": ", ".join(names)})
    if match.same_directorate:
        reasons.append(
            _("Samme direktørområde: %(directorate)s")
            % {"directorate": other.unit.directorate.name}
        )
    return reasons


def _related(
    user: User,
    doc: Doc,
    *,
    limit: int,
    links: dict[int, RelatedLink] | None = None,
    exclude: Iterable[int] = (),
) -> list[RelatedInitiative]:
    links = links or {}
    matches = related_index().query(
        doc,
        limit=limit * 3 + 10,
        min_score=MIN_SCORE,
        min_text=MIN_TEXT,
        exclude=exclude,
        boost=dict.fromkeys(links, LINK_BOOST),
    )
    if not matches:
        return []
    # Visibility is checked on fresh rows, never on what the index remembers.
    found = (
        visible_initiatives(user)
        .filter(pk__in=[m.key for m in matches])
        .exclude(state__in=NOT_SUGGESTED)
        .select_related("unit__directorate", "portfolio", "program")
        .in_bulk()
    )
    kept = [m for m in matches if m.key in found][:limit]
    goal_ids = {g for m in kept for g in m.shared_goals}
    goal_names = dict(Goal.objects.filter(pk__in=goal_ids).values_list("pk", "name"))
    return [
        RelatedInitiative(
            initiative=found[m.key],
            score=min(m.score, 1.0),
            reasons=_reasons(m, found[m.key], goal_names, m.key in links),
            link=links.get(m.key),
        )
        for m in kept
    ]


def related_to_initiative(
    user: User, initiative: Initiative, *, limit: int = 5
) -> list[RelatedInitiative]:
    """The initiatives most related to ``initiative`` that ``user`` may see, best first."""
    return _related(user, initiative_doc(initiative), limit=limit, links=_links_of(initiative.pk))


def related_to_text(
    user: User,
    text: str,
    *,
    unit: Unit | None = None,
    program: Program | None = None,
    goals: Iterable[Goal] = (),
    exclude: int | None = None,
    limit: int = 5,
) -> list[RelatedInitiative]:
    """Related initiatives for an unsaved text (as you type), best first."""
    if not (text or "").strip():
        return []
    doc = text_doc(text, unit=unit, program=program, goals=goals)
    return _related(
        user,
        doc,
        limit=limit,
        links=_links_of(exclude),
        exclude=[exclude] if exclude else [],
    )


def related_links_of(user: User, initiative: Initiative) -> list[tuple[RelatedLink, Initiative]]:
    """Links made by hand from ``initiative`` to others that ``user`` may see."""
    links = _links_of(initiative.pk)
    others = (
        visible_initiatives(user)
        .filter(pk__in=list(links))
        .select_related("unit", "portfolio")
        .in_bulk()
    )
    return [(links[pk], others[pk]) for pk in sorted(others)]


# --- costs and bundles ---------------------------------------------------------------------

# Not counted in sums: merged ones are counted in the initiative that absorbed them, and
# withdrawn or rejected ones will not be done.
NOT_COUNTED = frozenset({State.MERGED, State.WITHDRAWN, State.REJECTED})


@dataclass(frozen=True)
class CostRow:
    year: int
    investment: int
    operating: int

    @property
    def total(self) -> int:
        return self.investment + self.operating


@dataclass(frozen=True)
class CostTable:
    rows: list[CostRow]

    @property
    def investment(self) -> int:
        return sum(r.investment for r in self.rows)

    @property
    def operating(self) -> int:
        return sum(r.operating for r in self.rows)

    @property
    def total(self) -> int:
        return self.investment + self.operating


def yearly_costs(initiative_ids: Iterable[int]) -> CostTable:
    """Summed investment and operating costs per year of the given initiatives."""
    rows = (
        InitiativeCost.objects.filter(initiative_id__in=list(initiative_ids))
        .values("year")
        .annotate(investment=Sum("investment"), operating=Sum("operating"))
        .order_by("year")
    )
    return CostTable(
        [CostRow(r["year"], int(r["investment"] or 0), int(r["operating"] or 0)) for r in rows]
    )


@dataclass(frozen=True)
class BundleView:
    """A bundle as ``user`` sees it: the parts they may see, and how many are hidden."""

    bundle: Bundle
    coordinated: Initiative
    parts: list[tuple[BundlePart, Initiative]]
    hidden_parts: int
    costs: CostTable
    # (initiative, benefit) for the visible parts and the coordinated initiative itself
    benefits: list[tuple[Initiative, Any]] = field(default_factory=list)

    @property
    def is_active(self) -> bool:
        return self.bundle.dissolved_at is None


def bundle_for_user(user: User, pk: Any) -> Bundle:
    """The bundle if its coordinated initiative is visible to ``user``; otherwise NotFound."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Samordningen finnes ikke.")) from None
    bundle = (
        Bundle.objects.select_related("created_by", "dissolved_by")
        .filter(pk=pk, initiative__in=visible_initiatives(user).values("pk"))
        .first()
    )
    if bundle is None:
        raise NotFound(_("Samordningen finnes ikke, eller du har ikke tilgang til den."))
    return bundle


def bundle_view(user: User, bundle: Bundle) -> BundleView:
    coordinated = (
        Initiative.objects.select_related("unit__directorate", "portfolio", "program")
        .prefetch_related("costs")
        .get(pk=bundle.initiative_id)
    )
    parts = list(bundle.parts.order_by("position", "id"))
    visible = (
        visible_initiatives(user)
        .filter(pk__in=[p.initiative_id for p in parts])
        .select_related("unit__directorate", "portfolio", "owner")
        .in_bulk()
    )
    shown = [(p, visible[p.initiative_id]) for p in parts if p.initiative_id in visible]
    return BundleView(
        bundle=bundle,
        coordinated=coordinated,
        parts=shown,
        hidden_parts=len(parts) - len(shown),
        costs=yearly_costs([p.initiative_id for p in parts]),
        benefits=combined_benefits([coordinated, *(i for _p, i in shown)]),
    )


def combined_benefits(initiatives: Sequence[Initiative]) -> list[tuple[Initiative, Any]]:
    """The benefits registered on ``initiatives`` (already checked for visibility), in their
    order: what a coordinated initiative's parts bring together. Empty when the benefits app
    is not installed."""
    if not apps.is_installed("veivalg.benefits"):
        return []
    from veivalg.benefits.models import Benefit

    by_id = {i.pk: i for i in initiatives}
    rows = Benefit.objects.filter(initiative_id__in=list(by_id)).order_by("initiative_id", "id")
    order = {pk: index for index, pk in enumerate(by_id)}
    return sorted(((by_id[b.initiative_id], b) for b in rows), key=lambda pair: order[pair[0].pk])


def bundle_of_coordinated(initiative: Initiative) -> Bundle | None:
    """The bundle whose coordinated initiative this is (active or dissolved)."""
    return Bundle.objects.filter(initiative=initiative).first()


def active_bundle_containing(initiative: Initiative) -> Bundle | None:
    """The active bundle ``initiative`` is a part of."""
    return (
        Bundle.objects.filter(parts__initiative=initiative, dissolved_at__isnull=True)
        .select_related("initiative")
        .first()
    )


def bundles_for_user(user: User) -> QuerySet[Bundle]:
    return (
        Bundle.objects.filter(initiative__in=visible_initiatives(user).values("pk"))
        .select_related("initiative__unit", "initiative__portfolio", "created_by")
        .annotate(part_count=Count("parts"))
        .order_by("dissolved_at", "-created_at", "-id")
    )


def bundle_candidates(user: User, initiative_ids: Sequence[int]) -> list[Initiative]:
    """The initiatives proposed for a new bundle: those named, then their related ones that
    can be bundled (for the bundle form's checkboxes)."""
    from veivalg.coordination.services import BUNDLEABLE_STATES

    named = (
        visible_initiatives(user)
        .filter(pk__in=list(initiative_ids))
        .select_related("unit", "portfolio")
        .in_bulk()
    )
    result = [named[pk] for pk in initiative_ids if pk in named]
    seen = {i.pk for i in result}
    for initiative in list(result[:1]):
        for related in related_to_initiative(user, initiative, limit=8):
            other = related.initiative
            if other.pk not in seen and other.state in BUNDLEABLE_STATES:
                result.append(other)
                seen.add(other.pk)
    return result


# --- shared needs -------------------------------------------------------------------------


def shared_needs_for_user(user: User) -> QuerySet[SharedNeed]:
    """Every shared need (they are open to all); the initiatives in them are filtered."""
    return (
        SharedNeed.objects.select_related("coordinator")
        .annotate(unit_count=Count("participants", distinct=True))
        .order_by("title", "id")
    )


def shared_need_for_user(user: User, pk: Any) -> SharedNeed:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Det felles behovet finnes ikke.")) from None
    found = SharedNeed.objects.select_related("coordinator", "created_by").filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Det felles behovet finnes ikke."))
    return found


@dataclass(frozen=True)
class SharedNeedView:
    shared_need: SharedNeed
    participants: list[Any]
    initiatives: list[Initiative]
    hidden_initiatives: int
    costs: CostTable


def shared_need_view(user: User, shared_need: SharedNeed) -> SharedNeedView:
    participants = list(
        shared_need.participants.select_related("unit__directorate").order_by("unit__name")
    )
    all_ids = list(shared_need.initiatives.values_list("pk", flat=True))
    initiatives = list(
        visible_initiatives(user)
        .filter(pk__in=all_ids)
        .select_related("unit__directorate", "portfolio", "program")
        .order_by("unit__name", "title")
    )
    counted = [i.pk for i in initiatives if i.state not in NOT_COUNTED]
    return SharedNeedView(
        shared_need=shared_need,
        participants=participants,
        initiatives=initiatives,
        hidden_initiatives=len(all_ids) - len(initiatives),
        costs=yearly_costs(counted),
    )


def shared_needs_of(initiative: Initiative) -> QuerySet[SharedNeed]:
    return initiative.shared_needs.order_by("title")


# --- programs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramRow:
    initiative: Initiative
    by_year: list[int | None]
    total: int
    counted: bool


@dataclass(frozen=True)
class ProgramView:
    program: Program
    years: list[int]
    rows: list[ProgramRow]
    totals_by_year: list[int]
    total: int
    by_portfolio: list[tuple[str, int, int]]  # name, initiatives, counted total
    by_state: list[tuple[str, str, int]]  # state, label, count


def program_view(user: User, program: Program) -> ProgramView:
    """All the program's initiatives ``user`` may see, across portfolios, with yearly costs."""
    initiatives = list(
        visible_initiatives(user)
        .filter(program=program)
        .select_related("unit__directorate", "portfolio")
        .order_by("portfolio__name", "title", "id")
    )
    costs: dict[int, dict[int, int]] = defaultdict(dict)
    for cost in InitiativeCost.objects.filter(initiative__in=[i.pk for i in initiatives]):
        costs[cost.initiative_id][cost.year] = int(cost.investment) + int(cost.operating)
    years = sorted({year for per_year in costs.values() for year in per_year})
    rows: list[ProgramRow] = []
    totals = [0] * len(years)
    portfolios: dict[str, list[int]] = {}
    states: dict[str, int] = {}
    for initiative in initiatives:
        mine = costs.get(initiative.pk, {})
        counted = initiative.state not in NOT_COUNTED
        by_year = [mine.get(year) for year in years]
        if counted:
            for index, amount in enumerate(by_year):
                totals[index] += amount or 0
        total = sum(mine.values())
        rows.append(ProgramRow(initiative, by_year, total, counted))
        entry = portfolios.setdefault(initiative.portfolio.name, [0, 0])
        entry[0] += 1
        entry[1] += total if counted else 0
        states[initiative.state] = states.get(initiative.state, 0) + 1
    return ProgramView(
        program=program,
        years=years,
        rows=rows,
        totals_by_year=totals,
        total=sum(totals),
        by_portfolio=[(name, n, amount) for name, (n, amount) in sorted(portfolios.items())],
        by_state=[(s, str(State(s).label), states[s]) for s in State.values if s in states],
    )


def programs_with_counts(user: User) -> list[tuple[Program, int]]:
    counts = dict(
        visible_initiatives(user)
        .filter(program__isnull=False)
        .values_list("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    return [(p, counts.get(p.pk, 0)) for p in Program.objects.select_related("owner")]


# --- the whole picture --------------------------------------------------------------------

MAX_EDGES = 400


@dataclass(frozen=True)
class GraphNode:
    id: str
    kind: str  # initiative, program, shared_need
    label: str
    url: str
    state: str = ""


@dataclass(frozen=True)
class GraphEdge:
    source: GraphNode
    target: GraphNode
    kind: str  # dependency, bundle, shared_need, program, related
    label: str


@dataclass
class Graph:
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)
    truncated: int = 0  # edges left out

    def chart(self) -> dict[str, Any]:
        """The graph for ECharts (``json_script``)."""
        return {
            "nodes": [
                {"id": n.id, "name": n.label, "kind": n.kind, "url": n.url} for n in self.nodes
            ],
            "links": [
                {"source": e.source.id, "target": e.target.id, "kind": e.kind, "label": e.label}
                for e in self.edges
            ],
            "labels": {
                "initiative": _("Initiativ"),
                "program": _("Program"),
                "shared_need": _("Felles behov"),
            },
        }


def graph_for_user(user: User, filters: Filters) -> Graph:
    """Initiatives with their dependencies, bundles, shared needs, programs and links,
    filtered by directorate, program and portfolio. Only initiatives that are open (or
    merged into an active bundle) and have at least one connection are drawn."""
    from veivalg.prioritization.models import Dependency, DependencyType

    shown = filter_initiatives(
        user,
        Filters(
            directorate=filters.directorate, program=filters.program, portfolio=filters.portfolio
        ),
    ).filter(
        Q(state__in=OPEN_STATES)
        | Q(state=State.MERGED, bundle_parts__bundle__dissolved_at__isnull=True)
    )
    initiatives = {i.pk: i for i in shown.select_related("program").order_by("pk").distinct()}
    ids = list(initiatives)
    nodes: dict[str, GraphNode] = {}

    def node_of(initiative: Initiative) -> GraphNode:
        key = f"i{initiative.pk}"
        if key not in nodes:
            nodes[key] = GraphNode(
                key,
                "initiative",
                _("nr. %(id)s %(title)s") % {"id": initiative.pk, "title": initiative.title},
                reverse("web:initiative", args=[initiative.pk]),
                initiative.state,
            )
        return nodes[key]

    edges: list[GraphEdge] = []
    labels = dict(DependencyType.choices)
    dependencies = Dependency.objects.filter(
        from_initiative_id__in=ids, to_initiative_id__in=ids
    ).order_by("from_initiative_id", "to_initiative_id")
    for dep in dependencies:
        edges.append(
            GraphEdge(
                node_of(initiatives[dep.from_initiative_id]),
                node_of(initiatives[dep.to_initiative_id]),
                "dependency",
                str(labels.get(dep.type, dep.type)),
            )
        )
    parts = BundlePart.objects.filter(
        bundle__dissolved_at__isnull=True,
        initiative_id__in=ids,
        bundle__initiative_id__in=ids,
    ).select_related("bundle")
    for part in parts.order_by("bundle_id", "position"):
        edges.append(
            GraphEdge(
                node_of(initiatives[part.initiative_id]),
                node_of(initiatives[part.bundle.initiative_id]),
                "bundle",
                _("del av samordnet initiativ"),
            )
        )
    for link in RelatedLink.objects.filter(first_id__in=ids, second_id__in=ids):
        edges.append(
            GraphEdge(
                node_of(initiatives[link.first_id]),
                node_of(initiatives[link.second_id]),
                "related",
                _("relatert"),
            )
        )
    through = SharedNeed.initiatives.through.objects.filter(initiative_id__in=ids)
    need_ids = {row.sharedneed_id for row in through}
    needs = SharedNeed.objects.in_bulk(list(need_ids))
    for row in through.order_by("sharedneed_id", "initiative_id"):
        need = needs[row.sharedneed_id]
        key = f"s{need.pk}"
        if key not in nodes:
            nodes[key] = GraphNode(
                key,
                "shared_need",
                need.title,
                reverse("coordination:shared_need", args=[need.pk]),
            )
        edges.append(
            GraphEdge(
                node_of(initiatives[row.initiative_id]),
                nodes[key],
                "shared_need",
                _("del av felles behov"),
            )
        )
    for initiative in initiatives.values():
        program = initiative.program
        if program is None or initiative.state == State.MERGED:
            continue
        key = f"p{program.pk}"
        if key not in nodes:
            nodes[key] = GraphNode(
                key, "program", program.name, reverse("coordination:program", args=[program.slug])
            )
        edges.append(GraphEdge(node_of(initiative), nodes[key], "program", _("i programmet")))
    graph = Graph()
    graph.truncated = max(0, len(edges) - MAX_EDGES)
    graph.edges = edges[:MAX_EDGES]
    used = {e.source.id for e in graph.edges} | {e.target.id for e in graph.edges}
    graph.nodes = [n for key, n in nodes.items() if key in used]
    return graph


# --- discussion -----------------------------------------------------------------------------


def can_discuss(user: User | None, initiative: Initiative) -> bool:
    """Whether ``user`` has a role on ``initiative``: owner, director of its directorate,
    portfolio manager of its primary or a contributing portfolio, member of the board it is
    routed to, a role on the initiative itself, the portfolio office or an administrator."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = roles_of(user)
    if roles.portfolio_office or roles.administrator:
        return True
    if initiative.owner_id == user.pk or initiative.pk in roles.any_initiative_ids:
        return True
    if roles.directorates and initiative.unit.directorate_id in roles.directorates:
        return True
    if roles.portfolios:
        if initiative.portfolio_id in roles.portfolios:
            return True
        through = Initiative.contributing_portfolios.through.objects
        if through.filter(initiative_id=initiative.pk, portfolio_id__in=roles.portfolios).exists():
            return True
    return bool(roles.boards) and board_id_of(initiative) in roles.boards


def people_on_initiative(initiative: Initiative) -> list[tuple[User, str]]:
    """Everyone who has a role on ``initiative`` (who can be mentioned), with the role."""
    people: dict[int, tuple[User, str]] = {}

    def add(user: User, role: str) -> None:
        if user.is_active and user.pk not in people:
            people[user.pk] = (user, role)

    add(initiative.owner, _("Eier"))
    portfolio_ids = [
        initiative.portfolio_id,
        *initiative.contributing_portfolios.values_list("pk", flat=True),
    ]
    scope = (
        Q(role=Role.PORTFOLIO_OFFICE)
        | Q(role=Role.DIRECTOR, directorate_id=initiative.unit.directorate_id)
        | Q(role=Role.PORTFOLIO_MANAGER, portfolio_id__in=portfolio_ids)
        | Q(role=Role.BOARD_MEMBER, board_id=board_id_of(initiative))
        | Q(initiative_id=initiative.pk)
    )
    assignments = (
        RoleAssignment.objects.filter(scope)
        .select_related("user")
        .order_by("role", "user__first_name", "user__username")
    )
    for assignment in assignments:
        add(assignment.user, str(assignment.get_role_display()))
    return sorted(people.values(), key=lambda pair: pair[0].display_name.lower())


def discussion_of(initiative: Initiative) -> QuerySet[DiscussionPost]:
    return (
        initiative.discussion_posts.select_related("author")
        .prefetch_related("mentions")
        .order_by("at", "id")
    )


# --- notifications --------------------------------------------------------------------------


def unread_count(user: User | None) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_of(user: User, *, limit: int = 100) -> list[Notification]:
    return list(
        Notification.objects.filter(user=user)
        .select_related("actor", "initiative", "shared_need", "post")
        .order_by("read_at", "-created_at", "-id")[:limit]
    )


def notification_url(notification: Notification) -> str:
    if notification.post_id and notification.initiative_id:
        return reverse("coordination:discussion", args=[notification.initiative_id]) + (
            f"#innlegg-{notification.post_id}"
        )
    if notification.shared_need_id:
        return reverse("coordination:shared_need", args=[notification.shared_need_id])
    if notification.initiative_id:
        return reverse("web:initiative", args=[notification.initiative_id])
    return reverse("coordination:notifications")
