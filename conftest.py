"""Shared test fixtures: a small municipality with people in every role and one outsider.

Every permission test has someone who must be refused: ``outsider`` holds no role at all,
``other_director`` directs another directorate, ``other_board_member`` sits on another board.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from veivalg.initiatives.models import Initiative, InitiativeCost, State, Transition
from veivalg.initiatives.services import initiative_create
from veivalg.org.models import Board, Directorate, Portfolio, Unit, User
from veivalg.org.services import role_grant
from veivalg.strategy.models import Goal, Program


@dataclass
class World:
    oppvekst: Directorate
    helse: Directorate
    haug: Unit
    sykehjem: Unit
    digit: Portfolio
    su: Portfolio
    bygg: Portfolio
    board: Board
    area_board: Board
    goal_plan: Goal
    goal_main: Goal
    program: Program
    employee: User
    director: User
    other_director: User
    portfolio_manager: User
    office: User
    board_member: User
    other_board_member: User
    project_owner: User
    benefit_owner: User
    admin: User
    outsider: User

    def people(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "employee",
                "director",
                "other_director",
                "portfolio_manager",
                "office",
                "board_member",
                "other_board_member",
                "project_owner",
                "benefit_owner",
                "admin",
                "outsider",
            )
        }

    def initiative_data(self, **overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": "Lederutvikling ved Haug skole",
            "summary": "Styrke ledergruppen ved Haug skole.",
            "need": "Skolen mangler felles ledelsespraksis etter omorganiseringen.",
            "unit": self.haug,
            "portfolio": self.su,
            "contributing_portfolios": [self.digit],
            "program": self.program,
            "goals": [self.goal_main],
            "work_type": "development",
            "politically_mandated": False,
            "political_reference": "",
            "confidential": False,
            "archive_reference": "",
            "costs": [{"year": 2027, "investment": 250000, "operating": 40000}],
        }
        data.update(overrides)
        return data

    def add_benefit(self, initiative: Initiative) -> Any:
        """A measurable benefit (indicator with baseline and target): what send_to_board needs."""
        from datetime import date

        from veivalg.benefits.services import benefit_create

        return benefit_create(
            actor=self.office,
            initiative=initiative,
            data={
                "title": "Mindre tid på manuell registrering",
                "description": "Lærerne slipper å føre fravær to steder.",
                "category": "budget_releasing",
                "goals": [self.goal_main],
                "owner": self.benefit_owner,
                "responsible": self.employee,
                "preconditions": "",
                "indicator": {
                    "unit": "hours",
                    "baseline": "1000",
                    "baseline_date": date(2026, 1, 1),
                    "target": "400",
                    "target_date": date(2028, 12, 31),
                },
                "plan": [{"year": 2028, "value": 300000}],
                "effect": None,
            },
        )

    def initiative(
        self, state: str = State.DRAFT, *, owner: User | None = None, **overrides: Any
    ) -> Initiative:
        """An initiative created through the service, then placed in ``state`` for the test."""
        initiative = initiative_create(
            actor=owner or self.employee, data=self.initiative_data(**overrides)
        )
        if state != State.DRAFT:
            merged_into = None
            if state == State.MERGED:
                merged_into = initiative_create(
                    actor=self.employee, data=self.initiative_data(title="Overlevende")
                )
            Initiative.objects.filter(pk=initiative.pk).update(state=state, merged_into=merged_into)
            Transition.objects.create(
                initiative=initiative,
                action="fixture",
                actor=None,
                from_state=State.DRAFT,
                to_state=state,
            )
            initiative.refresh_from_db()
        role_grant(
            actor=None, user=self.project_owner, role="project_owner", scope=str(initiative.pk)
        )
        role_grant(
            actor=None, user=self.benefit_owner, role="benefit_owner", scope=str(initiative.pk)
        )
        return initiative


def _user(username: str, first: str, last: str, unit: Unit | None = None) -> User:
    return User.objects.create_user(
        username=username, password="pw-" + username, first_name=first, last_name=last, unit=unit
    )


@pytest.fixture(autouse=True)
def _fast_and_static(settings: Any) -> None:
    """Tests create many users (the real hasher is slow by design) and render templates
    without a collectstatic manifest."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # background tasks (scenario solving) run inline in tests
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the default language; a request in English must not leak."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db: Any) -> World:
    oppvekst = Directorate.objects.create(slug="oppvekst-skole", name="Oppvekst skole")
    helse = Directorate.objects.create(slug="helse-omsorg", name="Helse og omsorg")
    haug = Unit.objects.create(slug="haug-skole", name="Haug skole", directorate=oppvekst)
    sykehjem = Unit.objects.create(
        slug="oksenoya-sykehjem", name="Oksenøya sykehjem", directorate=helse
    )
    digit = Portfolio.objects.create(slug="digit", name="DigIT")
    su = Portfolio.objects.create(slug="su", name="Strategi og utvikling")
    bygg = Portfolio.objects.create(
        slug="byggeprosjekter", name="Byggeprosjekter", out_of_scope=True
    )
    board = Board.objects.create(slug=Board.DEFAULT_SLUG, name="Porteføljestyret")
    area_board = Board.objects.create(slug="eiendomsradet", name="Eiendomsrådet", parent=board)
    goal_plan = Goal.objects.create(slug="kommuneplan", name="Kommuneplanen", level="plan")
    goal_main = Goal.objects.create(
        slug="gode-tjenester", name="Gode tjenester", level="main", parent=goal_plan
    )
    program = Program.objects.create(slug="smarte-ledere", name="Smarte ledere")
    w = World(
        oppvekst=oppvekst,
        helse=helse,
        haug=haug,
        sykehjem=sykehjem,
        digit=digit,
        su=su,
        bygg=bygg,
        board=board,
        area_board=area_board,
        goal_plan=goal_plan,
        goal_main=goal_main,
        program=program,
        employee=_user("ansatt", "Alice", "Ansatt", haug),
        director=_user("direktor", "Dina", "Direktør"),
        other_director=_user("annen-direktor", "Dag", "Direktør"),
        portfolio_manager=_user("forvalter", "Per", "Forvalter"),
        office=_user("kontor", "Kari", "Kontor"),
        board_member=_user("styre", "Bert", "Styremedlem"),
        other_board_member=_user("annet-styre", "Berit", "Områdestyre"),
        project_owner=_user("prosjekteier", "Pia", "Prosjekteier"),
        benefit_owner=_user("gevinsteier", "Gunn", "Gevinsteier"),
        admin=_user("admin", "Ada", "Administrator"),
        outsider=_user("utenforstaende", "Charlie", "Utenforstående"),
    )
    role_grant(actor=None, user=w.director, role="director", scope="oppvekst-skole")
    role_grant(actor=None, user=w.other_director, role="director", scope="helse-omsorg")
    role_grant(actor=None, user=w.portfolio_manager, role="portfolio_manager", scope="digit")
    role_grant(actor=None, user=w.office, role="portfolio_office")
    role_grant(actor=None, user=w.board_member, role="board_member", scope=Board.DEFAULT_SLUG)
    role_grant(actor=None, user=w.other_board_member, role="board_member", scope="eiendomsradet")
    role_grant(actor=None, user=w.admin, role="administrator")
    return w


__all__ = ["InitiativeCost", "World"]
