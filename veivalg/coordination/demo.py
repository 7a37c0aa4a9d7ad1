"""Coordination in the fictional demo: what the working group's examples need to show.

- Haug skole's three orders (``DEMO-008`` … ``DEMO-010``) are linked as related by the
  portfolio office, but left unbundled, so that the demo user (``portefoljekontor``) can
  bundle them into one coordinated initiative.
- Oksenøya's shared functions become one shared need with the kindergarten, the school and
  the nursing home, what each brings, and the initiatives for canteen, hall, meeting rooms
  and wardrobes.
- One discussion on Haug skole's leadership order, with a mention that notifies.

``seed_coordination`` is idempotent and does nothing for demo data that is not there.
"""

from __future__ import annotations

from django.db import transaction

from veivalg.coordination.models import DiscussionPost, RelatedLink, SharedNeed
from veivalg.coordination.services import (
    discussion_post,
    related_link_create,
    shared_need_create,
)
from veivalg.initiatives.models import Initiative
from veivalg.org.models import Unit, User

OFFICE = "portefoljekontor"
HAUG = ("DEMO-008", "DEMO-009", "DEMO-010")
OKSENOYA = ("DEMO-011", "DEMO-012", "DEMO-013", "DEMO-014", "DEMO-015")
OKSENOYA_TITLE = "Fellesfunksjoner på Oksenøya"
OKSENOYA_UNITS = {
    "oksenoya-barnehage": (
        "Personalrom og et lite kjøkken som kan deles; barnehagens uteområde kan brukes av "
        "beboerne på dagtid."
    ),
    "oksenoya-skole": (
        "Flerbrukshallen og forsamlingssalen på kveldstid, og elever som kan lage skolemat i "
        "kantinen."
    ),
    "oksenoya-sykehjem": (
        "Produksjonskjøkkenet og kantinepersonalet, og garderobe- og dusjanlegget for ansatte."
    ),
}
DISCUSSION = (
    "@portefoljekontor Haug skole har sendt inn tre bestillinger: lederutvikling til SU, "
    "digitale verktøy til DigIT og rehabilitering til Eiendom. Skal vi se dem samlet før de "
    "går til styret? @direktor.skole, er du enig i at dette bør bli én sak? (fiktive demodata)"
)


@transaction.atomic
def seed_coordination() -> dict[str, int]:
    """Add the demo's coordination data; returns how much was created (zero on a rerun)."""
    created = {"related_links": 0, "shared_needs": 0, "discussion_posts": 0}
    office = User.objects.filter(username=OFFICE).first()
    if office is None:
        return created
    by_ref = {
        i.archive_reference: i
        for i in Initiative.objects.filter(archive_reference__in=(*HAUG, *OKSENOYA))
    }
    haug = [by_ref[ref] for ref in HAUG if ref in by_ref]
    for index, first in enumerate(haug):
        for second in haug[index + 1 :]:
            low, high = sorted((first.pk, second.pk))
            if not RelatedLink.objects.filter(first_id=low, second_id=high).exists():
                related_link_create(
                    actor=office,
                    initiative=first,
                    other=second,
                    note="Samme skole: tre bestillinger til SU, DigIT og Eiendom.",
                )
                created["related_links"] += 1
    units = {u.slug: u for u in Unit.objects.filter(slug__in=OKSENOYA_UNITS)}
    coordinator = User.objects.filter(username="forvalter.eiendom").first() or office
    if len(units) >= 2 and not SharedNeed.objects.filter(title=OKSENOYA_TITLE).exists():
        shared_need_create(
            actor=office,
            data={
                "title": OKSENOYA_TITLE,
                "description": (
                    "Barnehagen, skolen og sykehjemmet på Oksenøya ligger på samme tomt, men "
                    "planla hver sine fellesfunksjoner. Kantine, flerbrukshall og "
                    "forsamlingssal, møterom og garderober kan deles og brukes av innbyggerne "
                    "på Fornebu. (fiktive demodata)"
                ),
                "common_benefit": (
                    "Mindre areal og lavere driftskostnader, én kantine som møteplass mellom "
                    "generasjonene, og lokaler som brukes hele uken."
                ),
                "coordinator": coordinator,
                "units": list(units.values()),
                "initiatives": [by_ref[ref] for ref in OKSENOYA if ref in by_ref],
                "contributions": {
                    units[slug].pk: text for slug, text in OKSENOYA_UNITS.items() if slug in units
                },
            },
        )
        created["shared_needs"] += 1
    author = User.objects.filter(username="forvalter.su").first()
    leadership = by_ref.get(HAUG[0])
    if (
        author is not None
        and leadership is not None
        and not DiscussionPost.objects.filter(initiative=leadership, author=author).exists()
    ):
        discussion_post(actor=author, initiative=leadership, body=DISCUSSION)
        created["discussion_posts"] += 1
    return created
