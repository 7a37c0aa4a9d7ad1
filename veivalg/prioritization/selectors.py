"""Reads shared by pages and API: criteria, scores, the ranking, dependencies, scenarios.

Who may read what:

- criteria, levels, weights and every visible initiative's score and ranking: everyone;
- scenarios: the portfolio office, administrators, and members of the scenario's board or
  of a board above it (``can_read_scenarios``); others get ``NotFound``.

Which criteria apply to an initiative: the active set of the board it is routed to (the
default board when it is not routed), or, when that board has none, the nearest board above
it that has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from veivalg.capacity.loads import COMMITTED_STATES
from veivalg.capacity.quarters import parse_quarter, quarter_display, quarter_label
from veivalg.core.errors import NotFound
from veivalg.initiatives.models import OPEN_STATES, Initiative, State, WorkType
from veivalg.initiatives.selectors import Filters, filter_initiatives, visible_initiatives
from veivalg.org.models import Board, User
from veivalg.org.roles import roles_of
from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    Dependency,
    PairwiseJudgement,
    PrioritizationSet,
    Rating,
    Scenario,
)
from veivalg.prioritization.scoring import EMPTY_SCORE, CriterionSpec, Score, compute_score

# --- permissions ---------------------------------------------------------------------------


def can_manage(user: User) -> bool:
    """Only the portfolio office changes criteria, weights, ratings, dependencies, scenarios."""
    return roles_of(user).portfolio_office


def _board_parents() -> dict[int, int | None]:
    return dict(Board.objects.values_list("id", "parent_id"))


def _default_board_id() -> int | None:
    return Board.objects.filter(slug=Board.DEFAULT_SLUG).values_list("id", flat=True).first()


def _with_descendants(board_ids: Iterable[int], parents: Mapping[int, int | None]) -> set[int]:
    out = set(board_ids)
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in out and child not in out:
                out.add(child)
                changed = True
    return out


def readable_board_ids(user: User) -> set[int] | None:
    """Boards whose scenarios ``user`` may read; ``None`` means all of them."""
    roles = roles_of(user)
    if roles.portfolio_office or roles.administrator:
        return None
    if not roles.boards:
        return set()
    return _with_descendants(roles.boards, _board_parents())


def can_read_scenarios(user: User, board_id: int) -> bool:
    readable = readable_board_ids(user)
    return readable is None or board_id in readable


# --- criteria and weights ------------------------------------------------------------------


def active_set(board: Board | int | None = None) -> PrioritizationSet | None:
    """The active set for ``board`` (default board when ``None``), else the nearest above it."""
    board_id = board.pk if isinstance(board, Board) else board
    book = _criteria_book()
    spec = book.for_board(board_id)
    if spec is None:
        return None
    return PrioritizationSet.objects.select_related("board").get(pk=spec.id)


def criteria_of(prioritization_set: PrioritizationSet) -> QuerySet[Criterion]:
    """The set's criteria in order, with their five levels prefetched."""
    return prioritization_set.criteria.order_by("order", "id").prefetch_related(
        Prefetch("levels", queryset=CriterionLevel.objects.order_by("level"))
    )


def judgements_of(prioritization_set: PrioritizationSet) -> dict[tuple[str, str], Decimal]:
    """The stored pairwise judgements as ``{(slug_a, slug_b): value}`` (each pair once)."""
    rows = PairwiseJudgement.objects.filter(set=prioritization_set).values_list(
        "criterion_a__slug", "criterion_b__slug", "value"
    )
    return {(a, b): value for a, b, value in rows}


@dataclass(frozen=True)
class SetSpec:
    id: int
    board_id: int
    criteria: tuple[CriterionSpec, ...]


@dataclass
class _CriteriaBook:
    """Every board's active set and its criteria, loaded in three queries."""

    parents: dict[int, int | None]
    default_board_id: int | None
    sets: dict[int, SetSpec] = field(default_factory=dict)  # board id -> its own active set

    def for_board(self, board_id: int | None) -> SetSpec | None:
        current = board_id if board_id is not None else self.default_board_id
        seen: set[int] = set()
        while current is not None and current not in seen:
            if current in self.sets:
                return self.sets[current]
            seen.add(current)
            current = self.parents.get(current)
        if board_id is not None and self.default_board_id is not None:
            return self.sets.get(self.default_board_id)
        return None


