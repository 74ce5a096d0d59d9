"""The company's right of reply: the draft evaluation is shared, the company may answer within
``LABS_REPLY_DAYS`` days, and no decision is taken before it has answered or the time is up."""

from __future__ import annotations

import datetime

import pytest

from labs import services
from labs.lifecycle import Action, State
from labs.models import Label
from popsote.accounts import roles
from popsote.core.lifecycle import IllegalTransition
from tests.labs import factories
from tests.labs.factories import at, frozen

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated():
    rep = factories.make_user("rep")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep])
    application = factories.make_application(company, rep)
    with frozen(at(2026, 5, 4)):
        factories.advance(application, State.EVALUATED, company_user=rep, staff=staff)
    return application, rep, staff


def move(actor, application, action, **kwargs):
    return services.application_transition(
        actor=actor, application=application, action=action, **kwargs
    )


def test_sharing_opens_a_reply_window_of_the_configured_days(evaluated, settings):
    application, _rep, staff = evaluated
    settings.LABS_REPLY_DAYS = 14
    with frozen(at(2026, 5, 5)):
        event = move(staff, application, Action.SHARE_EVALUATION)
    application.refresh_from_db()
    assert application.reply_due_at == at(2026, 5, 19)
    assert application.state == State.EVALUATED
    assert event.from_state == event.to_state == State.EVALUATED
    with pytest.raises(IllegalTransition):
        move(staff, application, Action.SHARE_EVALUATION)


def test_no_decision_before_the_evaluation_is_shared(evaluated):
    application, _rep, staff = evaluated
    for action in (Action.GRANT_LABEL, Action.NO_LABEL):
        with pytest.raises(IllegalTransition, match="Share the draft evaluation"):
            move(staff, application, action, level="approved", message="Ei.")
    application.refresh_from_db()
    assert application.state == State.EVALUATED


def test_the_decision_is_refused_while_the_window_is_open_and_the_company_silent(evaluated):
    application, _rep, staff = evaluated
    with frozen(at(2026, 5, 5)):
        move(staff, application, Action.SHARE_EVALUATION)
    with frozen(at(2026, 5, 14)), pytest.raises(IllegalTransition, match="may still reply"):
        move(staff, application, Action.GRANT_LABEL, level="approved")
    with frozen(at(2026, 5, 14)), pytest.raises(IllegalTransition, match="may still reply"):
        move(staff, application, Action.NO_LABEL, message="Ei näyttöä.")
    application.refresh_from_db()
    assert application.state == State.EVALUATED
    assert not Label.objects.exists()
    # Once the ten days have passed the labs staff decide without a reply.
    with frozen(at(2026, 5, 15, 13)):
        move(staff, application, Action.GRANT_LABEL, level="approved")
    application.refresh_from_db()
    assert application.state == State.LABEL_GRANTED


def test_the_companys_reply_opens_the_decision_at_once_and_stays_on_the_record(evaluated):
    application, rep, staff = evaluated
    with frozen(at(2026, 5, 5)):
        move(staff, application, Action.SHARE_EVALUATION)
    with frozen(at(2026, 5, 6)):
        move(rep, application, Action.REPLY, message="Kustannusarvio on päivitetty.")
        move(staff, application, Action.NO_LABEL, message="Näyttö ei riitä.")
    application.refresh_from_db()
    assert application.state == State.NO_LABEL
    reply = application.events.get(action=Action.REPLY)
    assert reply.public_message == "Kustannusarvio on päivitetty."
    assert reply.actor == rep


def test_the_company_cannot_reply_before_sharing_or_after_the_window(evaluated):
    application, rep, staff = evaluated
    with pytest.raises(IllegalTransition, match="not been shared"):
        move(rep, application, Action.REPLY, message="Vastaus")
    with frozen(at(2026, 5, 5)):
        move(staff, application, Action.SHARE_EVALUATION)
    after = at(2026, 5, 5) + datetime.timedelta(days=10, seconds=1)
    with frozen(after), pytest.raises(IllegalTransition, match="ended"):
        move(rep, application, Action.REPLY, message="Myöhässä")
    assert not application.events.filter(action=Action.REPLY).exists()
