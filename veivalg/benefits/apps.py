from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "veivalg.benefits"
    label = "benefits"
    verbose_name = _("Gevinster og nytte-kost")
    default_auto_field = "django.db.models.BigAutoField"
