"""The demo's coordination: Haug skole linked but not bundled, Oksenøya's shared need, and a
discussion with a mention. Seeding again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from veivalg.coordination import selectors
from veivalg.coordination.demo import OKSENOYA_TITLE, seed_coordination
from veivalg.coordination.models import (
    Bundle,
    DiscussionPost,
    Notification,
    RelatedLink,
    SharedNeed,
)
from veivalg.coordination.services import bundle_create
from veivalg.initiatives.models import Initiative, State
from veivalg.org.models import User
from veivalg.web.demo import build_demo

pytestmark = pytest.mark.urls("veivalg.coordination.tests.urls")


@pytest.fixture
def demo(db: Any, settings: Any) -> dict[str, int]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo(set_passwords=False)
    return seed_coordination()


def _ref(ref: str) -> Initiative:
    return Initiative.objects.get(archive_reference=ref)


def test_the_demo_links_haug_skole_and_leaves_it_to_be_bundled(demo: dict[str, int]) -> None:
    assert demo == {"related_links": 3, "shared_needs": 1, "discussion_posts": 1}
    assert RelatedLink.objects.count() == 3
    assert not Bundle.objects.exists()
    office = User.objects.get(username="portefoljekontor")
    related = selectors.related_to_initiative(office, _ref("DEMO-008"))
    assert {r.initiative.archive_reference for r in related[:2]} == {"DEMO-009", "DEMO-010"}
    bundle = bundle_create(
        actor=office,
        title="Haug skole – samlet utvikling",
        initiatives=[_ref("DEMO-008"), _ref("DEMO-009"), _ref("DEMO-010")],
    )
    assert all(
        p.initiative.state == State.MERGED for p in bundle.parts.select_related("initiative")
    )


def test_the_demo_has_oksenoyas_shared_need_and_a_discussion(demo: dict[str, int]) -> None:
    need = SharedNeed.objects.get(title=OKSENOYA_TITLE)
    assert need.participants.count() == 3
    assert all(p.contribution for p in need.participants.all())
    assert need.initiatives.count() == 5
    post = DiscussionPost.objects.get()
    assert post.initiative.archive_reference == "DEMO-008"
    assert {u.username for u in post.mentions.all()} == {"portefoljekontor", "direktor.skole"}
    assert Notification.objects.filter(user__username="direktor.skole", kind="mention").exists()


def test_seeding_again_changes_nothing(demo: dict[str, int]) -> None:
    counts = (
        RelatedLink.objects.count(),
        SharedNeed.objects.count(),
        DiscussionPost.objects.count(),
    )
    assert seed_coordination() == {"related_links": 0, "shared_needs": 0, "discussion_posts": 0}
    assert counts == (
        RelatedLink.objects.count(),
        SharedNeed.objects.count(),
        DiscussionPost.objects.count(),
    )


def test_seeding_without_the_demo_does_nothing(db: Any) -> None:
    assert seed_coordination() == {"related_links": 0, "shared_needs": 0, "discussion_posts": 0}
