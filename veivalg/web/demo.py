"""Fictional demo data: a municipality that looks like a real Norwegian one.

Everything here is invented — the people, the units' cases and the political references.
The organisation is modelled on the examples in the working group's input (Digitalt
førstevalg, Haug skole's three orders, the shared functions at Oksenøya), so that the demo
shows the cases the product must handle well.

``build_demo`` is idempotent: organisation, goals and programs are looked up by slug, people
by username and hand-written initiatives by their archive reference (``DEMO-001`` …); what
exists is left as it is. The hand-written initiatives are created and moved through the
workflow with the services, acting as the right people, so their history is real.

``ensure_generated`` adds varied, deterministic initiatives for scale tests (``GEN-00001`` …).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from veivalg.benefits.demo import seed_benefits, seed_benefits_for
from veivalg.capacity.demo import seed_capacity
from veivalg.initiatives.models import (
    OPEN_STATES,
    Comment,
    Initiative,
    InitiativeCost,
    State,
    Transition,
    WorkType,
)
from veivalg.initiatives.services import (
    initiative_assign_role,
    initiative_comment,
    initiative_create,
    initiative_perform_action,
)
from veivalg.org.models import Board, Directorate, Portfolio, Role, Unit, User
from veivalg.org.services import role_grant
from veivalg.strategy.models import Goal, Program

# One shared password for every demo login; set only in demo mode (see the command).
DEMO_PASSWORD = "demo1234!"
FICTIONAL = "(fiktive demodata)"
DEMO_PREFIX = "DEMO-"
GENERATED_PREFIX = "GEN-"
GENERATED_SEED = "veivalg-demo"

# --- organisation ------------------------------------------------------------------------

DIRECTORATES: tuple[tuple[str, str], ...] = (
    ("oppvekst-skole", "Oppvekst skole"),
    ("oppvekst-barnehage", "Oppvekst barnehage"),
    ("helse-omsorg", "Helse og omsorg"),
    ("baerekraft-samfunn", "Bærekraft og samfunnsutvikling"),
    ("kultur-frivillighet", "Kultur, idrett og frivillighet"),
    ("osu", "Organisasjon, styring og utvikling (OSU)"),
)

# slug, name, directorate slug, site (for co-located units)
UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("haug-skole", "Haug skole", "oppvekst-skole", "Haug"),
    ("oksenoya-skole", "Oksenøya skole", "oppvekst-skole", "Oksenøya"),
    ("bekkestua-skole", "Bekkestua skole", "oppvekst-skole", ""),
    ("oksenoya-barnehage", "Oksenøya barnehage", "oppvekst-barnehage", "Oksenøya"),
    ("eiksmarka-barnehage", "Eiksmarka barnehage", "oppvekst-barnehage", ""),
    ("oksenoya-sykehjem", "Oksenøya sykehjem", "helse-omsorg", "Oksenøya"),
    ("hjemmetjenesten", "Hjemmetjenesten", "helse-omsorg", ""),
    ("legevakten", "Legevakten", "helse-omsorg", ""),
    ("byggesak", "Byggesak", "baerekraft-samfunn", ""),
    ("vei-trafikk", "Vei og trafikk", "baerekraft-samfunn", ""),
    ("klima-miljo", "Klima og miljø", "baerekraft-samfunn", ""),
    ("bibliotekene", "Bibliotekene", "kultur-frivillighet", ""),
    ("kulturhuset", "Kulturhuset", "kultur-frivillighet", ""),
    ("kommunikasjon", "Kommunikasjon", "osu", ""),
    ("digit", "DigIT", "osu", ""),
    ("hr-avdelingen", "HR-avdelingen", "osu", ""),
    ("okonomiavdelingen", "Økonomiavdelingen", "osu", ""),
    ("strategi-utvikling", "Strategi og utvikling", "osu", ""),
    ("dokumentsenteret", "Dokumentsenteret (arkiv)", "osu", ""),
    ("eiendom-forvaltning", "Eiendom forvaltning", "osu", ""),
    ("eiendom-utbygging", "Eiendom utbygging", "osu", ""),
)

# slug, name, description, out of scope
PORTFOLIOS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "digit",
        "DigIT",
        "Digitalisering, IKT-løsninger og informasjonssikkerhet.",
        False,
    ),
    ("hr", "HR", "Ledelse, kompetanse, rekruttering og arbeidsmiljø.", False),
    ("okonomi", "Økonomi", "Økonomistyring, innkjøp, regnskap og lønn.", False),
    (
        "su",
        "Strategi og utvikling",
        "Organisasjonsutvikling, prosesser, analyse og tjenesteinnovasjon.",
        False,
    ),
    (
        "eiendom",
        "Eiendom",
        "Eiendomsutvikling og eiendomsforvaltning: bruk, sambruk og drift av kommunale bygg.",
        False,
    ),
    (
        "byggeprosjekter",
        "Byggeprosjekter",
        "Investeringsprosjekter for nye bygg. Styres i byggeprosjektporteføljen, ikke her.",
        True,
    ),
)

# slug, name, parent slug, description
BOARDS: tuple[tuple[str, str, str | None, str], ...] = (
    (
        Board.DEFAULT_SLUG,
        "Porteføljestyret",
        None,
        "Felles porteføljestyre for strategisk viktige utviklingsinitiativer på tvers av kommunen.",
    ),
    (
        "eiendomsradet",
        "Eiendomsrådet",
        Board.DEFAULT_SLUG,
        "Områdestyre for eiendomsutvikling og sambruk av kommunale bygg.",
    ),
)

PLAN_GOAL = ("kommuneplan-2035", "Kommuneplanens samfunnsdel 2035")

# main goal (slug, name), then its sub goals (slug, name)
GOALS: tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...]], ...] = (
    (
        ("gode-liv", "Gode liv i hele livsløpet"),
        (
            ("mestring-barn-unge", "Barn og unge mestrer skole og fritid"),
            ("trygg-alderdom", "Eldre bor trygt hjemme lenger"),
            ("moteplasser", "Gode møteplasser i nærmiljøet"),
        ),
    ),
    (
        ("baerekraftig-samfunn", "Bærekraftig samfunn og klima"),
        (
            ("halvere-utslipp", "Klimagassutslippene halveres innen 2030"),
            ("arealeffektivitet", "Effektiv og sirkulær bruk av areal og bygg"),
        ),
    ),
    (
        ("innovativ-digital", "Innovativ og digital kommune"),
        (
            ("digitalt-forstevalg", "Digitalt førstevalg i tjenestene"),
            ("deling-data", "Data deles og gjenbrukes på tvers"),
        ),
    ),
    (
        ("kompetent-organisasjon", "Kompetent og effektiv organisasjon"),
        (
            ("gode-ledere", "Gode ledere på alle nivåer"),
            ("riktig-kompetanse", "Riktig kompetanse og bærekraftig bemanning"),
            ("orden-styring", "Orden i styring, prosesser og dokumentasjon"),
        ),
    ),
)


@dataclass(frozen=True)
class ProgramSpec:
    slug: str
    name: str
    kind: str
    owner: str
    description: str
    goals: tuple[str, ...]


PROGRAMS: tuple[ProgramSpec, ...] = (
    ProgramSpec(
        "digitalt-forstevalg",
        "Digitalt førstevalg for innbyggere",
        Program.Kind.PRODUCT_AREA,
        "prosjekteier",
        "Ett samlet målbilde for innbyggernes digitale møte med kommunen: hjemmeside, Min side, "
        "chatbot, innsyn og dialog i sakene. Én eier av helheten i stedet for mange eiere av "
        "hver sin del.",
        ("innovativ-digital", "digitalt-forstevalg"),
    ),
    ProgramSpec(
        "smarte-bygg",
        "Smarte bygg",
        Program.Kind.PROGRAM,
        "leder.eiendom",
        "Bedre bruk av kommunens bygg: energistyring, sambruk, arealeffektivitet og digitale "
        "tvillinger av byggene.",
        ("baerekraftig-samfunn", "arealeffektivitet", "halvere-utslipp"),
    ),
    ProgramSpec(
        "orden-i-eget-hus",
        "Orden i eget hus",
        Program.Kind.PROGRAM,
        "forvalter.su",
        "Grunndata, prosesseierskap og dokumentasjon: et felles fundament som alle "
        "tjenester og systemer bygger på.",
        ("kompetent-organisasjon", "orden-styring", "deling-data"),
    ),
    ProgramSpec(
        "smarte-ledere",
        "Smarte ledere",
        Program.Kind.PROGRAM,
        "forvalter.hr",
        "Lederutvikling, styringsinformasjon og verktøy som gjør det enklere å lede godt.",
        ("kompetent-organisasjon", "gode-ledere"),
    ),
)

# --- people ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    job_title: str
    unit: str | None = None
    roles: tuple[tuple[str, str | None], ...] = ()
    superuser: bool = False
    # shown in the table of demo logins (empty: not listed)
    role_text: str = ""
    try_text: str = ""


PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec(
        "ansatt",
        "Sofie",
        "Lund",
        "Lærer",
        "haug-skole",
        role_text="Medarbeider, Haug skole",
        try_text="Les porteføljen og meld inn et nytt behov",
    ),
    PersonSpec(
        "rektor.haug",
        "Håkon",
        "Berg",
        "Rektor",
        "haug-skole",
        role_text="Medarbeider (rektor), Haug skole",
        try_text="Se skolens tre bestillinger til SU, DigIT og Eiendom",
    ),
    PersonSpec(
        "direktor.skole",
        "Marianne",
        "Solberg",
        "Direktør Oppvekst skole",
        roles=((Role.DIRECTOR, "oppvekst-skole"),),
        role_text="Direktør, Oppvekst skole",
        try_text="Godkjenn eller send tilbake behov fra skolene",
    ),
    PersonSpec(
        "direktor.barnehage",
        "Tor",
        "Eriksen",
        "Direktør Oppvekst barnehage",
        roles=((Role.DIRECTOR, "oppvekst-barnehage"),),
    ),
    PersonSpec(
        "direktor.helse",
        "Randi",
        "Kvam",
        "Direktør Helse og omsorg",
        roles=((Role.DIRECTOR, "helse-omsorg"),),
        role_text="Direktør, Helse og omsorg",
        try_text="Se behovene fra Oksenøya sykehjem og hjemmetjenesten",
    ),
    PersonSpec(
        "direktor.samfunn",
        "Arild",
        "Moen",
        "Direktør Bærekraft og samfunnsutvikling",
        roles=((Role.DIRECTOR, "baerekraft-samfunn"),),
        role_text="Direktør, Bærekraft og samfunnsutvikling",
        try_text="Godkjenn Digital plan- og byggesaksdialog",
    ),
    PersonSpec(
        "direktor.kultur",
        "Eva",
        "Strand",
        "Direktør Kultur, idrett og frivillighet",
        roles=((Role.DIRECTOR, "kultur-frivillighet"),),
    ),
    PersonSpec(
        "direktor.osu",
        "Jon",
        "Aasheim",
        "Direktør OSU",
        roles=((Role.DIRECTOR, "osu"),),
        role_text="Direktør, OSU",
        try_text="Godkjenn eller send tilbake behov fra HR og de andre OSU-avdelingene",
    ),
    PersonSpec(
        "forvalter.digit",
        "Lise",
        "Bakken",
        "Porteføljeforvalter DigIT",
        "digit",
        roles=((Role.PORTFOLIO_MANAGER, "digit"),),
        role_text="Porteføljeforvalter, DigIT",
        try_text="Se DigIT-porteføljen og Digitalt førstevalg samlet",
    ),
    PersonSpec(
        "forvalter.su",
        "Nils",
        "Rønning",
        "Porteføljeforvalter Strategi og utvikling",
        "strategi-utvikling",
        roles=((Role.PORTFOLIO_MANAGER, "su"),),
        role_text="Porteføljeforvalter, Strategi og utvikling",
        try_text="Se SU-porteføljen og programmet Orden i eget hus",
    ),
    PersonSpec(
        "forvalter.hr",
        "Anne",
        "Myhre",
        "Porteføljeforvalter HR",
        "hr-avdelingen",
        roles=((Role.PORTFOLIO_MANAGER, "hr"),),
    ),
    PersonSpec(
        "forvalter.okonomi",
        "Espen",
        "Dahl",
        "Porteføljeforvalter Økonomi",
        "okonomiavdelingen",
        roles=((Role.PORTFOLIO_MANAGER, "okonomi"),),
    ),
    PersonSpec(
        "forvalter.eiendom",
        "Kari",
        "Holm",
        "Porteføljeforvalter Eiendom",
        "eiendom-forvaltning",
        roles=((Role.PORTFOLIO_MANAGER, "eiendom"),),
        role_text="Porteføljeforvalter, Eiendom",
        try_text="Se sambruksbehovene på Oksenøya",
    ),
    PersonSpec(
        "portefoljekontor",
        "Silje",
        "Nygård",
        "Porteføljekoordinator",
        "strategi-utvikling",
        roles=((Role.PORTFOLIO_OFFICE, None),),
        role_text="Porteføljekontoret",
        try_text="Start analyse, send saker til styret, slå sammen like behov",
    ),
    PersonSpec(
        "styreleder",
        "Bjørn",
        "Halvorsen",
        "Assisterende kommunedirektør",
        roles=((Role.BOARD_MEMBER, Board.DEFAULT_SLUG),),
        role_text="Styreleder, Porteføljestyret",
        try_text="Vedta, utsett eller avslå saker som er klare for beslutning",
    ),
    PersonSpec(
        "styremedlem",
        "Hilde",
        "Sæther",
        "Økonomidirektør",
        roles=((Role.BOARD_MEMBER, Board.DEFAULT_SLUG),),
        role_text="Styremedlem, Porteføljestyret",
        try_text="Prøv å utsette Arkivinnsyn på nett (politisk vedtatt)",
    ),
    PersonSpec(
        "styremedlem.eiendom",
        "Geir",
        "Lien",
        "Eiendomssjef",
        "eiendom-forvaltning",
        roles=((Role.BOARD_MEMBER, "eiendomsradet"),),
        role_text="Styremedlem, Eiendomsrådet",
        try_text="Se porteføljen fra et områdestyre",
    ),
    PersonSpec(
        "prosjekteier",
        "Per",
        "Kristiansen",
        "Avdelingsdirektør digitalisering",
        "digit",
        role_text="Prosjekteier (på vedtatte prosjekter)",
        try_text="Start gjennomføring av Min side for innbyggere",
    ),
    PersonSpec(
        "prosjektleder",
        "Mona",
        "Eide",
        "Prosjektleder",
        "strategi-utvikling",
        role_text="Prosjektleder (på vedtatte prosjekter)",
        try_text="Følg prosjektene du leder",
    ),
    PersonSpec(
        "gevinsteier",
        "Gunnhild",
        "Vik",
        "Virksomhetsleder",
        "kommunikasjon",
        role_text="Gevinsteier (på vedtatte prosjekter)",
        try_text="Avslutt Meld en feil når gevinstene er tatt ut",
    ),
    PersonSpec(
        "admin",
        "Thomas",
        "Brekke",
        "Systemansvarlig",
        "digit",
        roles=((Role.ADMINISTRATOR, None),),
        superuser=True,
        role_text="Administrator (også Django-admin)",
        try_text="Åpne /admin/ og se alt, også det som er unntatt offentlighet",
    ),
    # Plain employees in other units (they own the hand-written initiatives).
    PersonSpec("ansatt.kommunikasjon", "Ida", "Kristoffersen", "Rådgiver", "kommunikasjon"),
    PersonSpec("ansatt.digit", "Marius", "Olsen", "Løsningsarkitekt", "digit"),
    PersonSpec("ansatt.bibliotek", "Liv", "Amundsen", "Bibliotekar", "bibliotekene"),
    PersonSpec("ansatt.arkiv", "Rune", "Jacobsen", "Arkivleder", "dokumentsenteret"),
    PersonSpec("ansatt.byggesak", "Fredrik", "Haugland", "Saksbehandler", "byggesak"),
    PersonSpec("ansatt.vei", "Siri", "Johansen", "Driftsingeniør", "vei-trafikk"),
    PersonSpec("rektor.bekkestua", "Ingvild", "Sandvik", "Rektor", "bekkestua-skole"),
    PersonSpec("rektor.oksenoya", "Anders", "Bakke", "Rektor", "oksenoya-skole"),
    PersonSpec("styrer.oksenoya", "Hanne", "Lie", "Styrer", "oksenoya-barnehage"),
    PersonSpec("leder.sykehjem", "Berit", "Nilsen", "Virksomhetsleder", "oksenoya-sykehjem"),
    PersonSpec("ansatt.helse", "Tone", "Aasen", "Avdelingsleder", "hjemmetjenesten"),
    PersonSpec("ansatt.okonomi", "Camilla", "Berge", "Controller", "okonomiavdelingen"),
    PersonSpec("leder.eiendom", "Øystein", "Lunde", "Driftssjef", "eiendom-forvaltning"),
    PersonSpec("ansatt.eiendom", "Kjetil", "Strøm", "Prosjektleder bygg", "eiendom-utbygging"),
    PersonSpec("ansatt.hr", "Jorunn", "Bø", "HR-rådgiver", "hr-avdelingen"),
    PersonSpec("ansatt.su", "Sindre", "Vold", "Rådgiver", "strategi-utvikling"),
    PersonSpec("ansatt.barnehage", "Nora", "Hansen", "Pedagogisk leder", "eiksmarka-barnehage"),
)

OFFICE = "portefoljekontor"
BOARD_CHAIR = "styreleder"
BOARD_MEMBER = "styremedlem"

# --- initiatives -------------------------------------------------------------------------

# The workflow path that leads from draft to each state (merged: see InitiativeSpec).
_TO_DECISION = ("submit", "endorse", "start_analysis", "send_to_board")
PATHS: dict[str, tuple[str, ...]] = {
    State.DRAFT: (),
    State.SUBMITTED: ("submit",),
    State.ENDORSED: ("submit", "endorse"),
    State.IN_ANALYSIS: ("submit", "endorse", "start_analysis"),
    State.READY_FOR_DECISION: _TO_DECISION,
    State.DEFERRED: (*_TO_DECISION, "defer"),
    State.APPROVED: (*_TO_DECISION, "approve"),
    State.REJECTED: (*_TO_DECISION, "reject"),
    State.IN_PROGRESS: (*_TO_DECISION, "approve", "start"),
    State.STOPPED: (*_TO_DECISION, "approve", "start", "stop"),
    State.REALISING_BENEFITS: (*_TO_DECISION, "approve", "start", "complete"),
    State.CLOSED: (*_TO_DECISION, "approve", "start", "complete", "close"),
    State.WITHDRAWN: ("withdraw",),
}

DEFAULT_COMMENTS: dict[str, str] = {
    "send_to_board": "Analysert av porteføljekontoret. Kostnadsestimat og gevinster er vurdert.",
    "approve": "Vedtatt i porteføljestyrets møte. Mandat for konseptfasen (BP1).",
    "defer": "Utsatt til neste prioriteringsrunde på grunn av kapasitet.",
    "reject": "Avslått i porteføljestyret.",
    "stop": "Stoppet av porteføljestyret.",
    "resume": "Tatt opp igjen til ny behandling i styret.",
    "complete": "Prosjektet er levert og overlevert til drift. Gevinstrealisering starter.",
    "close": "Gevinstene er tatt ut og overført til linjen.",
    "merge_into": "Slått sammen av porteføljekontoret for å samle behovene i ett initiativ.",
    "return": "Sendt tilbake for utfyllende behovsbeskrivelse.",
}


@dataclass(frozen=True)
class InitiativeSpec:
    ref: str
    title: str
    summary: str
    need: str
    unit: str
    owner: str
    portfolio: str
    state: str
    costs: tuple[tuple[int, int, int], ...]  # (year, investment, operating)
    goals: tuple[str, ...] = ()
    program: str | None = None
    contributing: tuple[str, ...] = ()
    work_type: str = WorkType.DEVELOPMENT
    political_reference: str = ""  # set: politically mandated
    confidential: bool = False
    # merged: the surviving initiative's ref and the state it is merged from
    merge_into: str = ""
    merged_from: str = State.IN_ANALYSIS
    # an explicit path instead of the standard one (e.g. returned once, deferred and resumed)
    path: tuple[str, ...] | None = None
    notes: tuple[tuple[str, str], ...] = ()  # (action, comment)
    comments: tuple[tuple[str, str], ...] = ()  # (username, body)
    project_owner: str = "prosjekteier"
    project_manager: str = "prosjektleder"
    benefit_owner: str = "gevinsteier"

    def actions(self) -> tuple[str, ...]:
        if self.path is not None:
            return self.path
        if self.state == State.MERGED:
            return (*PATHS[self.merged_from], "merge_into")
        return PATHS[self.state]

    def note(self, action: str) -> str:
        return dict(self.notes).get(action, DEFAULT_COMMENTS.get(action, ""))


def _costs(*rows: tuple[int, int, int]) -> tuple[tuple[int, int, int], ...]:
    return rows


INITIATIVES: tuple[InitiativeSpec, ...] = (
    # --- Digitalt førstevalg for innbyggere -------------------------------------------
    InitiativeSpec(
        "DEMO-001",
        "Ny hjemmeside for kommunen",
        "Ny hjemmeside bygget rundt innbyggernes oppgaver i stedet for kommunens "
        "organisasjonskart. Innholdet skrives i klarspråk, og de mest brukte tjenestene får "
        "egne selvbetjeningsinnganger. Løsningen skal være universelt utformet.",
        "Dagens nettsted har over 4 000 sider, mange av dem utdaterte, og innbyggerne finner "
        "ikke frem. En stor del av henvendelsene til servicetorget gjelder informasjon som "
        "egentlig ligger på nettet. Hver tjeneste publiserer på sin måte, og ingen eier "
        "helheten.",
        "kommunikasjon",
        "ansatt.kommunikasjon",
        "digit",
        State.IN_PROGRESS,
        _costs(
            (2026, 2_400_000, 300_000),
            (2027, 800_000, 450_000),
            (2028, 0, 450_000),
            (2029, 0, 450_000),
        ),
        goals=("digitalt-forstevalg",),
        program="digitalt-forstevalg",
        contributing=("su",),
    ),
    InitiativeSpec(
        "DEMO-002",
        "Min side for innbyggere",
        "En felles innlogget side der innbyggeren ser egne saker, søknader, vedtak, fakturaer "
        "og avtaler med kommunen. Min side henter data fra fagsystemene gjennom en felles "
        "integrasjonsplattform og bygger på nasjonale fellesløsninger for innlogging og "
        "digital post.",
        "Innbyggerne må i dag logge inn i mange ulike portaler for å følge sakene sine hos "
        "kommunen. Mange ringer for å spørre om status i saker de selv har sendt inn. "
        "Tjenestene bygger egne løsninger hver for seg, uten felles innlogging eller design.",
        "digit",
        "ansatt.digit",
        "digit",
        State.APPROVED,
        _costs(
            (2026, 3_500_000, 400_000),
            (2027, 2_000_000, 900_000),
            (2028, 500_000, 900_000),
            (2029, 0, 900_000),
        ),
        goals=("digitalt-forstevalg", "deling-data"),
        program="digitalt-forstevalg",
        contributing=("su",),
    ),
    InitiativeSpec(
        "DEMO-003",
        "Min side for bibliotektjenester",
        "Lånerne skal kunne se lån, reservasjoner og gebyrer, fornye lån og melde seg på "
        "arrangementer på én side. Biblioteket ønsker også å tilby digitalt lånekort.",
        "Bibliotekets lånerportal er et eget system med egen innlogging og eget utseende. "
        "Lånerne forstår ikke hvorfor de må logge inn ett sted for biblioteket og et annet sted "
        "for resten av kommunen. Leverandøren av dagens portal avslutter støtten i 2027.",
        "bibliotekene",
        "ansatt.bibliotek",
        "digit",
        State.MERGED,
        _costs((2026, 600_000, 80_000), (2027, 200_000, 120_000)),
        goals=("digitalt-forstevalg", "moteplasser"),
        program="digitalt-forstevalg",
        merge_into="DEMO-002",
        notes=(
            (
                "merge_into",
                "Slås sammen med Min side for innbyggere. Bibliotekets behov tas inn som egen "
                "modul i Min side, slik at lånerne får én innlogging.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-004",
        "Chatbot for innbyggerdialog",
        "En chatbot på hjemmesiden som svarer på de vanligste spørsmålene hele døgnet, og som "
        "sender samtalen videre til servicetorget når den ikke kan svare. Vi starter med "
        "renovasjon, eiendomsskatt, barnehageopptak og byggesak.",
        "Servicetorget får om lag 9 000 henvendelser i måneden, og mer enn halvparten er "
        "enkle spørsmål med faste svar. Telefonkøene er lange rundt søknadsfrister. "
        "Innbyggerne ønsker svar også utenom åpningstiden.",
        "kommunikasjon",
        "ansatt.kommunikasjon",
        "digit",
        State.READY_FOR_DECISION,
        _costs((2026, 900_000, 250_000), (2027, 300_000, 250_000), (2028, 0, 250_000)),
        goals=("digitalt-forstevalg",),
        program="digitalt-forstevalg",
        comments=(
            (
                "forvalter.digit",
                "Chatboten bør bygge på innholdet i den nye hjemmesiden og etter hvert vise "
                "status fra Min side. Vi bør se disse tre i sammenheng.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-005",
        "Arkivinnsyn på nett",
        "Offentlig postliste og innsyn i saksdokumenter direkte på nett, med automatisk "
        "skjerming av opplysninger som er unntatt offentlighet. Innsynskrav kan sendes og "
        "besvares digitalt.",
        "Kommunestyret vedtok i sak 045/24 at innbyggere og presse skal få innsyn i "
        "saksdokumenter på nett innen utgangen av 2026. I dag behandles hvert innsynskrav "
        "manuelt, og svartiden bryter ofte med offentleglovas krav om svar uten ugrunnet "
        "opphold.",
        "dokumentsenteret",
        "ansatt.arkiv",
        "digit",
        State.READY_FOR_DECISION,
        _costs((2026, 1_200_000, 150_000), (2027, 0, 200_000), (2028, 0, 200_000)),
        goals=("digitalt-forstevalg", "orden-styring"),
        program="digitalt-forstevalg",
        contributing=("su",),
        political_reference="KST 045/24",
    ),
    InitiativeSpec(
        "DEMO-006",
        "Digital plan- og byggesaksdialog",
        "Søkere og naboer skal kunne følge plan- og byggesaker digitalt: sende søknad, se "
        "status, få mangelbrev og svare på nabovarsel i samme løsning. Løsningen skal bruke "
        "de nasjonale fellestjenestene for byggesak.",
        "Mange byggesøknader kommer inn ufullstendige, og saksbehandlerne bruker mye tid på "
        "telefon og e-post for å hente inn det som mangler. Søkerne vet ikke hvor saken står. "
        "Plan og byggesak har hver sine rutiner for dialogen med innbyggerne.",
        "byggesak",
        "ansatt.byggesak",
        "digit",
        State.SUBMITTED,
        _costs((2026, 1_500_000, 200_000), (2027, 1_000_000, 350_000), (2028, 0, 350_000)),
        goals=("digitalt-forstevalg", "arealeffektivitet"),
        program="digitalt-forstevalg",
        contributing=("su",),
    ),
    InitiativeSpec(
        "DEMO-007",
        "Meld en feil – vei, gatelys og vann",
        "Innbyggerne melder hull i veien, defekte gatelys og vannlekkasjer med bilde og "
        "kartpunkt fra mobilen. Meldingen går rett til riktig driftslag, og innbyggeren får "
        "beskjed når feilen er rettet.",
        "Feilmeldinger kom på telefon, e-post og i sosiale medier, og ble skrevet inn for hånd "
        "i driftssystemet. Den samme feilen ble ofte meldt mange ganger, og innbyggerne fikk "
        "ikke vite hva som skjedde.",
        "vei-trafikk",
        "ansatt.vei",
        "digit",
        State.REALISING_BENEFITS,
        _costs((2026, 400_000, 120_000), (2027, 0, 120_000)),
        goals=("digitalt-forstevalg",),
        program="digitalt-forstevalg",
    ),
    # --- Haug skole: three separate orders, none linked --------------------------------
    InitiativeSpec(
        "DEMO-008",
        "Organisasjons- og lederutvikling ved Haug skole",
        "Haug skole ber om støtte til et toårig utviklingsløp for ledergruppen og "
        "teamlederne, med veiledning, felles ledelsespraksis og tydeligere roller. Strategi og "
        "utvikling bistår med prosessledelse og kartlegging.",
        "Skolen har hatt stor utskifting i ledergruppen og høyt sykefravær de siste to årene. "
        "Medarbeiderundersøkelsen viser lav score på tillit og tydelig ledelse. Lærerne "
        "opplever at beslutninger tas uten forankring.",
        "haug-skole",
        "rektor.haug",
        "su",
        State.ENDORSED,
        _costs((2026, 350_000, 0), (2027, 250_000, 0)),
        goals=("gode-ledere", "mestring-barn-unge"),
        program="smarte-ledere",
    ),
    InitiativeSpec(
        "DEMO-009",
        "Digitale verktøy i undervisningen ved Haug skole",
        "Skolen vil ta i bruk en felles læringsplattform, digitale læremidler og skjermer i "
        "alle klasserom, og gi lærerne opplæring i å bruke dem i undervisningen.",
        "Utstyret i klasserommene er gammelt og ulikt fra rom til rom, og lærerne bruker mye "
        "tid på å få teknikken til å virke. Elevene møter ulike verktøy fra trinn til trinn. "
        "Skolen mangler kompetanse på digital didaktikk.",
        "haug-skole",
        "rektor.haug",
        "digit",
        State.IN_ANALYSIS,
        _costs((2026, 1_100_000, 150_000), (2027, 0, 150_000), (2028, 0, 150_000)),
        goals=("mestring-barn-unge",),
    ),
    InitiativeSpec(
        "DEMO-010",
        "Rehabilitering og byggutvikling ved Haug skole",
        "Rehabilitering av hovedbygget fra 1968 med nye ventilasjonsanlegg, bedre akustikk og "
        "fleksible læringsarealer som kan deles mellom trinnene.",
        "Inneklimaet er dårlig, og flere klasserom har for høye CO₂-verdier om ettermiddagen. "
        "Bygget er ikke tilpasset undervisning i grupper, og skolen mangler rom for "
        "spesialundervisning. Tilstandsvurderingen fra 2024 gir de tekniske anleggene "
        "tilstandsgrad 2–3.",
        "haug-skole",
        "rektor.haug",
        "eiendom",
        State.SUBMITTED,
        _costs((2027, 6_500_000, 0), (2028, 9_000_000, 0), (2029, 1_500_000, 120_000)),
        goals=("arealeffektivitet", "mestring-barn-unge"),
        program="smarte-bygg",
    ),
    # --- Oksenøya: shared functions for kindergarten, school and nursing home ----------
    InitiativeSpec(
        "DEMO-011",
        "Felles kantine for barnehage, skole og sykehjem på Oksenøya",
        "Ett felles produksjonskjøkken og én kantine for de tre virksomhetene på Oksenøya, "
        "med måltider for beboere, elever, barn og ansatte. Kantinen skal også kunne brukes "
        "av eldre i nærmiljøet som en møteplass.",
        "Byggeprosjektet la opp til tre separate kjøkken, men tre kjøkken er dyre å drifte og "
        "gir lite rom for felles løsninger. Sykehjemmet trenger næringsrik mat hver dag, "
        "skolen vil tilby skolemat, og barnehagen lager i dag mat selv. Ingen har ansvar for "
        "å se behovene samlet.",
        "oksenoya-sykehjem",
        "leder.sykehjem",
        "eiendom",
        State.IN_ANALYSIS,
        _costs((2026, 1_800_000, 0), (2027, 400_000, 650_000), (2028, 0, 650_000)),
        goals=("arealeffektivitet", "moteplasser", "trygg-alderdom"),
        contributing=("su",),
        comments=(
            (
                "portefoljekontor",
                "Vi ser dette sammen med flerbrukshallen, møterommene og garderobene på "
                "Oksenøya. Alle tre virksomhetene er invitert til et felles arbeidsmøte.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-012",
        "Sambruk av flerbrukshall og forsamlingssal på Oksenøya",
        "Felles regler, booking og drift for flerbrukshallen og forsamlingssalen, slik at "
        "skolen, barnehagen, sykehjemmet, lag og foreninger og innbyggerne på Fornebu kan "
        "bruke lokalene gjennom hele uken.",
        "Hallen og salen står tomme store deler av ettermiddagen og kvelden. Hver virksomhet "
        "har sine ønsker om bruk, men det finnes ingen felles booking eller avtale om "
        "renhold, nøkler og vakthold. Lag og foreninger etterspør lokaler på Fornebu.",
        "oksenoya-skole",
        "rektor.oksenoya",
        "eiendom",
        State.ENDORSED,
        _costs((2026, 250_000, 180_000), (2027, 0, 180_000)),
        goals=("moteplasser", "arealeffektivitet"),
        contributing=("su",),
    ),
    InitiativeSpec(
        "DEMO-013",
        "Felles møterom og romreservasjon på Oksenøya",
        "Ett felles system for å reservere møterom, samtalerom og personalrom på tvers av "
        "barnehagen, skolen og sykehjemmet, med oversikt over ledige rom på skjerm ved "
        "inngangene.",
        "Virksomhetene har hver sine møterom som står ledige store deler av dagen, samtidig "
        "som ansatte ikke finner rom til foreldresamtaler og pårørendemøter. Reservasjoner "
        "gjøres i dag på papir og i tre ulike kalendere.",
        "oksenoya-barnehage",
        "styrer.oksenoya",
        "digit",
        State.DRAFT,
        _costs((2026, 150_000, 40_000), (2027, 0, 40_000)),
        goals=("arealeffektivitet",),
        contributing=("eiendom",),
    ),
    InitiativeSpec(
        "DEMO-014",
        "Felles garderober for ansatte på Oksenøya",
        "Samle garderober og dusjer for ansatte i de tre virksomhetene i ett felles anlegg, og "
        "frigjøre areal i barnehagen til lek og læring.",
        "Hver virksomhet har egne garderober dimensjonert for full bemanning, men med turnus "
        "og deltid blir de lite brukt samtidig. Barnehagen mangler grupperom. Ansatte på "
        "sykehjemmet trenger garderober nær inngangen av hensyn til smittevern.",
        "oksenoya-barnehage",
        "styrer.oksenoya",
        "eiendom",
        State.DEFERRED,
        _costs((2027, 1_400_000, 0), (2028, 300_000, 30_000)),
        goals=("arealeffektivitet",),
        notes=(
            (
                "defer",
                "Utsettes til byggeprosjektets sluttregnskap foreligger. Tas opp igjen våren 2026.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-015",
        "Flerbruksbygg på Oksenøya – byggetrinn 2",
        "Andre byggetrinn på Oksenøya med tilbygg for idrett og kultur. Registrert for å gi "
        "helhetsbildet, men styres i byggeprosjektporteføljen og ikke av porteføljestyret.",
        "Befolkningsveksten på Fornebu gir behov for flere idrettsflater og kulturarenaer enn "
        "første byggetrinn dekker. Behovet er tatt inn i forslaget til investeringsbudsjett.",
        "eiendom-utbygging",
        "ansatt.eiendom",
        "byggeprosjekter",
        State.ENDORSED,
        _costs((2027, 25_000_000, 0), (2028, 60_000_000, 0), (2029, 15_000_000, 900_000)),
        goals=("moteplasser", "arealeffektivitet"),
    ),
    # --- politically mandated ----------------------------------------------------------
    InitiativeSpec(
        "DEMO-016",
        "Digitalt tilsyn og trygghetsteknologi i hjemmetjenesten",
        "Innføring av digitalt tilsyn, elektroniske medisindispensere og lokaliseringsteknologi "
        "for hjemmeboende brukere, med et responssenter som følger opp varsler døgnet rundt.",
        "Antallet eldre over 80 år øker kraftig de neste ti årene, og hjemmetjenesten kan "
        "ikke bemanne seg ut av veksten. Kommunestyret vedtok i sak 112/23 at "
        "velferdsteknologi skal være førstevalget før tradisjonelle tjenester tildeles. Mange "
        "tilsynsbesøk er korte kontroller som kan gjøres digitalt.",
        "hjemmetjenesten",
        "ansatt.helse",
        "digit",
        State.IN_PROGRESS,
        _costs(
            (2026, 2_800_000, 600_000),
            (2027, 1_200_000, 1_100_000),
            (2028, 0, 1_100_000),
            (2029, 0, 1_100_000),
        ),
        goals=("trygg-alderdom", "digitalt-forstevalg"),
        contributing=("su",),
        political_reference="KST 112/23",
        benefit_owner="ansatt.helse",
    ),
    InitiativeSpec(
        "DEMO-017",
        "Klimabudsjett integrert i økonomiplanen",
        "Klimabudsjettet blir en del av økonomiplanen, med utslippstiltak, kostnader og effekt "
        "for hvert direktørområde i samme dokument og samme system som budsjettet.",
        "Klimabudsjettet lages i dag i et eget regneark etter at budsjettet er vedtatt, og "
        "blir lite brukt i styringen. Kommunestyret ba i sak 078/24 om at klima og økonomi "
        "behandles samlet fra budsjettåret 2026.",
        "okonomiavdelingen",
        "ansatt.okonomi",
        "okonomi",
        State.APPROVED,
        _costs((2026, 450_000, 60_000), (2027, 100_000, 60_000)),
        goals=("halvere-utslipp", "orden-styring"),
        contributing=("su",),
        political_reference="KST 078/24",
        project_owner="forvalter.okonomi",
    ),
    InitiativeSpec(
        "DEMO-018",
        "Energistyring i kommunale bygg",
        "Sensorer og sentral driftskontroll i 120 kommunale bygg, slik at ventilasjon, varme "
        "og lys styres etter faktisk bruk. Data om energibruk gjøres tilgjengelig for "
        "virksomhetene og for klimaregnskapet.",
        "Energibruken i kommunale bygg er en stor del av kommunens driftskostnader og "
        "klimagassutslipp. Mange anlegg går for fullt også når byggene står tomme. "
        "Formannskapet vedtok i sak 023/25 å redusere energibruken i egne bygg med 20 prosent "
        "innen 2028.",
        "eiendom-forvaltning",
        "leder.eiendom",
        "eiendom",
        State.IN_PROGRESS,
        _costs(
            (2026, 4_200_000, 300_000),
            (2027, 3_000_000, 500_000),
            (2028, 1_000_000, 500_000),
            (2029, 0, 500_000),
        ),
        goals=("halvere-utslipp", "arealeffektivitet"),
        program="smarte-bygg",
        contributing=("digit",),
        political_reference="FSK 023/25",
        project_owner="leder.eiendom",
    ),
    # --- operations and maintenance (registered for capacity, not for the board) --------
    InitiativeSpec(
        "DEMO-019",
        "Oppgradering av sak- og arkivsystemet",
        "Oppgradering av sak- og arkivsystemet til ny hovedversjon, med nye integrasjoner mot "
        "fagsystemene og opprydding i tilgangsstyringen.",
        "Leverandøren avslutter støtten for dagens versjon høsten 2026. Uten oppgradering "
        "mister vi sikkerhetsoppdateringer. Oppgraderingen må testes i alle virksomheter som "
        "bruker systemet.",
        "dokumentsenteret",
        "ansatt.arkiv",
        "digit",
        State.IN_ANALYSIS,
        _costs((2026, 700_000, 0), (2027, 0, 50_000)),
        goals=("orden-styring",),
        program="orden-i-eget-hus",
        work_type=WorkType.MAINTENANCE,
    ),
    InitiativeSpec(
        "DEMO-020",
        "Utskifting av elevnettbrett 2027",
        "Planlagt utskifting av om lag 6 500 nettbrett for elever på 1.–7. trinn, med "
        "innsamling, sikker sletting og gjenbruk av gamle enheter.",
        "Nettbrettene fra 2022 er ved slutten av levetiden og får snart ikke "
        "programvareoppdateringer. Utskiftingen må planlegges sammen med skolene for å unngå "
        "avbrudd i undervisningen.",
        "digit",
        "ansatt.digit",
        "digit",
        State.ENDORSED,
        _costs((2027, 0, 9_800_000)),
        goals=("mestring-barn-unge",),
        work_type=WorkType.OPERATIONS,
    ),
    InitiativeSpec(
        "DEMO-021",
        "Forvaltning av lønns- og personalsystemet",
        "Løpende forvaltning av lønns- og personalsystemet: nye versjoner, endringer i tariff "
        "og regelverk, og opplæring av nye brukere.",
        "Hver tariffrevisjon og hvert nytt lovkrav gir endringer som må testes før "
        "lønnskjøringen. Forvaltningen er i dag avhengig av én person, og oppgavene er ikke "
        "dokumentert.",
        "hr-avdelingen",
        "ansatt.hr",
        "hr",
        State.SUBMITTED,
        _costs((2026, 0, 400_000), (2027, 0, 400_000), (2028, 0, 400_000)),
        goals=("orden-styring",),
        work_type=WorkType.MAINTENANCE,
    ),
    InitiativeSpec(
        "DEMO-022",
        "Periodisk vedlikehold av ventilasjonsanlegg i skolebygg",
        "Samlet plan for service, filterbytte og innregulering av ventilasjonsanlegg i alle "
        "skolebygg, med rapportering per bygg.",
        "Vedlikeholdet gjøres i dag når noe svikter, og flere skoler har fått klager på "
        "inneklimaet. Uten en plan er det vanskelig å budsjettere og å skille drift fra det som "
        "bør bli et utviklingsprosjekt.",
        "eiendom-forvaltning",
        "leder.eiendom",
        "eiendom",
        State.DRAFT,
        _costs((2026, 0, 1_300_000), (2027, 0, 1_300_000)),
        goals=("arealeffektivitet",),
        work_type=WorkType.OPERATIONS,
    ),
    # --- confidential ------------------------------------------------------------------
    InitiativeSpec(
        "DEMO-023",
        "Ny varslingsordning og oppfølging av varslingssaker",
        "Ny ordning for å ta imot, behandle og følge opp varsler om kritikkverdige forhold, "
        "med et eget lukket system og tydelige roller for HR, ledere og verneombud.",
        "Varslingsrutinen følges ikke likt i alle virksomheter, og flere varslere har opplevd "
        "at saken ble liggende. En intern gjennomgang har avdekket svakheter i behandlingen av "
        "opplysninger om enkeltpersoner. Detaljene er unntatt offentlighet.",
        "hr-avdelingen",
        "ansatt.hr",
        "hr",
        State.IN_ANALYSIS,
        _costs((2026, 300_000, 90_000), (2027, 0, 90_000)),
        goals=("gode-ledere", "riktig-kompetanse"),
        confidential=True,
    ),
    InitiativeSpec(
        "DEMO-024",
        "Sikkerhetstiltak etter inntrengingstest",
        "Tiltak for å lukke sårbarheter fra en ekstern inntrengingstest: tofaktorinnlogging "
        "for alle ansatte, segmentering av nettverket og bedre logging.",
        "Testen viste at en angriper kunne nå sensitive systemer fra gjestenettet på enkelte "
        "tjenestesteder. Funnene er unntatt offentlighet etter offentleglova § 24 tredje ledd.",
        "digit",
        "ansatt.digit",
        "digit",
        State.APPROVED,
        _costs((2026, 1_600_000, 350_000), (2027, 0, 350_000)),
        goals=("orden-styring",),
        confidential=True,
        project_owner="admin",
    ),
    # --- Orden i eget hus, Smarte ledere and others -------------------------------------
    InitiativeSpec(
        "DEMO-025",
        "Felles grunndata for virksomheter, bygg og organisasjon",
        "Ett felles register for virksomheter, adresser, bygg og organisasjonsenheter som "
        "alle fagsystemer henter fra, med tydelige eiere for hvert dataområde.",
        "Den samme virksomheten er registrert med ulike navn og nummer i lønnssystemet, "
        "arkivet, økonomisystemet og eiendomsregisteret. Rapporter på tvers stemmer derfor "
        "ikke, og mye tid går med til manuell opprydding. Ingen har ansvar for grunndataene.",
        "strategi-utvikling",
        "ansatt.su",
        "su",
        State.IN_PROGRESS,
        _costs((2026, 1_300_000, 200_000), (2027, 600_000, 300_000), (2028, 0, 300_000)),
        goals=("deling-data", "orden-styring"),
        program="orden-i-eget-hus",
        contributing=("digit",),
        project_owner="forvalter.su",
    ),
    InitiativeSpec(
        "DEMO-026",
        "Prosesseierskap for kjerneprosesser",
        "Utpeke prosesseiere for tolv kjerneprosesser, fra ansettelse til fakturering, og "
        "beskrive prosessene i et felles prosessbibliotek.",
        "Ingen eier prosessene som går på tvers av avdelinger, og feil rettes lokalt i stedet "
        "for ved kilden. Nye systemer innføres uten at prosessen er beskrevet. "
        "Internrevisjonen har påpekt manglende dokumentasjon av rutiner.",
        "strategi-utvikling",
        "ansatt.su",
        "su",
        State.READY_FOR_DECISION,
        _costs((2026, 500_000, 0), (2027, 300_000, 100_000)),
        goals=("orden-styring",),
        program="orden-i-eget-hus",
        path=(*_TO_DECISION, "defer", "resume"),
        notes=(
            ("defer", "Utsettes til grunndataprosjektet er vedtatt."),
            ("resume", "Grunndataprosjektet er i gang. Saken tas opp igjen i neste møte."),
        ),
    ),
    InitiativeSpec(
        "DEMO-027",
        "Robotisering av fakturabehandling",
        "Programvareroboter skal kontere og attestere standardfakturaer automatisk, slik at "
        "økonomimedarbeiderne kan bruke tiden på kontroll og analyse.",
        "Kommunen mottar over 150 000 fakturaer i året, og mange behandles manuelt selv om de "
        "følger samme mønster hver måned. Behandlingen tar tid og gir purregebyrer.",
        "okonomiavdelingen",
        "ansatt.okonomi",
        "okonomi",
        State.STOPPED,
        _costs((2026, 800_000, 200_000), (2027, 0, 200_000)),
        goals=("orden-styring",),
        contributing=("digit",),
        notes=(
            (
                "stop",
                "Stoppet ved BP3: løsningen håndterer under halvparten av fakturatypene, og "
                "gevinsten blir for liten. Erfaringene tas med i Orden i eget hus.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-028",
        "Lederprogram for nye ledere",
        "Et ettårig program for nye ledere med samlinger, mentor og verktøy for økonomi, "
        "personal og arbeidsmiljø.",
        "Nye ledere fikk lite opplæring og måtte selv finne frem i rutiner og systemer. Mange "
        "sluttet som ledere innen to år.",
        "hr-avdelingen",
        "ansatt.hr",
        "hr",
        State.CLOSED,
        _costs((2026, 600_000, 150_000)),
        goals=("gode-ledere",),
        program="smarte-ledere",
        project_owner="forvalter.hr",
        notes=(("close", "Gevinstene er tatt ut: 85 % av deltakerne er fortsatt ledere."),),
    ),
    InitiativeSpec(
        "DEMO-029",
        "Egen app for foreldrekommunikasjon i barnehagene",
        "En egen mobilapp for beskjeder, fravær, bilder og dagsrapporter mellom barnehagen og "
        "foreldrene.",
        "Barnehagen bruker i dag e-post, SMS og oppslag i garderoben. Foreldre går glipp av "
        "beskjeder, og de ansatte bruker mye tid på å ringe rundt.",
        "eiksmarka-barnehage",
        "ansatt.barnehage",
        "digit",
        State.REJECTED,
        _costs((2026, 700_000, 150_000), (2027, 0, 150_000)),
        goals=("digitalt-forstevalg",),
        notes=(
            (
                "reject",
                "Avslått: behovet dekkes av den felles løsningen som innføres for alle "
                "barnehager i 2026. DigIT sørger for opplæring.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-030",
        "Inneklimasensorer i klasserom",
        "Sensorer for CO₂, temperatur og fukt i alle klasserom, med varsel til lærer og "
        "vaktmester når verdiene blir for høye.",
        "Elever og lærere klager på tung luft og hodepine. Vi vet ikke hvilke rom som har "
        "problemer, eller når på dagen det skjer.",
        "eiendom-forvaltning",
        "leder.eiendom",
        "eiendom",
        State.WITHDRAWN,
        _costs((2026, 900_000, 60_000)),
        goals=("arealeffektivitet",),
        program="smarte-bygg",
        notes=(("withdraw", "Trekkes: dekkes av Energistyring i kommunale bygg."),),
    ),
    InitiativeSpec(
        "DEMO-031",
        "Budsjettmodul for virksomhetsledere",
        "En enkel budsjettmodul der virksomhetslederne legger inn og følger opp eget budsjett, "
        "med prognose og avviksforklaring på samme sted.",
        "Virksomhetslederne får budsjettrapporter som PDF én gang i måneden og lager egne "
        "regneark for å følge opp. Prognosene blir ulike og kommer for sent.",
        "okonomiavdelingen",
        "ansatt.okonomi",
        "okonomi",
        State.DRAFT,
        _costs((2026, 500_000, 100_000), (2027, 0, 100_000)),
        goals=("gode-ledere",),
        program="smarte-ledere",
        path=("submit", "return"),
        notes=(
            (
                "return",
                "Beskriv behovet fra virksomhetsledernes side og hvilke gevinster dere venter. "
                "Avklar også med DigIT om dette kan løses i dagens økonomisystem.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-032",
        "Kompetansekartlegging for alle ansatte",
        "Digital kartlegging av kompetansen til alle ansatte, slik at lederne kan planlegge "
        "rekruttering, opplæring og bemanning ut fra faktiske behov.",
        "Kommunen vet for lite om hvilken kompetanse de ansatte har, og rekrutterer vakanse "
        "for vakanse. Mangelen på sykepleiere, lærere og ingeniører vil øke de neste årene.",
        "hr-avdelingen",
        "ansatt.hr",
        "hr",
        State.DEFERRED,
        _costs((2027, 900_000, 250_000), (2028, 0, 250_000)),
        goals=("riktig-kompetanse",),
        program="smarte-ledere",
        contributing=("su",),
        notes=(
            (
                "defer",
                "Utsettes ett år. Bør sees sammen med Felles grunndata, som må være på plass "
                "først.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-033",
        "Lederdashbord med nøkkeltall",
        "Et dashbord der hver leder ser økonomi, sykefravær, bemanning, avvik og "
        "brukertilfredshet for egen enhet, oppdatert hver natt.",
        "Lederne henter tall fra fem ulike systemer, og tallene er ofte utdaterte når de kommer "
        "frem. Ledermøtene bruker tid på hvilke tall som stemmer i stedet for på hva som skal "
        "gjøres.",
        "strategi-utvikling",
        "ansatt.su",
        "su",
        State.APPROVED,
        _costs((2026, 800_000, 120_000), (2027, 200_000, 180_000), (2028, 0, 180_000)),
        goals=("gode-ledere", "deling-data"),
        program="smarte-ledere",
        contributing=("okonomi", "hr"),
    ),
    InitiativeSpec(
        "DEMO-034",
        "Elbildeling i hjemmetjenesten",
        "Hjemmetjenesten går over fra leasede fossilbiler til en felles elbilpool med booking "
        "på mobil og ladepunkter ved alle baser.",
        "Hjemmetjenesten kjører over en million kilometer i året, og bilparken står for en "
        "stor del av kommunens direkte utslipp. Mange biler står ubrukt om kvelden og natten.",
        "hjemmetjenesten",
        "ansatt.helse",
        "su",
        State.REALISING_BENEFITS,
        _costs((2026, 1_900_000, 400_000), (2027, 0, 400_000)),
        goals=("halvere-utslipp", "trygg-alderdom"),
        contributing=("eiendom",),
        benefit_owner="ansatt.helse",
    ),
    InitiativeSpec(
        "DEMO-035",
        "Meråpent bibliotek på Bekkestua",
        "Lånerne kan bruke biblioteket fra klokken 7 til 23 alle dager med lånekort og PIN, "
        "også når det ikke er ansatte til stede.",
        "Åpningstidene passet dårlig for studenter og folk i arbeid, og biblioteket hadde ikke "
        "budsjett til flere betjente timer.",
        "bibliotekene",
        "ansatt.bibliotek",
        "digit",
        State.CLOSED,
        _costs((2026, 350_000, 40_000)),
        goals=("moteplasser",),
        contributing=("eiendom",),
    ),
    InitiativeSpec(
        "DEMO-036",
        "Kartinnsyn for byggesøknader",
        "Søkere og naboer skal se byggesøknader i nabolaget på kart, med lenke til "
        "dokumentene i saken.",
        "Naboer ringer byggesak for å spørre om planlagte tiltak. Informasjonen finnes, men "
        "bare i arkivet.",
        "byggesak",
        "ansatt.byggesak",
        "digit",
        State.MERGED,
        _costs((2026, 250_000, 30_000)),
        goals=("digitalt-forstevalg",),
        merge_into="DEMO-006",
        merged_from=State.ENDORSED,
        notes=(
            (
                "merge_into",
                "Dekkes av Digital plan- og byggesaksdialog, som får kartvisning som en del "
                "av løsningen.",
            ),
        ),
    ),
    InitiativeSpec(
        "DEMO-037",
        "Digital søknad om skolefritidsordning",
        "Foreldre søker om plass, endrer oppholdstid og sier opp SFO-plassen digitalt, med "
        "automatisk beregning av gratis timer og søskenmoderasjon.",
        "Kommunestyret vedtok i sak 089/24 gratis SFO-timer for 1.–4. trinn fra høsten 2026. "
        "I dag behandles søknader og endringer på papir ved hver skole, og "
        "foreldrebetalingen beregnes for hånd.",
        "bekkestua-skole",
        "rektor.bekkestua",
        "digit",
        State.ENDORSED,
        _costs((2026, 650_000, 90_000), (2027, 0, 90_000)),
        goals=("digitalt-forstevalg", "mestring-barn-unge"),
        program="digitalt-forstevalg",
        political_reference="KST 089/24",
    ),
)


# --- building ----------------------------------------------------------------------------


@dataclass
class DemoResult:
    """What a run created (zero everywhere on a second run)."""

    created: dict[str, int] = field(default_factory=dict)
    passwords_set: int = 0

    def add(self, name: str, n: int = 1) -> None:
        self.created[name] = self.created.get(name, 0) + n


@dataclass
class _Lookups:
    units: dict[str, Unit]
    portfolios: dict[str, Portfolio]
    goals: dict[str, Goal]
    programs: dict[str, Program]
    people: dict[str, User]
    directors: dict[str, str]  # directorate slug → username


def _get_or_create(
    model: Any, result: DemoResult, name: str, slug: str, defaults: dict[str, Any]
) -> Any:
    obj, created = model.objects.get_or_create(slug=slug, defaults=defaults)
    if created:
        result.add(name)
    return obj


def _build_organisation(result: DemoResult) -> tuple[dict[str, Unit], dict[str, Portfolio]]:
    directorates = {
        slug: _get_or_create(Directorate, result, "directorates", slug, {"name": name})
        for slug, name in DIRECTORATES
    }
    units = {
        slug: _get_or_create(
            Unit,
            result,
            "units",
            slug,
            {"name": name, "directorate": directorates[directorate], "site": site},
        )
        for slug, name, directorate, site in UNITS
    }
    portfolios = {
        slug: _get_or_create(
            Portfolio,
            result,
            "portfolios",
            slug,
            {
                "name": name,
                "description": f"{description} {FICTIONAL}",
                "out_of_scope": out_of_scope,
            },
        )
        for slug, name, description, out_of_scope in PORTFOLIOS
    }
    boards: dict[str, Board] = {}
    for slug, name, parent, description in BOARDS:
        boards[slug] = _get_or_create(
            Board,
            result,
            "boards",
            slug,
            {
                "name": name,
                "parent": boards[parent] if parent else None,
                "description": f"{description} {FICTIONAL}",
            },
        )
    return units, portfolios


def _build_goals(result: DemoResult) -> dict[str, Goal]:
    slug, name = PLAN_GOAL
    plan = _get_or_create(Goal, result, "goals", slug, {"name": name, "level": Goal.Level.PLAN})
    goals = {slug: plan}
    for main_order, ((main_slug, main_name), subs) in enumerate(GOALS, start=1):
        main = _get_or_create(
            Goal,
            result,
            "goals",
            main_slug,
            {"name": main_name, "level": Goal.Level.MAIN, "parent": plan, "order": main_order},
        )
        goals[main_slug] = main
        for sub_order, (sub_slug, sub_name) in enumerate(subs, start=1):
            goals[sub_slug] = _get_or_create(
                Goal,
                result,
                "goals",
                sub_slug,
                {"name": sub_name, "level": Goal.Level.SUB, "parent": main, "order": sub_order},
            )
    return goals


def _build_people(
    result: DemoResult, units: dict[str, Unit], set_passwords: bool
) -> dict[str, User]:
    """Demo people; passwords only when ``set_passwords``, otherwise unusable ones."""
    existing = {
        u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])
    }
    hashed: str | None = None
    people: dict[str, User] = {}
    for spec in PEOPLE:
        user = existing.get(spec.username)
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.username}@kommune.example",
                job_title=spec.job_title,
                unit=units[spec.unit] if spec.unit else None,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
            if set_passwords:
                # One hash for all: the demo password is shared anyway, and hashing is slow.
                hashed = hashed or make_password(DEMO_PASSWORD)
                user.password = hashed
                result.passwords_set += 1
            else:
                user.set_unusable_password()
            user.save()
            result.add("people")
        elif set_passwords and not user.has_usable_password():
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            user.save(update_fields=["password"])
            result.passwords_set += 1
        people[spec.username] = user
        for role, scope in spec.roles:
            role_grant(actor=None, user=user, role=role, scope=scope)
    return people


def _build_programs(
    result: DemoResult, goals: dict[str, Goal], people: dict[str, User]
) -> dict[str, Program]:
    programs: dict[str, Program] = {}
    for spec in PROGRAMS:
        program, created = Program.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "owner": people[spec.owner],
                "description": f"{spec.description} {FICTIONAL}",
            },
        )
        if created:
            program.goals.set([goals[g] for g in spec.goals])
            result.add("programs")
        programs[spec.slug] = program
    return programs


def _directors() -> dict[str, str]:
    directors: dict[str, str] = {}
    for person in PEOPLE:
        for role, scope in person.roles:
            if role == Role.DIRECTOR and scope:
                directors.setdefault(scope, person.username)
    return directors


def _actor(action: str, spec: InitiativeSpec, lookups: _Lookups, state: str) -> User:
    """The person who takes ``action`` on the initiative, as the workflow requires."""
    people = lookups.people
    if action in ("submit", "withdraw"):
        return people[spec.owner]
    if action == "endorse" or (action == "return" and state == State.SUBMITTED):
        directorate = lookups.units[spec.unit].directorate.slug
        return people[lookups.directors[directorate]]
    if action == "approve":
        return people[BOARD_CHAIR]
    if action in ("defer", "reject", "stop"):
        return people[BOARD_MEMBER]
    if action in ("start", "complete"):
        return people[spec.project_owner]
    if action == "close":
        return people[spec.benefit_owner]
    return people[OFFICE]


def _initiative_data(spec: InitiativeSpec, lookups: _Lookups) -> dict[str, Any]:
    return {
        "title": spec.title,
        "summary": spec.summary,
        "need": spec.need,
        "unit": lookups.units[spec.unit],
        "portfolio": lookups.portfolios[spec.portfolio],
        "contributing_portfolios": [lookups.portfolios[p] for p in spec.contributing],
        "program": lookups.programs[spec.program] if spec.program else None,
        "goals": [lookups.goals[g] for g in spec.goals],
        "work_type": spec.work_type,
        "politically_mandated": bool(spec.political_reference),
        "political_reference": spec.political_reference,
        "confidential": spec.confidential,
        "archive_reference": spec.ref,
        "costs": [{"year": y, "investment": i, "operating": o} for y, i, o in spec.costs],
    }


def _build_initiative(spec: InitiativeSpec, lookups: _Lookups) -> Initiative:
    """Create one hand-written initiative and take it through the workflow with the services."""
    people = lookups.people
    office = people[OFFICE]
    initiative = initiative_create(actor=people[spec.owner], data=_initiative_data(spec, lookups))
    seed_benefits_for(initiative)  # "Send til styret" needs a benefit with an indicator
    for action in spec.actions():
        target = None
        if action == "merge_into":
            target = Initiative.objects.get(archive_reference=spec.merge_into)
        initiative = initiative_perform_action(
            actor=_actor(action, spec, lookups, initiative.state),
            initiative=initiative,
            action=action,
            comment=spec.note(action),
            target=target,
        )
        if action == "approve":
            # The portfolio office names the project's owners once the board has approved.
            for role, username in (
                (Role.PROJECT_OWNER, spec.project_owner),
                (Role.PROJECT_MANAGER, spec.project_manager),
                (Role.BENEFIT_OWNER, spec.benefit_owner),
                (Role.BENEFIT_RESPONSIBLE, spec.project_manager),
            ):
                initiative_assign_role(
                    actor=office, initiative=initiative, user=people[username], role=role
                )
    for username, body in spec.comments:
        initiative_comment(actor=people[username], initiative=initiative, body=body)
    if initiative.state != spec.state:  # a mistake in the data above, not a user error
        raise AssertionError(f"{spec.ref} ended in {initiative.state}, expected {spec.state}")
    return initiative


@transaction.atomic
def build_demo(*, set_passwords: bool) -> DemoResult:
    """Create the demo municipality; what already exists is left unchanged."""
    result = DemoResult()
    units, portfolios = _build_organisation(result)
    goals = _build_goals(result)
    people = _build_people(result, units, set_passwords)
    programs = _build_programs(result, goals, people)
    lookups = _Lookups(units, portfolios, goals, programs, people, _directors())
    existing = set(
        Initiative.objects.filter(archive_reference__startswith=DEMO_PREFIX).values_list(
            "archive_reference", flat=True
        )
    )
    for spec in INITIATIVES:
        if spec.ref not in existing:
            _build_initiative(spec, lookups)
            result.add("initiatives")
    seed_benefits()
    for name, count in seed_capacity().items():
        result.add(name, count)
    _build_prioritization(result)
    return result


# States where the portfolio office has rated the initiative in the demo.
RATED_STATES = (
    State.IN_ANALYSIS,
    State.READY_FOR_DECISION,
    State.DEFERRED,
    State.APPROVED,
    State.IN_PROGRESS,
    State.REALISING_BENEFITS,
)
DEMO_SCENARIO = "Forslag til porteføljen 2027–2030"
SCENARIO_STATES = (
    State.IN_ANALYSIS,
    State.READY_FOR_DECISION,
    State.DEFERRED,
    State.APPROVED,
    State.IN_PROGRESS,
)


def _build_prioritization(result: DemoResult) -> None:
    """Default criteria for every board, ratings for the demo's analysed initiatives, and one
    unsolved scenario for the default board. Ratings are deterministic per archive reference."""
    from veivalg.prioritization.defaults import ensure_default_criteria
    from veivalg.prioritization.models import Rating, Scenario
    from veivalg.prioritization.selectors import criteria_of
    from veivalg.prioritization.services import rating_set, scenario_create

    office = User.objects.get(username=OFFICE)
    board = Board.objects.get(slug=Board.DEFAULT_SLUG)
    for each in Board.objects.all():
        ensure_default_criteria(each)
    criteria = list(criteria_of(ensure_default_criteria(board)))
    rated = set(Rating.objects.values_list("initiative_id", flat=True))
    candidates = Initiative.objects.filter(
        archive_reference__startswith=DEMO_PREFIX, state__in=RATED_STATES
    ).order_by("archive_reference")
    for initiative in candidates:
        if initiative.pk in rated:
            continue
        number = int(initiative.archive_reference.rsplit("-", 1)[1])
        levels = {c.slug: (number * 7 + index * 3) % 5 for index, c in enumerate(criteria)}
        rating_set(actor=office, initiative=initiative, ratings=levels)
        result.add("ratings")
    if not Scenario.objects.filter(name=DEMO_SCENARIO).exists():
        # Also what is still under analysis: the office plans ahead of the board's queue.
        planned = (
            Initiative.objects.filter(
                archive_reference__startswith=DEMO_PREFIX,
                work_type=WorkType.DEVELOPMENT,
                portfolio__out_of_scope=False,
                state__in=SCENARIO_STATES,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        scenario_create(
            actor=office,
            name=DEMO_SCENARIO,
            board=board,
            candidates=list(planned),
            budget={"2027": 16_000_000, "2028": 9_000_000, "2029": 6_000_000, "2030": 5_000_000},
        )
        result.add("scenarios")


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, what to try) for the people worth logging in as."""
    return [(p.username, p.role_text, p.try_text) for p in PEOPLE if p.role_text]