def _criteria_book() -> _CriteriaBook:
    parents: dict[int, int | None] = {}
    default_id: int | None = None
    for pk, parent_id, slug in Board.objects.values_list("id", "parent_id", "slug"):
        parents[pk] = parent_id
        if slug == Board.DEFAULT_SLUG:
            default_id = pk
    book = _CriteriaBook(parents=parents, default_board_id=default_id)
    criteria: dict[int, list[CriterionSpec]] = {}
    rows = Criterion.objects.filter(set__active=True).order_by("order", "id")
    for c in rows.values("id", "set_id", "slug", "name", "weight", "inverted"):
        criteria.setdefault(c["set_id"], []).append(
            CriterionSpec(
                id=c["id"],
                slug=c["slug"],
                name=c["name"],
                weight=c["weight"],
                inverted=c["inverted"],
            )
        )
    for set_id, board_id in PrioritizationSet.objects.filter(active=True).values_list(
        "id", "board_id"
    ):
        book.sets[board_id] = SetSpec(
            id=set_id, board_id=board_id, criteria=tuple(criteria.get(set_id, ()))
        )
    return book


# --- scores and the ranking ----------------------------------------------------------------


def _scores(initiatives: list[Initiative], ratings: QuerySet[Rating]) -> dict[int, Score]:
    book = _criteria_book()
    levels: dict[tuple[int, int], dict[str, int]] = {}
    for initiative_id, set_id, slug, level in ratings.filter(
        criterion__set__active=True
    ).values_list("initiative_id", "criterion__set_id", "criterion__slug", "level"):
        levels.setdefault((initiative_id, set_id), {})[slug] = level
    out: dict[int, Score] = {}
    for initiative in initiatives:
        spec = book.for_board(initiative.board_id)
        if spec is None:
            out[initiative.pk] = EMPTY_SCORE
            continue
        out[initiative.pk] = compute_score(
            spec.criteria, levels.get((initiative.pk, spec.id), {}), set_id=spec.id
        )
    return out


def score_for(initiative: Initiative) -> Score:
    """The initiative's score with its per-criterion breakdown (five queries at most)."""
    return _scores([initiative], Rating.objects.filter(initiative_id=initiative.pk))[initiative.pk]


def scores_for(initiatives: Iterable[Initiative]) -> dict[int, Score]:
    """Scores of many initiatives by id, in a constant number of queries."""
    items = list(initiatives)
    ratings = Rating.objects.filter(initiative_id__in=[i.pk for i in items])
    return _scores(items, ratings)


def ratings_of(initiative: Initiative) -> QuerySet[Rating]:
    """The initiative's ratings on its current set, with criterion and rater."""
    return (
        Rating.objects.filter(initiative=initiative, criterion__set__active=True)
        .select_related("criterion", "rated_by")
        .order_by("criterion__order", "criterion_id")
    )


@dataclass(frozen=True)
class RankedInitiative:
    """One row of the ranking: ``position`` 1 is the highest score."""

    position: int
    initiative: Initiative
    score: Score


def ranking(
    user: User, filters: Filters | None = None, *, board: Board | None = None
) -> list[RankedInitiative]:
    """Visible initiatives by score, highest first (ties: oldest first).

    ``filters`` are those of the initiative list; without a state filter, closed, rejected,
    stopped, merged and withdrawn initiatives are left out. ``board`` keeps only those routed
    to that board. The query count does not grow with the number of rows; the list rows
    carry what ``veivalg.initiatives.selectors.with_list_data`` joins (``total_cost``,
    unit, portfolio, owner, program).
    """
    filters = filters or Filters()
    qs = filter_initiatives(user, filters)
    if not filters.state:
        qs = qs.filter(state__in=OPEN_STATES)
    if board is not None:
        routed = Q(board_id=board.pk)
        if board.slug == Board.DEFAULT_SLUG:
            routed |= Q(board__isnull=True)
        qs = qs.filter(routed)
    initiatives = list(qs)
    scores = _scores(initiatives, Rating.objects.filter(initiative__in=qs.order_by().values("pk")))
    initiatives.sort(key=lambda i: (-scores[i.pk].total, i.created_at, i.pk))
    return [
        RankedInitiative(position=n, initiative=i, score=scores[i.pk])
        for n, i in enumerate(initiatives, start=1)
    ]


