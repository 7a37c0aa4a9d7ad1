from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritizationConfig(AppConfig):
    name = "veivalg.prioritization"
    label = "prioritization"
    verbose_name = _("Prioritering")
