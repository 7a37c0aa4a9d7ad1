"""Prioritisation: criteria with levels and weights, ratings, dependencies and scenarios.

A board has one active ``PrioritizationSet``: its criteria (each with five written levels,
0 Ingen … 4 Ekstrem) and their weights, found by pairwise comparison (AHP) or entered
directly. An initiative is rated 0–4 on each criterion of the set that belongs to the board
it is routed to; its score is the weighted sum (see ``veivalg.prioritization.scoring``).

A ``Scenario`` asks the optimiser which candidates to do within a budget per year; it is a
proposal to a board, never a decision.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

LEVELS = (0, 1, 2, 3, 4)
MAX_LEVEL = 4


class Level(models.IntegerChoices):
    NONE = 0, _("Ingen")
    LOW = 1, _("Lav")
    MODERATE = 2, _("Moderat")
    STRONG = 3, _("Sterk")
    EXTREME = 4, _("Ekstrem")


class WeightsMethod(models.TextChoices):
    AHP = "ahp", _("Parvis sammenligning (AHP)")
    DIRECT = "direct", _("Direkte vekting")


class PrioritizationSet(models.Model):
    """The criteria and weights one board prioritises by. One active set per board."""

    board = models.ForeignKey(
        "org.Board",
        on_delete=models.PROTECT,
        related_name="prioritization_sets",
        verbose_name=_("porteføljestyre"),
    )
    name = models.CharField(_("navn"), max_length=120)
    active = models.BooleanField(_("aktiv"), default=True)
    weights_method = models.CharField(
        _("vektingsmetode"),
        max_length=8,
        choices=WeightsMethod.choices,
        default=WeightsMethod.AHP,
    )
    # Saaty's consistency ratio of the last pairwise comparison; null for direct weights or
    # when criteria changed after it (the weights must then be found again).
    consistency_ratio = models.DecimalField(
        _("konsistensforhold (CR)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["board__name", "-active", "name"]
        verbose_name = _("kriteriesett")
        verbose_name_plural = _("kriteriesett")
        constraints = [
            models.UniqueConstraint(
                fields=["board"], condition=Q(active=True), name="one_active_set_per_board"
            ),
            models.CheckConstraint(
                name="set_weights_method_valid",
                condition=Q(weights_method__in=WeightsMethod.values),
            ),
            models.CheckConstraint(
                name="set_consistency_ratio_not_negative",
                condition=Q(consistency_ratio__isnull=True) | Q(consistency_ratio__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """A driver such as «Strategisk bidrag». ``inverted``: a high level is bad (risk)."""

    set = models.ForeignKey(
        PrioritizationSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("kriteriesett"),
    )
    slug = models.SlugField(_("kortnavn"), max_length=50)
    name = models.CharField(_("navn"), max_length=120)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=2000)
    order = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    inverted = models.BooleanField(
        _("invertert"),
        default=False,
        help_text=_("Høyt nivå trekker ned (f.eks. risiko)."),
    )
    weight = models.DecimalField(_("vekt"), max_digits=6, decimal_places=5, default=Decimal(0))

    class Meta:
        ordering = ["set", "order", "id"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [
            models.UniqueConstraint(fields=["set", "slug"], name="criterion_slug_unique_in_set"),
            models.CheckConstraint(
                name="criterion_weight_between_0_and_1",
                condition=Q(weight__gte=0) & Q(weight__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionLevel(models.Model):
    """What a level means for one criterion, in words a rater can apply."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("kriterium")
    )
    level = models.PositiveSmallIntegerField(_("nivå"), choices=Level.choices)
    label = models.CharField(_("navn på nivået"), max_length=40)
    meaning = models.TextField(_("betydning"), max_length=1000)

    class Meta:
        ordering = ["criterion", "level"]
        verbose_name = _("kriterienivå")
        verbose_name_plural = _("kriterienivåer")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="one_row_per_level"),
            models.CheckConstraint(
                name="criterion_level_0_to_4", condition=Q(level__gte=0) & Q(level__lte=4)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.label}"


