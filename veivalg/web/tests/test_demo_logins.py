"""``manage.py demo_logins`` prints the demo users only in demo mode."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_demo_logins_printed_in_demo_mode(settings) -> None:
    settings.DEMO_MODE = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username in ("ansatt", "direktor.skole", "portefoljekontor", "styremedlem", "admin"):
        assert username in text
    assert "demo1234!" in text


@pytest.mark.django_db
def test_demo_logins_silent_outside_demo_mode(settings) -> None:
    settings.DEMO_MODE = False
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "demo1234!" not in out.getvalue()
    assert "Ikke i demomodus" in out.getvalue()
