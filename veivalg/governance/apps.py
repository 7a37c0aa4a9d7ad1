from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "veivalg.governance"
    label = "governance"
    verbose_name = _("Styring: styrer, møter, vedtak og mandater")
    default_auto_field = "django.db.models.BigAutoField"
