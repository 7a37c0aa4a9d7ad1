"""Strategy: the tree of goals and the programs / product areas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Goal(models.Model):
    """A strategic goal: kommuneplan → hovedmål → delmål."""

    class Level(models.TextChoices):
        PLAN = "plan", _("Kommuneplan")
        MAIN = "main", _("Hovedmål")
        SUB = "sub", _("Delmål")

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    level = models.CharField(_("nivå"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet mål"),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.CheckConstraint(
                name="goal_plan_has_no_parent",
                condition=models.Q(level="plan", parent__isnull=True)
                | models.Q(level__in=["main", "sub"], parent__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A program or product area: a long-lived group of initiatives with an owner."""

    class Kind(models.TextChoices):
        PROGRAM = "program", _("Program")
        PRODUCT_AREA = "product_area", _("Produktområde")

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.PROGRAM)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_programs",
        verbose_name=_("eier"),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="programs", verbose_name=_("mål"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("program / produktområde")
        verbose_name_plural = _("programmer og produktområder")

    def __str__(self) -> str:
        return self.name
