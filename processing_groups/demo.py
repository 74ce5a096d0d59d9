"""Demo handler groups: one for each of the six areas, three for stakeholder groups and one
region-wide group for digital services, with members from the demo sign-ins and a few
fictional handlers.

Run by ``manage.py seed_demo`` after the demo sign-ins (``popsote.accounts``) and before the
demo suggestions (``ideas`` comes after this app in INSTALLED_APPS), which the real routing
sends to these groups. The coverage follows the routing rule (the most specific match wins,
a tie goes to triage): a regional group lists its area (specificity 1), and a stakeholder or
digital group lists two dimensions (specificity 2), so that it takes its own suggestions from
every area. Where two of the latter meet (staff writing about digital services, say) the
coordinators decide, as they would in the county.

Idempotent: groups are found by slug and people by e-mail; a group that exists keeps the
coverage a coordinator may have given it in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from processing_groups.models import HandlerGroup, Membership

CHAIR = Membership.Role.CHAIR
MEMBER = Membership.Role.MEMBER
ORGANISATION = "Pohjois-Pohjanmaan hyvinvointialue"
# The demo sign-in of a handler (popsote/accounts/demo.py).
HANDLER = "handler@demo.popsote.fi"


@dataclass(frozen=True)
class DemoHandler:
    """A fictional group member who can sign in with the demo password. The surnames are
    job titles, like the other demo sign-ins', so nobody takes them for real officials."""

    email: str
    name: str
    area: str


DEMO_HANDLERS = [
    DemoHandler("pirjo.palveluohjaaja@demo.popsote.fi", "Pirjo Palveluohjaaja", "koillismaa"),
    DemoHandler("olli.osastonhoitaja@demo.popsote.fi", "Olli Osastonhoitaja", "koillismaa"),
    DemoHandler("terttu.terveydenhoitaja@demo.popsote.fi", "Terttu Terveydenhoitaja", "oulunkaari"),
    DemoHandler("sami.sosiaalityontekija@demo.popsote.fi", "Sami Sosiaalityöntekijä", "oulu"),
    DemoHandler("leena.lahihoitaja@demo.popsote.fi", "Leena Lähihoitaja", "oulu"),
    DemoHandler("fredrik.fysioterapeutti@demo.popsote.fi", "Fredrik Fysioterapeutti", "lakeus"),
    DemoHandler("eila.ensihoitaja@demo.popsote.fi", "Eila Ensihoitaja", "lakeus"),
    DemoHandler(
        "kimmo.kehittamispaallikko@demo.popsote.fi", "Kimmo Kehittämispäällikkö", "oulun-etelainen"
    ),
    DemoHandler(
        "vappu.vammaispalveluohjaaja@demo.popsote.fi",
        "Vappu Vammaispalveluohjaaja",
        "oulun-etelainen",
    ),
    DemoHandler(
        "marja.mielenterveyshoitaja@demo.popsote.fi", "Marja Mielenterveyshoitaja", "rannikkoseutu"
    ),
    DemoHandler(
        "kalevi.kotihoidonohjaaja@demo.popsote.fi", "Kalevi Kotihoidonohjaaja", "rannikkoseutu"
    ),
    DemoHandler("hanna.hoitotyonjohtaja@demo.popsote.fi", "Hanna Hoitotyönjohtaja", "oulu"),
    DemoHandler(
        "iida.innovaatioasiantuntija@demo.popsote.fi", "Iida Innovaatioasiantuntija", "oulu"
    ),
    DemoHandler("ylermi.yhteistyopaallikko@demo.popsote.fi", "Ylermi Yhteistyöpäällikkö", "oulu"),
    DemoHandler(
        "jaana.jarjestokoordinaattori@demo.popsote.fi", "Jaana Järjestökoordinaattori", "lakeus"
    ),
    DemoHandler("sointu.suunnittelija@demo.popsote.fi", "Sointu Suunnittelija", "oulunkaari"),
    DemoHandler(
        "tommi.tietohallintoasiantuntija@demo.popsote.fi",
        "Tommi Tietohallintoasiantuntija",
        "whole-county",
    ),
]


def _handler(first_name: str) -> str:
    return next(h.email for h in DEMO_HANDLERS if h.email.startswith(f"{first_name}."))


@dataclass(frozen=True)
class DemoGroup:
    slug: str
    name: str
    type: str
    description: str
    members: tuple[tuple[str, str], ...]
    areas: tuple[str, ...] = ()
    service_areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    stakeholder_groups: tuple[str, ...] = ()
    first_response_days: int = 14
    decision_days: int = 60


def _regional(slug: str, name: str, area: str, members) -> DemoGroup:
    return DemoGroup(
        slug=slug,
        name=name,
        type=HandlerGroup.Type.REGIONAL,
        description=(
            "Käsittelee alueen asukkaiden ja muiden osallistujien kehittämisehdotukset, joita "
            "jokin toinen ryhmä ei käsittele. Ryhmässä on alueen sosiaali- ja terveyspalvelujen "
            "esihenkilöitä ja asiantuntijoita."
        ),
        areas=(area,),
        members=members,
    )


