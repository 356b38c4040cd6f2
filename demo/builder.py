"""Demo content: parties, focus areas, people in every role, and submissions with a history.

The organisations, focus areas, societal goals and initiative names come from
Samhällskontraktet's public reports (shared/seeds), and so do the forum series' themes and
the kinds of events. Every person is invented: no real person's name may ever appear here.
Submissions, comments, support, events and boards are written through the services
(ideas.services, boards.services), so the demo holds exactly what the hub itself would store.

`manage.py demo_data` is the only caller; see that command for the flags.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Max, Model, ProtectedError, Q, QuerySet, RestrictedError
from django.test.utils import override_settings
from django.utils import timezone

from boards import services as board_services
from boards.models import Event, EventKind
from hub.models import (
    CoreTeamMembership,
    FocusArea,
    Notification,
    Organisation,
    OrganisationKind,
    ProfileType,
    Role,
    SocietalGoal,
    User,
)
from hub.services import user_signup
from ideas import services as idea_services
from ideas.models import (
    Comment,
    Idea,
    IdeaKind,
    IdeaStatus,
    StatusChange,
    Support,
    SupportKind,
    Tag,
)
from ideas.services import IdeaInput

DEMO_DOMAIN = "demo.samhallshubben.se"
# One shared password for every demo account; it passes Django's password validators.
DEMO_PASSWORD = "demo-losenord-2026"  # noqa: S105 (published on purpose: demo accounts)


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


# --- Organisations ------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    short_name: str = ""
    is_party: bool = False
    website: str = ""


ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        "vst",
        "Västerås stad",
        OrganisationKind.MUNICIPALITY,
        "Västerås",
        True,
        "https://www.vasteras.se",
    ),
    OrgSpec(
        "esk",
        "Eskilstuna kommun",
        OrganisationKind.MUNICIPALITY,
        "Eskilstuna",
        True,
        "https://www.eskilstuna.se",
    ),
    OrgSpec(
        "mdu",
        "Mälardalens universitet",
        OrganisationKind.UNIVERSITY,
        "MDU",
        True,
        "https://www.mdu.se",
    ),
    OrgSpec("reg_s", "Region Sörmland", OrganisationKind.REGION, "Region Sörmland"),
    OrgSpec("reg_v", "Region Västmanland", OrganisationKind.REGION, "Region Västmanland"),
    OrgSpec("tech", "Omsorgsteknik Mälardalen AB", OrganisationKind.BUSINESS, "Omsorgsteknik"),
    OrgSpec("food", "Smakrik Måltid & Catering AB", OrganisationKind.BUSINESS, "Smakrik"),
    OrgSpec(
        "seniors", "Seniorföreningen Mälarglädje", OrganisationKind.CIVIL_SOCIETY, "Mälarglädje"
    ),
    OrgSpec(
        "youth", "Föreningen Unga röster Eskilstuna", OrganisationKind.CIVIL_SOCIETY, "Unga röster"
    ),
)


# --- Focus areas and societal goals (from the partnership agreement 2026–2029) ------------


@dataclass(frozen=True)
class GoalSpec:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class AreaSpec:
    key: str
    name: str
    slug: str
    north_star: str
    description: str
    goals: tuple[GoalSpec, ...]


FOCUS_AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        key="barn",
        name="Alla barn och unga lyckas",
        slug="barn-och-unga",
        north_star=(
            "Samhällskontraktet ska bidra till förbättrade skolresultat, hälsa, välbefinnande "
            "och trygghet samt ökad framtidstro genom att fokusera på att alla barn och unga "
            "oavsett bland annat kön, bakgrund och stadsdel medskapar sina sammanhang, har "
            "hållbara och hälsosamma vuxenrelationer samt utmanas i sitt lärande och stöds i "
            "sin prestation."
        ),
        description=(
            "Fokusområdet tar sig an trygga livsmiljöer, hälsa, framtidens lärandemiljöer och "
            "likvärdiga förutsättningar – och underliggande frågor som vuxnas relationer till "
            "barn, demokratiskt deltagande, skolnärvaro, ökad närvaro i förskolan och "
            "samverkan kring unga vuxna utan arbete eller studier.\n\n"
            "Arbetet sker bland annat i testbädden Skultuna och på Zetterbergsgymnasiet."
        ),
        goals=(
            GoalSpec(
                "delaktighet",
                "Delaktighet: alla barn och unga får möjlighet att medskapa sina sammanhang",
                "Barn och unga är med och formar de platser, verksamheter och beslut som rör "
                "dem – oavsett kön, bakgrund och stadsdel.",
            ),
            GoalSpec(
                "vuxenrelationer",
                "Vuxenrelationer: barn och unga har hållbara och hälsosamma relationer till vuxna",
                "Vuxna i skola, fritid och förening bemöter barn och unga på sätt som bygger "
                "tillit, självkänsla och trygghet.",
            ),
            GoalSpec(
                "larande",
                "Välbefinnande genom lärande: barn och unga upplever meningsfullhet och "
                "välbefinnande genom sitt lärande",
                "Barn och unga utmanas i sitt lärande och stöds i sin prestation, i miljöer "
                "där de är medskapare.",
            ),
        ),
    ),
    AreaSpec(
        key="aldre",
        name="Välmående och självständiga äldre",
        slug="aldre",
        north_star=(
            "Samhällskontraktet ska bidra till att kommunernas äldre invånare oavsett kön, "
            "bakgrund och stadsdel upplever ökad hälsa, aktivitet, delaktighet, "
            "självständighet samt trygghet i sina liv."
        ),
        description=(
            "Fokusområdet utforskar bland annat möjligheten att bo kvar hemma längre, "
            "framtidens äldreboende, måltider och gemenskap, ofrivillig ensamhet, "
            "kompetensförsörjning, höga sjuktal och volontärskap.\n\n"
            "Samhällsmålen togs fram i forumserien *Välmående och självständiga äldre* "
            "tillsammans med aktörer från kommun, region, näringsliv och civilsamhälle."
        ),
        goals=(
            GoalSpec(
                "halsa",
                "Alla äldre upplever god hälsa och välbefinnande",
                "Förebyggande och hälsofrämjande insatser, egenvård och psykisk hälsa gör att "
                "fler äldre mår bra och kan bo kvar hemma längre.",
            ),
            GoalSpec(
                "sjalvbestamt",
                "Alla äldre har möjlighet till ett självbestämt och socialt liv",
                "Äldre har valfrihet, inflytande och gemenskap – från måltider och "
                "mötesplatser till trygghetslösningar och boende.",
            ),
            GoalSpec(
                "kunskapsutbyte",
                "Kunskapsutbyte och hållbart lärande för ett gott åldrande",
                "Äldre, medarbetare, forskare och studenter lär av varandra, och nya roller "
                "och kompetenser i vård och omsorg växer fram.",
            ),
        ),
    ),
)


# --- People (all fictional) ---------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    profile_type: str
    organisation: str | None
    bio: str = ""
    roles: tuple[Role, ...] = ()
    superuser: bool = False
    core_team: tuple[tuple[str, str], ...] = ()  # (focus area key, party key)
    role_label: str = ""  # set for the accounts listed in README and printed by the command

    @property
    def email(self) -> str:
        return demo_email(self.key)


PEOPLE: tuple[PersonSpec, ...] = (
    # The accounts for every role (README, "Demo accounts").
    PersonSpec(
        "admin",
        "Birgitta Sjöholm",
        ProfileType.EMPLOYEE,
        "mdu",
        "Systemförvaltare för Samhällshubben.",
        roles=(Role.ADMINISTRATOR,),
        superuser=True,
        role_label="Administrator (superuser, staff, administrator group)",
    ),
    PersonSpec(
        "processtod",
        "Elin Västberg",
        ProfileType.EMPLOYEE,
        "mdu",
        "Processledare innovation och design i Samhällskontraktets processtöd.",
        roles=(Role.FACILITATOR,),
        role_label="Facilitator (processtöd)",
    ),
    PersonSpec(
        "coreteam-barn",
        "Henrik Ståhlberg",
        ProfileType.EMPLOYEE,
        "vst",
        "Utvecklingsstrateg på barn- och utbildningsförvaltningen.",
        core_team=(("barn", "vst"),),
        role_label="Core Team member, Alla barn och unga lyckas (Västerås stad)",
    ),
    PersonSpec(
        "coreteam-aldre",
        "Nadia Hosseini",
        ProfileType.EMPLOYEE,
        "esk",
        "Verksamhetsutvecklare inom vård och omsorg.",
        core_team=(("aldre", "esk"),),
        role_label="Core Team member, Välmående och självständiga äldre (Eskilstuna kommun)",
    ),
    PersonSpec(
        "styrelse",
        "Göran Ekstedt",
        ProfileType.EMPLOYEE,
        "esk",
        "Ledamot i Samhällskontraktets styrelse.",
        roles=(Role.GOVERNING_BOARD,),
        role_label="Governing board member (styrelse)",
    ),
    PersonSpec(
        "initiativagare",
        "Sofia Brandt",
        ProfileType.EMPLOYEE,
        "esk",
        "Enhetschef i hemtjänsten och initiativägare för Hälsofrämjande team.",
        role_label="Initiative owner (employee, Eskilstuna kommun)",
    ),
    PersonSpec(
        "forskare",
        "Amira Haddad",
        ProfileType.RESEARCHER,
        "mdu",
        "Forskare i folkhälsovetenskap med intresse för rörelse och lärmiljöer.",
        role_label="Researcher (MDU)",
    ),
    PersonSpec(
        "larare",
        "Jonatan Krantz",
        ProfileType.TEACHER,
        "vst",
        "Lärare i årskurs 4–6 i Skultuna.",
        role_label="Teacher (Västerås stad)",
    ),
    PersonSpec(
        "student",
        "Wilma Nordin",
        ProfileType.STUDENT,
        "mdu",
        "Studerar socialt arbete och söker ämne för examensarbete.",
        role_label="Student (MDU)",
    ),
    PersonSpec(
        "extern",
        "Ulla-Britt Forsgren",
        ProfileType.EXTERNAL,
        "seniors",
        "Ordförande i en seniorförening i Västerås.",
        role_label="External participant (civil society)",
    ),
    # Further Core Team members: each focus area has one member from each party.
    PersonSpec(
        "niklas.oberg",
        "Niklas Öberg",
        ProfileType.EMPLOYEE,
        "esk",
        "Strateg för social hållbarhet.",
        core_team=(("barn", "esk"),),
    ),
    PersonSpec(
        "mikaela.falk",
        "Mikaela Falk",
        ProfileType.RESEARCHER,
        "mdu",
        "Universitetslektor i pedagogik.",
        core_team=(("barn", "mdu"),),
    ),
    PersonSpec(
        "lars.wennerholm",
        "Lars Wennerholm",
        ProfileType.EMPLOYEE,
        "vst",
        "Avdelningschef inom äldreomsorgen.",
        core_team=(("aldre", "vst"),),
    ),
    PersonSpec(
        "tove.lindahl",
        "Tove Lindahl",
        ProfileType.RESEARCHER,
        "mdu",
        "Docent i vårdvetenskap.",
        core_team=(("aldre", "mdu"),),
    ),
    # Everyone else.
    PersonSpec(
        "ahmed.yusuf",
        "Ahmed Yusuf",
        ProfileType.EMPLOYEE,
        "esk",
        "Fritidsledare på en fritidsgård i Eskilstuna.",
    ),
    PersonSpec(
        "maja.sundqvist",
        "Maja Sundqvist",
        ProfileType.EMPLOYEE,
        "vst",
        "Projektledare i Skultuna kommundel.",
    ),
    PersonSpec(
        "kristoffer.dahlin",
        "Kristoffer Dahlin",
        ProfileType.EMPLOYEE,
        "vst",
        "Samordnare för ungdomsdialog.",
    ),
    PersonSpec(
        "hanna.rosen",
        "Hanna Rosén",
        ProfileType.TEACHER,
        "esk",
        "Gymnasielärare i samhällskunskap och svenska.",
    ),
    PersonSpec(
        "emir.begic", "Emir Begić", ProfileType.EMPLOYEE, "esk", "Undersköterska i hemtjänsten."
    ),
    PersonSpec(
        "oskar.hedlund", "Oskar Hedlund", ProfileType.STUDENT, "mdu", "Läser folkhälsovetenskap."
    ),
    PersonSpec(
        "ronja.eklof",
        "Ronja Eklöf",
        ProfileType.STUDENT,
        "mdu",
        "Läser Teknikbaserat socialt entreprenörskap.",
    ),
    PersonSpec(
        "fatima.rahimi", "Fatima Rahimi", ProfileType.EXTERNAL, "reg_s", "Folkhälsostrateg."
    ),
    PersonSpec(
        "anneli.grahn",
        "Anneli Grahn",
        ProfileType.EXTERNAL,
        "tech",
        "Affärsutvecklare för trygghetslarm och välfärdsteknik.",
    ),
    PersonSpec(
        "jesper.lund",
        "Jesper Lund",
        ProfileType.EXTERNAL,
        "food",
        "Kock och delägare i ett cateringföretag.",
    ),
    PersonSpec(
        "leo.makinen",
        "Leo Mäkinen",
        ProfileType.EXTERNAL,
        "youth",
        "Verksamhetsledare i en ungdomsförening.",
    ),
    PersonSpec(
        "ingvar.backman",
        "Ingvar Bäckman",
        ProfileType.EXTERNAL,
        None,
        "Pensionär och engagerad invånare i Eskilstuna.",
    ),
)

ACCOUNTS: tuple[PersonSpec, ...] = tuple(p for p in PEOPLE if p.role_label)


# --- Submissions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommentSpec:
    author: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()
    hidden_reason: str = ""


@dataclass(frozen=True)
class SubmissionSpec:
    title: str
    kind: str
    status: str
    author: str
    area: str | None
    summary: str
    description: str
    days_ago: int
    goals: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    show_author_name: bool = True
    comments: tuple[CommentSpec, ...] = ()
    supports: tuple[tuple[str, str, str], ...] = ()  # (person, SupportKind, note)
    reason: str = ""  # for parked, declined and withdrawn
    via_assessment: bool = False  # parked or declined after an assessment, not at review
    hidden_reason: str = ""


P, R, S = SupportKind.PARTICIPATE, SupportKind.RESOURCES, SupportKind.RESEARCHER
K = IdeaKind
St = IdeaStatus

REPLY_STEP = 0.3  # in the demo's history, replies come soon after the comment they answer
PROMOTION_REASON = (
    "Core Team har bedömt bidraget mot invånarnytta, innovationshöjd och "
    "partnerskapspotential. Alla tre parter röstade för att lyfta det till portföljen."
)
ASSESSMENT_REASON = (
    "Skickas till Core Team för bedömning mot kriterierna invånarnytta, innovationshöjd "
    "och partnerskapspotential."
)

SUBMISSIONS: tuple[SubmissionSpec, ...] = (
    # --- Alla barn och unga lyckas ---------------------------------------------------------
    SubmissionSpec(
        title="Drömfabriken – invånararena för lärande och välbefinnande i Skultuna",
        kind=K.INITIATIVE,
        status=St.PROMOTED,
        author="maja.sundqvist",
        area="barn",
        goals=("delaktighet", "larande"),
        organisations=("vst", "mdu", "youth"),
        tags=("testbädd", "utemiljö", "delaktighet", "Skultuna"),
        days_ago=160,
        summary=(
            "En skola i Skultuna blir Drömfabriken – en arena för lärande, utveckling och "
            "välbefinnande som barn och unga är med och skapar från första skiss."
        ),
        description="""\
