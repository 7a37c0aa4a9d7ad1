from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapacityConfig(AppConfig):
    name = "veivalg.capacity"
    label = "capacity"
    verbose_name = _("Kapasitet")
    default_auto_field = "django.db.models.BigAutoField"
