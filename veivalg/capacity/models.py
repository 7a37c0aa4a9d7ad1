"""Competences, resource pools, capacity per pool per quarter and demand per initiative.

Quarters are stored as integers (``quarters.py``): ``year * 4 + (q - 1)``.

- A ``ResourcePool`` is a unit's or a portfolio's people with one ``Competence``.
- ``PoolCapacity`` is a pool's capacity in one quarter in FTE (årsverk), with the share held
  for operations and maintenance stated apart; available for development = ``fte`` −
  ``operations_fte``.
- ``DemandPlan`` holds an initiative's start window (earliest and latest start quarter);
  ``DemandRow`` its effort per competence in the ``offset``-th quarter after its start.
  For approved and in-progress initiatives the earliest start is the planned start.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from veivalg.capacity.quarters import quarter_display, quarter_label

MAX_OFFSET = 39  # ten years of quarters


class Competence(models.Model):
    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=100, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kompetanse")
        verbose_name_plural = _("kompetanser")

    def __str__(self) -> str:
        return self.name


class ResourcePool(models.Model):
    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=150)
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="pools", verbose_name=_("kompetanse")
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pools",
        verbose_name=_("enhet"),
    )
    portfolio = models.ForeignKey(
        "org.Portfolio",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pools",
        verbose_name=_("portefølje"),
    )

    class Meta:
        ordering = ["competence__name", "name"]
        verbose_name = _("ressurspool")
        verbose_name_plural = _("ressurspooler")
        constraints = [
            models.CheckConstraint(
                name="pool_unit_or_portfolio",
                condition=(Q(unit__isnull=False) & Q(portfolio__isnull=True))
                | (Q(unit__isnull=True) & Q(portfolio__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PoolCapacity(models.Model):
    pool = models.ForeignKey(
        ResourcePool, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("pool")
    )
    quarter = models.PositiveIntegerField(_("kvartal"))
    fte = models.DecimalField(_("kapasitet (årsverk)"), max_digits=7, decimal_places=2)
    operations_fte = models.DecimalField(
        _("herav drift og forvaltning (årsverk)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["pool", "quarter"]
        verbose_name = _("kapasitet")
        verbose_name_plural = _("kapasiteter")
        constraints = [
            models.UniqueConstraint(fields=["pool", "quarter"], name="capacity_pool_quarter"),
            models.CheckConstraint(name="capacity_fte_nonnegative", condition=Q(fte__gte=0)),
            models.CheckConstraint(
                name="capacity_operations_within_fte",
                condition=Q(operations_fte__gte=0) & Q(operations_fte__lte=F("fte")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pool} {quarter_label(self.quarter)}: {self.fte}"

    @property
    def available(self) -> Decimal:
        """Available for development: capacity less the operations share."""
        return self.fte - self.operations_fte

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def display(self) -> str:
        return quarter_display(self.quarter)


class DemandPlan(models.Model):
    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="demand_plan",
        verbose_name=_("tiltak"),
    )
    earliest_start = models.PositiveIntegerField(_("tidligste start"), null=True, blank=True)
    latest_start = models.PositiveIntegerField(_("seneste start"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("ressursbehov")
        verbose_name_plural = _("ressursbehov")
        constraints = [
            models.CheckConstraint(
                name="demand_window_complete",
                condition=(Q(earliest_start__isnull=True) & Q(latest_start__isnull=True))
                | (
                    Q(earliest_start__isnull=False)
                    & Q(latest_start__isnull=False)
                    & Q(latest_start__gte=F("earliest_start"))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.initiative_id}"


class DemandRow(models.Model):
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="demand_rows",
        verbose_name=_("tiltak"),
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.PROTECT,
        related_name="demand_rows",
        verbose_name=_("kompetanse"),
    )
    offset = models.PositiveSmallIntegerField(_("kvartal etter start"))
    fte = models.DecimalField(_("årsverk"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["initiative", "competence__name", "offset"]
        verbose_name = _("behovsrad")
        verbose_name_plural = _("behovsrader")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "competence", "offset"], name="demand_row_unique"
            ),
            models.CheckConstraint(name="demand_fte_positive", condition=Q(fte__gt=0)),
            models.CheckConstraint(
                name="demand_offset_within_ten_years", condition=Q(offset__lte=MAX_OFFSET)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.initiative_id} {self.competence_id}+{self.offset}: {self.fte}"