# --- dependencies --------------------------------------------------------------------------


def dependencies_of(user: User, initiative: Initiative) -> QuerySet[Dependency]:
    """The initiative's dependencies in both directions whose other end ``user`` may see."""
    visible = visible_initiatives(user).values("pk")
    return (
        Dependency.objects.filter(
            Q(from_initiative=initiative, to_initiative__in=visible)
            | Q(to_initiative=initiative, from_initiative__in=visible)
        )
        .select_related("from_initiative", "to_initiative", "created_by")
        .order_by("type", "from_initiative_id", "to_initiative_id")
    )


# --- scenarios -----------------------------------------------------------------------------

# The problem document's resource for the budget, its extension key (what the pages show
# beside the solution: see ``exchange``), and a committed candidate's own load.
BUDGET = "budget"
EXTENSION = "x-veivalg"
LOAD = "x-load"
ELIGIBLE = Q(portfolio__out_of_scope=False) & Q(work_type=WorkType.DEVELOPMENT)


def routed_to(board: Board) -> Q:
    """Initiatives routed to ``board`` (unrouted ones belong to the default board)."""
    q = Q(board_id=board.pk)
    if board.slug == Board.DEFAULT_SLUG:
        q |= Q(board__isnull=True)
    return q


def default_candidates(board: Board) -> QuerySet[Initiative]:
    """The default candidates of a scenario for ``board``.

    Those routed to the board that are ``ready_for_decision``, ``approved`` or
    ``in_progress`` (the last two are already decided and are forced in), leaving out
    initiatives in an out-of-scope portfolio and operations or maintenance work.
    """
    return (
        Initiative.objects.filter(ELIGIBLE)
        .filter(routed_to(board))
        .filter(state__in=[State.READY_FOR_DECISION, *COMMITTED_STATES])
        .order_by("pk")
    )


def scenario_candidates(scenario: Scenario) -> QuerySet[Initiative]:
    """The scenario's candidates: its own list, or the board's default set, all eligible."""
    if scenario.explicit_candidates:
        return scenario.candidates.filter(ELIGIBLE).order_by("pk")
    return default_candidates(scenario.board)


def scenarios_for(user: User, *, board: Board | None = None) -> QuerySet[Scenario]:
    """Scenarios ``user`` may read, newest first."""
    qs = Scenario.objects.select_related("board", "created_by", "proposed_by")
    readable = readable_board_ids(user)
    if readable is not None:
        qs = qs.filter(board_id__in=readable)
    if board is not None:
        qs = qs.filter(board=board)
    return qs.order_by("-created_at", "-id")


