"""The demo's benefits: seeded through the services as each demo initiative is created, so
that "Send til styret" finds a measurable benefit; running it again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.translation import gettext as _

from veivalg.benefits import selectors
from veivalg.benefits.demo import BENEFITS, seed_benefits, seed_benefits_for
from veivalg.benefits.models import Benefit, Measurement
from veivalg.core.errors import InvalidTransition
from veivalg.core.models import AuditEvent
from veivalg.initiatives import workflow
from veivalg.initiatives.models import Initiative, State, Transition
from veivalg.org.models import User
from veivalg.web import demo as web_demo


@pytest.fixture
def wired(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo and the workflow as they are once the benefits app is wired in: benefits are
    seeded right after each demo initiative is created, and ``send_to_board`` needs one."""
    create = web_demo.initiative_create

    def create_and_seed(*, actor: User, data: dict[str, Any]) -> Initiative:
        initiative = create(actor=actor, data=data)
        seed_benefits_for(initiative)
        return initiative

    preconditions = workflow._preconditions

    def with_benefit_rule(action: workflow.Action, initiative: Initiative) -> None:
        preconditions(action, initiative)
        if action.name == "send_to_board" and not selectors.has_measurable_benefit(initiative):
            raise InvalidTransition(_("Mangler gevinst."), code="missing_benefit")

    monkeypatch.setattr(web_demo, "initiative_create", create_and_seed)
    monkeypatch.setattr(workflow, "_preconditions", with_benefit_rule)


def test_demo_initiatives_get_benefits_before_they_go_to_the_board(
    db: Any, settings: Any, wired: None
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    web_demo.build_demo(set_passwords=False)

    sent = Initiative.objects.filter(
        archive_reference__startswith="DEMO-",
        pk__in=Transition.objects.filter(action="send_to_board").values("initiative_id"),
    )
    assert sent.count() >= 15
    for initiative in sent:
        assert selectors.has_measurable_benefit(initiative), initiative.archive_reference
    assert Benefit.objects.count() == sum(len(specs) for specs in BENEFITS.values())
    assert Measurement.objects.count() > 0
    descriptions = Benefit.objects.values_list("description", flat=True)
    assert all(d.endswith("(fiktive demodata)") for d in descriptions)

    gevinsteier = User.objects.get(username="gevinsteier")
    due = {r.benefit.initiative.archive_reference for r in selectors.due_measurements(gevinsteier)}
    assert {"DEMO-007", "DEMO-034"} <= due
    meld_en_feil = Initiative.objects.get(archive_reference="DEMO-007")
    assert meld_en_feil.state == State.REALISING_BENEFITS

    counts = (Benefit.objects.count(), Measurement.objects.count(), AuditEvent.objects.count())
    assert seed_benefits() == 0
    assert (Benefit.objects.count(), Measurement.objects.count(), AuditEvent.objects.count()) == (
        counts
    )


def test_seed_benefits_fills_in_what_is_missing_and_only_that(
    db: Any, settings: Any, wired: None
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    web_demo.build_demo(set_passwords=False)
    chatbot = Initiative.objects.get(archive_reference="DEMO-004")
    Benefit.objects.filter(initiative=chatbot).delete()
    before = Benefit.objects.count()

    created = seed_benefits()

    assert created == len(BENEFITS["DEMO-004"])
    assert Benefit.objects.count() == before + created
    assert Benefit.objects.filter(initiative=chatbot).count() == len(BENEFITS["DEMO-004"])
    assert seed_benefits() == 0
