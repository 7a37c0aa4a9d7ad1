"""The guidance every installation starts with: what a project owner, a steering group and a
benefit owner are responsible for, and a checklist per phase. The portfolio office edits it
in the browser afterwards; ``seed_guidance`` only adds what is missing.

Used by the data migration (with the historical models) and by the demo.
"""

from __future__ import annotations

from typing import Any

# slug, title, summary, audience, phase, order, body (a little Markdown)
PAGES: tuple[tuple[str, str, str, str, str, int, str], ...] = (
    (
        "prosjekteierens-ansvar",
        "Prosjekteierens ansvar",
        "Prosjekteieren eier behovet, gevinstene og beslutningene i prosjektet – fra idé til "
        "gevinstene er tatt ut.",
        "project_owner",
        "",
        10,
        """Prosjekteieren er den i linjen som har behovet og som skal ta ut gevinstene. \
Prosjekteieren er ikke prosjektleder, men den som prosjektlederen rapporterer til, og den \
som står ansvarlig overfor porteføljestyret.

## Du har ansvar for å
- sørge for at behovet er godt beskrevet, og at det er forankret hos direktøren
- eie gevinstene og peke ut gevinsteier for hver gevinst
- få prosjektmandatet på plass før konseptfasen starter (BP1)
- sette sammen og lede styringsgruppen, med et eget mandat
- ta beslutningene ved hvert beslutningspunkt, eller sende dem videre til styret når de går \
utover rammene
- følge opp status, usikkerhet og avvik, og melde fra tidlig
- sørge for at linjen er klar til å ta imot leveransene og ta ut gevinstene

## Dette er ikke ditt ansvar alene
Prosjektlederen leder det daglige arbeidet. Porteføljekontoret hjelper med metode, \
maler og koordinering på tvers av porteføljer. Porteføljestyret prioriterer og gir mandat.

## Spør om hjelp
Porteføljekontoret tilbyr veiledning og coaching i prosjekteierskap. Ta kontakt tidlig, \
gjerne før initiativet sendes til direktøren.""",
    ),
    (
        "styringsgruppens-ansvar",
        "Styringsgruppens ansvar og mandat",
        "Hvert prosjekt har en styringsgruppe med et skriftlig mandat: hvem som sitter der, hva "
        "den kan bestemme, og når den må eskalere.",
        "steering_group",
        "",
        20,
        """Styringsgruppen støtter prosjekteieren og tar beslutninger innenfor rammene som \
porteføljestyret har gitt. Mandatet for styringsgruppen lages når styret vedtar prosjektet, \
og godkjennes av styret.

## Styringsgruppen skal
- sikre at prosjektet leverer det som er grunnlaget for gevinstene
- godkjenne leveranser og planer ved beslutningspunktene
- prioritere innenfor prosjektets rammer for kostnad, tid og omfang
- følge med på usikkerhet og ta stilling til tiltak
- sørge for at linjen deltar og er klar til å ta i bruk det som leveres

## Myndighet
Styringsgruppen kan endre planer og omfang så lenge kostnadsrammen, tidsrammen og \
gevinstene holder. Endringer utover rammene eskaleres til porteføljestyret gjennom \
porteføljekontoret.

## Sammensetning
Prosjekteieren leder styringsgruppen. Ta med dem som eier ressursene prosjektet trenger, \
og dem som skal ta ut gevinstene. Hold gruppen liten nok til å ta beslutninger.""",
    ),
    (
        "gevinsteierens-ansvar",
        "Gevinsteierens ansvar",
        "Gevinsteieren sørger for at gevinsten blir tatt ut i linjen, og måler den mot "
        "nullpunktet og målet.",
        "benefit_owner",
        "realisation",
        30,
        """En gevinst er en virkning som minst én interessent ser som positiv. Hver gevinst \
har en eier i linjen – ofte en virksomhetsleder – som skal ta den ut.

## Du har ansvar for å
- beskrive gevinsten med en indikator, et nullpunkt, et mål og en dato
- lage og følge en plan for gevinstrealisering
- registrere målinger når de er ventet, og forklare avvik
- gjøre endringene i arbeidsprosessene som gevinsten forutsetter
- melde fra til prosjekteieren og porteføljekontoret når gevinsten ikke kommer

## Kategorier
Gevinster deles inn etter DFØs veileder: *budsjettfrigjørende* i egen virksomhet, \
*alternativ bruk av frigjort tid*, *prissatte gevinster for andre offentlige virksomheter* \
og *ikke-prissatte virkninger*.""",
    ),
    (
        "porteforljekontorets-rolle",
        "Porteføljekontorets rolle",
        "Porteføljekontoret analyserer, koordinerer på tvers og forbereder sakene til "
        "porteføljestyret.",
        "portfolio_office",
        "",
        40,
        """Porteføljekontoret er sekretariat for porteføljestyret og hjelper tjenestene med \
å avdekke de faktiske behovene og gevinstene, sektorvis og på tvers.

## Porteføljekontoret
- analyserer initiativene og vurderer dem på kriteriene
- ser like og relaterte behov i sammenheng, og slår dem sammen når det er riktig
- lager sakslisten og saksdokumentene til styremøtene, med innstilling
- fører protokoll og vedtaksregister
- gir råd om metode og verktøy, og veileder prosjekteiere og styringsgrupper
- holder veiledningen og sjekklistene her oppdatert""",
    ),
    (
        "prosjektmandatet",
        "Slik lager du prosjektmandatet",
        "Prosjektmandatet gir prosjektet fullmakt til konseptfasen. Veivalg fyller ut et utkast "
        "fra initiativet og styrets vedtak.",
        "project_owner",
        "concept",
        50,
        """Når porteføljestyret vedtar et initiativ (BP1), lager Veivalg et utkast til \
prosjektmandat og mandat for styringsgruppen. Utkastet er fylt ut fra initiativet og \
rammene i vedtaket. Les det, rett det og send det til godkjenning i styret.

## Mandatet skal svare på
1. Bakgrunn: hvilket behov er utgangspunktet?
2. Formål og mål: hva skal oppnås, og hvilke mål i kommuneplanen støtter det?
3. Rammebetingelser og avhengigheter: politiske vedtak, andre initiativer, avgrensninger.
4. Rammer for kostnad, tid og ressurser.
5. Organisering: prosjekteier, prosjektleder, styringsgruppe og gevinsteiere.
6. Beslutningen ved BP1, med vilkår.

Hver lagring blir en ny versjon. Styret godkjenner en bestemt versjon; endrer du mandatet \
etterpå, må den nye versjonen godkjennes på nytt.""",
    ),
    (
        "faser-og-beslutningspunkter",
        "Faser og beslutningspunkter",
        "Et prosjekt går gjennom fasene Idé, Konsept, Planlegging, Gjennomføring, Avslutning og "
        "Realisering, med beslutningspunkter mellom.",
        "project_owner",
        "",
        60,
        """## Fasene
- **Idé**: behovet beskrives, direktøren godkjenner, porteføljekontoret analyserer.
- **Konsept**: etter styrets vedtak (BP1) utredes alternativer, og gevinstene konkretiseres.
- **Planlegging**: prosjektet planlegges i detalj (BP2 og BP3).
- **Gjennomføring**: prosjektet leverer, og styringsgruppen følger opp (BP4).
- **Avslutning**: leveransen overleveres til linjen (BP5).
- **Realisering**: gevinsteierne tar ut gevinstene og måler dem.

Sjekklistene for hver fase viser hva prosjekteieren bør ha på plass før neste \
beslutningspunkt.""",
    ),
)