## Bakgrund
I Skultuna ställs en skola om till en arena för hela kommundelen. Barn och unga ska vara
**medskapare** från början – inte bara tillfrågas i efterhand.

## Så arbetar vi
- **Kompostera det gamla:** samtal och konstworkshoppar där elever bearbetar vad skolan har
  betytt för dem.
- **Skapa det nya:** samhällslabb med barn, unga, föreningar och näringsliv om vad som ska
  hända i Drömfabriken.
- **Utemiljön:** elevdialogen *Drömmar och platser* blir underlag till landskapsarkitektens
  skisser för skolgården.

## Vad vi vill uppnå
Fler barn och unga som känner att platsen är deras, och en modell för medskapande som andra
kommundelar kan använda.
""",
        comments=(
            CommentSpec(
                "ahmed.yusuf",
                "Spännande! I Eskilstuna funderar vi på något liknande för en fritidsgård. "
                "Finns det material från elevdialogen som går att dela?",
                replies=(
                    (
                        "maja.sundqvist",
                        "Absolut – vi lägger upp metodkortet här i hubben när "
                        "sammanställningen är klar.",
                    ),
                ),
            ),
            CommentSpec(
                "mikaela.falk",
                "Vi har studenter i folkhälsovetenskap som söker examensarbete till våren. "
                "Kan utemiljön bli ett case?",
                replies=(("oskar.hedlund", "Jag är en av dem – det låter jättebra!"),),
            ),
            CommentSpec(
                "processtod",
                "Nästa samhällslabb är bokat. Vi bjuder in föreningarna i Skultuna via "
                "kommundelen.",
            ),
        ),
        supports=(
            ("forskare", S, "Kan koppla på forskning om utemiljöns betydelse för välbefinnande."),
            ("oskar.hedlund", P, ""),
            ("leo.makinen", P, "Vår förening vill gärna vara med i samhällslabben."),
            ("larare", P, "Mina elever vill vara med och rita skolgården."),
        ),
    ),
    SubmissionSpec(
        title="Spiral of Inquiry på Zetterbergsgymnasiet",
        kind=K.INITIATIVE,
        status=St.PROMOTED,
        author="hanna.rosen",
        area="barn",
        goals=("larande", "vuxenrelationer"),
        organisations=("esk", "mdu"),
        tags=("aktionsforskning", "testbädd", "elevinflytande"),
        days_ago=150,
        summary=(
            "Testbädd för livslångt lärande där hela skolan arbetar med aktionsforsknings"
            "modellen Spiral of Inquiry och eleverna blir medskapare i lärandet."
        ),
        description="""\
Zetterbergsgymnasiet arbetar med **Spiral of Inquiry**: lärare och elever undersöker
tillsammans vad som händer i lärandet och prövar nya arbetssätt i korta cykler.

### Cykeln
1. Kartlägga – vad händer för våra elever?
2. Fokusera – var gör vi störst skillnad?
3. Formulera en aning om orsaken
4. Nytt lärande
5. Handling
6. Kontroll – gjorde det skillnad?

