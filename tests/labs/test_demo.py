"""The Labs demo: environments across the county, three companies (the demo sign-in company@
represents one), applications in every state, labels of each level with one expired, one
withdrawn and one replaced, and a call on a demo suggestion; made through the services, fast,
and only once."""

import time

import pytest
from django.db.models import Count
from django.utils import timezone

from labs.lifecycle import State
from labs.models import (
    Application,
    ApplicationEvent,
    Call,
    Company,
    Label,
    LabelStatus,
    Level,
    Representative,
    TestEnvironment,
)
from popsote.notifications.models import EmailState, Notification
from popsote.taxonomy.models import Area
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db


def test_it_puts_test_environments_in_each_of_the_six_areas(seeded_demo):
    areas = set(TestEnvironment.objects.active().values_list("area__code", flat=True))
    six = set(Area.objects.filter(covers_whole_county=False).values_list("code", flat=True))

    assert len(six) == 6
    assert six <= areas
    assert "Demo Labs: " in seeded_demo


def test_it_makes_three_companies_and_company_at_demo_represents_one(seeded_demo):
    assert Company.objects.count() == 3
    represented = Representative.objects.get(user__email="company@demo.popsote.fi").company
    assert represented.name == "Hyvinvointiteknologia Oy"
    assert all(company.representatives.exists() for company in Company.objects.all())


def test_it_has_applications_in_every_state_of_the_lifecycle(seeded_demo):
    states = set(Application.objects.values_list("state", flat=True))

    assert states == set(State.values)


def test_every_move_is_on_the_timeline_as_the_services_write_it(seeded_demo):
    for application in Application.objects.exclude(state=State.DRAFT).prefetch_related("events"):
        moves = [e for e in application.events.all() if e.from_state != e.to_state]
        assert moves[0].action == "submit", application
        assert moves[-1].to_state == application.state, application
    evaluated = Application.objects.get(product_name="Kotikäyntien reittiopas")
    assert evaluated.state == State.EVALUATED
    assert evaluated.reply_due_at is not None and evaluated.reply_due_at > timezone.now()


def test_it_grants_labels_of_each_level_with_one_expired_one_withdrawn_and_one_replaced(
    seeded_demo,
):
    labels = Label.objects.with_status(timezone.localdate())
    statuses = dict(labels.values_list("status").annotate(n=Count("id")).order_by())
    levels = set(labels.filter(status=LabelStatus.VALID).values_list("level", flat=True))

    assert levels == set(Level.values)
    assert statuses[LabelStatus.EXPIRED] == 1
    assert statuses[LabelStatus.WITHDRAWN] == 1
    assert statuses[LabelStatus.SUPERSEDED] == 1
    withdrawn = labels.get(status=LabelStatus.WITHDRAWN)
    assert withdrawn.withdrawn_reason
    replaced = labels.get(status=LabelStatus.SUPERSEDED)
    assert replaced.superseded_by.product_name == replaced.product_name
    assert replaced.superseded_by.level == Level.CO_CREATED


def test_it_opens_a_call_on_a_public_demo_suggestion_that_an_application_answers(seeded_demo):
    call = Call.objects.get()

    assert call.is_open()
    assert call.opened_by.email == "coordinator@demo.popsote.fi"
    (need,) = call.suggestions.all()
    assert need.is_public
    answer = Application.objects.get(call=call)
    assert list(answer.needs.all()) == [need]
    assert answer.labels.get().level == Level.CO_CREATED


def test_it_emails_nobody(seeded_demo):
    labs_kinds = Notification.objects.filter(kind__startswith="labs.")

    assert labs_kinds.exists()
    assert not labs_kinds.exclude(email_state=EmailState.SKIPPED).exists()


def test_the_demo_pages_answer(seeded_demo, client):
    label = Label.objects.with_status(timezone.localdate()).filter(status="valid").first()
    call = Call.objects.get()

    for path in ("/labs/", "/labs/labels/", label.get_absolute_url(), call.get_absolute_url()):
        assert client.get(path).status_code == 200, path


def test_it_creates_nothing_new_the_second_time_and_quickly(seeded_demo):
    counts = (
        Company.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Label.objects.count(),
        Call.objects.count(),
        TestEnvironment.objects.count(),
    )
    started = time.monotonic()

    output = seed_demo(force=True)

    assert "Demo Labs: already there" in output
    assert counts == (
        Company.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Label.objects.count(),
        Call.objects.count(),
        TestEnvironment.objects.count(),
    )
    assert time.monotonic() - started < 10