def scenario_for_user(user: User, pk: Any) -> Scenario:
    """The scenario if it exists and ``user`` may read it; otherwise ``NotFound``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Scenariet finnes ikke.")) from None
    scenario = scenarios_for(user).filter(pk=pk).first()
    if scenario is None:
        raise NotFound(_("Scenariet finnes ikke, eller du har ikke tilgang til det."))
    return scenario


def selected_ids(scenario: Scenario) -> list[int]:
    """Initiative ids the solution selected (empty until solved)."""
    return [int(s["id"]) for s in (scenario.result or {}).get("selected", [])]


def _problem_extension(scenario: Scenario) -> dict[str, Any]:
    return dict((scenario.problem or {}).get(EXTENSION) or {})


def _period_quarters(scenario: Scenario) -> list[int]:
    """The quarter index of each period of the stored problem ([] for an old yearly one)."""
    out: list[int] = []
    for label in (scenario.problem or {}).get("periods", []):
        try:
            out.append(parse_quarter(str(label)))
        except ValueError:
            return []
    return out


def candidate_cost(candidate: Mapping[str, Any]) -> Decimal:
    """A problem candidate's budget inside the horizon (a committed one's from ``x-load``)."""
    lists = candidate.get("demand", {}).get(BUDGET) or candidate.get(LOAD, {}).get(BUDGET) or []
    return sum((Decimal(str(x)) for x in lists), Decimal(0))


@dataclass(frozen=True)
class BudgetYear:
    """A budget year of a scenario: ``limit`` (the scenario's budget), ``committed`` (what
    approved and in-progress initiatives spend that year) and ``selected`` (what the
    candidates the solution selected spend), in kroner."""

    year: int
    limit: Decimal
    committed: Decimal
    selected: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.selected

    @property
    def over(self) -> bool:
        return self.used > self.limit


def scenario_budget_use(scenario: Scenario) -> list[BudgetYear]:
    """Budget per year of the solved (or built) problem; [] before the problem is built.

    ``selected`` sums the solution's quarterly budget use over each year's four quarters.
    """
    problem = scenario.problem or {}
    if not problem:
        return []
    quarters = _period_quarters(scenario)
    ext = _problem_extension(scenario)
    usage = (scenario.result or {}).get("usage", {}).get(BUDGET, [])
    if not quarters or not ext:
        # A yearly document from before scenarios ran in quarters: one period per year.
        years = [int(p) for p in problem.get("periods", [])]
        return [
            BudgetYear(
                year=y,
                limit=Decimal(str(scenario.budget.get(str(y), 0))),
                committed=Decimal(0),
                selected=Decimal(str(usage[i])) if i < len(usage) else Decimal(0),
            )
            for i, y in enumerate(years)
        ]
    by_year: dict[int, Decimal] = {}
    for q, used in zip(quarters, usage, strict=False):
        by_year[q // 4] = by_year.get(q // 4, Decimal(0)) + Decimal(str(used))
    budget = ext.get("budget", {})
    return [
        BudgetYear(
            year=int(y),
            limit=Decimal(str(budget.get("limit", [])[i])),
            committed=Decimal(str(budget.get("committed", [])[i])),
            selected=by_year.get(int(y), Decimal(0)),
        )
        for i, y in enumerate(ext.get("years", []))
    ]


def budget_use(scenario: Scenario) -> dict[str, Decimal]:
    """What the scenario's portfolio uses of the budget per year (kroner): the selected
    candidates' quarters summed per year, plus the committed initiatives' spending."""
    return {str(b.year): b.used for b in scenario_budget_use(scenario)}


@dataclass(frozen=True)
class TimelineItem:
    """A selected initiative on the scenario's timeline (quarters as ``capacity.quarters``)."""

    initiative_id: int
    title: str
    start: int
    finish: int
    start_label: str
    finish_label: str
    start_display: str
    finish_display: str
    committed: bool
    forced: bool
    value: float


def scenario_timeline(scenario: Scenario, *, user: User | None = None) -> list[TimelineItem]:
    """The selected initiatives with start and finish quarter, sorted by start then title.

    ``committed``: approved or in progress (its start was not chosen by the solver);
    ``forced``: forced in otherwise (politically mandated or by an override). ``finish`` is
    the last quarter in use (the start itself for an initiative without demand inside the
    horizon). With ``user``, initiatives hidden from that user show no title. [] when not
    solved.
    """
    result = scenario.result or {}
    chosen = result.get("selected") or []
    quarters = _period_quarters(scenario)
    if not chosen or not quarters:
        return []
    ext = _problem_extension(scenario)
    committed = {str(x) for x in ext.get("committed", [])}
    candidates = {str(c["id"]): c for c in (scenario.problem or {}).get("candidates", [])}
    ids = [int(s["id"]) for s in chosen]
    source = visible_initiatives(user) if user is not None else Initiative.objects.all()
    titles = dict(source.filter(pk__in=ids).values_list("pk", "title"))
    hidden = _("Unntatt offentlighet")
    items: list[TimelineItem] = []
    last = len(quarters) - 1
    for s in chosen:
        cid = str(s["id"])
        start_index = min(max(int(s["start"]), 0), last)
        finish_index = min(max(int(s["finish"]), start_index), last)
        start, finish = quarters[start_index], quarters[finish_index]
        candidate = candidates.get(cid, {})
        is_committed = cid in committed
        items.append(
            TimelineItem(
                initiative_id=int(cid),
                title=titles.get(int(cid), hidden),
                start=start,
                finish=finish,
                start_label=quarter_label(start),
                finish_label=quarter_label(finish),
                start_display=quarter_display(start),
                finish_display=quarter_display(finish),
                committed=is_committed,
                forced=candidate.get("decision") == "in" and not is_committed,
                value=float(candidate.get("value", 0)),
            )
        )
    items.sort(key=lambda i: (i.start, i.title.lower(), i.initiative_id))
    return items


