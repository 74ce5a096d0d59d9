"""Who hears what in Labs: the company's representatives of every public event of their
application, labs staff of submissions and replies, companies of a label's coming expiry 90 and
30 days ahead (once each), a suggestion's followers of a call opened on it."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from labs import services
from labs.lifecycle import Action, State
from labs.tasks import remind_label_expiry_task
from popsote.accounts import roles
from popsote.notifications.models import Category, Notification, categories_for
from tests.labs import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    rep = factories.make_user("rep")
    colleague = factories.make_user("colleague")
    staff = factories.make_user("staff", role=roles.LABS_STAFF)
    other_staff = factories.make_user("staff2", role=roles.LABS_STAFF)
    company = factories.make_company(representatives=[rep, colleague])
    other_rep = factories.make_user("other")
    factories.make_company("Muu Oy", representatives=[other_rep])
    return {
        "rep": rep,
        "colleague": colleague,
        "staff": staff,
        "other_staff": other_staff,
        "company": company,
        "other_rep": other_rep,
    }


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_submitting_tells_the_labs_staff_and_the_colleague_not_the_submitter(people):
    application = factories.make_application(people["company"], people["rep"])
    services.application_transition(
        actor=people["rep"], application=application, action=Action.SUBMIT
    )
    assert kinds_of(people["staff"]) == ["labs.staff.submit"]
    assert kinds_of(people["other_staff"]) == ["labs.staff.submit"]
    assert kinds_of(people["colleague"]) == ["labs.application.submit"]
    assert kinds_of(people["rep"]) == []
    assert kinds_of(people["other_rep"]) == []
    assert Notification.objects.filter(category=Category.LABS).count() == 3


def test_the_company_hears_of_public_moves_and_never_of_internal_work(people):
    rep, staff = people["rep"], people["staff"]
    application = factories.make_application(people["company"], rep)
    factories.advance(application, State.SUBMITTED, company_user=rep, staff=staff)
    Notification.objects.all().delete()
    services.application_transition(
        actor=staff, application=application, action=Action.START_SCREENING, message="Alkaa."
    )
    services.application_note(actor=staff, application=application, note="Sisäinen")
    services.screening_save(actor=staff, application=application, data={"summary": "Sisäinen"})
    assert kinds_of(rep) == ["labs.application.start_screening"]
    assert kinds_of(people["colleague"]) == ["labs.application.start_screening"]
    text = Notification.objects.filter(recipient=rep).get().texts["en"]
    assert "Alkaa." in text["body"]
    assert "Sisäinen" not in str(Notification.objects.values_list("texts", flat=True))
    assert kinds_of(people["other_rep"]) == []
    assert kinds_of(staff) == []


def test_the_companys_reply_reaches_the_labs_staff(people):
    rep, staff = people["rep"], people["staff"]
    application = factories.make_application(people["company"], rep)
    factories.advance(application, State.EVALUATED, company_user=rep, staff=staff, share=True)
    Notification.objects.all().delete()
    services.application_transition(
        actor=rep, application=application, action=Action.REPLY, message="Vastineemme."
    )
    assert kinds_of(staff) == ["labs.staff.reply"]
    assert "Vastineemme." in Notification.objects.get(recipient=staff).texts["fi"]["body"]
    assert kinds_of(people["colleague"]) == ["labs.application.reply"]


def test_labs_notifications_are_a_category_of_their_own_for_those_they_reach(people):
    assert Category.LABS in categories_for(people["rep"])
    assert Category.LABS in categories_for(people["staff"])
    assert Category.LABS not in categories_for(factories.make_user("resident"))


def label_expiring(people, valid_until: datetime.date):
    rep, staff = people["rep"], people["staff"]
    application = factories.make_application(people["company"], rep)
    factories.advance(application, State.LABEL_GRANTED, company_user=rep, staff=staff)
    label = application.labels.get()
    label.valid_until = valid_until
    label.save()
    return label


def test_the_company_is_reminded_90_and_30_days_before_expiry_once_each(people):
    expiry = datetime.date(2029, 6, 30)
    label = label_expiring(people, expiry)
    Notification.objects.all().delete()
    sent = {}
    for days_before in (120, 91, 90, 90, 89, 60, 31, 30, 30, 29, 5, 0):
        today = expiry - datetime.timedelta(days=days_before)
        sent.setdefault(days_before, 0)
        sent[days_before] += services.remind_label_expiry(today=today)
    assert sent == {120: 0, 91: 0, 90: 1, 89: 0, 60: 0, 31: 0, 30: 1, 29: 0, 5: 0, 0: 0}
    assert sorted(kinds_of(people["rep"])) == ["labs.label.expiry.30", "labs.label.expiry.90"]
    assert sorted(kinds_of(people["colleague"])) == [
        "labs.label.expiry.30",
        "labs.label.expiry.90",
    ]
    assert kinds_of(people["other_rep"]) == []
    assert (
        label.code
        in Notification.objects.filter(recipient=people["rep"]).first().texts["en"]["title"]
    )


def test_a_label_first_seen_inside_30_days_is_reminded_once(people):
    expiry = datetime.date(2029, 6, 30)
    label_expiring(people, expiry)
    Notification.objects.all().delete()
    assert services.remind_label_expiry(today=expiry - datetime.timedelta(days=20)) == 1
    assert services.remind_label_expiry(today=expiry - datetime.timedelta(days=19)) == 0
    assert kinds_of(people["rep"]) == ["labs.label.expiry.30"]


def test_no_reminder_for_a_withdrawn_or_expired_label(people):
    expiry = datetime.date(2029, 6, 30)
    label = label_expiring(people, expiry)
    services.label_withdraw(actor=people["staff"], label=label, reason="Puute.")
    assert services.remind_label_expiry(today=expiry - datetime.timedelta(days=30)) == 0
    assert services.remind_label_expiry(today=expiry + datetime.timedelta(days=1)) == 0


def test_the_reminders_run_daily_from_beat(people):
    job = settings.CELERY_BEAT_SCHEDULE["labs-remind-label-expiry"]
    assert job["task"] == remind_label_expiry_task.name
    label_expiring(people, timezone.localdate() + datetime.timedelta(days=30))
    assert remind_label_expiry_task.apply().get() == 1


def test_the_followers_and_supporters_of_a_suggestion_hear_of_a_call_on_it(people):
    from ideas.models import Follow, Support
    from tests.ideas.community import make_suggestion

    follower = factories.make_user("follower")
    supporter = factories.make_user("supporter")
    suggestion = make_suggestion()
    Follow.objects.create(suggestion=suggestion, user=follower)
    Support.objects.create(suggestion=suggestion, user=supporter)
    coordinator = factories.make_user("coordinator", role=roles.COORDINATOR)
    call = services.call_create(
        actor=coordinator,
        title="Lääkemuistutus kotihoitoon",
        description="Etsimme ratkaisua.",
        deadline=timezone.now() + datetime.timedelta(days=30),
        suggestions=[suggestion],
    )
    assert kinds_of(follower) == ["labs.call.opened"]
    assert kinds_of(supporter) == ["labs.call.opened"]
    assert call.slug in Notification.objects.get(recipient=follower).texts["en"]["url"]
    assert call.is_open()