# phase, audience, title, items
CHECKLISTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "idea",
        "project_owner",
        "Idé: før initiativet går til styret",
        (
            "Behovet er beskrevet: hvilket problem skal løses, og for hvem?",
            "Direktøren for direktørområdet har godkjent initiativet.",
            "Andre porteføljer som må bidra, er nevnt (f.eks. DigIT eller Eiendom).",
            "Det finnes et kostnadsestimat per år, for investering og drift.",
            "Minst én gevinst har indikator, nullpunkt og mål.",
            "Du har sjekket om andre har meldt inn lignende behov.",
            "Eventuelt politisk vedtak er oppgitt med saksnummer.",
        ),
    ),
    (
        "concept",
        "project_owner",
        "Konsept: etter vedtaket i styret (BP1)",
        (
            "Prosjektmandatet er lest, rettet og sendt til godkjenning.",
            "Styringsgruppen er satt sammen, og mandatet for den er klart.",
            "Prosjektleder er utnevnt.",
            "Alternativer er utredet, også å gjøre minst mulig.",
            "Gevinstene er konkretisert, og hver gevinst har en gevinsteier.",
            "Viktige usikkerheter er beskrevet med tiltak.",
        ),
    ),
    (
        "planning",
        "project_owner",
        "Planlegging: før gjennomføringen starter",
        (
            "Planen har milepæler, leveranser og ressursbehov per periode.",
            "Ressursene er avklart med dem som eier dem.",
            "Gevinstrealiseringsplanen er klar og forankret i linjen.",
            "Styringsgruppen har godkjent planen.",
            "Rapporteringen (statusrapport) er avtalt.",
        ),
    ),
    (
        "execution",
        "project_owner",
        "Gjennomføring: løpende oppfølging",
        (
            "Statusrapport leveres hver periode: tid, kostnad, kvalitet, omfang, usikkerhet, "
            "gevinster.",
            "Avvik utover rammene er meldt til porteføljestyret.",
            "Styringsgruppen møtes som avtalt i mandatet.",
            "Linjen forbereder seg på å ta i bruk leveransene.",
        ),
    ),
    (
        "closing",
        "project_owner",
        "Avslutning: overlevering til linjen",
        (
            "Leveransene er overlevert og godkjent av mottakerne i linjen.",
            "Forvaltning og drift er avklart og har ressurser.",
            "Sluttrapport med erfaringer er skrevet.",
            "Gevinsteierne har overtatt ansvaret for gevinstene.",
        ),
    ),
    (
        "realisation",
        "project_owner",
        "Realisering: gevinstene tas ut",
        (
            "Målingene registreres når de er ventet.",
            "Avvik fra planen er forklart, og tiltak er satt i gang.",
            "Gevinster som er tatt ut, er meldt til porteføljekontoret.",
        ),
    ),
    (
        "execution",
        "steering_group",
        "Styringsgruppen i gjennomføringen",
        (
            "Mandatet for styringsgruppen er godkjent av styret.",
            "Styringsgruppen har tatt stilling til statusrapporten.",
            "Usikkerheter med høy risiko har tiltak og eier.",
            "Beslutninger og eskaleringer er skrevet ned.",
        ),
    ),
    (
        "realisation",
        "benefit_owner",
        "Gevinsteieren i realiseringen",
        (
            "Nullpunktet er målt og dokumentert.",
            "Endringene i arbeidsprosessene som gevinsten forutsetter, er gjort.",
            "Målingene er registrert i Veivalg når de er ventet.",
            "Budsjettfrigjørende gevinster er tatt ut i budsjettet.",
        ),
    ),
)


def seed_guidance(page_model: Any, checklist_model: Any, item_model: Any) -> int:
    """Add the pages and checklists that are missing (by slug, by phase and audience);
    change nothing that exists. Returns how many were added."""
    added = 0
    for slug, title, summary, audience, phase, order, body in PAGES:
        if page_model.objects.filter(slug=slug).exists():
            continue
        page_model.objects.create(
            slug=slug,
            title=title,
            summary=summary,
            audience=audience,
            phase=phase,
            order=order,
            body=body,
        )
        added += 1
    for phase, audience, title, items in CHECKLISTS:
        if checklist_model.objects.filter(phase=phase, audience=audience).exists():
            continue
        checklist = checklist_model.objects.create(phase=phase, audience=audience, title=title)
        item_model.objects.bulk_create(
            item_model(checklist=checklist, order=n, text=text)
            for n, text in enumerate(items, start=1)
        )
        added += 1
    return added