@dataclass(frozen=True)
class UseCell:
    """One competence in one quarter, in FTE.

    ``available``: development capacity of all pools (with the scenario's adjustments);
    ``committed``: approved and in-progress initiatives; ``selected``: the candidates the
    solution selected. ``over``: committed + selected exceed available; ``committed_over``:
    committed alone exceed it (then nothing was left for candidates).
    """

    available: Decimal
    committed: Decimal
    selected: Decimal
    over: bool
    committed_over: bool

    @property
    def used(self) -> Decimal:
        return self.committed + self.selected

    @property
    def free(self) -> Decimal:
        return self.available - self.used


EMPTY_USE = UseCell(Decimal(0), Decimal(0), Decimal(0), False, False)


@dataclass(frozen=True)
class CapacityUse:
    """Capacity use per competence and quarter of a scenario (see ``UseCell``)."""

    quarters: list[int]
    competences: list[tuple[str, str]]
    cells: dict[tuple[str, int], UseCell]
    committed_over: list[tuple[str, int]]

    def cell(self, slug: str, quarter: int) -> UseCell:
        return self.cells.get((slug, quarter), EMPTY_USE)

    @property
    def over(self) -> list[tuple[str, int]]:
        """Cells where committed and selected together exceed what is available."""
        return [key for key, cell in self.cells.items() if cell.over]


def scenario_capacity_use(scenario: Scenario) -> CapacityUse | None:
    """What the scenario uses of each competence per quarter; ``None`` before the problem is
    built (a draft) or for a document without quarters. ``selected`` is 0 until solved."""
    ext = _problem_extension(scenario)
    quarters = _period_quarters(scenario)
    if not ext or not quarters:
        return None
    usage = (scenario.result or {}).get("usage", {})
    cells: dict[tuple[str, int], UseCell] = {}
    competences: list[tuple[str, str]] = []
    committed_over: list[tuple[str, int]] = []
    for entry in ext.get("competences", []):
        slug = str(entry["id"])
        competences.append((slug, str(entry.get("name", slug))))
        used = usage.get(slug) or [0] * len(quarters)
        for p, q in enumerate(quarters):
            available = Decimal(str(entry["available"][p]))
            committed = Decimal(str(entry["committed"][p]))
            selected = Decimal(str(used[p])) if p < len(used) else Decimal(0)
            cell = UseCell(
                available=available,
                committed=committed,
                selected=selected,
                over=committed + selected > available,
                committed_over=committed > available,
            )
            cells[(slug, q)] = cell
            if cell.committed_over:
                committed_over.append((slug, q))
    return CapacityUse(
        quarters=quarters, competences=competences, cells=cells, committed_over=committed_over
    )


@dataclass(frozen=True)
class ScenarioRow:
    """One candidate of a solved (or at least built) scenario, as a page shows it.

    ``title`` is ``None`` when the initiative is hidden from the reader (confidential);
    ``cost`` is its cost inside the horizon; ``start``/``finish`` are the first and last
    quarter (``"2027Q1"``) when selected and ``start_year``/``finish_year`` their years;
    ``committed`` is set for approved and in-progress initiatives (start already decided);
    ``reason`` is the solver's reason for leaving it out and ``reason_text`` the same in
    Norwegian.
    """

    id: int
    initiative: Initiative | None
    title: str | None
    value: float
    cost: Decimal
    decision: str
    selected: bool
    start_year: str | None
    finish_year: str | None
    reason: str
    reason_text: str
    start: str | None = None
    finish: str | None = None
    committed: bool = False