def login_lines() -> list[str]:
    """The table of demo logins as text lines: a title, a header row, one row per person."""
    rows = [(_("Brukernavn"), _("Rolle"), _("Prøv dette")), *demo_logins()]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    title = _("Demoinnlogginger (passord for alle: %(password)s):") % {"password": DEMO_PASSWORD}
    return [title] + [f"  {u:<{widths[0]}}  {r:<{widths[1]}}  {hint}" for u, r, hint in rows]


# --- generated initiatives for scale tests -----------------------------------------------

_VERBS = (
    "Digitalisering av",
    "Automatisering av",
    "Forenkling av",
    "Modernisering av",
    "Kartlegging av",
    "Samordning av",
    "Felles løsning for",
    "Ny løsning for",
    "Bedre oversikt over",
    "Digital selvbetjening for",
)
_OBJECTS = (
    "timebestilling",
    "vaktplanlegging",
    "innkjøp og bestilling",
    "fakturabehandling",
    "avviksmeldinger",
    "internkontroll",
    "romreservasjon",
    "vedlikeholdsplaner",
    "rekruttering",
    "opplæring av nyansatte",
    "foreldresamtaler",
    "legemiddelhåndtering",
    "nøkkelhåndtering",
    "energioppfølging",
    "kartdata og adresser",
    "søknader om tilskudd",
    "politiske saker",
    "brukerundersøkelser",
    "tilsynsrapporter",
    "arkivering av e-post",
    "tilgangsstyring",
    "pårørendedialog",
    "skoleskyss",
    "utlån av utstyr",
    "frivillighetsavtaler",
)
_PURPOSES = (
    "frigjøre tid til kjerneoppgavene",
    "gi innbyggerne raskere svar",
    "redusere feil og dobbeltarbeid",
    "gi lederne bedre styringsinformasjon",
    "redusere energibruk og utslipp",
    "gjøre arbeidshverdagen enklere for de ansatte",
    "oppfylle nye krav i regelverket",
    "bruke areal og utstyr bedre",
)
_EXTRAS = (
    "Løsningen bør kunne gjenbrukes av andre virksomheter.",
    "Behovet er meldt av flere tjenestesteder.",
    "Tiltaket krever samarbeid med DigIT og HR.",
    "Tiltaket gjennomføres i to trinn.",
    "Det finnes en nasjonal fellesløsning som bør vurderes først.",
    "Erfaringer fra nabokommuner er gode.",
)
_PROBLEMS = (
    "skjer mye av arbeidet manuelt i regneark og e-post",
    "ligger informasjonen i flere systemer som ikke snakker sammen",
    "må innbyggerne ringe eller møte opp for å få svar",
    "mangler vi oversikt over status og kostnader",
    "er rutinene ulike fra virksomhet til virksomhet",
    "er løsningen utdatert og dyr å drifte",
)
_CONSEQUENCES = (
    "Det gir lang saksbehandlingstid.",
    "Det fører til feil og dobbeltarbeid.",
    "De ansatte bruker tid som burde gått til tjenesten.",
    "Lederne mangler grunnlag for å prioritere.",
    "Innbyggerne opplever tjenesten som tungvint.",
)