class PairwiseJudgement(models.Model):
    """How much more important ``criterion_a`` is than ``criterion_b`` on Saaty's 1–9 scale.

    ``value`` 3 means a is moderately more important; 1/3 (stored as 0.333333333) means b is.
    Stored once per pair, with ``criterion_a`` the one with the lower id.
    """

    set = models.ForeignKey(PrioritizationSet, on_delete=models.CASCADE, related_name="judgements")
    criterion_a = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    criterion_b = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("verdi"), max_digits=12, decimal_places=9)

    class Meta:
        ordering = ["set", "criterion_a", "criterion_b"]
        verbose_name = _("parvis sammenligning")
        verbose_name_plural = _("parvise sammenligninger")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion_a", "criterion_b"], name="one_judgement_per_pair"
            ),
            models.CheckConstraint(
                name="judgement_pair_ordered", condition=Q(criterion_a__lt=F("criterion_b"))
            ),
            models.CheckConstraint(
                name="judgement_on_saaty_scale",
                condition=Q(value__gte=Decimal("0.111111111")) & Q(value__lte=9),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_a} : {self.criterion_b} = {self.value}"


class Rating(models.Model):
    """An initiative's level (0–4) on one criterion."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="ratings")
    level = models.PositiveSmallIntegerField(_("nivå"), choices=Level.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rated_at = models.DateTimeField(_("vurdert"), auto_now=True)
    comment = models.TextField(_("begrunnelse"), blank=True, max_length=2000)

    class Meta:
        ordering = ["initiative", "criterion__order", "criterion_id"]
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "criterion"], name="one_rating_per_criterion"
            ),
            models.CheckConstraint(
                name="rating_level_0_to_4", condition=Q(level__gte=0) & Q(level__lte=4)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.initiative_id} {self.criterion_id}: {self.level}"


class DependencyType(models.TextChoices):
    REQUIRES = "requires", _("forutsetter")
    EXCLUDES = "excludes", _("utelukker")
    TOGETHER = "together", _("alle eller ingen")
    FINISH_TO_START = "finish_to_start", _("må være ferdig før det andre starter")


# ``excludes`` and ``together`` read the same in both directions.
SYMMETRIC_TYPES = frozenset({DependencyType.EXCLUDES, DependencyType.TOGETHER})
# Types whose edges must not form a cycle.
DIRECTED_TYPES = frozenset({DependencyType.REQUIRES, DependencyType.FINISH_TO_START})


class Dependency(models.Model):
    """A relation between two initiatives, used by scenarios.

    ``requires``: from needs to. ``excludes``: at most one of them. ``together``: both or
    neither. ``finish_to_start``: from must finish before to starts.
    """

    from_initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="dependencies_from"
    )
    to_initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="dependencies_to"
    )
    type = models.CharField(_("type"), max_length=16, choices=DependencyType.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)

    class Meta:
        ordering = ["from_initiative", "type", "to_initiative"]
        verbose_name = _("avhengighet")
        verbose_name_plural = _("avhengigheter")
        constraints = [
            models.UniqueConstraint(
                fields=["from_initiative", "to_initiative", "type"], name="dependency_unique"
            ),
            models.CheckConstraint(
                name="dependency_not_to_itself",
                condition=~Q(from_initiative=F("to_initiative")),
            ),
            models.CheckConstraint(
                name="dependency_type_valid", condition=Q(type__in=DependencyType.values)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.from_initiative_id} {self.type} #{self.to_initiative_id}"


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Ikke beregnet")
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Beregnes")
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Gyldig, ikke bevist optimal")
    INFEASIBLE = "infeasible", _("Ingen gyldig løsning")
    FAILED = "failed", _("Feilet")


SOLVED_STATUSES = frozenset({ScenarioStatus.OPTIMAL, ScenarioStatus.FEASIBLE})
PENDING_STATUSES = frozenset({ScenarioStatus.QUEUED, ScenarioStatus.RUNNING})


class FrontierStatus(models.TextChoices):
    """Where a solved scenario's efficient frontier stands: it is computed after the solution
    is stored (``tasks.run_solve``), so the page shows the solution while it runs."""

    NONE = "", _("Ikke beregnet")
    RUNNING = "running", _("Beregnes")
    DONE = "done", _("Beregnet")
    FAILED = "failed", _("Feilet")


class Decision(models.TextChoices):
    IN = "in", _("Tvunget inn")
    OUT = "out", _("Tvunget ut")


class Scenario(models.Model):
    """Which candidates to do, and when, within a budget per year.

    ``budget`` maps a year to kroner (``{"2027": 5000000}``); ``overrides`` maps an initiative
    id to ``"in"`` or ``"out"``. With ``explicit_candidates`` the candidates are exactly
    ``candidates``; otherwise they are the board's default set, found when the scenario is
    solved (see ``selectors.default_candidates``). ``problem`` is the exchange-format
    document that was solved, ``result`` the solution document, ``frontier`` the efficient
    frontier of value against budget.
    """

    name = models.CharField(_("navn"), max_length=200)
    board = models.ForeignKey(
        "org.Board", on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("styre")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    explicit_candidates = models.BooleanField(_("egne kandidater"), default=False)
    candidates = models.ManyToManyField(
        "initiatives.Initiative", blank=True, related_name="+", verbose_name=_("kandidater")
    )
    budget = models.JSONField(_("budsjett per år"), default=dict)
    overrides = models.JSONField(_("tvunget inn/ut"), default=dict, blank=True)
    # The planning horizon in quarters (``capacity.quarters``); empty means the budget years.
    horizon_from = models.PositiveIntegerField(_("horisont fra"), null=True, blank=True)
    horizon_to = models.PositiveIntegerField(_("horisont til"), null=True, blank=True)
    # What-if: the scenario this one was copied from, and what was changed.
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="what_ifs",
        verbose_name=_("basert på"),
    )
    # [{"competence": slug, "quarter": "2027Q1" or null for every quarter, "fte": ±delta}]
    capacity_adjustments = models.JSONField(_("endret kapasitet"), default=list, blank=True)
    # {"<initiative id>": {"earliest_start": "2027Q1", "latest_start": "2027Q3"}}
    window_overrides = models.JSONField(_("endrede startvinduer"), default=dict, blank=True)
    # Competence insight: {"status", "quarter", "base_value", "rows": [...], "computed_at"}
    insight = models.JSONField(_("kompetanseinnsikt"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    # Identifies the latest solve request; a worker stores its answer only while it matches.
    task_token = models.CharField(max_length=40, blank=True)
    problem = models.JSONField(_("problem"), null=True, blank=True)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    frontier = models.JSONField(_("effisiensgrense"), null=True, blank=True)
    # Only meaningful while the scenario is solved: ``running`` until the frontier is stored.
    frontier_status = models.CharField(
        _("effisiensgrensens status"),
        max_length=8,
        choices=FrontierStatus.choices,
        default=FrontierStatus.NONE,
        blank=True,
    )
    value = models.DecimalField(
        _("samlet verdi"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    solved_at = models.DateTimeField(_("beregnet"), null=True, blank=True)
    error = models.TextField(_("feil"), blank=True)
    proposed_to_board_at = models.DateTimeField(_("foreslått for styret"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("foreslått av"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarioer")
        constraints = [
            models.CheckConstraint(
                name="scenario_status_valid", condition=Q(status__in=ScenarioStatus.values)
            ),
            models.CheckConstraint(
                name="scenario_proposal_complete",
                condition=(Q(proposed_to_board_at__isnull=True) & Q(proposed_by__isnull=True))
                | (Q(proposed_to_board_at__isnull=False) & Q(proposed_by__isnull=False)),
            ),
            models.CheckConstraint(
                name="scenario_proposed_only_when_solved",
                condition=Q(proposed_to_board_at__isnull=True)
                | Q(status__in=[ScenarioStatus.OPTIMAL, ScenarioStatus.FEASIBLE]),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_solved(self) -> bool:
        return self.status in SOLVED_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def frontier_pending(self) -> bool:
        """The solution is stored and its efficient frontier is still being computed."""
        return self.is_solved and self.frontier_status == FrontierStatus.RUNNING

    @property
    def is_proposed(self) -> bool:
        return self.proposed_to_board_at is not None

    @property
    def years(self) -> list[int]:
        return sorted(int(year) for year in self.budget)

    @property
    def horizon(self) -> tuple[int, int] | None:
        """``(first, last)`` quarter index of the planning horizon: the stored one, or the
        budget years from the first quarter of the first to the last of the last."""
        if self.horizon_from is not None and self.horizon_to is not None:
            return self.horizon_from, self.horizon_to
        years = self.years
        if not years:
            return None
        return years[0] * 4, years[-1] * 4 + 3
