"""Benefits (gevinster) of an initiative: indicator, realisation plan and measurements, and
the portfolio office's per-initiative settings for the business case."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """DFØ / Prosjektveiviseren's benefit categories."""

    BUDGET_RELEASING = "budget_releasing", _("Budsjettfrigjørende i egen virksomhet")
    ALTERNATIVE_USE = "alternative_use", _("Alternativ bruk av frigjort tid")
    OTHER_PUBLIC = "other_public", _("Prissatt gevinst for andre offentlige virksomheter")
    NON_PRICED = "non_priced", _("Ikke-prissatt virkning")


# The categories whose plan is kroner per year and feeds the business case.
PRICED_CATEGORIES = frozenset(
    {Category.BUDGET_RELEASING, Category.ALTERNATIVE_USE, Category.OTHER_PUBLIC}
)


class IndicatorUnit(models.TextChoices):
    KRONER = "kroner", _("Kroner")
    HOURS = "hours", _("Timer")
    PERCENT = "percent", _("Prosent")
    COUNT = "count", _("Antall")
    SCALE = "scale", _("Skala")


EFFECT_MIN = -4
EFFECT_MAX = 4


class Benefit(models.Model):
    """Gevinst: an effect seen as positive by at least one stakeholder."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="benefits",
        verbose_name=_("initiativ"),
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=4000, blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    goals = models.ManyToManyField(
        "strategy.Goal", blank=True, related_name="benefits", verbose_name=_("mål")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_benefits",
        verbose_name=_("gevinsteier"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_benefits",
        verbose_name=_("gevinstansvarlig"),
    )
    preconditions = models.TextField(_("forutsetninger"), max_length=4000, blank=True)
    # The indicator: all of unit, baseline, target and their dates, or none of them.
    indicator_unit = models.CharField(
        _("indikatorens enhet"), max_length=10, choices=IndicatorUnit.choices, blank=True
    )
    baseline = models.DecimalField(
        _("nullpunkt"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("dato for nullpunkt"), null=True, blank=True)
    target = models.DecimalField(
        _("målverdi"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField(_("måldato"), null=True, blank=True)
    # Non-priced effects only: the plus-minus method, −4 … +4.
    effect = models.SmallIntegerField(_("virkning (pluss-minus)"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        ordering = ["initiative_id", "id"]
        verbose_name = _("gevinst")
        verbose_name_plural = _("gevinster")
        constraints = [
            models.CheckConstraint(
                name="benefit_category_valid", condition=Q(category__in=Category.values)
            ),
            models.CheckConstraint(
                name="benefit_indicator_complete",
                condition=(
                    Q(indicator_unit="")
                    & Q(baseline__isnull=True)
                    & Q(target__isnull=True)
                    & Q(baseline_date__isnull=True)
                    & Q(target_date__isnull=True)
                )
                | (
                    Q(indicator_unit__in=IndicatorUnit.values)
                    & Q(baseline__isnull=False)
                    & Q(target__isnull=False)
                    & Q(baseline_date__isnull=False)
                    & Q(target_date__isnull=False)
                    & ~Q(target=F("baseline"))
                    & Q(target_date__gte=F("baseline_date"))
                ),
            ),
            models.CheckConstraint(
                name="benefit_effect_only_non_priced",
                condition=(
                    Q(category="non_priced") & Q(effect__gte=EFFECT_MIN, effect__lte=EFFECT_MAX)
                )
                | (~Q(category="non_priced") & Q(effect__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_indicator(self) -> bool:
        return bool(self.indicator_unit)

    @property
    def is_priced(self) -> bool:
        return self.category in PRICED_CATEGORIES


class PlanValue(models.Model):
    """One year of the realisation plan: kroner for priced benefits, the indicator otherwise."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="plan")
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("forventet verdi"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["year"]
        verbose_name = _("gevinstplan")
        verbose_name_plural = _("gevinstplaner")
        constraints = [
            models.UniqueConstraint(fields=["benefit", "year"], name="one_plan_value_per_year"),
            models.CheckConstraint(
                name="plan_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Measurement(models.Model):
    """A measured value of the benefit's indicator. Append-only."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("dato"))
    value = models.DecimalField(_("verdi"), max_digits=16, decimal_places=2)
    comment = models.TextField(_("kommentar"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrert av"),
    )
    recorded_at = models.DateTimeField(_("registrert"), auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        indexes = [models.Index(fields=["benefit", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class BusinessCaseSettings(models.Model):
    """The portfolio office's overrides of r, s and the analysis period for one initiative.

    Empty fields use the defaults from the settings. Every change is audited with its reason.
    """

    initiative = models.OneToOneField(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="business_case_settings",
    )
    discount_rate = models.DecimalField(
        _("kalkulasjonsrente"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    tax_cost_rate = models.DecimalField(
        _("skattefinansieringskostnad"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    period_years = models.PositiveSmallIntegerField(_("analyseperiode (år)"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("første år"), null=True, blank=True)
    reason = models.TextField(_("begrunnelse"), max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("endret"), auto_now=True)

    class Meta:
        verbose_name = _("innstillinger for nytte-kost")
        verbose_name_plural = _("innstillinger for nytte-kost")
        constraints = [
            models.CheckConstraint(
                name="business_case_rates_in_range",
                condition=(
                    Q(discount_rate__isnull=True)
                    | Q(discount_rate__gte=0, discount_rate__lte=Decimal("0.2"))
                )
                & (Q(tax_cost_rate__isnull=True) | Q(tax_cost_rate__gte=0, tax_cost_rate__lte=1)),
            ),
            models.CheckConstraint(
                name="business_case_period_in_range",
                condition=(
                    Q(period_years__isnull=True) | Q(period_years__gte=1, period_years__lte=50)
                )
                & (Q(first_year__isnull=True) | Q(first_year__gte=2000, first_year__lte=2100)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: r={self.discount_rate} s={self.tax_cost_rate}"

    @property
    def overrides_anything(self) -> bool:
        return any(
            v is not None
            for v in (self.discount_rate, self.tax_cost_rate, self.period_years, self.first_year)
        )