_DEVELOPMENT_STATES: tuple[tuple[str, int], ...] = (
    (State.DRAFT, 10),
    (State.SUBMITTED, 8),
    (State.ENDORSED, 8),
    (State.IN_ANALYSIS, 10),
    (State.READY_FOR_DECISION, 6),
    (State.DEFERRED, 5),
    (State.APPROVED, 8),
    (State.REJECTED, 5),
    (State.IN_PROGRESS, 14),
    (State.STOPPED, 3),
    (State.REALISING_BENEFITS, 6),
    (State.CLOSED, 8),
    (State.MERGED, 3),
    (State.WITHDRAWN, 4),
)
# Operations, maintenance and out-of-scope items never reach the board.
_EARLY_STATES: tuple[tuple[str, int], ...] = (
    (State.DRAFT, 4),
    (State.SUBMITTED, 3),
    (State.ENDORSED, 4),
    (State.IN_ANALYSIS, 4),
    (State.MERGED, 1),
    (State.WITHDRAWN, 1),
)
# Boards may not defer, reject or stop what is politically mandated.
_MANDATED_INSTEAD = {
    State.DEFERRED: State.APPROVED,
    State.REJECTED: State.IN_PROGRESS,
    State.STOPPED: State.IN_PROGRESS,
}
# The last step into each state: (action, state before).
_LAST_STEP: dict[str, tuple[str, str]] = {
    State.SUBMITTED: ("submit", State.DRAFT),
    State.ENDORSED: ("endorse", State.SUBMITTED),
    State.IN_ANALYSIS: ("start_analysis", State.ENDORSED),
    State.READY_FOR_DECISION: ("send_to_board", State.IN_ANALYSIS),
    State.DEFERRED: ("defer", State.READY_FOR_DECISION),
    State.APPROVED: ("approve", State.READY_FOR_DECISION),
    State.REJECTED: ("reject", State.READY_FOR_DECISION),
    State.IN_PROGRESS: ("start", State.APPROVED),
    State.STOPPED: ("stop", State.IN_PROGRESS),
    State.REALISING_BENEFITS: ("complete", State.IN_PROGRESS),
    State.CLOSED: ("close", State.REALISING_BENEFITS),
    State.MERGED: ("merge_into", State.IN_ANALYSIS),
    State.WITHDRAWN: ("withdraw", State.DRAFT),
}
_PORTFOLIO_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("digit", 35),
    ("su", 20),
    ("eiendom", 18),
    ("hr", 12),
    ("okonomi", 13),
    ("byggeprosjekter", 2),
)
_SUB_GOALS = tuple(slug for _main, subs in GOALS for slug, _name in subs)
_PROGRAM_SLUGS = tuple(p.slug for p in PROGRAMS)


