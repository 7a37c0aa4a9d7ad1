"""Management commands: grant_role and create_api_token."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from veivalg.org.models import ApiToken, RoleAssignment
from veivalg.org.roles import roles_of
from veivalg.org.services import api_token_user


def test_grant_role_with_scope(world) -> None:
    out = StringIO()
    call_command("grant_role", "utenforstaende", "director", "--scope", "helse-omsorg", stdout=out)
    assert RoleAssignment.objects.filter(
        user=world.outsider, role="director", directorate=world.helse
    ).exists()
    assert "Helse og omsorg" in out.getvalue()


def test_grant_role_is_idempotent(world) -> None:
    call_command("grant_role", "utenforstaende", "portfolio_office", stdout=StringIO())
    call_command("grant_role", "utenforstaende", "portfolio_office", stdout=StringIO())
    assert RoleAssignment.objects.filter(user=world.outsider, role="portfolio_office").count() == 1


def test_grant_role_on_an_initiative_by_id(world) -> None:
    initiative = world.initiative()
    call_command(
        "grant_role",
        "utenforstaende",
        "project_manager",
        "--scope",
        str(initiative.pk),
        stdout=StringIO(),
    )
    world.outsider.refresh_from_db()
    assert roles_of(world.outsider).on_initiative("project_manager", initiative.pk)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "director", "--scope", "helse-omsorg"], "Fant ingen bruker"),
        (["utenforstaende", "director"], "krever omfang"),
        (["utenforstaende", "director", "--scope", "finnes-ikke"], "finnes-ikke"),
        (["utenforstaende", "portfolio_office", "--scope", "digit"], "har ikke noe omfang"),
    ],
)
def test_grant_role_refuses_bad_input(world, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("grant_role", *args, stdout=StringIO())
    assert not RoleAssignment.objects.filter(user=world.outsider).exists()


def test_create_api_token_prints_token_and_stores_only_its_hash(world) -> None:
    out = StringIO()
    call_command("create_api_token", "ansatt", stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("vv_") and len(raw) > 30
    token = ApiToken.objects.get(user=world.employee)
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (token.prefix, token.token_hash, token.name)
    assert api_token_user(raw) == world.employee
    assert api_token_user(raw + "x") is None


def test_revoked_token_and_inactive_user_do_not_authenticate(world) -> None:
    out = StringIO()
    call_command("create_api_token", "ansatt", stdout=out)
    raw = out.getvalue().strip()
    ApiToken.objects.update(revoked=True)
    assert api_token_user(raw) is None
    ApiToken.objects.update(revoked=False)
    world.employee.is_active = False
    world.employee.save()
    assert api_token_user(raw) is None


def test_create_api_token_unknown_user(world) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody", stdout=StringIO())
