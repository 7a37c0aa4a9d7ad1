"""The default criteria set: seven drivers with written levels and AHP judgements.

``ensure_default_criteria(board)`` gives a board a sensible starting point (the demo seed
and a new installation call it). The pairwise judgements were chosen from the intended
weights (strategy first, then legal/operational necessity, then benefits, urgency,
innovation and risk); they give a consistency ratio of about 0.01.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from veivalg.core.audit import audit
from veivalg.org.models import Board
from veivalg.prioritization.models import (
    Criterion,
    CriterionLevel,
    Level,
    PairwiseJudgement,
    PrioritizationSet,
    WeightsMethod,
)


def _criteria() -> list[dict[str, object]]:
    """Slug, name, description, inverted and the five level meanings of each criterion."""
    return [
        {
            "slug": "strategisk-bidrag",
            "name": _("Strategisk bidrag"),
            "description": _("Hvor mye initiativet bidrar til målene i kommuneplanen."),
            "inverted": False,
            "levels": [
                _("Bidrar ikke til noen av kommuneplanens mål."),
                _("Bidrar indirekte eller lite til ett delmål."),
                _("Bidrar tydelig til ett delmål."),
                _("Bidrar tydelig til flere delmål eller ett hovedmål."),
                _("Er avgjørende for å nå ett eller flere hovedmål i kommuneplanen."),
            ],
        },
        {
            "slug": "okonomisk-gevinst",
            "name": _("Økonomisk gevinst"),
            "description": _(
                "Prissatte gevinster: frigjorte budsjettmidler, spart tid som kan brukes "
                "annerledes, gevinster for andre offentlige virksomheter."
            ),
            "inverted": False,
            "levels": [
                _("Ingen prissatte gevinster."),
                _("Små gevinster, under 0,5 mill. kr per år eller usikre."),
                _("Gevinster på 0,5–2 mill. kr per år, dokumentert i gevinstplanen."),
                _("Gevinster på 2–5 mill. kr per år, dokumentert og med gevinsteier."),
                _("Gevinster over 5 mill. kr per år, dokumentert og med gevinsteier."),
            ],
        },
        {
            "slug": "kvalitativ-gevinst",
            "name": _("Kvalitativ gevinst"),
            "description": _(
                "Ikke-prissatte virkninger for innbyggere og ansatte: kvalitet, tilgjengelighet, "
                "arbeidsmiljø (pluss-minus-metoden)."
            ),
            "inverted": False,
            "levels": [
                _("Ingen merkbar forbedring for innbyggere eller ansatte."),
                _("Liten forbedring for en avgrenset gruppe."),
                _("Tydelig forbedring for en tjeneste eller en større gruppe."),
                _("Stor forbedring for flere tjenester eller mange innbyggere."),
                _("Svært stor forbedring som berører de fleste innbyggerne eller ansatte."),
            ],
        },
        {
            "slug": "lovpalagt",
            "name": _("Lovpålagt eller driftskritisk"),
            "description": _(
                "Om initiativet er nødvendig for å oppfylle lov og forskrift eller for å "
                "holde kritiske tjenester i drift."
            ),
            "inverted": False,
            "levels": [
                _("Verken lovpålagt eller nødvendig for driften."),
                _("Gjør det enklere å etterleve krav, men kravene kan oppfylles uten."),
                _("Nødvendig for å oppfylle krav innen få år eller for å unngå driftsproblemer."),
                _("Nødvendig for å oppfylle et gjeldende krav eller for en kritisk tjeneste."),
                _("Lovbrudd eller stans i en kritisk tjeneste hvis det ikke gjøres nå."),
            ],
        },
        {
            "slug": "hast",
            "name": _("Hast"),
            "description": _("Hva det koster å vente: tapte gevinster, økte kostnader, frister."),
            "inverted": False,
            "levels": [
                _("Kan vente uten konsekvenser."),
                _("Å vente et år gir små tap."),
                _("Å vente et år gir merkbare tap eller økte kostnader."),
                _("Må starte innen et år for å nå en frist eller unngå store tap."),
                _("Må starte nå; en frist eller en avhengighet gjør utsettelse umulig."),
            ],
        },
        {
            "slug": "innovasjon",
            "name": _("Innovasjon"),
            "description": _("Om initiativet prøver ut nye måter å løse oppgavene på."),
            "inverted": False,
            "levels": [
                _("Viderefører dagens løsning."),
                _("Små forbedringer av dagens arbeidsmåte."),
                _("Ny arbeidsmåte eller teknologi for kommunen, kjent fra andre."),
                _("Ny løsning som kan brukes på tvers av tjenester eller av andre kommuner."),
                _("Nyskapende; kan endre hvordan tjenesten ytes og deles med andre."),
            ],
        },
        {
            "slug": "risiko",
            "name": _("Risiko"),
            "description": _(
                "Usikkerhet om gjennomføring og gevinster. Invertert: høy risiko trekker "
                "poengsummen ned."
            ),
            "inverted": True,
            "levels": [
                _("Velkjent løsning, erfarent team, få avhengigheter."),
                _("Noe usikkerhet, men tiltak er på plass."),
                _("Merkbar usikkerhet om kostnad, tid eller gevinst."),
                _(
                    "Stor usikkerhet; avhenger av leverandører, ny teknologi eller andre "
                    "prosjekter."
                ),
                _("Svært usikker; kan feile helt eller koste langt mer enn anslått."),
            ],
        },
    ]


# (a, b, value): a is ``value`` times as important as b on Saaty's scale.
JUDGEMENTS: list[tuple[str, str, int]] = [
    ("strategisk-bidrag", "okonomisk-gevinst", 2),
    ("strategisk-bidrag", "kvalitativ-gevinst", 2),
    ("strategisk-bidrag", "lovpalagt", 1),
    ("strategisk-bidrag", "hast", 3),
    ("strategisk-bidrag", "innovasjon", 3),
    ("strategisk-bidrag", "risiko", 4),
    ("okonomisk-gevinst", "kvalitativ-gevinst", 1),
    ("okonomisk-gevinst", "lovpalagt", 1),
    ("okonomisk-gevinst", "hast", 2),
    ("okonomisk-gevinst", "innovasjon", 2),
    ("okonomisk-gevinst", "risiko", 2),
    ("kvalitativ-gevinst", "lovpalagt", 1),
    ("kvalitativ-gevinst", "hast", 2),
    ("kvalitativ-gevinst", "innovasjon", 2),
    ("kvalitativ-gevinst", "risiko", 2),
    ("lovpalagt", "hast", 2),
    ("lovpalagt", "innovasjon", 3),
    ("lovpalagt", "risiko", 3),
    ("hast", "innovasjon", 1),
    ("hast", "risiko", 2),
    ("innovasjon", "risiko", 1),
]


@transaction.atomic
def ensure_default_criteria(board: Board) -> PrioritizationSet:
    """The board's active set; when it has none (or an empty one), the default seven
    criteria with level meanings, judgements and AHP weights. Idempotent."""
    from veivalg.prioritization.services import apply_ahp_weights, stored_judgements

    pset = PrioritizationSet.objects.filter(board=board, active=True).first()
    if pset is not None and pset.criteria.exists():
        return pset
    if pset is None:
        pset = PrioritizationSet.objects.create(
            board=board,
            name=_("Standardkriterier"),
            weights_method=WeightsMethod.AHP,
            active=True,
        )
    criteria: dict[str, Criterion] = {}
    for order, spec in enumerate(_criteria()):
        criterion = Criterion.objects.create(
            set=pset,
            slug=str(spec["slug"]),
            name=str(spec["name"]),
            description=str(spec["description"]),
            inverted=bool(spec["inverted"]),
            order=order,
        )
        CriterionLevel.objects.bulk_create(
            CriterionLevel(criterion=criterion, level=level, label=Level(level).label, meaning=text)
            for level, text in enumerate(spec["levels"])  # type: ignore[arg-type]
        )
        criteria[criterion.slug] = criterion
    for a, b, value in JUDGEMENTS:
        ca, cb = criteria[a], criteria[b]
        if ca.pk < cb.pk:
            PairwiseJudgement.objects.create(set=pset, criterion_a=ca, criterion_b=cb, value=value)
        else:
            PairwiseJudgement.objects.create(
                set=pset,
                criterion_a=cb,
                criterion_b=ca,
                value=(Decimal(1) / Decimal(value)).quantize(Decimal("0.000000001")),
            )
    ordered = list(pset.criteria.order_by("order", "id"))
    apply_ahp_weights(pset, ordered, stored_judgements(pset))
    audit(None, "prioritization.default_criteria", pset, board=board.slug)
    return pset
