"""``manage.py seed_demo``: the demo holds the source's cases, and running it again is harmless."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from veivalg.initiatives.models import Initiative, State, Transition, WorkType
from veivalg.org.models import Board, Portfolio, Role, RoleAssignment, User
from veivalg.strategy.models import Goal, Program
from veivalg.web.demo import DEMO_PASSWORD, PEOPLE

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for the whole module (the first run is the slow one), outside demo mode.

    Everything happens inside one transaction that is rolled back at the end; each test
    runs in a savepoint inside it, so the tests see the seeded data and leave it unchanged.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, DEMO_MODE=False),
        transaction.atomic(),
    ):
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def demo(first_run: str, db: Any, settings: Any) -> str:
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.DEMO_MODE = False
    return first_run


def demo_initiatives() -> Any:
    return Initiative.objects.filter(archive_reference__startswith="DEMO-")


def snapshot() -> dict[str, Any]:
    """Row counts of every table, plus what a careless second run might change in place."""
    counts: dict[str, Any] = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
    counts["initiatives"] = list(
        Initiative.objects.order_by("pk").values_list("pk", "state", "updated_at")
    )
    counts["passwords"] = list(User.objects.order_by("pk").values_list("username", "password"))
    return counts


def test_demo_holds_the_cases_from_the_source(demo: str) -> None:
    portfolios = dict(Portfolio.objects.values_list("slug", "out_of_scope"))
    for slug in ("digit", "hr", "okonomi", "su", "eiendom"):
        assert portfolios[slug] is False
    assert portfolios["byggeprosjekter"] is True
    assert Board.objects.get(slug="eiendomsradet").parent.slug == Board.DEFAULT_SLUG

    plan = Goal.objects.get(level=Goal.Level.PLAN)
    main_goals = Goal.objects.filter(level=Goal.Level.MAIN, parent=plan)
    assert main_goals.count() == 4
    for goal in main_goals:
        assert 1 <= goal.children.count() <= 3

    assert set(Program.objects.values_list("name", flat=True)) >= {
        "Digitalt førstevalg for innbyggere",
        "Smarte bygg",
        "Orden i eget hus",
        "Smarte ledere",
    }
    assert not Program.objects.filter(owner=None).exists()

    digital = demo_initiatives().filter(program__slug="digitalt-forstevalg")
    titles = " | ".join(digital.values_list("title", flat=True))
    for part in (
        "hjemmeside",
        "Min side for innbyggere",
        "Min side for bibliotektjenester",
        "Chatbot",
        "Arkivinnsyn",
        "plan- og byggesaksdialog",
        "Meld en feil",
    ):
        assert part in titles
    assert digital.values("unit").distinct().count() >= 5

    haug = demo_initiatives().filter(unit__slug="haug-skole")
    assert haug.count() == 3
    assert set(haug.values_list("portfolio__slug", flat=True)) == {"su", "digit", "eiendom"}
    assert haug.values("state").distinct().count() == 3
    assert not haug.filter(contributing_portfolios__in=haug.values("portfolio")).exists()

    oksenoya = demo_initiatives().filter(unit__site="Oksenøya")
    assert oksenoya.values("unit").distinct().count() == 3

    mandated = demo_initiatives().filter(politically_mandated=True)
    assert mandated.filter(state=State.READY_FOR_DECISION).exists()
    assert not mandated.filter(political_reference="").exists()
    assert demo_initiatives().filter(confidential=True).exists()
    assert demo_initiatives().exclude(work_type=WorkType.DEVELOPMENT).exists()

    assert set(demo_initiatives().values_list("state", flat=True)) == set(State.values)
    merged = demo_initiatives().filter(state=State.MERGED)
    assert not merged.filter(merged_into=None).exists()
    # Real history: every hand-written initiative starts with "create" and has its state's path.
    for initiative in demo_initiatives():
        steps = list(initiative.transitions.order_by("at", "id"))
        assert steps[0].action == "create"
        assert steps[-1].to_state == initiative.state

    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held >= set(Role.values) - {Role.EMPLOYEE}
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


def test_without_demo_mode_no_demo_user_has_a_usable_password(demo: str) -> None:
    assert User.objects.filter(username__in=[p.username for p in PEOPLE]).count() == len(PEOPLE)
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert "changepassword" in demo
    assert DEMO_PASSWORD not in demo


def test_demo_passwords_let_every_demo_user_sign_in(demo: str) -> None:
    output = seed("--demo-passwords")

    for spec in PEOPLE:
        assert User.objects.get(username=spec.username).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output
    for username in ("ansatt", "direktor.skole", "portefoljekontor", "styremedlem", "admin"):
        assert username in output


def test_demo_mode_setting_also_sets_the_passwords(demo: str, settings: Any) -> None:
    settings.DEMO_MODE = True

    seed()

    assert User.objects.get(username="ansatt").check_password(DEMO_PASSWORD)


def test_running_again_creates_and_changes_nothing(demo: str) -> None:
    before = snapshot()
    seed()
    assert snapshot() == before

    seed("--demo-passwords")
    with_passwords = snapshot()
    seed("--demo-passwords")
    assert snapshot() == with_passwords


def test_generated_initiatives_are_topped_up_not_doubled(demo: str) -> None:
    handwritten = Initiative.objects.count()
    seed("--initiatives", "50")
    generated = Initiative.objects.filter(archive_reference__startswith="GEN-")
    assert generated.count() == 50
    assert Initiative.objects.count() == handwritten + 50
    # each has a "create" step and, unless still a draft, a step into its state
    assert Transition.objects.filter(initiative__in=generated, action="create").count() == 50
    assert generated.filter(costs__isnull=True).count() == 0
    assert generated.values("state").distinct().count() >= 8

    seed("--initiatives", "50")
    assert generated.count() == 50

    seed("--initiatives", "60")
    assert generated.count() == 60


def test_demo_is_ready_for_prioritisation(demo: str) -> None:
    from veivalg.prioritization.models import Criterion, Rating, Scenario

    board = Board.objects.get(slug=Board.DEFAULT_SLUG)
    criteria = Criterion.objects.filter(set__board=board, set__active=True)
    assert criteria.count() == 7
    assert abs(sum(float(c.weight) for c in criteria) - 1.0) < 0.001
    rated = Rating.objects.values("initiative").distinct().count()
    assert rated >= 5
    assert Scenario.objects.filter(board=board).exists()


def test_demo_has_capacity_and_its_scenario_schedules_within_it(demo: str) -> None:
    from veivalg.capacity.models import Competence, DemandPlan, PoolCapacity, ResourcePool
    from veivalg.prioritization.models import Scenario, ScenarioStatus
    from veivalg.prioritization.selectors import scenario_timeline
    from veivalg.prioritization.services import scenario_solve
    from veivalg.web.demo import DEMO_SCENARIO

    assert Competence.objects.count() == 8
    assert ResourcePool.objects.filter(unit__isnull=False).exists()
    assert ResourcePool.objects.filter(portfolio__isnull=False).exists()
    assert PoolCapacity.objects.filter(quarter=2027 * 4).count() == ResourcePool.objects.count()
    open_development = Initiative.objects.filter(
        work_type=WorkType.DEVELOPMENT, state__in=[State.IN_ANALYSIS, State.APPROVED]
    )
    assert not open_development.filter(demand_plan__isnull=True).exists()
    operations = Initiative.objects.exclude(work_type=WorkType.DEVELOPMENT)
    assert DemandPlan.objects.filter(initiative__in=operations).exists()

    scenario = Scenario.objects.get(name=DEMO_SCENARIO)
    office = User.objects.get(username="portefoljekontor")
    scenario_solve(actor=office, scenario=scenario)  # tasks run at once in the tests
    scenario.refresh_from_db()

    assert scenario.status == ScenarioStatus.OPTIMAL
    timeline = scenario_timeline(scenario)
    assert len(timeline) >= 10 and any(item.committed for item in timeline)
    assert len({item.start for item in timeline}) > 1  # not everything starts at once
    assert scenario.insight and scenario.insight["status"] == "done"