### Varför i Samhällskontraktet
Skolan vill stärka sin förmåga att bedriva forskning nära verksamheten, och MDU vill förstå
de pedagogiska och emotionella effekterna när en hel skola arbetar på det här sättet.
""",
        comments=(
            CommentSpec(
                "forskare",
                "Vi skulle gärna följa elevernas upplevelse av relationen till lärarna över "
                "tid. Finns det en enkät som redan används?",
                replies=(
                    (
                        "hanna.rosen",
                        "Ja, vi gör en kort pulsenkät varje termin. Jag skickar den till dig.",
                    ),
                ),
            ),
            CommentSpec(
                "coreteam-barn",
                "Core Team ser gärna en lärandetriad med gymnasieskolorna i Västerås här.",
            ),
        ),
        supports=(
            ("forskare", S, "Följeforskning om relationer mellan elever och lärare."),
            ("larare", P, "Vill gärna prova modellen i mitt arbetslag."),
            ("student", P, ""),
        ),
    ),
    SubmissionSpec(
        title="Physical Literacy – positiva relationer till rörelse i Årby",
        kind=K.RESEARCH_IDEA,
        status=St.IN_ASSESSMENT,
        author="forskare",
        area="barn",
        goals=("larande", "delaktighet"),
        organisations=("mdu", "esk", "reg_s"),
        tags=("fysisk aktivitet", "folkhälsa", "utemiljö"),
        days_ago=120,
        summary=(
            "Från att räkna steg till en livslång, positiv relation till rörelse: hur fysiska "
            "och pedagogiska miljöer kan utformas för physical literacy."
        ),
        description="""\
Mycket arbete med fysisk aktivitet mäter **antal steg** och **minuter med hög puls**.
Physical literacy flyttar fokus till motivation, självförtroende och glädje i rörelse –
förutsättningarna för att vara aktiv hela livet.

**Forskningsfrågor**
- Hur påverkar skolgårdens och fritidsmiljöns utformning barns relation till rörelse?
- Vilka pedagogiska arbetssätt stärker den hos de barn som rör sig minst?

**Samverkan:** forskare från tre akademier vid MDU, Region Sörmland och Eskilstuna kommun.
En ansökan om extern forskningsfinansiering är under beredning.

> På sikt kan arbetet bli en brygga till fokusområdet *Välmående och självständiga äldre*.
""",
        comments=(
            CommentSpec(
                "fatima.rahimi",
                "Regionen bidrar gärna med folkhälsodata för Årby på områdesnivå.",
            ),
            CommentSpec(
                "coreteam-aldre",
                "Bryggan till äldre är intressant – rörelseglädje hela livet. Kan vi ta upp "
                "det på nästa gemensamma Core Team-möte?",
                replies=(("forskare", "Gärna! Jag förbereder en kort dragning."),),
            ),
        ),
        supports=(
            (
                "fatima.rahimi",
                R,
                "Folkhälsostatistik och kontakt med regionens hälsofrämjande arbete.",
            ),
            ("ahmed.yusuf", P, ""),
            ("ronja.eklof", P, "Skriver gärna min kandidatuppsats om detta."),
        ),
    ),
    SubmissionSpec(
        title="UVAS – en samordnad väg in för unga vuxna utan arbete eller studier",
        kind=K.INITIATIVE,
        status=St.IN_REVIEW,
        author="niklas.oberg",
        area="barn",
        goals=("delaktighet",),
        organisations=("esk", "vst", "youth"),
        tags=("unga vuxna", "designsprint", "samordning"),
        days_ago=60,
        summary=(
            "Aktörer som möter unga vuxna utanför arbete och studier samlas kring en gemensam "
            "problembild och prövar en samordnad första kontakt."
        ),
        description="""\
Designsprinten om **UVAS** (unga vuxna utan arbete eller studier) visade att många unga
möter fem–sex verksamheter som inte känner till varandra.

## Förslag
- Kartlägga vägarna in i och ut ur stödsystemet tillsammans med unga vuxna.
- Pröva en gemensam *första kontakt* i en stadsdel under en termin.
- Följa upp med de unga själva: blev det enklare?

## Vad vi behöver
Deltagare från arbetsmarknad, socialtjänst, vuxenutbildning och civilsamhälle, och en
forskare som kan följa testet.
""",
        comments=(
            CommentSpec(
                "leo.makinen",
                "Vi möter många av de här ungdomarna på kvällar och helger. Räkna med oss i "
                "kartläggningen.",
            ),
            CommentSpec(
                "processtod",
                "Tack! Vi tar upp detta på Core Teams nästa möte och återkommer om en "
                "workshop i vår.",
            ),
        ),
        supports=(
            ("leo.makinen", P, ""),
            ("fatima.rahimi", R, "Kan bidra med regionens arbete kring unga vuxnas hälsa."),
        ),
    ),
    SubmissionSpec(
        title="Tecken på framgång – en fortsättning av Cornerstone Indicators",
        kind=K.RESEARCH_IDEA,
        status=St.IN_ASSESSMENT,
        author="mikaela.falk",
        area="barn",
        goals=("delaktighet", "larande"),
        organisations=("mdu", "vst"),
        tags=("indikatorer", "examensarbete", "utmaningsdriven utbildning", "Skultuna"),
        days_ago=110,
        summary=(
            "Studenter i socialt arbete och folkhälsovetenskap gör examensarbeten om "
            "vardagsnära indikatorer för ett välmående Skultuna."
        ),
        description="""\
Cornerstone Indicators tog tillsammans med invånarna fram vardagsnära indikatorer för ett
välmående Skultuna. Nu vill vi låta **examensarbeten** fördjupa dem.

- Frågeställningarna utvecklas gemensamt av forskare och verksamhetsföreträdare.
- Varje uppsats prövar en indikator i praktiken: går den att följa, och säger den något om
  barns vardag?
- Resultaten återförs till kommundelen vid ett öppet seminarium.
""",
        comments=(
            CommentSpec(
                "student",
                "Jag läser socialt arbete och söker ämne till vårens examensarbete. Hur "
                "anmäler man intresse?",
                replies=(
                    (
                        "mikaela.falk",
                        "Hör av dig här i hubben så bokar vi ett samtal – vi har plats för "
                        "tre uppsatser.",
                    ),
                ),
            ),
        ),
        supports=(
            ("student", P, ""),
            ("oskar.hedlund", P, ""),
            ("maja.sundqvist", R, "Skultuna kommundel tar emot studenterna."),
        ),
    ),
    SubmissionSpec(
        title="Mötesplatser med jobbcentrum – testbädd i Eskilstuna",
        kind=K.INITIATIVE,
        status=St.IN_REVIEW,
        author="ahmed.yusuf",
        area="barn",
        goals=("vuxenrelationer", "delaktighet"),
        organisations=("esk", "youth", "seniors"),
        tags=("testbädd", "generationsmöten", "medskapande"),
        days_ago=45,
        summary=(
            "Mötesplatser där unga, vuxna och äldre möts kring jobb, fritid och framtid – med "
            "fokus på relationer mellan generationer och möjligheten att medskapa."
        ),
        description="""\
Efter workshoppar och förankringsmöten har Eskilstuna valt **Mötesplatser med jobbcentrum**
som stor testbädd.

**Vi vill pröva**
- läxhjälp och yrkessamtal där seniorer och unga möts,
- att unga själva planerar en del av verksamheten,
- enkla sätt att följa upp om relationerna håller över tid.
""",
        comments=(
            CommentSpec(
                "extern",
                "Vår förening har medlemmar som gärna blir läxhjälp eller mentorer. Hör av er!",
                replies=(
                    (
                        "ahmed.yusuf",
                        "Fantastiskt – det är precis de generationsmöten vi vill pröva.",
                    ),
                ),
            ),
        ),
        supports=(
            ("extern", P, ""),
            ("ingvar.backman", P, "Pensionerad rörmokare – berättar gärna om yrket."),
        ),
    ),
    SubmissionSpec(
        title="Demokratisk infrastruktur – mikrohandlingar i vardagen",
        kind=K.INITIATIVE,
        status=St.PROMOTED,
        author="kristoffer.dahlin",
        area="barn",
        goals=("delaktighet", "vuxenrelationer"),
        organisations=("vst", "youth"),
        tags=("demokrati", "mikrohandlingar", "ungdomsdialog"),
        days_ago=140,
        summary=(
            "Tjänstepersoner, medarbetare och civilsamhälle prövar mikrohandlingar i vardagen "
            "och reflekterar tillsammans över hur barn och unga får verkligt inflytande."
        ),
        description="""\
Ett stadsövergripande initiativ som utforskar **beteenden i det rådande systemet** och deras
underliggande orsaker.

Deltagarna växlar mellan att utföra *mikrohandlingar* i sin vardag och att reflektera som
grupp: vad hände, vad lärde vi oss, vad prövar vi härnäst?

**Resultat hittills:** insikter om var insatser behövs för att stärka den demokratiska
praktiken, och mer mod att driva förändring i den egna verksamheten.
""",
        comments=(
            CommentSpec(
                "coreteam-barn",
                "Ett av de initiativ som tydligast flyttat fokus till hur vuxna bemöter barn "
                "i vardagen. Bra att det nu finns i portföljen.",
            ),
            CommentSpec(
                "larare",
                "Kan mikrohandlingarna användas i klassrummet också? Jag provar gärna.",
                replies=(
                    (
                        "kristoffer.dahlin",
                        "Ja! Vi har ett kortlek med förslag – jag tar med den till nästa träff.",
                    ),
                ),
            ),
        ),
        supports=(
            ("larare", P, ""),
            ("leo.makinen", P, ""),
            ("mikaela.falk", S, "Intresserad av att följa arbetet med aktionsforskning."),
        ),
    ),
    SubmissionSpec(
        title="Främjande praktik – ett boost-system på fritidsgårdarna",
        kind=K.IDEA,
        status=St.IN_ASSESSMENT,
        author="ahmed.yusuf",
        area="barn",
        goals=("vuxenrelationer",),
        organisations=("esk",),
        tags=("fritidsgård", "vuxenrelationer", "mikrohandlingar"),
        days_ago=70,
        summary=(
            "Fritidsledare uppmärksammar och förstärker det unga gör bra – ett enkelt "
            "boost-system som bygger självkänsla och tillit."
        ),
        description="""\