@dataclass(frozen=True)
class GeneratedSpec:
    index: int
    title: str
    summary: str
    need: str
    unit: str
    owner: str
    portfolio: str
    contributing: tuple[str, ...]
    program: str | None
    goals: tuple[str, ...]
    work_type: str
    political_reference: str
    confidential: bool
    state: str
    costs: tuple[tuple[int, int, int], ...]

    @property
    def ref(self) -> str:
        return generated_ref(self.index)


def generated_ref(index: int) -> str:
    return f"{GENERATED_PREFIX}{index:05d}"


def _weighted(rng: random.Random, choices: Iterable[tuple[str, int]]) -> str:
    items = list(choices)
    return rng.choices([c for c, _w in items], weights=[w for _c, w in items])[0]


def _unit_people() -> dict[str, list[str]]:
    by_unit: dict[str, list[str]] = {}
    for person in PEOPLE:
        if person.unit and not person.roles:
            by_unit.setdefault(person.unit, []).append(person.username)
    return by_unit


_UNIT_PEOPLE = _unit_people()
_PLAIN_PEOPLE = tuple(u for names in _UNIT_PEOPLE.values() for u in names)


@lru_cache(maxsize=256)
def _draw(index: int) -> GeneratedSpec:
    rng = random.Random(f"{GENERATED_SEED}:{index}")
    unit_slug, unit_name, _directorate, _site = rng.choice(UNITS)
    owner = rng.choice(_UNIT_PEOPLE.get(unit_slug) or _PLAIN_PEOPLE)
    portfolio = _weighted(rng, _PORTFOLIO_WEIGHTS)
    roll = rng.random()
    work_type = (
        WorkType.MAINTENANCE
        if roll < 0.06
        else WorkType.OPERATIONS
        if roll < 0.10
        else WorkType.DEVELOPMENT
    )
    mandated = rng.random() < 0.05
    confidential = rng.random() < 0.03
    early = work_type != WorkType.DEVELOPMENT or portfolio == "byggeprosjekter"
    state = _weighted(rng, _EARLY_STATES if early else _DEVELOPMENT_STATES)
    if mandated:
        state = _MANDATED_INSTEAD.get(state, state)
    verb, obj = rng.choice(_VERBS), rng.choice(_OBJECTS)
    others = [slug for slug, _w in _PORTFOLIO_WEIGHTS[:5] if slug != portfolio]
    contributing = (rng.choice(others),) if rng.random() < 0.2 else ()
    program = rng.choice(_PROGRAM_SLUGS) if rng.random() < 0.4 else None
    goals = tuple(sorted(set(rng.sample(_SUB_GOALS, rng.choice((1, 1, 2))))))
    start = rng.choice((2026, 2026, 2027, 2028))
    span = rng.randint(1, 4)
    costs = tuple(
        (year, rng.randrange(0, 60) * 50_000, rng.randrange(0, 30) * 10_000)
        for year in range(start, min(start + span, 2030))
    )
    reference = f"KST {rng.randint(1, 160):03d}/{rng.choice((23, 24, 25))}" if mandated else ""
    return GeneratedSpec(
        index=index,
        title=f"{verb} {obj} – {unit_name}",
        summary=(
            f"{unit_name} ønsker {verb.lower()} {obj} for å {rng.choice(_PURPOSES)}. "
            f"{rng.choice(_EXTRAS)}"
        ),
        need=f"I dag {rng.choice(_PROBLEMS)}. {rng.choice(_CONSEQUENCES)}",
        unit=unit_slug,
        owner=owner,
        portfolio=portfolio,
        contributing=contributing,
        program=program,
        goals=goals,
        work_type=work_type,
        political_reference=reference,
        confidential=confidential,
        state=state,
        costs=costs,
    )


