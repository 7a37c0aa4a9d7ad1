"""``manage.py demo_logins``: print the demo users and their password (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from veivalg.web.demo import demo_users_with_password, login_lines


class Command(BaseCommand):
    help = "Skriv ut demobrukerne (bare i demomodus, VEIVALG_DEMO=true)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            self.stdout.write(_("Ikke i demomodus (VEIVALG_DEMO=true); ingen demopassord vises."))
            return
        if not demo_users_with_password():
            self.stdout.write(_("Demobrukerne har ikke passord. Kjør «manage.py seed_demo»."))
            return
        for line in login_lines():
            self.stdout.write(line)
