"""Calls to companies and personal data: who may open a public need to companies, and that no
Labs text takes a personal identity code."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from labs import services
from labs.lifecycle import Action, State
from popsote.accounts import roles
from processing_groups.models import HandlerGroup, Membership
from tests.ideas.community import make_suggestion
from tests.labs import factories

pytestmark = pytest.mark.django_db

# A checksum-valid personal identity code (the tax administration's published example).
IDENTITY_CODE = "131052-308T"


def open_call(actor, suggestions, **overrides):
    arguments = {
        "title": "Lääkemuistutus kotihoitoon",
        "description": "Etsimme ratkaisua.",
        "deadline": timezone.now() + datetime.timedelta(days=30),
        "suggestions": suggestions,
    }
    arguments.update(overrides)
    return services.call_create(actor=actor, **arguments)


def test_handlers_of_the_suggestions_group_and_coordinators_open_a_call():
    suggestion = make_suggestion()
    group = HandlerGroup.objects.create(name="Ryhmä", slug="ryhma", type="regional")
    suggestion.group = group
    suggestion.save()
    handler = factories.make_user("handler")
    Membership.objects.create(group=group, user=handler)
    outsider = factories.make_user("outsider")
    Membership.objects.create(
        group=HandlerGroup.objects.create(name="Muu", slug="muu", type="regional"), user=outsider
    )
    call = open_call(handler, [suggestion])
    assert list(call.suggestions.all()) == [suggestion]
    assert call.opened_by == handler
    coordinator = factories.make_user("coordinator", role=roles.COORDINATOR)
    assert open_call(coordinator, [suggestion]).slug == f"{call.slug}-2"
    for person in (outsider, factories.make_user("resident")):
        with pytest.raises(PermissionDenied):
            open_call(person, [suggestion])


def test_a_private_suggestion_is_never_opened_to_companies():
    coordinator = factories.make_user("coordinator", role=roles.COORDINATOR)
    with pytest.raises(PermissionDenied):
        open_call(coordinator, [make_suggestion(is_private=True)])


def test_a_call_needs_a_future_deadline_and_a_company_answers_it_while_open():
    coordinator = factories.make_user("coordinator", role=roles.COORDINATOR)
    suggestion = make_suggestion()
    with pytest.raises(ValidationError) as refused:
        open_call(coordinator, [suggestion], deadline=timezone.now())
    assert "deadline" in refused.value.message_dict
    call = open_call(coordinator, [suggestion])
    rep = factories.make_user("rep")
    company = factories.make_company(representatives=[rep])
    application = services.application_create(actor=rep, company=company, call=call)
    assert list(application.needs.all()) == [suggestion]
    call.deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    with pytest.raises(ValidationError):
        services.application_create(actor=rep, company=company, call=call)


def test_no_labs_text_takes_a_personal_identity_code():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep])
    application = factories.make_application(company, rep)
    with pytest.raises(ValidationError) as refused:
        services.application_save(
            actor=rep, application=application, data={"target_users": f"Potilas {IDENTITY_CODE}"}
        )
    assert "target_users" in refused.value.message_dict
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    with pytest.raises(ValidationError) as refused:
        services.application_transition(
            actor=staff,
            application=application,
            action=Action.REJECT,
            message=f"Koskee henkilöä {IDENTITY_CODE}",
        )
    assert "message" in refused.value.message_dict
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
