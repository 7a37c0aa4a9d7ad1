"""Initiatives: one need from idea to realised benefit, with costs, history and comments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt til direktør")
    ENDORSED = "endorsed", _("Godkjent av direktør")
    IN_ANALYSIS = "in_analysis", _("Under analyse")
    READY_FOR_DECISION = "ready_for_decision", _("Klar for beslutning")
    DEFERRED = "deferred", _("Utsatt")
    APPROVED = "approved", _("Vedtatt")
    REJECTED = "rejected", _("Avslått")
    IN_PROGRESS = "in_progress", _("Under gjennomføring")
    STOPPED = "stopped", _("Stoppet")
    REALISING_BENEFITS = "realising_benefits", _("Gevinstrealisering")
    CLOSED = "closed", _("Avsluttet")
    MERGED = "merged", _("Slått sammen")
    WITHDRAWN = "withdrawn", _("Trukket")


TERMINAL_STATES = frozenset(
    {State.REJECTED, State.STOPPED, State.CLOSED, State.MERGED, State.WITHDRAWN}
)
OPEN_STATES = frozenset(s for s in State.values if s not in TERMINAL_STATES)


class WorkType(models.TextChoices):
    DEVELOPMENT = "development", _("Utvikling")
    MAINTENANCE = "maintenance", _("Forvaltning")
    OPERATIONS = "operations", _("Drift")


class Initiative(models.Model):
    """Utviklingsinitiativ / behov / prosjekt."""

    title = models.CharField(_("tittel"), max_length=200)
    summary = models.TextField(_("sammendrag"), max_length=2000)
    need = models.TextField(_("behov (problemet som skal løses)"), max_length=8000)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("forslagsstillende virksomhet"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
        verbose_name=_("eier"),
    )
    portfolio = models.ForeignKey(
        "org.Portfolio",
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("primær portefølje"),
    )
    contributing_portfolios = models.ManyToManyField(
        "org.Portfolio",
        blank=True,
        related_name="contributed_initiatives",
        verbose_name=_("bidragende porteføljer"),
    )
    program = models.ForeignKey(
        "strategy.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("program / produktområde"),
    )
    goals = models.ManyToManyField(
        "strategy.Goal", blank=True, related_name="initiatives", verbose_name=_("bidrar til mål")
    )
    work_type = models.CharField(
        _("arbeidstype"), max_length=16, choices=WorkType.choices, default=WorkType.DEVELOPMENT
    )
    politically_mandated = models.BooleanField(_("politisk vedtatt"), default=False)
    political_reference = models.CharField(
        _("henvisning til politisk vedtak"), max_length=200, blank=True
    )
    confidential = models.BooleanField(_("unntatt offentlighet"), default=False)
    archive_reference = models.CharField(_("saksnummer i arkivet"), max_length=64, blank=True)
    state = models.CharField(
        _("status"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    board = models.ForeignKey(
        "org.Board",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("porteføljestyre"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="absorbed",
        verbose_name=_("slått sammen med"),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativer")
        constraints = [
            models.CheckConstraint(
                name="mandated_has_reference",
                condition=Q(politically_mandated=False) | ~Q(political_reference=""),
            ),
            models.CheckConstraint(
                name="merged_points_to_survivor",
                condition=(Q(state="merged") & Q(merged_into__isnull=False))
                | (~Q(state="merged") & Q(merged_into__isnull=True)),
            ),
            models.CheckConstraint(
                name="initiative_state_valid", condition=Q(state__in=State.values)
            ),
            models.CheckConstraint(
                name="initiative_work_type_valid", condition=Q(work_type__in=WorkType.values)
            ),
        ]
        indexes = [models.Index(fields=["state", "portfolio"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class InitiativeCost(models.Model):
    """Cost estimate for one year, in whole kroner."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    investment = models.DecimalField(_("investering (kr)"), max_digits=14, decimal_places=0)
    operating = models.DecimalField(_("drift (kr)"), max_digits=14, decimal_places=0)

    class Meta:
        ordering = ["year"]
        verbose_name = _("kostnadsestimat")
        verbose_name_plural = _("kostnadsestimater")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "year"], name="one_cost_row_per_year"),
            models.CheckConstraint(
                name="cost_not_negative", condition=Q(investment__gte=0) & Q(operating__gte=0)
            ),
            models.CheckConstraint(
                name="cost_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.investment} + {self.operating}"

    @property
    def total(self) -> int:
        return int(self.investment) + int(self.operating)


class Transition(models.Model):
    """One workflow step: append-only; the initiative's state is updated in the same transaction."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("handling"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    comment = models.TextField(_("kommentar"), blank=True)
    from_state = models.CharField(_("fra status"), max_length=24, blank=True)
    to_state = models.CharField(_("til status"), max_length=24)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("historikk")
        verbose_name_plural = _("historikk")

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class Comment(models.Model):
    """A message in the initiative's comment thread."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    body = models.TextField(_("kommentar"), max_length=4000)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
