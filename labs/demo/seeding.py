"""Seeding the Labs demo; see ``labs.demo``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from ideas.lifecycle import State as SuggestionState
from ideas.models import Suggestion
from labs import services
from labs.demo import texts
from labs.demo.journeys import Cast, take
from labs.lifecycle import State
from labs.models import Application, Call, Company, Label, TestEnvironment, label_valid_until
from labs.permissions import company_id_of
from popsote.accounts import roles
from popsote.notifications.services import quiet
from popsote.taxonomy.models import Area, ServiceArea

COMPANY_SIGN_IN = "company@demo.popsote.fi"
STAFF_SIGN_IN = "labs@demo.popsote.fi"
COORDINATOR_SIGN_IN = "coordinator@demo.popsote.fi"


@dataclass(frozen=True)
class Plan:
    """One demo application: whose, which product, how far it gets."""

    company: int  # index into texts.COMPANIES
    product: str
    version: str
    summary: str
    state: str
    level: str = "tested"
    answers_call: bool = False
    share: bool = False


PLANS = [
    Plan(
        0,
        "Lääkemuistuttaja",
        "1.4",
        "Muistuttaa lääkkeen ottamisesta puheella ja valolla.",
        State.LABEL_GRANTED,
    ),
    # The newer version answers the call: its label replaces the one of 1.4.
    Plan(
        0,
        "Lääkemuistuttaja",
        "2.0",
        "Muistuttaa lääkkeistä ja kertoo hoitajalle, jos annos jää väliin.",
        State.LABEL_GRANTED,
        level="co_created",
        answers_call=True,
    ),
    Plan(
        0,
        "Kotikäyntien reittiopas",
        "0.9",
        "Suunnittelee kotihoidon käyntien reitit.",
        State.EVALUATED,
        share=True,
    ),
    Plan(0, "Omaisviestin", "1.0", "Kertoo omaisille kotihoidon käynneistä.", State.DRAFT),
    Plan(0, "Liikuntavalmentaja", "2.3", "Ohjaa kotijumppaa videolla.", State.TESTING),
    Plan(
        1,
        "Etäkäynti",
        "3.2",
        "Kuvapuhelu kotihoidon asiakkaan ja hoitajan välille.",
        State.LABEL_GRANTED,
        level="approved",
    ),
    Plan(
        1,
        "Uniseuranta",
        "2.2",
        "Seuraa unta patjan alle asetettavalla anturilla.",
        State.LABEL_GRANTED,
    ),
    Plan(1, "Ruokailupäiväkirja", "1.0", "Kirjaa ateriat kuvasta.", State.REJECTED),
    Plan(1, "Kotiapu-chat", "1.1", "Asiakkaan ja kotihoidon viestikanava.", State.SUBMITTED),
    Plan(1, "Turvaranneke", "4.0", "Tunnistaa kaatumisen ja hälyttää apua.", State.TEST_PLANNED),
    Plan(1, "Muistipeli", "0.5", "Muistia harjoittava peli tabletille.", State.WITHDRAWN),
    Plan(
        2, "Kaatumisvahti", "1.0", "Tunnistaa kaatumisen liiketunnistimella.", State.LABEL_GRANTED
    ),
    Plan(2, "Kuntoutuspeli", "1.1", "Tekee kotikuntoutuksesta pelin.", State.LABEL_GRANTED),
    Plan(2, "Tasapainomittari", "2.0", "Mittaa tasapainoa kotona.", State.SCREENING),
    Plan(2, "Etäfysio", "1.2", "Fysioterapeutin ohjaus verkossa.", State.ACCEPTED),
    Plan(2, "Kävelyanalyysi", "0.8", "Analysoi kävelyä puhelimen kameralla.", State.REPORTING),
    Plan(2, "Ryhtivahti", "1.0", "Muistuttaa hyvästä ryhdistä.", State.NO_LABEL),
    # Labelled products the AADA showroom demo lists, one for each of its categories.
    Plan(
        0,
        "Ruokamuistio",
        "1.2",
        "Muistuttaa syömisestä ja juomisesta.",
        State.LABEL_GRANTED,
        level="approved",
    ),
    Plan(0, "Yhteyspuhelin", "2.1", "Helppo kuvapuhelin ikäihmiselle.", State.LABEL_GRANTED),
    Plan(
        1,
        "Ovivahti",
        "1.3",
        "Kertoo omaiselle, jos ulko-ovi jää yöllä auki.",
        State.LABEL_GRANTED,
        level="approved",
    ),
    Plan(1, "Kirjausapu", "3.0", "Puhe tekstiksi kotihoidon kirjauksiin.", State.LABEL_GRANTED),
    Plan(
        2,
        "Reittikaveri",
        "1.0",
        "Opastaa esteettömiä kävelyreittejä.",
        State.LABEL_GRANTED,
        level="approved",
    ),
    Plan(2, "Lihaskuntokoutsi", "2.0", "Kotikuntoutuksen liikeohjelmat.", State.LABEL_GRANTED),
]
# After granting: one label expired long ago, one withdrawn (products of the plans above).
EXPIRED_PRODUCT = "Kaatumisvahti"
WITHDRAWN_PRODUCT = "Uniseuranta"


def seed(*, stdout) -> None:
    business_ids = [business_id for _name, business_id, _site in texts.COMPANIES]
    environments = _environments()
    if Company.objects.filter(business_id__in=business_ids).exists():
        stdout.write("Demo Labs: already there")
        return
    users = get_user_model().objects
    company_user = users.filter(email=COMPANY_SIGN_IN).first()
    staff = users.filter(email=STAFF_SIGN_IN).first()
    coordinator = users.filter(email=COORDINATOR_SIGN_IN).first()
    if company_user is None or staff is None:
        stdout.write("Demo Labs: the demo sign-ins are missing; nothing seeded")
        return
    # History, not news: the site's notifications are written, nobody is e-mailed.
    with quiet():
        companies = _companies(company_user)
        evaluator = _person(*texts.EVALUATOR, role=roles.LABS_STAFF)
        call = _call(coordinator)
        labels = _applications(companies, environments, staff, evaluator, call)
        _age(labels, staff)
    stdout.write(
        f"Demo Labs: {len(environments)} test environments, {len(companies)} companies, "
        f"{Application.objects.count()} applications, {Label.objects.count()} labels, "
        f"{Call.objects.count()} call(s) to companies"
    )


def _environments() -> list[TestEnvironment]:
    areas = {area.code: area for area in Area.objects.all()}
    service_areas = {term.code: term for term in ServiceArea.objects.all()}
    made = []
    for slug, name, organisation, area, service_area, *rest in texts.ENVIRONMENTS:
        description, capabilities, capacity, availability, contact, email, phone = rest
        environment, _created = TestEnvironment.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "organisation": organisation,
                "area": areas[area],
                "service_area": service_areas[service_area],
                "description": description,
                "capabilities": capabilities,
                "capacity": capacity,
                "availability": availability,
                "contact_name": contact,
                "contact_email": email,
                "contact_phone": phone,
            },
        )
        made.append(environment)
    return made


def _person(email: str, name: str, *, role: str | None = None):
    """A demo person who cannot sign in (no password)."""
    user, _created = get_user_model().objects.get_or_create(
        email=email, defaults={"name": name, "password": make_password(None)}
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def _companies(company_user) -> list[tuple[Company, object]]:
    """Each demo company with the representative who acts for it."""
    made = []
    for index, (name, business_id, website) in enumerate(texts.COMPANIES):
        if index == 0:
            representative = company_user
            if company_id_of(company_user) is not None:  # registered one on the site already
                made.append((Company.objects.get(pk=company_id_of(company_user)), company_user))
                continue
        else:
            representative = _person(*texts.REPRESENTATIVES[business_id])
        company = services.company_register(
            actor=representative, name=name, business_id=business_id, website=website
        )
        made.append((company, representative))
    return made


def _call(coordinator) -> Call | None:
    """A call on a public suggestion about medicines at home for older people, if the demo
    suggestions are there."""
    needs = Suggestion.objects.public().filter(state=SuggestionState.IN_PROCESSING)
    suggestion = (
        needs.filter(service_area__code="older-people").order_by("created_at", "id").first()
        or needs.order_by("created_at", "id").first()
    )
    if suggestion is None or coordinator is None:
        return None
    return services.call_create(
        actor=coordinator,
        title=texts.CALL["title"],
        description=texts.CALL["description"],
        deadline=timezone.now() + datetime.timedelta(days=45),
        suggestions=[suggestion],
    )


def _applications(companies, environments, staff, evaluator, call) -> dict[str, Label]:
    labels = {}
    for number, plan in enumerate(PLANS):
        company, representative = companies[plan.company]
        answering = call if plan.answers_call else None
        application = services.application_create(
            actor=representative, company=company, call=answering
        )
        environment = environments[number % len(environments)]
        services.application_save(
            actor=representative,
            application=application,
            data=texts.answers(
                plan.product,
                plan.version,
                plan.summary,
                preferred_environments=[environment],
            ),
        )
        level = plan.level
        if level == "co_created" and answering is None:
            level = "tested"  # co-creation needs the call (or linked needs)
        cast = Cast(company_user=representative, staff=staff, evaluators=(staff, evaluator))
        take(
            application,
            plan.state,
            cast=cast,
            environment=environment,
            level=level,
            share=plan.share,
        )
        if plan.state == State.LABEL_GRANTED:
            labels[plan.product] = application.labels.get(product_version=plan.version)
    return labels


def _age(labels: dict[str, Label], staff) -> None:
    """One label granted long ago and now expired; one withdrawn with its public reason."""
    expired = labels.get(EXPIRED_PRODUCT)
    if expired is not None:
        granted = timezone.localdate() - datetime.timedelta(days=3 * 365 + 60)
        Label.objects.filter(pk=expired.pk).update(
            granted_on=granted, valid_until=label_valid_until(granted)
        )
    withdrawn = labels.get(WITHDRAWN_PRODUCT)
    if withdrawn is not None:
        services.label_withdraw(actor=staff, label=withdrawn, reason=texts.WITHDRAWN_LABEL)