Idén växte fram ur arbetet med främjande praktik: i stället för regler och tillsägelser
**lyfter vi det som fungerar**.

- Varje kväll noterar personalen tre saker de sett unga göra bra.
- De unga får veta det – direkt och i veckans återblick.
- Vi följer upp stämning, konflikter och återbesök under en termin.
""",
        comments=(
            CommentSpec(
                "coreteam-barn",
                "Låter som något vi vill pröva på en fritidsgård i Västerås samtidigt – ett "
                "tvillinginitiativ?",
            ),
        ),
        supports=(
            ("kristoffer.dahlin", P, ""),
            ("hanna.rosen", P, ""),
        ),
    ),
    SubmissionSpec(
        title="Mikrohandlingarnas trädgård",
        kind=K.IDEA,
        status=St.PARKED,
        author="larare",
        area="barn",
        goals=("vuxenrelationer",),
        organisations=("vst",),
        tags=("mikrohandlingar", "lärande"),
        days_ago=100,
        summary=(
            "En gemensam plats – fysisk och digital – där verksamheter planterar sina "
            "mikrohandlingar och ser vad som växer."
        ),
        description="""\
Lärande mellan aktörer sprids bäst när man **ser varandras försök**. Trädgården samlar
mikrohandlingar från skolor, fritid och förvaltning, med en kort berättelse om vad som hände.
""",
        reason=(
            "Core Team ser idén som värdefull men låter den vila tills utvärderingen av "
            "Demokratisk infrastruktur är klar, eftersom de bygger på samma arbetssätt."
        ),
        supports=(("kristoffer.dahlin", P, ""),),
    ),
    SubmissionSpec(
        title="Mätandets paradox – att följa värdet i barns utvecklingsprocesser",
        kind=K.RESEARCH_IDEA,
        status=St.SUBMITTED,
        author="forskare",
        area="barn",
        goals=("larande",),
        organisations=("mdu",),
        tags=("indikatorer", "uppföljning"),
        days_ago=20,
        summary=(
            "Hur följer man upp det som verkligen spelar roll för barn, när det som är lätt "
            "att mäta styr det som görs?"
        ),
        description="""\
Kvantitativa mått styr ofta skolans och fritidens uppföljning. Vi vill utveckla och pröva
**uppföljningsmetoder som fångar värdet i barns utvecklingsprocesser**, inte bara resultat.

Metod: fallstudier i två verksamheter, workshoppar med personal och barn, och en jämförelse
med de mått som används i dag.
""",
        comments=(
            CommentSpec("hanna.rosen", "Det här behöver vi verkligen. Räkna med vår skola."),
        ),
        supports=(("hanna.rosen", P, ""),),
    ),
    SubmissionSpec(
        title="Studentcoacher i Skultuna",
        kind=K.IDEA,
        status=St.SUBMITTED,
        author="student",
        area="barn",
        goals=("vuxenrelationer", "larande"),
        organisations=("mdu", "vst"),
        tags=("studenter", "mentorskap"),
        days_ago=12,
        summary="Universitetsstudenter blir coacher för högstadieelever en eftermiddag i veckan.",
        description="""\
Många elever har ingen i sin närhet som pluggat vidare. **Studentcoacher** kan vara en bro:

- en eftermiddag i veckan på skolan eller biblioteket,
- läxstöd, studieteknik och samtal om framtiden,
- studenterna får poäng eller arvode som amanuens.
""",
        supports=(("oskar.hedlund", P, "Vill gärna vara coach."), ("maja.sundqvist", R, "")),
    ),
    SubmissionSpec(
        title="Skultunaandan 2.0",
        kind=K.IDEA,
        status=St.DRAFT,
        author="maja.sundqvist",
        area="barn",
        goals=("delaktighet",),
        tags=("Skultuna", "föreningsliv"),
        days_ago=5,
        summary="Föreningsliv, skola och invånare tar fram en gemensam bild av Skultuna 2035.",
        description="Utkast – fyller på efter mötet med föreningarna.",
    ),
    SubmissionSpec(
        title="På barn och ungas villkor – styrning som utgår från barnen",
        kind=K.INITIATIVE,
        status=St.IN_REVIEW,
        author="kristoffer.dahlin",
        area="barn",
        goals=("delaktighet",),
        organisations=("vst", "mdu"),
        tags=("styrning", "barnrätt", "Skultuna"),
        days_ago=50,
        summary=(
            "Nya sätt att styra och följa upp verksamheter så att barns och ungas perspektiv "
            "väger tungt när beslut fattas."
        ),
        description="""\
Barns röster hörs i dialoger men försvinner ofta på vägen till beslut. Vi vill pröva
**styrning och uppföljning som bär barnens perspektiv hela vägen** – i testbädden Skultuna.
""",
        comments=(CommentSpec("maja.sundqvist", "Kopplar fint till styrningen av Drömfabriken."),),
        supports=(("maja.sundqvist", P, ""),),
    ),
    SubmissionSpec(
        title="Behov: ökad närvaro i förskolan",
        kind=K.NEED,
        status=St.SUBMITTED,
        author="maja.sundqvist",
        area="barn",
        goals=("larande",),
        organisations=("vst",),
        tags=("förskola", "närvaro"),
        days_ago=15,
        summary=(
            "Barn som inte går i förskolan får sämre förutsättningar i skolan. Vi behöver "
            "förstå varför vissa familjer avstår."
        ),
        description="""\
**Behovet:** kunskap och nya idéer om hur fler barn kan gå i förskolan, särskilt i
stadsdelar där inskrivningen är låg.

**Vi söker:** forskare, studenter och föreningar som möter familjerna.
""",
        supports=(("fatima.rahimi", R, ""), ("forskare", S, "")),
    ),
    SubmissionSpec(
        title="Behov: tidiga signaler när skolfrånvaron växer",
        kind=K.NEED,
        status=St.IN_REVIEW,
        author="larare",
        area="barn",
        goals=("larande", "vuxenrelationer"),
        organisations=("vst",),
        tags=("skolnärvaro", "elevhälsa"),
        days_ago=40,
        summary=(
            "Vi upptäcker ofta frånvaron för sent. Skolan behöver stöd för att fånga tidiga "
            "signaler och sätta in rätt insats i rätt tid."
        ),
        description="""\
Fullgjord skolgång är en av de viktigaste skyddsfaktorerna i livet. I dag ser vi mönstren
först när frånvaron redan är stor.

- Vilka tidiga signaler finns – i skolan, på fritiden, hemma?
- Hur kan skola, socialtjänst och fritid dela det de ser, inom lagens ramar?
""",
        comments=(
            CommentSpec(
                "ahmed.yusuf",
                "Vi på fritidsgården märker ofta när någon slutat gå till skolan. Vi vill "
                "gärna vara med.",
            ),
        ),
        supports=(("ahmed.yusuf", P, ""), ("hanna.rosen", P, "")),
    ),
    SubmissionSpec(
        title="Existentiella samtal på schemat",
        kind=K.IDEA,
        status=St.DECLINED,
        author="hanna.rosen",
        area="barn",
        goals=("larande",),
        tags=("psykisk hälsa", "elevhälsa"),
        days_ago=90,
        summary="Samtalskort om livsmening, livsmod och livsglädje i mentorstiden.",
        description="""\
Samtal om **livsmening, livsmod och livsglädje** kan främja psykisk hälsa. Förslaget är att
alla mentorsgrupper använder samtalskort en gång i månaden.
""",
        reason=(
            "Idén ligger nära det elevhälsan redan gör och behöver inte Samhällskontraktets "
            "samverkan för att genomföras. Ta den gärna vidare via skolans elevhälsoteam."
        ),
    ),
    SubmissionSpec(
        title="Naturlig utemiljö vid varje skola",
        kind=K.IDEA,
        status=St.WITHDRAWN,
        author="larare",
        area="barn",
        goals=("larande",),
        tags=("utemiljö",),
        days_ago=80,
        summary="Mer natur och rörelserikedom på skolgårdarna.",
        description=(
            "En naturlig utemiljö kan bli en hävstång för lärande, hälsa och välbefinnande."
        ),
        reason="Slås ihop med Drömfabrikens arbete med utemiljön.",
    ),
    SubmissionSpec(
        title="AI som stöd när elever är medskapare i sitt lärande",
        kind=K.RESEARCH_IDEA,
        status=St.DRAFT,
        author="mikaela.falk",
        area="barn",
        goals=("larande",),
        tags=("data och AI", "lärande"),
        days_ago=3,
        summary="Hur kan AI-verktyg göra elever till medskapare i sin egen lärsituation?",
        description="Utkast: frågeställningar och möjliga skolor att samarbeta med.",
    ),
    SubmissionSpec(
        title="Behov: stöd till föreningar att söka kommunala bidrag",
        kind=K.NEED,
        status=St.SUBMITTED,
        author="leo.makinen",
        area="barn",
        goals=("delaktighet",),
        organisations=("youth",),
        tags=("civilsamhälle", "föreningsliv"),
        days_ago=10,
        summary="Små föreningar för barn och unga tappar bidrag för att ansökningarna är svåra.",
        description="""\
