from __future__ import annotations

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "veivalg.org"
    label = "org"
