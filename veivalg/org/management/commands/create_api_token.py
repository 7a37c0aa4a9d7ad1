from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veivalg.org.models import User
from veivalg.org.services import api_token_create


class Command(BaseCommand):
    help = "Lag en ny API-nøkkel (bearer token) for en bruker. Bare nøkkelens hash lagres."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="Hva nøkkelen brukes til")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"Fant ingen aktiv bruker «{options['username']}».")
        raw, _token = api_token_create(user=user, name=options["name"])
        self.stdout.write(raw)