Vi driver verksamhet fyra kvällar i veckan men har ingen anställd som kan bidragssystemen.
Ett **enkelt stöd eller en mall** skulle göra stor skillnad för oss och många andra.
""",
        comments=(
            CommentSpec(
                "processtod",
                "Tack för behovet! Det finns liknande erfarenheter från Västerås – vi kopplar "
                "ihop er.",
            ),
        ),
    ),
    # --- Välmående och självständiga äldre --------------------------------------------------
    SubmissionSpec(
        title="Hälsofrämjande team i hemtjänsten",
        kind=K.INITIATIVE,
        status=St.PROMOTED,
        author="initiativagare",
        area="aldre",
        goals=("halsa", "sjalvbestamt"),
        organisations=("esk", "mdu"),
        tags=("hemtjänst", "hälsofrämjande", "labb"),
        days_ago=170,
        summary=(
            "Verksamhetsledare och undersköterskor utvecklar tillsammans med forskare en "
            "metod för en meningsfull och hälsosam vardag för äldre i hemtjänsten."
        ),
        description="""\
## Vad
Ett **hälsofrämjande team** i hemtjänsten arbetar förebyggande: rörelse, måltider, sociala
kontakter och egenvård planeras tillsammans med den äldre.

## Hur
En labbserie där teamet själva tog fram arbetssättet och en ny mall för hälsosamtal. Forskare
från MDU följer arbetet.

## Effekt vi söker
Att äldre kan **bo kvar hemma längre** med ökad livskvalitet och självständighet.

| Fas | Status |
|---|---|
| Labbserie | klar |
| Pilot i ett hemtjänstområde | pågår |
| Spridning till fler områden | planeras |
""",
        comments=(
            CommentSpec(
                "emir.begic",
                "Mallen för hälsosamtal fungerar riktigt bra i praktiken. Brukarna märker "
                "skillnad.",
                replies=(
                    ("initiativagare", "Tack Emir! Vi tar med era erfarenheter till nästa område."),
                ),
            ),
            CommentSpec(
                "lars.wennerholm",
                "Västerås vill gärna starta ett tvillinginitiativ. Kan vi få ta del av "
                "labbmaterialet?",
                replies=(("processtod", "Absolut – jag bjuder in er till nästa lärandetriad."),),
            ),
            CommentSpec(
                "styrelse",
                "Ett bra exempel på hur Samhällskontraktet snabbt omsätter labb i praktik.",
            ),
        ),
        supports=(
            ("tove.lindahl", S, "Följeforskning om hälsoeffekter."),
            ("emir.begic", P, ""),
            ("lars.wennerholm", P, "Tvillinginitiativ i Västerås."),
            ("fatima.rahimi", R, ""),
        ),
    ),
    SubmissionSpec(
        title="Måltider och möten för seniorer",
        kind=K.INITIATIVE,
        status=St.PROMOTED,
        author="initiativagare",
        area="aldre",
        goals=("sjalvbestamt", "halsa"),
        organisations=("esk", "food", "seniors"),
        tags=("måltider", "ofrivillig ensamhet", "civilsamhälle"),
        days_ago=165,
        summary=(
            "Hållbara lösningar som kombinerar måltider med social samvaro – utanför den "
            "traditionella vård- och omsorgssektorn."
        ),
        description="""\
**Frågan:** Vad behövs för att äldre ska känna sig trygga och självständiga kring måltider?

Tillsammans med seniorer, näringsliv, civilsamhälle, medarbetare och politiker tar vi fram
och testar praktiska koncept:

- gemensamma luncher på träffpunkter,
- matlag där seniorer lagar mat tillsammans,
- samåkning till restauranger med seniorrabatt.

Särskilda samtalsledare har utbildats i **komplexa dialoger** för att kunna leda samtalen med
invånare och aktörer.
""",
        comments=(
            CommentSpec(
                "jesper.lund",
                "Vi kan erbjuda lunch för 30 personer i veckan till självkostnadspris under "
                "pilotperioden.",
                replies=(("initiativagare", "Toppen – vi tar det på planeringsmötet."),),
            ),
            CommentSpec(
                "extern",
                "Flera i vår förening äter ensamma varje dag. Det här är precis vad som behövs.",
            ),
        ),
        supports=(
            ("jesper.lund", R, "Lunch till självkostnadspris under piloten."),
            ("extern", P, ""),
            ("ingvar.backman", P, ""),
            ("coreteam-aldre", P, ""),
        ),
    ),
    SubmissionSpec(
        title="Framtidens kompetensförsörjning i vård och omsorg",
        kind=K.INITIATIVE,
        status=St.IN_ASSESSMENT,
        author="emir.begic",
        area="aldre",
        goals=("kunskapsutbyte",),
        organisations=("esk", "mdu"),
        tags=("kompetensförsörjning", "arbetsmiljö", "labbserie"),
        days_ago=95,
        summary=(
            "En labbserie som konkretiserar vägen mot målbilden för framtidens vård och "
            "omsorg – nya roller, kompetensutveckling och en hållbar arbetsmiljö."
        ),
        description="""\
Omställningen till god och nära vård kräver **modiga vägval**. Labbserien ska ge:

1. en gemensam bild av utmaningarna,
2. konkreta att göra-listor för förvaltningen,
3. förslag på nya roller där välfärdsteknik frigör tid för relationer.
""",
        comments=(
            CommentSpec(
                "tove.lindahl",
                "MDU:s vårdutbildningar vill gärna vara med – det här påverkar vad vi "
                "behöver lära ut.",
            ),
        ),
        supports=(("tove.lindahl", S, ""), ("initiativagare", P, "")),
    ),
    SubmissionSpec(
        title="Testbädd Ängsgärdet – framtidens äldreboende",
        kind=K.INITIATIVE,
        status=St.IN_REVIEW,
        author="lars.wennerholm",
        area="aldre",
        goals=("sjalvbestamt", "kunskapsutbyte"),
        organisations=("vst", "mdu", "tech"),
        tags=("testbädd", "äldreboende", "välfärdsteknik"),
        days_ago=65,
        summary=(
            "Det nya särskilda boendet Ängsgärdet blir testbädd för vård och omsorg, där "
            "boendet ses som ett ekosystem."
        ),
        description="""\
Under hösten har vi lyssnat in äldre, anhöriga, medarbetare och forskare och gjort en
omvärldsanalys av akademiska äldreboenden. Det lägger grunden för vårens **labbar**.

**Frågor vi vill pröva**
- Hur kan boendet vara öppet mot närområdet?
- Vilken teknik stärker självständigheten utan att ersätta mötet?
""",
        comments=(CommentSpec("anneli.grahn", "Vi visar gärna våra lösningar i en labbdag."),),
        supports=(("anneli.grahn", R, ""), ("tove.lindahl", S, "")),
    ),
    SubmissionSpec(
        title="Mobil trygghetslösning – trygghetslarm även utanför hemmet",
        kind=K.IDEA,
        status=St.IN_ASSESSMENT,
        author="anneli.grahn",
        area="aldre",
        goals=("sjalvbestamt",),
        organisations=("tech", "esk"),
        tags=("välfärdsteknik", "trygghet"),
        days_ago=75,
        summary="Ett mobilt trygghetslarm som gör att äldre vågar gå ut på promenad och ärenden.",
        description="""\
Många äldre med trygghetslarm stannar hemma eftersom larmet bara fungerar inomhus. En
**mobil lösning** med positionering kan ge frihet att röra sig – och trygghet för anhöriga.

*Vi vill pröva lösningen med 20 användare under sex månader.*
""",
        comments=(
            CommentSpec(
                "ingvar.backman",
                "Jag skulle promenera mycket mer om jag visste att jag kunde larma.",
            ),
            CommentSpec(
                "jesper.lund",
                "Köp vår matkasse – 20 % rabatt med koden SENIOR!",
                hidden_reason="Reklam utan koppling till idén.",
            ),
        ),
        supports=(("ingvar.backman", P, ""), ("coreteam-aldre", R, "")),
    ),
    SubmissionSpec(
        title="Levnadsberättelser som grund för mötet",
        kind=K.IDEA,
        status=St.SUBMITTED,
        author="emir.begic",
        area="aldre",
        goals=("sjalvbestamt",),
        tags=("hemtjänst", "bemötande"),
        days_ago=18,
        summary="En kort levnadsberättelse hjälper personalen att möta personen, inte diagnosen.",
        description="""\
När vi vet vem någon har varit – yrke, intressen, viktiga platser – blir samtalen bättre och
insatserna mer individanpassade. Förslaget är en **frivillig levnadsberättelse** som den äldre
själv äger.
""",
        supports=(("extern", P, ""),),
    ),
    SubmissionSpec(
        title="Äldremäklare – en väg in till boende och service",
        kind=K.IDEA,
        status=St.PARKED,
        author="ingvar.backman",
        area="aldre",
        goals=("sjalvbestamt",),
        tags=("boende", "service"),
        days_ago=105,
        via_assessment=True,
        summary="En person att vända sig till när man funderar på att flytta eller behöver hjälp.",
        description="""\