def _period_label(periods: list[str], index: int) -> str | None:
    return periods[index] if 0 <= index < len(periods) else None


def _year_of_label(label: str | None) -> str | None:
    if label is None:
        return None
    try:
        return str(parse_quarter(label) // 4)
    except ValueError:
        return label


def scenario_rows(user: User, scenario: Scenario) -> list[ScenarioRow]:
    """The scenario's candidates with the solution: selected first, then by value."""
    problem = scenario.problem or {}
    periods: list[str] = [str(p) for p in problem.get("periods", [])]
    result = scenario.result or {}
    chosen = {str(s["id"]): s for s in result.get("selected", [])}
    reasons = {str(u["id"]): str(u.get("reason", "")) for u in result.get("unselected", [])}
    committed = {str(x) for x in _problem_extension(scenario).get("committed", [])}
    ids = [int(c["id"]) for c in problem.get("candidates", [])]
    visible = {i.pk: i for i in visible_initiatives(user).filter(pk__in=ids)}
    rows: list[ScenarioRow] = []
    for candidate in problem.get("candidates", []):
        cid = str(candidate["id"])
        initiative = visible.get(int(cid))
        sched = chosen.get(cid)
        start = finish = None
        if sched is not None and periods:
            start = _period_label(periods, sched["start"])
            finish = _period_label(periods, max(sched["finish"], sched["start"]))
        reason = reasons.get(cid, "")
        rows.append(
            ScenarioRow(
                id=int(cid),
                initiative=initiative,
                title=initiative.title if initiative else None,
                value=float(candidate.get("value", 0)),
                cost=candidate_cost(candidate),
                decision=str(candidate.get("decision", "auto")),
                selected=sched is not None,
                start_year=_year_of_label(start),
                finish_year=_year_of_label(finish),
                reason=reason,
                reason_text=describe_reason(reason) if reason else "",
                start=start,
                finish=finish,
                committed=cid in committed,
            )
        )
    rows.sort(key=lambda r: (not r.selected, -r.value, r.id))
    return rows


@dataclass(frozen=True)
class ScenarioSummary:
    scenario: Scenario
    selected: frozenset[int]
    value: Decimal | None
    cost: Decimal
    cost_by_year: dict[str, Decimal]


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side: what only one of them selects, and value and cost of each."""

    a: ScenarioSummary
    b: ScenarioSummary
    only_a: list[int]
    only_b: list[int]
    both: list[int]

    @property
    def value_difference(self) -> Decimal | None:
        if self.a.value is None or self.b.value is None:
            return None
        return self.b.value - self.a.value

    @property
    def cost_difference(self) -> Decimal:
        return self.b.cost - self.a.cost


def _summary(scenario: Scenario) -> ScenarioSummary:
    by_year = budget_use(scenario)
    return ScenarioSummary(
        scenario=scenario,
        selected=frozenset(selected_ids(scenario)),
        value=scenario.value,
        cost=sum(by_year.values(), Decimal(0)),
        cost_by_year=by_year,
    )


def scenario_compare(a: Scenario, b: Scenario) -> Comparison:
    """Compare two scenarios (unsolved ones select nothing and have no value)."""
    sa, sb = _summary(a), _summary(b)
    return Comparison(
        a=sa,
        b=sb,
        only_a=sorted(sa.selected - sb.selected),
        only_b=sorted(sb.selected - sa.selected),
        both=sorted(sa.selected & sb.selected),
    )


# --- the solver's reasons in Norwegian -----------------------------------------------------


def _ids(text: str) -> str:
    return ", ".join("#" + part.strip() for part in text.split(","))


def _resource_text(resource: str) -> str:
    """«budsjettet» for the budget, the competence's capacity otherwise."""
    if resource == BUDGET:
        return _("budsjettet")
    return _("kapasiteten for kompetansen «%(slug)s»") % {"slug": resource}


_YEAR_GROUP = re.compile(r"^(\d{4})Q1[–-](\d{4})Q4$")


def _period_text(label: str) -> str:
    """«for 2027» for a budget year (``2027Q1–2027Q4``), «i 3. kv. 2027» for a quarter."""
    match = _YEAR_GROUP.match(label)
    if match and match[1] == match[2]:
        return _("for %(year)s") % {"year": match[1]}
    try:
        return _("i %(quarter)s") % {"quarter": quarter_display(parse_quarter(label))}
    except ValueError:
        return _("for %(period)s") % {"period": label}


_REASONS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^forced out$"), lambda m: _("Tvunget ut av scenariet.")),
    (
        re.compile(r"^excludes (.+)$"),
        lambda m: _("Utelukker %(ids)s, som er valgt.") % {"ids": _ids(m[1])},
    ),
    (
        re.compile(r"^adding it would exceed (\S+) in (.+)$"),
        lambda m: (
            _("Får ikke plass innenfor %(what)s %(period)s.")
            % {"what": _resource_text(m[1]), "period": _period_text(m[2])}
        ),
    ),
    (
        re.compile(r"^adding it at any start in its window would exceed (\S+) in (.+)$"),
        lambda m: (
            _("Får ikke plass innenfor %(what)s %(period)s, uansett start.")
            % {"what": _resource_text(m[1]), "period": _period_text(m[2])}
        ),
    ),
    (
        re.compile(r"^adding it at any start in its window would exceed (\S+) \(first in (.+)\)$"),
        lambda m: (
            _("Får ikke plass innenfor %(what)s, uansett start (først %(period)s).")
            % {"what": _resource_text(m[1]), "period": _period_text(m[2])}
        ),
    ),
    (
        re.compile(
            r"^adding it at any start in its window would exceed (.+?)"
            r"(?: \(or finish_to_start with (.+)\))?$"
        ),
        lambda m: (
            _("Får ikke plass innenfor %(what)s, uansett start.")
            % {"what": _(" eller ").join(_resource_text(r) for r in m[1].split(" or "))}
            + (
                " " + _("Rekkefølgen med %(ids)s stenger resten av vinduet.") % {"ids": _ids(m[2])}
                if m[2]
                else ""
            )
        ),
    ),
    (
        re.compile(r"^adding it at any start .* most often (\S+) in (.+)$"),
        lambda m: (
            _("Får ikke plass innenfor %(what)s, oftest %(period)s.")
            % {"what": _resource_text(m[1]), "period": _period_text(m[2])}
        ),
    ),
    (
        re.compile(r"^finish_to_start with (.+) leaves no start in its window$"),
        lambda m: (
            _("Rekkefølgen med %(ids)s lar det ikke starte innenfor perioden.")
            % {"ids": _ids(m[1])}
        ),
    ),
    (
        re.compile(r"^requires (.+) \(not selected\)$"),
        lambda m: _("Forutsetter %(ids)s, som ikke er valgt.") % {"ids": _ids(m[1])},
    ),
    (
        re.compile(r"^together with (.+) \(forced out\)$"),
        lambda m: _("Henger sammen med %(ids)s, som er tvunget ut.") % {"ids": _ids(m[1])},
    ),
    (
        re.compile(r"^together with (.+) \(not selected\)$"),
        lambda m: _("Henger sammen med %(ids)s, som ikke er valgt.") % {"ids": _ids(m[1])},
    ),
    (
        re.compile(r"^its value is not positive$"),
        lambda m: _("Har poengsum 0 og gir derfor ingen verdi."),
    ),
    (
        re.compile(r"^not chosen in this solution"),
        lambda m: _("Ikke valgt i denne løsningen (ikke bevist optimal)."),
    ),
    (
        re.compile(r"^not chosen$"),
        lambda m: _("Ikke valgt: de valgte gir mer samlet verdi innenfor budsjettet."),
    ),
    (
        re.compile(r"^no feasible portfolio exists"),
        lambda m: _("Ingen gyldig portefølje finnes med disse føringene."),
    ),
    (
        re.compile(r"^no solution found$"),
        lambda m: _("Ingen løsning funnet innen tidsgrensen."),
    ),
]


def describe_reason(reason: str) -> str:
    """The optimiser's reason (English, for machines) as a Norwegian sentence."""
    for pattern, render in _REASONS:
        match = pattern.match(reason)
        if match:
            return str(render(match))
    return reason
