"""Builders of the public Labs tests: companies, applications at a given state, labels with
given dates, test environments and calls. Rows are written directly: the public pages read
them, and the services that make them have tests of their own."""

from __future__ import annotations

import datetime

from django.utils import timezone

from labs.lifecycle import State
from labs.models import (
    Application,
    Call,
    Company,
    Label,
    TestEnvironment,
    TestPlan,
    label_valid_until,
    new_label_code,
)
from popsote.taxonomy.models import Area, ServiceArea
from tests.labs.factories import business_id as next_business_id


def make_company(name: str = "Hoivatekniikka Oy", business_id: str | None = None) -> Company:
    return Company.objects.create(name=name, business_id=business_id or next_business_id())


def make_environment(
    slug: str = "kotihoito-oulu", *, area="oulu", service_area="older-people", **fields
) -> TestEnvironment:
    fields.setdefault("name", f"Ympäristö {slug}")
    fields.setdefault("organisation", "Pohjois-Pohjanmaan hyvinvointialue")
    return TestEnvironment.objects.create(
        slug=slug,
        area=Area.objects.get(code=area),
        service_area=ServiceArea.objects.get(code=service_area),
        **fields,
    )


def make_application(
    company: Company, *, state: str = State.LABEL_GRANTED, **fields
) -> Application:
    fields.setdefault("product_name", "Muistuttaja")
    fields.setdefault("product_version", "2.1")
    needs = fields.pop("needs", [])
    environments = fields.pop("environments", [])
    application = Application.objects.create(
        company=company,
        state=state,
        submitted_at=None if state == State.DRAFT else timezone.now(),
        **fields,
    )
    application.needs.set(needs)
    if environments:
        plan = TestPlan.objects.create(application=application)
        plan.environments.set(environments)
    return application


def make_label(
    application: Application | None = None,
    *,
    company: Company | None = None,
    level: str = "tested",
    granted_on: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    **fields,
) -> Label:
    if application is None:
        application = make_application(company or make_company())
    granted_on = granted_on or timezone.localdate() - datetime.timedelta(days=30)
    return Label.objects.create(
        code=new_label_code(),
        application=application,
        company=application.company,
        product_name=application.product_name,
        product_version=application.product_version,
        level=level,
        granted_on=granted_on,
        valid_until=valid_until or label_valid_until(granted_on),
        **fields,
    )


def make_call(suggestions, *, slug: str = "kotihoidon-muistutus", days: int = 30, **fields) -> Call:
    fields.setdefault("title", "Muistutus kotihoidon asiakkaille")
    fields.setdefault("description", "Etsimme ratkaisua, joka muistuttaa lääkkeistä.")
    call = Call.objects.create(
        slug=slug, deadline=timezone.now() + datetime.timedelta(days=days), **fields
    )
    call.suggestions.set(suggestions)
    return call