DEMO_GROUPS = [
    _regional(
        "koillismaa",
        "Koillismaan kehittämisryhmä",
        "koillismaa",
        ((_handler("pirjo"), CHAIR), (_handler("olli"), MEMBER)),
    ),
    _regional(
        "oulunkaari",
        "Oulunkaaren kehittämisryhmä",
        "oulunkaari",
        ((_handler("terttu"), CHAIR), (_handler("olli"), MEMBER), (_handler("sointu"), MEMBER)),
    ),
    _regional(
        "oulu",
        "Oulun alueen kehittämisryhmä",
        "oulu",
        ((HANDLER, CHAIR), (_handler("sami"), MEMBER), (_handler("leena"), MEMBER)),
    ),
    _regional(
        "lakeus",
        "Lakeuden kehittämisryhmä",
        "lakeus",
        ((_handler("fredrik"), CHAIR), (_handler("eila"), MEMBER)),
    ),
    _regional(
        "oulun-etelainen",
        "Oulun eteläisen alueen kehittämisryhmä",
        "oulun-etelainen",
        ((_handler("kimmo"), CHAIR), (_handler("vappu"), MEMBER)),
    ),
    _regional(
        "rannikkoseutu",
        "Rannikkoseudun kehittämisryhmä",
        "rannikkoseutu",
        ((_handler("marja"), CHAIR), (_handler("kalevi"), MEMBER)),
    ),
    DemoGroup(
        slug="henkilosto",
        name="Henkilöstön kehittämisryhmä",
        type=HandlerGroup.Type.STAKEHOLDER,
        description=(
            "Käsittelee henkilöstön tarpeet, ideat ja keksinnöt kaikilta alueilta. Työn arjen "
            "sujuvuus vaikuttaa suoraan asiakkaisiin, joten ryhmä vastaa tavallista nopeammin."
        ),
        stakeholder_groups=("professional",),
        kinds=("need", "idea", "invention"),
        first_response_days=7,
        decision_days=30,
        members=(
            (_handler("hanna"), CHAIR),
            (_handler("leena"), MEMBER),
            (_handler("eila"), MEMBER),
        ),
    ),
    DemoGroup(
        slug="yritykset-ja-tutkimus",
        name="Yritys- ja tutkimusyhteistyön ryhmä",
        type=HandlerGroup.Type.STAKEHOLDER,
        description=(
            "Käsittelee yritysten, tutkimuslaitosten ja oppilaitosten ideat, keksinnöt ja "
            "yhteistyöpyynnöt, ja ohjaa testattavat ratkaisut tarvittaessa OuluHealth Labsille."
        ),
        stakeholder_groups=("company", "research-education"),
        kinds=("idea", "collaboration", "invention"),
        members=((_handler("iida"), CHAIR), (_handler("ylermi"), MEMBER)),
    ),
    DemoGroup(
        slug="jarjestot",
        name="Järjestöyhteistyön ryhmä",
        type=HandlerGroup.Type.STAKEHOLDER,
        description=(
            "Käsittelee järjestöjen ja yhdistysten tarpeet, ideat ja yhteistyöpyynnöt kaikilta "
            "alueilta yhdessä järjestöyhteistyön koordinaattoreiden kanssa."
        ),
        stakeholder_groups=("ngo",),
        kinds=("need", "idea", "collaboration"),
        members=((_handler("jaana"), CHAIR), (_handler("sointu"), MEMBER)),
    ),
    DemoGroup(
        slug="digitaaliset-palvelut",
        name="Digitaalisten palvelujen kehittämisryhmä",
        type=HandlerGroup.Type.REGION_WIDE,
        description=(
            "Käsittelee koko hyvinvointialueen sähköisiä palveluja koskevat tarpeet ja ideat: "
            "ajanvaraus, etävastaanotot, sovellukset ja asiointi verkossa."
        ),
        areas=("whole-county",),
        service_areas=("digital",),
        kinds=("need", "idea"),
        members=((_handler("tommi"), CHAIR), (HANDLER, MEMBER), (_handler("iida"), MEMBER)),
    ),
]

COVERAGE = {
    "areas": Area,
    "service_areas": ServiceArea,
    "kinds": SuggestionKind,
    "stakeholder_groups": StakeholderGroup,
}


def seed(*, stdout) -> None:
    people = _handlers()
    created = 0
    for demo in DEMO_GROUPS:
        group = HandlerGroup.objects.filter(slug=demo.slug).first()
        if group is None:
            group = _create_group(demo)
            created += 1
        for email, role in demo.members:
            if email in people:
                Membership.objects.get_or_create(
                    group=group, user=people[email], defaults={"role": role}
                )
    stdout.write(
        f"Demo handler groups: {len(DEMO_GROUPS)} ({created} new), "
        f"with {len(DEMO_HANDLERS)} demo handlers besides {HANDLER}"
    )


def _handlers() -> dict:
    """The fictional handlers (created once) and the demo handler sign-in, by e-mail."""
    users = get_user_model().objects
    stakeholder = StakeholderGroup.objects.get(code="professional")
    areas = {area.code: area for area in Area.objects.all()}
    existing = {user.email: user for user in users.filter(email__in=_emails())}
    missing = [demo for demo in DEMO_HANDLERS if demo.email not in existing]
    if missing:
        # One slow hash for all of them, as for the other demo sign-ins.
        password_hash = make_password(settings.POPSOTE_DEMO_PASSWORD)
        for demo in missing:
            user = users.create_user(
                email=demo.email,
                password=None,
                name=demo.name,
                stakeholder_group=stakeholder,
                area=areas[demo.area],
                organisation=ORGANISATION,
            )
            user.password = password_hash
            user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=demo.email, defaults={"verified": True, "primary": True}
            )
            existing[demo.email] = user
    return existing


def _emails() -> list[str]:
    return [HANDLER, *(demo.email for demo in DEMO_HANDLERS)]


def _create_group(demo: DemoGroup) -> HandlerGroup:
    group = HandlerGroup.objects.create(
        slug=demo.slug,
        name=demo.name,
        type=demo.type,
        description=demo.description,
        first_response_days=demo.first_response_days,
        decision_days=demo.decision_days,
    )
    for dimension, model in COVERAGE.items():
        codes = getattr(demo, dimension)
        if codes:
            getattr(group, dimension).set(model.objects.filter(code__in=codes))
    return group
