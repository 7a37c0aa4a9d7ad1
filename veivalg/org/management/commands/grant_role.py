from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veivalg.core.errors import DomainError
from veivalg.org.models import Role, User
from veivalg.org.services import role_grant


class Command(BaseCommand):
    help = "Gi en person en rolle, f.eks. grant_role kari director --scope oppvekst-skole"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument(
            "--scope",
            help="Kortnavn for direktørområde, portefølje eller styre, eller initiativets id",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Fant ingen bruker «{options['username']}».")
        try:
            assignment = role_grant(
                actor=None, user=user, role=options["role"], scope=options["scope"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Tildelt: {assignment}"))