Som pensionär är det svårt att veta vart man ska vända sig. En **äldremäklare** kan lotsa
mellan bostadsbolag, kommunens service och föreningar.
""",
        reason=(
            "Core Team vill se resultaten från testbädd Ängsgärdet innan en ny funktion "
            "prövas. Idén tas upp igen vid höstens portföljgenomgång."
        ),
        supports=(("extern", P, ""),),
    ),
    SubmissionSpec(
        title="Pensionärernas Bössa – tjänster som betalas med tid",
        kind=K.IDEA,
        status=St.SUBMITTED,
        author="extern",
        area="aldre",
        goals=("sjalvbestamt", "kunskapsutbyte"),
        organisations=("seniors",),
        tags=("volontärskap", "nya affärsmodeller"),
        days_ago=25,
        summary="Seniorer hjälper varandra och sparar tid i en gemensam bössa.",
        description="""\
Den som hjälper någon att byta glödlampa eller handla tjänar **tid** som kan användas när man
själv behöver hjälp. En ny finansierings- och affärsmodell för vardagshjälp.
""",
        comments=(
            CommentSpec(
                "coreteam-aldre",
                "Intressant modell! Hur tänker ni kring försäkringar?",
                replies=(("extern", "Bra fråga – vi har pratat med ett försäkringsbolag."),),
            ),
        ),
        supports=(("ingvar.backman", P, ""),),
    ),
    SubmissionSpec(
        title="Behov: att nå ofrivilligt ensamma äldre",
        kind=K.NEED,
        status=St.IN_REVIEW,
        author="initiativagare",
        area="aldre",
        goals=("sjalvbestamt", "halsa"),
        organisations=("esk", "vst"),
        tags=("ofrivillig ensamhet",),
        days_ago=55,
        summary="De som är mest ensamma kommer inte till träffpunkterna. Hur når vi dem?",
        description="""\
I minilabbet om ofrivillig ensamhet mötte studenter sju sakkunniga från båda kommunerna.
**Behovet** kvarstår: metoder för att hitta och nå de äldre som inte söker sig till något.
""",
        comments=(
            CommentSpec(
                "ronja.eklof",
                "Vi i kursen Teknikbaserat socialt entreprenörskap tar gärna detta som case "
                "igen nästa termin.",
            ),
        ),
        supports=(("ronja.eklof", P, ""), ("extern", R, "Vi kan sprida information i föreningen.")),
    ),
    SubmissionSpec(
        title="Hushållsnära servicetjänster – framtidens service",
        kind=K.IDEA,
        status=St.IN_REVIEW,
        author="jesper.lund",
        area="aldre",
        goals=("sjalvbestamt",),
        organisations=("food",),
        tags=("service", "näringsliv"),
        days_ago=35,
        summary="Enkla hushållstjänster som äldre kan beställa själva, utan biståndsbeslut.",
        description="""\
Många behöver bara lite hjälp: handla, laga en trasig lampa, byta gardiner. Vi föreslår en
**tjänstekatalog** som lokala företag och föreningar levererar.
""",
        supports=(("anneli.grahn", R, ""),),
    ),
    SubmissionSpec(
        title="Digitala matleveranser med beställning via surfplatta",
        kind=K.IDEA,
        status=St.WITHDRAWN,
        author="anneli.grahn",
        area="aldre",
        goals=("sjalvbestamt",),
        tags=("måltider", "välfärdsteknik"),
        days_ago=85,
        summary="Äldre beställer matleveranser själva via en förenklad surfplatta.",
        description="En enkel app med stora knappar och veckans meny.",
        reason="Vi gör om idén tillsammans med Måltider och möten i stället.",
    ),
    SubmissionSpec(
        title="Offentliga verksamheters samarbete med civilsamhället inom vård och omsorg",
        kind=K.RESEARCH_IDEA,
        status=St.PROMOTED,
        author="tove.lindahl",
        area="aldre",
        goals=("kunskapsutbyte", "sjalvbestamt"),
        organisations=("mdu", "seniors"),
        tags=("civilsamhälle", "kunskapsunderlag"),
        days_ago=175,
        summary=(
            "Ett kunskapsunderlag om framgångsfaktorer, risker och hinder när kommuner "
            "samarbetar med civilsamhällets organisationer."
        ),
        description="""\
En växande äldre befolkning och färre i arbetsför ålder gör samarbetet med civilsamhället
avgörande. Projektet sammanställer **forskning från Norden och Europa** om:

- framgångsfaktorer,
- risker och hinder,
- former för överenskommelser och idéburet offentligt partnerskap.
""",
        comments=(CommentSpec("extern", "Vi ställer gärna upp på intervjuer."),),
        supports=(("extern", P, ""), ("niklas.oberg", R, "")),
    ),
    SubmissionSpec(
        title="Behov: fler volontärer till träffpunkterna",
        kind=K.NEED,
        status=St.SUBMITTED,
        author="ingvar.backman",
        area="aldre",
        goals=("sjalvbestamt",),
        tags=("volontärskap", "träffpunkter"),
        days_ago=8,
        summary="Träffpunkterna har fler besökare än volontärer som kan hålla i aktiviteter.",
        description="Vi behöver idéer för att locka och behålla volontärer – också yngre.",
        supports=(("student", P, "Kan tänka mig att vara volontär en kväll i veckan."),),
    ),
    SubmissionSpec(
        title="Kan själv! – prova välfärdsteknik hemma",
        kind=K.IDEA,
        status=St.DECLINED,
        author="fatima.rahimi",
        area="aldre",
        goals=("halsa",),
        organisations=("reg_s",),
        tags=("välfärdsteknik",),
        days_ago=60,
        summary="Låna hem tekniska hjälpmedel och prova dem innan man bestämmer sig.",
        description="Ett lånebibliotek för välfärdsteknik, inspirerat av välfärdsteknikmässan.",
        reason=(
            "Regionens hjälpmedelsverksamhet erbjuder redan utprovning i hemmet. Vi har "
            "kopplat ihop idén med dem i stället."
        ),
    ),
    SubmissionSpec(
        title="Robotik i hemtjänstens vardag",
        kind=K.IDEA,
        status=St.DRAFT,
        author="emir.begic",
        area="aldre",
        goals=("kunskapsutbyte",),
        tags=("robotik", "välfärdsteknik"),
        days_ago=2,
        summary="Vilka tunga och repetitiva moment kan robotar ta över?",
        description="Utkast.",
    ),
    SubmissionSpec(
        title="Behov: prognoser och kunskapsstöd för äldreomsorgens planering",
        kind=K.NEED,
        status=St.IN_ASSESSMENT,
        author="lars.wennerholm",
        area="aldre",
        goals=("kunskapsutbyte",),
        organisations=("vst", "esk"),
        tags=("data och AI", "prognoser"),
        days_ago=88,
        summary=(
            "Förvaltningarna behöver bättre prognoser för behov av hemtjänst och boende – "
            "och stöd att använda dem."
        ),
        description="""\