def _merge_target_index(index: int) -> int | None:
    """The nearest earlier generated initiative that is still open (pure, like the spec).

    A drawn ``merged`` state may become ``withdrawn`` below; both are terminal, so the
    drawn state tells whether an initiative is open.
    """
    for j in range(index - 1, max(0, index - 50), -1):
        if _draw(j).state in OPEN_STATES:
            return j
    return None


def generated_spec(index: int) -> GeneratedSpec:
    """The ``index``-th generated initiative: a pure function of the index (fixed seed)."""
    spec = _draw(index)
    if spec.state == State.MERGED and _merge_target_index(index) is None:
        return replace(spec, state=State.WITHDRAWN)
    return spec


def _final_actor(
    action: str, spec: GeneratedSpec, people: dict[str, User], directors: dict[str, str]
) -> User:
    directorate = next(d for slug, _n, d, _s in UNITS if slug == spec.unit)
    by_action = {
        "submit": spec.owner,
        "withdraw": spec.owner,
        "endorse": directors[directorate],
        "approve": BOARD_CHAIR,
        "defer": BOARD_MEMBER,
        "reject": BOARD_MEMBER,
        "stop": BOARD_MEMBER,
        "start": "prosjekteier",
        "complete": "prosjekteier",
    }
    return people[by_action.get(action, OFFICE)]


