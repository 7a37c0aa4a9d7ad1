"""``manage.py seed_demo``: fill the database with a fictional demo municipality."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from veivalg.coordination.demo import seed_coordination
from veivalg.governance.demo import seed_governance
from veivalg.web.demo import (
    DEMO_PASSWORD,
    build_demo,
    demo_counts,
    demo_users_with_password,
    ensure_generated,
    login_lines,
)


class Command(BaseCommand):
    help = (
        "Fyller databasen med fiktive demodata: direktørområder, virksomheter, porteføljer, "
        "mål, programmer, personer i alle roller og initiativer i alle statuser. Kan kjøres "
        "flere ganger; det som finnes, blir ikke endret."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--initiatives",
            type=int,
            default=0,
            metavar="N",
            help="Sørg for at minst N genererte initiativer finnes (for skalatester).",
        )
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help=(
                f"Gi demobrukerne passordet «{DEMO_PASSWORD}» også utenfor demomodus "
                "(VEIVALG_DEMO). Aldri i produksjon."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["initiatives"]
        if count < 0:
            raise CommandError(_("--initiatives kan ikke være negativt."))
        set_passwords = bool(settings.DEMO_MODE or options["demo_passwords"])
        started = time.perf_counter()
        with transaction.atomic():
            result = build_demo(set_passwords=set_passwords)
            seed_coordination()
            seed_governance()
            generated = ensure_generated(count) if count else 0
        elapsed = time.perf_counter() - started

        created = result.created
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demodata klare på %(seconds).1f s. Nye nå: %(people)s personer, "
                    "%(initiatives)s initiativer, %(generated)s genererte initiativer."
                )
                % {
                    "seconds": elapsed,
                    "people": created.get("people", 0),
                    "initiatives": created.get("initiatives", 0),
                    "generated": generated,
                }
            )
        )
        totals = ", ".join(f"{n} {name}" for name, n in demo_counts().items())
        self.stdout.write(_("I databasen: %(totals)s.") % {"totals": totals})
        self.stdout.write(_("Alle navn, personer, saker og vedtak i demodataene er fiktive."))
        if set_passwords:
            self._print_logins()
        elif demo_users_with_password():
            self.stdout.write(_("Passordene til demobrukerne er ikke endret."))
        else:
            self.stdout.write(
                _(
                    "Demobrukerne har ikke noe passord (ikke demomodus). Sett et med "
                    "«manage.py changepassword BRUKERNAVN», eller kjør på nytt med "
                    "--demo-passwords eller VEIVALG_DEMO=true."
                )
            )

    def _print_logins(self) -> None:
        self.stdout.write("")
        for index, line in enumerate(login_lines()):
            self.stdout.write(self.style.MIGRATE_HEADING(line) if index < 2 else line)