Vi vill samarbeta med forskare och studenter i **data och AI** för att ta fram prognoser
som faktiskt används i planeringen – och förstå hur folkhälsan påverkar det kommunala stödet.
""",
        comments=(CommentSpec("oskar.hedlund", "Kan bli ett bra examensarbete i dataanalys!"),),
        supports=(("oskar.hedlund", P, ""), ("forskare", S, "")),
    ),
    SubmissionSpec(
        title="Generationsmöten mellan förskola och seniorboende",
        kind=K.IDEA,
        status=St.DRAFT,
        author="student",
        area=None,
        days_ago=4,
        summary="Förskolebarn och seniorer träffas varje vecka – bra för båda?",
        description="Idéskiss, inte klar. Vilket fokusområde passar bäst?",
    ),
    SubmissionSpec(
        title="Måltidsgemenskap för äldre i Eskilstuna",
        kind=K.IDEA,
        status=St.SUBMITTED,
        author="jesper.lund",
        area="aldre",
        goals=("sjalvbestamt",),
        tags=("måltider",),
        days_ago=30,
        show_author_name=False,
        summary="Gemensamma måltider för äldre som annars äter ensamma.",
        description="Samma tanke som Måltider och möten.",
        hidden_reason=(
            "Dubblett av ”Måltider och möten för seniorer”. Dina synpunkter finns nu som "
            "kommentar där."
        ),
    ),
)


# --- Events: a forum series with three meetings, a matchmaking session and others ----------


@dataclass(frozen=True)
class EventSpec:
    key: str
    kind: str
    title: str
    description: str
    days_from_now: int  # negative: over
    hours: tuple[int, int]  # local start and end hour on that day
    place: str
    area: str | None
    organisers: tuple[str, ...] = ("processtod",)
    in_series: bool = False  # a meeting of FORUM_SERIES, numbered in order
    days: int = 1  # how many days it runs


# The forum series and its three themes are those of the partnership's 2022–2023 series.
FORUM_SERIES = (
    "Välmående och självständiga äldre",
    "En missionsorienterad, samproducerad forumserie om hur fler äldre kan må bra och vara "
    "självständiga. Aktörer från kommun, region, akademi, näringsliv och civilsamhälle tar "
    "under tre träffar fram gemensamma samhällsmål och en portfölj av sammanvävda initiativ.",
    "aldre",
)

EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        "forum1",
        EventKind.FORUM_MEETING,
        "Forumträff 1: Digital stad för välmående och självständiga äldre",
        "Första träffen i forumserien. Vi utforskar utmaningarna och hur digitala tjänster "
        "kan bidra till att äldre mår bra och klarar sig själva.\n\n"
        "- Inspiration från forskning och praktik\n- Utmaningar i grupper\n"
        "- Första utkast till samhällsmål",
        -35,
        (13, 16),
        "Mälardalens universitet, Västerås",
        "aldre",
        ("processtod", "coreteam-aldre"),
        in_series=True,
    ),
    EventSpec(
        "forum2",
        EventKind.FORUM_MEETING,
        "Forumträff 2: Volontärskap och engagemang för välmående och självständiga äldre",
        "Andra träffen i forumserien. Vi formulerar samhällsmålen och samlar idéer på "
        "idétavlan som kan bli initiativ i portföljen.",
        -4,
        (13, 16),
        "Eskilstuna stadsbibliotek",
        "aldre",
        ("processtod", "coreteam-aldre"),
        in_series=True,
    ),
    EventSpec(
        "forum3",
        EventKind.FORUM_MEETING,
        "Forumträff 3: Hälsofrämjande insatser för välmående och självständiga äldre",
        "Sista träffen i forumserien. Vi väver samman idéerna till en portfölj av initiativ "
        "och bestämmer vem som tar dem vidare.",
        24,
        (13, 16),
        "Mälardalens universitet, Eskilstuna",
        "aldre",
        ("processtod", "coreteam-aldre"),
        in_series=True,
    ),
    EventSpec(
        "matchmaking",
        EventKind.MATCHMAKING,
        "Matchmaking: behov möter forskning och kompetens",
        "Verksamheterna i skolan beskriver sina behov; forskare, studenter och andra aktörer "
        "vad de kan bidra med. Tillsammans länkar vi det som passar ihop.",
        -11,
        (9, 12),
        "Digitalt",
        "barn",
        ("processtod", "coreteam-barn"),
    ),
    EventSpec(
        "pitch",
        EventKind.PITCH_EVENT,
        "Digitalt pitchevent: Teknik för högre livskvalitet",
        "Företag och forskare pitchar lösningar som kan ge äldre en högre livskvalitet. "
        "Verksamheterna ställer frågor och berättar vad de behöver.",
        10,
        (14, 15),
        "Digitalt",
        "aldre",
    ),
    EventSpec(
        "lab",
        EventKind.LAB,
        "Labb: Skolgårdar som lockar till rörelse",
        "Elever, lärare, forskare och landskapsarkitekter prototypar skolgårdar som lockar "
        "till rörelse under rasterna, i testbädden Skultuna.",
        45,
        (9, 15),
        "Skultuna",
        "barn",
        ("processtod", "larare"),
    ),
    EventSpec(
        "sprint",
        EventKind.DESIGN_SPRINT,
        "Designsprint: Unga vuxna utan arbete eller studier",
        "Fem dagar från utmaning till testad prototyp, tillsammans med unga vuxna som varken "
        "arbetar eller studerar.",
        -180,
        (9, 16),
        "Eskilstuna",
        "barn",
        days=5,
    ),
)


# --- Building -----------------------------------------------------------------------------


@dataclass
@dataclass(frozen=True)
class BoardSpec:
    title: str
    purpose: str
    template: str
    # key -> (section index, author key, text, colour)
    cards: dict[str, tuple[int, str, str, str]]
    clusters: tuple[tuple[int, str, tuple[str, ...]], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    event: str | None = None  # an EVENTS key


BOARDS: tuple[BoardSpec, ...] = (
    BoardSpec(
        "Forumträff 2: Samhällsmål för välmående och självständiga äldre",
        "Andra träffen i forumserien. Vi formulerar utmaningar och samhällsmål och samlar "
        "idéer som kan bli initiativ i portföljen.",
        "forum",
        {
            "ensam": (0, "coreteam-aldre", "Ofrivillig ensamhet ökar efter 80 års ålder", "pink"),
            "digital": (0, "extern", "Många äldre står utanför digitala tjänster", "pink"),
            "rorelse": (0, "forskare", "Fysisk aktivitet minskar när vardagsrutiner bryts", "pink"),
            "mal1": (
                1,
                "processtod",
                "Fler äldre upplever meningsfull gemenskap varje vecka",
                "green",
            ),
            "mal2": (
                1,
                "coreteam-aldre",
                "Fler äldre bor kvar hemma med god livskvalitet",
                "green",
            ),
            "mat": (
                2,
                "initiativagare",
                "Måltider och möten på träffpunkter i hela kommunen",
                "yellow",
            ),
            "team": (2, "initiativagare", "Hälsofrämjande team i hemtjänsten", "yellow"),
            "cafe": (
                2,
                "niklas.oberg",
                "Digitalt café på biblioteket med studenter som guider",
                "yellow",
            ),
            "promenad": (
                2,
                "mikaela.falk",
                "Promenadgrupper som utgår från hemtjänstens lokaler",
                "yellow",
            ),
            "forsk": (2, "forskare", "Följeforskning om hälsofrämjande arbetssätt", "blue"),
        },
        clusters=(
            (2, "Gemenskap", ("mat", "cafe")),
            (2, "Rörelse och hälsa", ("team", "promenad")),
        ),
        event="forum2",
    ),
    BoardSpec(
        "Matchmaking: behov möter forskning och kompetens",
        "Verksamheterna beskriver behov, forskare och andra aktörer vad de kan bidra med. "
        "Länka det som passar ihop.",
        "matchmaking",
        {
            "franvaro": (
                0,
                "larare",
                "Vi behöver förstå orsakerna till hög skolfrånvaro på högstadiet",
                "pink",
            ),
            "utemiljo": (
                0,
                "coreteam-barn",
                "Skolgårdar som lockar till rörelse under rasterna",
                "pink",
            ),
            "spiral": (
                1,
                "forskare",
                "Spiral of Inquiry: systematisk förbättring i skolan",
                "blue",
            ),
            "physlit": (
                1,
                "forskare",
                "Physical Literacy – forskning om rörelseglädje hos barn",
                "blue",
            ),
            "student": (2, "student", "Examensarbete i socialt arbete om elevhälsa", "green"),
            "arkitekt": (
                2,
                "extern",
                "Landskapsarkitekter som vill medverka i en designsprint",
                "green",
            ),
        },
        links=(
            ("franvaro", "spiral"),
            ("franvaro", "student"),
            ("utemiljo", "physlit"),
            ("utemiljo", "arkitekt"),
        ),
        event="matchmaking",
    ),
)


class Summary:
    boards: int = 0
    cards: int = 0
    events: int = 0
    organisations: int = 0
    focus_areas: int = 0
    goals: int = 0
    people: int = 0
    submissions: int = 0
    comments: int = 0
    supports: int = 0


class QuickPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with fewer rounds, for demo accounts whose password is published anyway.

    The hash reads as ordinary `pbkdf2_sha256`, so the normal hasher verifies it and
    Django re-hashes it at full strength at the first sign-in.
    """

    iterations = 20_000


def demo_users() -> QuerySet[User]:
    return User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")


def demo_present() -> bool:
    return demo_users().exists()


def database_has_data() -> bool:
    """Whether anyone has put anything in yet (what `--if-empty` looks at)."""
    return User.objects.exists() or Idea.objects.exists()


def wipe() -> dict[str, int]:
    """Remove the demo people and everything they created. Returns counts per model.

    Organisations, focus areas and goals stay (they are updated in place by `create`):
    others' content may refer to them. Anything another app keeps that protects a demo
    person or submission from deletion is demo content too, and goes first.
    """
    removed: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        users = demo_users()
        _force_delete(Comment.objects.filter(author__in=users), removed)
        _force_delete(Idea.objects.filter(author__in=users), removed)
        _force_delete(users, removed)
        _force_delete(Tag.objects.filter(ideas__isnull=True), removed)
    return dict(removed)


def _force_delete(queryset: QuerySet, removed: dict[str, int], depth: int = 0) -> None:
    try:
        with transaction.atomic():
            _total, per_model = queryset.delete()
    except (ProtectedError, RestrictedError) as exc:
        if depth >= 5:
            raise
        blockers = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        by_model: dict[type[Model], list[object]] = defaultdict(list)
        for obj in blockers:
            by_model[type(obj)].append(obj.pk)
        for model, pks in by_model.items():
            _force_delete(model._default_manager.filter(pk__in=pks), removed, depth + 1)
        _force_delete(queryset, removed, depth + 1)
        return
    for label, count in per_model.items():
        removed[label] += count