@transaction.atomic
def ensure_generated(count: int) -> int:
    """Make sure at least ``count`` generated initiatives exist; return how many were added.

    For speed these rows are written with ``bulk_create`` rather than through the services:
    the initiative, its costs, goal and portfolio links, a "create" transition and one
    transition into its final state (no audit events, no comments, no roles on the
    initiative). The hand-written demo initiatives go through the services; these exist only
    to make lists long enough to measure. Run ``build_demo`` first.
    """
    taken = {
        int(ref[len(GENERATED_PREFIX) :])
        for ref in Initiative.objects.filter(
            archive_reference__startswith=GENERATED_PREFIX
        ).values_list("archive_reference", flat=True)
        if ref[len(GENERATED_PREFIX) :].isdigit()
    }
    missing = count - len(taken)
    if missing <= 0:
        return 0
    indices: list[int] = []
    index = 1
    while len(indices) < missing:
        if index not in taken:
            indices.append(index)
        index += 1
    specs = [generated_spec(i) for i in indices]
    merge_targets = {s.index: _merge_target_index(s.index) for s in specs}
    for s in specs:
        if s.state == State.MERGED and merge_targets[s.index] is None:
            raise AssertionError(f"no merge target for generated initiative {s.index}")

    units = {u.slug: u.pk for u in Unit.objects.all()}
    portfolios = {p.slug: p.pk for p in Portfolio.objects.all()}
    goals = {g.slug: g.pk for g in Goal.objects.all()}
    programs = {p.slug: p.pk for p in Program.objects.all()}
    people = {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}
    board_id = Board.objects.filter(slug=Board.DEFAULT_SLUG).values_list("pk", flat=True).first()
    directors = _directors()

    def row(spec: GeneratedSpec, merged_into_id: int | None) -> Initiative:
        return Initiative(
            title=spec.title,
            summary=spec.summary,
            need=spec.need,
            unit_id=units[spec.unit],
            owner=people[spec.owner],
            portfolio_id=portfolios[spec.portfolio],
            program_id=programs[spec.program] if spec.program else None,
            work_type=spec.work_type,
            politically_mandated=bool(spec.political_reference),
            political_reference=spec.political_reference,
            confidential=spec.confidential,
            archive_reference=spec.ref,
            state=spec.state,
            board_id=board_id,
            merged_into_id=merged_into_id,
        )

    # Written in index order, so the newest index is listed first. A merged initiative
    # points at an earlier one; when that one is still unsaved, the pending rows go first.
    created: dict[int, Initiative] = {}
    pk_by_index = {
        int(ref[len(GENERATED_PREFIX) :]): pk
        for ref, pk in Initiative.objects.filter(
            archive_reference__in=[
                generated_ref(t) for t in merge_targets.values() if t is not None and t in taken
            ]
        ).values_list("archive_reference", "pk")
    }
    pending: list[tuple[GeneratedSpec, Initiative]] = []

    def flush() -> None:
        saved = Initiative.objects.bulk_create([obj for _spec, obj in pending])
        for (spec, _obj), obj in zip(pending, saved, strict=True):
            created[spec.index] = obj
            pk_by_index[spec.index] = obj.pk
        pending.clear()

    pending_indices: set[int] = set()
    for spec in specs:
        target = merge_targets[spec.index] if spec.state == State.MERGED else None
        if target is not None and target in pending_indices:
            flush()
            pending_indices.clear()
        pending.append((spec, row(spec, pk_by_index[target] if target is not None else None)))
        pending_indices.add(spec.index)
    flush()

    costs: list[InitiativeCost] = []
    goal_links: list[Any] = []
    portfolio_links: list[Any] = []
    transitions: list[Transition] = []
    goal_through = Initiative.goals.through
    portfolio_through = Initiative.contributing_portfolios.through
    for spec in specs:
        obj = created[spec.index]
        costs.extend(
            InitiativeCost(initiative=obj, year=y, investment=i, operating=o)
            for y, i, o in spec.costs
        )
        goal_links.extend(goal_through(initiative_id=obj.pk, goal_id=goals[g]) for g in spec.goals)
        portfolio_links.extend(
            portfolio_through(initiative_id=obj.pk, portfolio_id=portfolios[p])
            for p in spec.contributing
        )
        transitions.append(
            Transition(
                initiative=obj,
                action="create",
                actor=people[spec.owner],
                from_state="",
                to_state=State.DRAFT,
                data={"generated": True},
            )
        )
        if spec.state != State.DRAFT:
            action, before = _LAST_STEP[spec.state]
            data: dict[str, Any] = {"generated": True}
            if obj.merged_into_id:
                data["target"] = obj.merged_into_id
            transitions.append(
                Transition(
                    initiative=obj,
                    action=action,
                    actor=_final_actor(action, spec, people, directors),
                    from_state=before,
                    to_state=spec.state,
                    data=data,
                )
            )
    InitiativeCost.objects.bulk_create(costs, batch_size=2000)
    goal_through.objects.bulk_create(goal_links, batch_size=2000)
    portfolio_through.objects.bulk_create(portfolio_links, batch_size=2000)
    Transition.objects.bulk_create(transitions, batch_size=2000)
    seed_capacity()
    return len(specs)


def demo_users_with_password() -> int:
    """How many demo people can sign in with a password."""
    users = User.objects.filter(username__in=[p.username for p in PEOPLE])
    return sum(1 for user in users if user.has_usable_password())


def demo_counts() -> dict[str, int]:
    """How much of each kind the database holds (for the command's summary)."""
    return {
        "direktørområder": Directorate.objects.count(),
        "virksomheter": Unit.objects.count(),
        "porteføljer": Portfolio.objects.count(),
        "porteføljestyrer": Board.objects.count(),
        "mål": Goal.objects.count(),
        "programmer": Program.objects.count(),
        "personer": User.objects.count(),
        "initiativer": Initiative.objects.count(),
        "kommentarer": Comment.objects.count(),
    }
