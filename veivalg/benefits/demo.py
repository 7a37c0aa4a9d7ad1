"""Fictional demo benefits for the demo's hand-written initiatives (``DEMO-001`` …).

Everything here is invented. Benefits are registered and measured through the services,
acting as the initiative's owner (while it is a draft or under analysis) or the portfolio
office, and measured by the benefit owner, so the audit log is real.

- ``seed_benefits_for(initiative)`` adds the benefits (with plans and measurements) of one
  demo initiative. Call it right after the initiative is created, before it goes through the
  workflow: "Send til styret" needs a benefit with an indicator.
- ``seed_benefits()`` does the same for every demo initiative in the database that can still
  be given benefits. Both are idempotent: a benefit is looked up by its title, and
  measurements are added only to a benefit that has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from veivalg.benefits.models import Benefit
from veivalg.benefits.services import (
    OWNER_EDIT_STATES,
    benefit_create,
    can_edit_benefits,
    measurement_record,
)
from veivalg.initiatives.models import OPEN_STATES, Initiative
from veivalg.org.models import User
from veivalg.strategy.models import Goal

OFFICE = "portefoljekontor"
BENEFIT_OWNER = "gevinsteier"
FICTIONAL = "(fiktive demodata)"


@dataclass(frozen=True)
class DemoBenefit:
    title: str
    category: str
    description: str
    goals: tuple[str, ...] = ()
    unit: str = ""  # "": no indicator
    baseline: str = ""
    target: str = ""
    baseline_date: date = date(2025, 12, 31)
    target_date: date = date(2029, 12, 31)
    plan: tuple[tuple[int, int], ...] = ()
    effect: int | None = None
    preconditions: str = ""
    # (days before today, value, comment)
    measurements: tuple[tuple[int, str, str], ...] = ()


def _years(first: int, last: int, value: int) -> tuple[tuple[int, int], ...]:
    return tuple((year, value) for year in range(first, last + 1))


BENEFITS: dict[str, tuple[DemoBenefit, ...]] = {
    "DEMO-001": (
        DemoBenefit(
            "Færre henvendelser om informasjon som står på nettet",
            "alternative_use",
            "Innbyggerne finner svarene selv, og servicetorget bruker den frigjorte tiden på "
            "saker som trenger veiledning.",
            ("digitalt-forstevalg",),
            "count",
            "4500",
            "3000",
            plan=((2026, 400_000), *_years(2027, 2031, 900_000)),
            preconditions="Innholdet er skrevet om i klarspråk før lansering.",
            measurements=(
                (210, "4300", "Telling fra sentralbordet, snitt per måned."),
                (30, "3900", "Etter lansering av de nye selvbetjeningsinngangene."),
            ),
        ),
        DemoBenefit(
            "Innbyggerne finner det de leter etter",
            "non_priced",
            "Målt med spørsmålet «Fant du det du lette etter?» på hver side.",
            ("digitalt-forstevalg",),
            "percent",
            "55",
            "80",
            effect=3,
            measurements=((30, "63", "Brukerundersøkelse på nettstedet."),),
        ),
    ),
    "DEMO-002": (
        DemoBenefit(
            "Færre telefoner om status i egne saker",
            "alternative_use",
            "Saksbehandlerne slipper å svare på spørsmål om hvor saken står.",
            ("digitalt-forstevalg",),
            "count",
            "2500",
            "1000",
            plan=((2028, 600_000), *_years(2029, 2033, 1_200_000)),
        ),
        DemoBenefit(
            "Lavere utgifter til porto og utskrift",
            "budget_releasing",
            "Vedtak og brev sendes digitalt til Min side i stedet for i posten.",
            ("digitalt-forstevalg", "deling-data"),
            "kroner",
            "1800000",
            "600000",
            plan=((2028, 600_000), *_years(2029, 2033, 1_200_000)),
        ),
    ),
    "DEMO-004": (
        DemoBenefit(
            "Enkle spørsmål besvares av chatboten",
            "alternative_use",
            "Andelen enkle henvendelser som chatboten løser uten at et menneske må svare.",
            ("digitalt-forstevalg",),
            "percent",
            "0",
            "40",
            plan=((2027, 250_000), *_years(2028, 2032, 500_000)),
            preconditions="Den nye hjemmesiden er lansert.",
        ),
    ),
    "DEMO-005": (
        DemoBenefit(
            "Mindre tid på innsynskrav",
            "alternative_use",
            "Dokumenter som ikke er unntatt, publiseres automatisk; innsynskrav behandles raskere.",
            ("orden-styring",),
            "hours",
            "3200",
            "1200",
            plan=_years(2027, 2031, 700_000),
        ),
        DemoBenefit(
            "Åpenhet og tillit til kommunens saksbehandling",
            "non_priced",
            "Innbyggere og presse kan følge sakene uten å måtte be om innsyn.",
            ("digitalt-forstevalg",),
            effect=4,
        ),
    ),
    "DEMO-007": (
        DemoBenefit(
            "Færre manuelle registreringer i driftssystemet",
            "budget_releasing",
            "Meldingene går rett inn i driftssystemet; to deltidsstillinger til registrering "
            "trengs ikke lenger.",
            ("digitalt-forstevalg",),
            "hours",
            "1800",
            "300",
            plan=((2026, 400_000), *_years(2027, 2030, 500_000)),
            measurements=(
                (300, "1500", "Første måneder med appen."),
                (200, "900", "Telefonmeldinger er nesten borte."),
            ),
        ),
        DemoBenefit(
            "Innbyggerne får vite når feilen er rettet",
            "non_priced",
            "Andelen meldinger der innbyggeren får beskjed når saken er lukket.",
            ("digitalt-forstevalg",),
            "percent",
            "0",
            "90",
            effect=2,
            measurements=((200, "70", "Varsel sendes automatisk når driftslaget lukker."),),
        ),
    ),
    "DEMO-009": (
        DemoBenefit(
            "Mindre tid på teknisk feilretting i klasserommet",
            "alternative_use",
            "Lærerne bruker tiden på undervisning i stedet for på utstyr som ikke virker.",
            ("mestring-barn-unge",),
            "hours",
            "1200",
            "300",
            plan=_years(2027, 2031, 350_000),
        ),
    ),
    "DEMO-011": (
        DemoBenefit(
            "Lavere driftskostnad for kjøkken",
            "budget_releasing",
            "Ett produksjonskjøkken i stedet for tre.",
            ("arealeffektivitet",),
            "kroner",
            "2400000",
            "1500000",
            plan=_years(2028, 2035, 900_000),
        ),
        DemoBenefit(
            "Møteplass for eldre i nærmiljøet",
            "non_priced",
            "Kantinen er åpen for eldre på Oksenøya til lunsj.",
            ("moteplasser", "trygg-alderdom"),
            effect=3,
        ),
    ),
    "DEMO-014": (
        DemoBenefit(
            "Mindre garderobeareal å drifte",
            "budget_releasing",
            "Felles garderober frigjør areal som kan tas i bruk til andre formål.",
            ("arealeffektivitet",),
            "count",
            "600",
            "350",
            plan=_years(2029, 2035, 180_000),
        ),
    ),
    "DEMO-016": (
        DemoBenefit(
            "Færre fysiske tilsynsbesøk om natten",
            "alternative_use",
            "Digitalt tilsyn erstatter besøk som bare er for å se at alt er i orden.",
            ("trygg-alderdom",),
            "count",
            "420",
            "250",
            plan=((2026, 800_000), *_years(2027, 2032, 1_600_000)),
            measurements=(
                (150, "400", "Besøk per uke, snitt i oktober."),
                (20, "360", "Flere brukere har fått sensor."),
            ),
        ),
        DemoBenefit(
            "Færre fall som fører til sykehusinnleggelse",
            "other_public",
            "Fall oppdages raskere; helseforetaket får færre innleggelser.",
            ("trygg-alderdom",),
            "count",
            "60",
            "45",
            plan=_years(2027, 2032, 600_000),
        ),
        DemoBenefit(
            "Trygghet for brukere og pårørende",
            "non_priced",
            "Brukerne kan bo hjemme lenger og føler seg trygge.",
            ("trygg-alderdom",),
            effect=3,
        ),
    ),
    "DEMO-017": (
        DemoBenefit(
            "Bedre styring av klimatiltakene",
            "non_priced",
            "Andelen klimatiltak i økonomiplanen med både kostnad og effekt.",
            ("halvere-utslipp",),
            "percent",
            "20",
            "90",
            effect=2,
        ),
    ),
    "DEMO-018": (
        DemoBenefit(
            "Lavere energikostnader i kommunale bygg",
            "budget_releasing",
            "Energibruken reduseres med 20 prosent, i tråd med formannskapets vedtak.",
            ("halvere-utslipp", "arealeffektivitet"),
            "kroner",
            "48000000",
            "38400000",
            plan=((2026, 2_000_000), (2027, 5_000_000), *_years(2028, 2035, 9_600_000)),
            measurements=(
                (300, "47000000", "Energikostnad siste tolv måneder."),
                (100, "44500000", "Sentral driftskontroll er i drift i 70 bygg."),
            ),
        ),
        DemoBenefit(
            "Lavere klimagassutslipp fra egne bygg",
            "non_priced",
            "Mindre energibruk gir lavere utslipp.",
            ("halvere-utslipp",),
            effect=3,
        ),
    ),
    "DEMO-024": (
        DemoBenefit(
            "Lavere risiko for datainnbrudd",
            "non_priced",
            "Antall kritiske sårbarheter fra inntrengingstesten som ikke er lukket.",
            ("orden-styring",),
            "count",
            "14",
            "0",
            effect=4,
        ),
    ),
    "DEMO-025": (
        DemoBenefit(
            "Mindre tid på å rette feil i grunndata",
            "alternative_use",
            "Én kilde for virksomheter og bygg: feil rettes ett sted.",
            ("deling-data", "orden-styring"),
            "hours",
            "2500",
            "800",
            plan=((2026, 300_000), *_years(2027, 2033, 700_000)),
            measurements=((90, "2300", "Timer registrert på retting av grunndata."),),
        ),
    ),
    "DEMO-026": (
        DemoBenefit(
            "Færre avvik i kjerneprosessene",
            "non_priced",
            "Avvik meldt i kvalitetssystemet på de tolv kjerneprosessene.",
            ("orden-styring",),
            "count",
            "140",
            "70",
            effect=2,
        ),
    ),
    "DEMO-027": (
        DemoBenefit(
            "Færre årsverk til fakturabehandling",
            "budget_releasing",
            "Roboten konterer standardfakturaer; stillinger holdes ledige ved avgang.",
            ("orden-styring",),
            "kroner",
            "3000000",
            "2100000",
            plan=_years(2027, 2031, 900_000),
        ),
    ),
    "DEMO-028": (
        DemoBenefit(
            "Nye ledere er godt forberedt",
            "non_priced",
            "Andelen nye ledere som svarer at de var godt forberedt etter første år.",
            ("gode-ledere",),
            "percent",
            "45",
            "80",
            effect=3,
            measurements=(
                (500, "60", "Første kull."),
                (200, "78", "Andre kull."),
            ),
        ),
    ),
    "DEMO-029": (
        DemoBenefit(
            "Mindre tid på beskjeder til foreldre",
            "alternative_use",
            "Pedagogene bruker mindre tid på SMS og oppslag.",
            ("digitalt-forstevalg",),
            "hours",
            "2000",
            "1400",
            plan=_years(2027, 2031, 200_000),
        ),
    ),
    "DEMO-032": (
        DemoBenefit(
            "Bedre bemanningsplanlegging",
            "non_priced",
            "Andelen virksomheter med oppdatert kompetanseoversikt.",
            ("riktig-kompetanse",),
            "percent",
            "10",
            "85",
            effect=2,
        ),
    ),
    "DEMO-033": (
        DemoBenefit(
            "Mindre tid på egne regneark",
            "alternative_use",
            "Lederne henter nøkkeltall i dashbordet i stedet for å lage egne oversikter.",
            ("gode-ledere", "deling-data"),
            "hours",
            "6000",
            "2500",
            plan=_years(2028, 2033, 1_100_000),
        ),
    ),
    "DEMO-034": (
        DemoBenefit(
            "Lavere kostnader til bilhold",
            "budget_releasing",
            "Delte elbiler erstatter leasede biler og kjøregodtgjørelse.",
            ("halvere-utslipp",),
            "kroner",
            "3600000",
            "2800000",
            plan=_years(2026, 2032, 800_000),
        ),
        DemoBenefit(
            "Lavere utslipp fra tjenestereiser",
            "non_priced",
            "Hjemmetjenesten kjører elektrisk.",
            ("halvere-utslipp",),
            effect=2,
        ),
    ),
    "DEMO-035": (
        DemoBenefit(
            "Flere besøk utenom betjent tid",
            "non_priced",
            "Besøk med lånekort når biblioteket er ubetjent.",
            ("moteplasser",),
            "count",
            "0",
            "15000",
            effect=3,
            measurements=(
                (300, "9000", "Første halvår, omregnet til helt år."),
                (60, "14200", "Siste tolv måneder."),
            ),
        ),
    ),
}


def _data(
    spec: DemoBenefit, goals: dict[str, Goal], owner: User | None, responsible: User
) -> dict[str, Any]:
    indicator: dict[str, Any] | None = None
    if spec.unit:
        indicator = {
            "unit": spec.unit,
            "baseline": spec.baseline,
            "baseline_date": spec.baseline_date,
            "target": spec.target,
            "target_date": spec.target_date,
        }
    return {
        "title": spec.title,
        "description": f"{spec.description} {FICTIONAL}",
        "category": spec.category,
        "goals": [goals[slug] for slug in spec.goals if slug in goals],
        "owner": owner,
        "responsible": responsible,
        "preconditions": spec.preconditions,
        "indicator": indicator,
        "plan": [{"year": year, "value": value} for year, value in spec.plan],
        "effect": spec.effect,
    }


def _actor(initiative: Initiative, people: dict[str, User]) -> User | None:
    """Who may register benefits on the initiative now: its owner early on, else the office."""
    if initiative.state in OWNER_EDIT_STATES:
        return initiative.owner
    office = people.get(OFFICE)
    if initiative.state in OPEN_STATES and office is not None:
        return office
    return None


@transaction.atomic
def seed_benefits_for(initiative: Initiative) -> int:
    """Add the demo benefits of one demo initiative; returns how many were created."""
    specs = BENEFITS.get(initiative.archive_reference, ())
    if not specs:
        return 0
    people = {u.username: u for u in User.objects.filter(username__in=[OFFICE, BENEFIT_OWNER])}
    goals = {g.slug: g for g in Goal.objects.all()}
    owner = people.get(BENEFIT_OWNER)
    existing = {b.title: b for b in Benefit.objects.filter(initiative=initiative)}
    actor = _actor(initiative, people)
    created = 0
    today = timezone.localdate()
    for spec in specs:
        benefit = existing.get(spec.title)
        if benefit is None:
            if actor is None or not can_edit_benefits(actor, initiative):
                continue
            benefit = benefit_create(
                actor=actor,
                initiative=initiative,
                data=_data(spec, goals, owner, initiative.owner),
            )
            created += 1
        if spec.measurements and owner is not None and not benefit.measurements.exists():
            for days, value, comment in spec.measurements:
                measurement_record(
                    actor=owner,
                    benefit=benefit,
                    data={
                        "date": today - timedelta(days=days),
                        "value": value,
                        "comment": comment,
                    },
                )
    return created


def seed_benefits() -> int:
    """Add the demo benefits to every demo initiative that can still get them."""
    created = 0
    initiatives = Initiative.objects.filter(archive_reference__in=list(BENEFITS)).select_related(
        "owner"
    )
    for initiative in initiatives.order_by("archive_reference"):
        created += seed_benefits_for(initiative)
    return created