def create() -> Summary:
    """Create the demo content. Rate limits are off while it runs; all in one transaction."""
    hashers = list(settings.PASSWORD_HASHERS)
    if isinstance(get_hasher(), PBKDF2PasswordHasher):
        hashers.insert(0, f"{__name__}.QuickPBKDF2PasswordHasher")
    with (
        override_settings(RATE_LIMITS={}, PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        return _Builder().run()


class _Builder:
    def __init__(self) -> None:
        self.now = timezone.now()
        self.orgs: dict[str, Organisation] = {}
        self.areas: dict[str, FocusArea] = {}
        self.goals: dict[tuple[str, str], SocietalGoal] = {}
        self.people: dict[str, User] = {}
        self.events: dict[str, Event] = {}
        self.summary = Summary()

    def run(self) -> Summary:
        self._organisations()
        self._focus_areas()
        self._people()
        for spec in SUBMISSIONS:
            self._submission(spec)
        self._events()
        self._boards()
        # What is older than a week has been read; the rest waits in the bell.
        Notification.objects.filter(
            recipient__in=self.people.values(), created_at__lt=self.now - timedelta(days=7)
        ).update(read_at=self.now - timedelta(days=7))
        return self.summary

    # Configuration: no services exist for these (they are admin-managed), so upsert.

    def _organisations(self) -> None:
        for spec in ORGANISATIONS:
            org, _created = Organisation.objects.update_or_create(
                name=spec.name,
                defaults={
                    "short_name": spec.short_name,
                    "kind": spec.kind,
                    "is_party": spec.is_party,
                    "website": spec.website,
                },
            )
            self.orgs[spec.key] = org
        self.summary.organisations = len(self.orgs)

    def _focus_areas(self) -> None:
        for order, spec in enumerate(FOCUS_AREAS, start=1):
            area = FocusArea.objects.filter(Q(slug=spec.slug) | Q(name=spec.name)).first()
            area = area or FocusArea()
            area.name, area.slug, area.order = spec.name, spec.slug, order
            area.north_star, area.description = spec.north_star, spec.description
            area.save()
            self.areas[spec.key] = area
            for goal_order, goal_spec in enumerate(spec.goals, start=1):
                goal, _created = SocietalGoal.objects.update_or_create(
                    focus_area=area,
                    title=goal_spec.title,
                    defaults={"description": goal_spec.description, "order": goal_order},
                )
                self.goals[(spec.key, goal_spec.key)] = goal
        self.summary.focus_areas = len(self.areas)
        self.summary.goals = len(self.goals)

    def _people(self) -> None:
        groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
        for spec in PEOPLE:
            user = user_signup(
                email=spec.email,
                password=DEMO_PASSWORD,
                display_name=spec.name,
                profile_type=spec.profile_type,
                organisation=self.orgs[spec.organisation] if spec.organisation else None,
                client_key="demo_data",
            )
            user.bio = spec.bio
            user.is_staff = spec.superuser or Role.ADMINISTRATOR in spec.roles
            user.is_superuser = spec.superuser
            user.save(update_fields=["bio", "is_staff", "is_superuser"])
            user.groups.add(*(groups[role] for role in spec.roles))
            for area_key, party_key in spec.core_team:
                CoreTeamMembership.objects.create(
                    user=user, focus_area=self.areas[area_key], party=self.orgs[party_key]
                )
            self.people[spec.key] = user
        self.summary.people = len(self.people)

    # Submissions: every change through ideas.services, then dated into the past.

    def _submission(self, spec: SubmissionSpec) -> None:
        author = self.people[spec.author]
        facilitator = self.people["processtod"]
        area = self.areas[spec.area] if spec.area else None
        submit = spec.status != IdeaStatus.DRAFT
        # Spread the history over the days since it was created, ending before now.
        replies = sum(len(c.replies) for c in spec.comments)
        moments = 2.0 + bool(spec.hidden_reason) + len(spec.comments) + len(spec.supports)
        if submit:
            moments += REPLY_STEP * replies + len(self._path(spec))
        start = self.now - timedelta(days=spec.days_ago)
        clock = _Clock(start, timedelta(days=spec.days_ago) / moments)
        data = IdeaInput(
            title=spec.title,
            kind=spec.kind,
            summary=spec.summary,
            description=spec.description,
            focus_area=area,
            goals=[self.goals[(spec.area, key)] for key in spec.goals] if spec.area else [],
            organisations=[self.orgs[key] for key in spec.organisations],
            tags=list(spec.tags),
            show_author_name=spec.show_author_name,
        )
        with _dated(clock.next()) as idea_box:
            idea = idea_services.idea_create(author=author, data=data, submit=submit)
            idea_box.append(idea)
        self.summary.submissions += 1
        if not submit:
            return
        if spec.hidden_reason:
            with _dated(clock.next(), idea):
                idea_services.idea_hide(actor=facilitator, idea=idea, reason=spec.hidden_reason)
        for comment_spec in spec.comments:
            self._comment(idea, comment_spec, clock)
        for person, kind, note in spec.supports:
            with _dated(clock.next()):
                idea_services.support_add(user=self.people[person], idea=idea, kind=kind, note=note)
            self.summary.supports += 1
        for to_status, actor, reason in self._path(spec):
            with _dated(clock.next(), idea):
                idea = idea_services.idea_transition(
                    actor=actor, idea=idea, to_status=to_status, reason=reason
                )

    def _comment(self, idea: Idea, spec: CommentSpec, clock: _Clock) -> None:
        with _dated(clock.next()):
            comment = idea_services.comment_create(
                author=self.people[spec.author], idea=idea, body=spec.body
            )
        self.summary.comments += 1
        for person, body in spec.replies:
            with _dated(clock.next(REPLY_STEP)):
                idea_services.comment_create(
                    author=self.people[person], idea=idea, body=body, parent=comment
                )
            self.summary.comments += 1
        if spec.hidden_reason:
            idea_services.comment_hide(
                actor=self.people["processtod"], comment=comment, reason=spec.hidden_reason
            )

    def _path(self, spec: SubmissionSpec) -> Sequence[tuple[str, User, str]]:
        """The transitions from submitted to the spec's status, each with its actor."""
        fac = self.people["processtod"]
        review = (IdeaStatus.IN_REVIEW, fac, "")
        assess = (IdeaStatus.IN_ASSESSMENT, fac, ASSESSMENT_REASON)
        match spec.status:
            case IdeaStatus.SUBMITTED:
                return []
            case IdeaStatus.IN_REVIEW:
                return [review]
            case IdeaStatus.IN_ASSESSMENT:
                return [review, assess]
            case IdeaStatus.PROMOTED:
                return [review, assess, (IdeaStatus.PROMOTED, fac, PROMOTION_REASON)]
            case IdeaStatus.PARKED | IdeaStatus.DECLINED:
                before = [review, assess] if spec.via_assessment else [review]
                return [*before, (spec.status, fac, spec.reason)]
            case IdeaStatus.WITHDRAWN:
                return [(IdeaStatus.WITHDRAWN, self.people[spec.author], spec.reason)]
        raise ValueError(f"No path to {spec.status}")

    def _events(self) -> None:
        """The forum series with its meetings, and the other events, through the services."""
        facilitator = self.people["processtod"]
        title, description, area = FORUM_SERIES
        series = board_services.forum_series_create(
            actor=facilitator, title=title, description=description, focus_area=self.areas[area]
        )
        today = timezone.localdate(self.now)
        for spec in EVENTS:
            day = today + timedelta(days=spec.days_from_now)
            start = datetime(day.year, day.month, day.day, spec.hours[0])
            end = datetime(day.year, day.month, day.day, spec.hours[1])
            data = board_services.EventInput(
                title=spec.title,
                kind=spec.kind,
                starts_at=timezone.make_aware(start),
                ends_at=timezone.make_aware(end + timedelta(days=spec.days - 1)),
                description=spec.description,
                place=spec.place,
                focus_area=self.areas[spec.area] if spec.area else None,
                series=series if spec.in_series else None,
                organisers=[self.people[key] for key in spec.organisers],
            )
            self.events[spec.key] = board_services.event_create(actor=facilitator, data=data)
        self.summary.events = len(self.events)

    def _boards(self) -> None:
        """Live idea boards as a workshop would leave them, made through the board services."""
        for spec in BOARDS:
            board = board_services.board_create(
                actor=self.people["processtod"],
                title=spec.title,
                purpose=spec.purpose,
                template=spec.template,
                votes_per_participant=3,
                event=self.events[spec.event] if spec.event else None,
            )
            sections = list(board.sections.order_by("position"))
            cards: dict[str, int] = {}
            for key, (section, author, text, colour) in spec.cards.items():
                participant = board_services.participant_for_user(
                    board=board, user=self.people[author]
                )
                applied = board_services.board_apply(
                    participant=participant,
                    op="card.add",
                    data={"section": sections[section].pk, "text": text, "colour": colour},
                )
                cards[key] = applied.result["card"]["id"]
            host = board_services.participant_for_user(board=board, user=self.people["processtod"])
            for section, heading, members in spec.clusters:
                board_services.board_apply(
                    participant=host,
                    op="cluster.create",
                    data={
                        "section": sections[section].pk,
                        "heading": heading,
                        "cards": [cards[m] for m in members],
                    },
                )
            for source, target in spec.links:
                board_services.board_apply(
                    participant=host,
                    op="link.add",
                    data={"source": cards[source], "target": cards[target]},
                )
            self.summary.boards += 1
            self.summary.cards += len(spec.cards)


class _Clock:
    """Hands out increasing moments in the past for one submission's history."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self.at = start
        self.step = step

    def next(self, step_fraction: float = 1.0) -> datetime:
        moment = self.at
        self.at += self.step * step_fraction
        return moment


_DATED_MODELS: tuple[type[Model], ...] = (Idea, StatusChange, Comment, Support, Notification)


@contextmanager
def _dated(when: datetime, idea: Idea | None = None) -> Iterator[list[Idea]]:
    """Give everything created inside the block the time `when` (the services stamp "now").

    A demo without a history shows every submission as created in the same second; this
    spreads it over the past months. Only timestamps change, never content.
    """
    marks = {
        model: model._default_manager.aggregate(m=Max("pk"))["m"] or 0 for model in _DATED_MODELS
    }
    box: list[Idea] = [idea] if idea is not None else []
    yield box
    for model, mark in marks.items():
        model._default_manager.filter(pk__gt=mark).update(created_at=when)
    for item in box:
        Idea.objects.filter(pk=item.pk).update(updated_at=when)
        # Set by the service when first submitted ("now"); anything later than `when` is new.
        Idea.objects.filter(pk=item.pk, submitted_at__gt=when).update(submitted_at=when)
