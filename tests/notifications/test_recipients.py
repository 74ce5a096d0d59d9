"""Who hears what: each event type against each person around a suggestion, the e-mail's
language, and that an e-mail says nothing about anyone but its reader."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core import mail

from ideas.lifecycle import Action
from ideas.models import Suggestion
from ideas.services.community import content_report, suggestion_follow, suggestion_support
from ideas.services.handling import suggestion_assign
from ideas.services.notifications import RECEIVED_KIND
from popsote.notifications import delivery
from popsote.notifications.models import Category, EmailState, Notification
from tests.factories import make_group, submit
from tests.notifications.helpers import move

pytestmark = pytest.mark.django_db

MY = Category.MY_SUGGESTIONS
FOLLOWED = Category.FOLLOWED
WORK = Category.GROUP_WORK
COORD = Category.COORDINATION


@pytest.fixture
def cast(make_user, resident, coordinator):
    return SimpleNamespace(
        submitter=resident,
        coordinator=coordinator,
        chair=make_user("chair@example.fi", name="Tuula Chair", stakeholder="professional"),
        member=make_user("member@example.fi", name="Matti Member", stakeholder="professional"),
        supporter=make_user("supporter@example.fi", name="Sanna Supporter"),
        follower=make_user("follower@example.fi", name="Fredrik Follower"),
        outsider=make_user("outsider@example.fi", name="Otto Outsider"),
    )


def play(cast, step: str) -> Suggestion:
    """The suggestion's life up to ``step``; the notifications left are that step's alone."""
    suggestion = submit(cast.submitter).suggestion
    if step != "triage":
        group = make_group(chair=cast.chair, members=[cast.member])
        suggestion_support(actor=cast.supporter, suggestion=suggestion)
        suggestion_follow(actor=cast.follower, suggestion=suggestion)
    steps = [
        ("route", lambda: move(suggestion, Action.ROUTE, actor=cast.coordinator, group=group)),
        ("request_info", lambda: move(suggestion, Action.REQUEST_INFO, actor=cast.member)),
        ("answer_info", lambda: move(suggestion, Action.ANSWER_INFO, actor=cast.submitter)),
        (
            "assign",
            lambda: suggestion_assign(
                actor=cast.chair, suggestion=suggestion, assignee=cast.member
            ),
        ),
        ("accept", lambda: move(suggestion, Action.ACCEPT, actor=cast.chair)),
    ]
    for name, action in steps:
        if step == "triage":
            break
        Notification.objects.all().delete()
        action()
        if name == step:
            break
    return suggestion


def heard(cast) -> set[tuple[str, str]]:
    people = {getattr(cast, role).pk: role for role in vars(cast)}
    return {
        (people[row.recipient_id], row.category)
        for row in Notification.objects.filter(recipient__isnull=False)
    }


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("triage", {("coordinator", COORD)}),
        ("route", {("submitter", MY), ("chair", WORK), ("member", WORK)}),
        ("request_info", {("submitter", MY)}),
        ("answer_info", {("chair", WORK), ("member", WORK)}),
        ("assign", {("member", WORK)}),
        ("accept", {("submitter", MY), ("supporter", FOLLOWED), ("follower", FOLLOWED)}),
    ],
)
def test_it_tells_the_right_people_of_each_event(cast, step, expected):
    play(cast, step)

    assert heard(cast) == expected


def test_it_tells_the_coordinators_of_reported_content_but_not_the_reporter(cast, make_user):
    suggestion = submit(cast.submitter).suggestion
    second_coordinator = make_user(
        "coordinator2@example.fi", role="coordinator", stakeholder="professional"
    )
    Notification.objects.all().delete()

    content_report(actor=cast.outsider, reason="Asiaton", suggestion=suggestion)
    content_report(actor=second_coordinator, reason="Asiaton", suggestion=suggestion)

    rows = Notification.objects.order_by("id")
    assert [(row.recipient_id, row.kind) for row in rows] == [
        (cast.coordinator.pk, "content.reported.suggestion"),
        (second_coordinator.pk, "content.reported.suggestion"),
        (cast.coordinator.pk, "content.reported.suggestion"),
    ]


def test_it_marks_the_question_read_for_the_submitter_when_they_answer_it(cast):
    suggestion = play(cast, "request_info")
    (question,) = Notification.objects.filter(recipient=cast.submitter)
    assert question.kind == "suggestion.mine.request_info" and question.is_unread

    move(suggestion, Action.ANSWER_INFO, actor=cast.submitter)

    question.refresh_from_db()
    assert not question.is_unread
    # The group's news of the answer is new to them.
    (answer,) = Notification.objects.filter(recipient=cast.member)
    assert answer.kind == "suggestion.group.answer_info" and answer.is_unread


@pytest.mark.parametrize("hidden_how", ["private", "hidden"])
def test_it_does_not_tell_followers_of_a_suggestion_the_public_cannot_see(cast, hidden_how):
    suggestion = submit(cast.submitter).suggestion
    group = make_group(chair=cast.chair)
    suggestion_follow(actor=cast.follower, suggestion=suggestion)
    move(suggestion, Action.ROUTE, actor=cast.coordinator, group=group)
    Suggestion.objects.filter(pk=suggestion.pk).update(
        is_private=hidden_how == "private", is_hidden=hidden_how == "hidden"
    )
    Notification.objects.all().delete()

    move(suggestion, Action.ACCEPT, actor=cast.chair)

    assert heard(cast) == {("submitter", MY)}


def test_it_mails_a_signed_out_submitter_with_the_tracking_link_in_their_language(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = submit(email="maija@example.fi", language="sv").suggestion
    token = suggestion.tracking_token()
    tracking_mails = len(mail.outbox)
    group = make_group()
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.ROUTE, actor=coordinator, group=group)

    row = Notification.objects.get(recipient=None)
    assert (row.email, row.language, row.email_state) == ("maija@example.fi", "sv", "sent")
    message = mail.outbox[tracking_mails]
    assert message.to == ["maija@example.fi"]
    assert message.extra_headers["Content-Language"] == "sv"
    assert f"/sv/track/{token}/" in message.body
    assert "Norra Österbottens välfärdsområde" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="sv">' in html
    assert f"/sv/track/{token}/" in html


def test_it_does_not_mail_a_signed_out_submitter_about_the_routing_at_submission(make_user):
    make_group()  # routing finds this group at submission

    suggestion = submit(email="maija@example.fi").suggestion

    assert suggestion.group is not None
    # The tracking mail is all they get.
    to_the_address = Notification.objects.filter(recipient=None).values_list("kind", flat=True)
    assert list(to_the_address) == [RECEIVED_KIND]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_it_mails_each_person_in_their_own_language(cast, language):
    cast.submitter.preferred_language = language
    cast.submitter.save()
    suggestion = play(cast, "route")
    row = Notification.objects.get(recipient=cast.submitter)

    assert delivery.deliver_notification(row.pk) == "sent"

    (message,) = mail.outbox
    label = {"fi": "Pohjois-Pohjanmaan hyvinvointialue", "sv": "Norra Österbottens välfärdsområde"}
    assert message.extra_headers["Content-Language"] == language
    assert label.get(language, "North Ostrobothnia wellbeing services county") in message.body
    path = {"fi": "", "sv": "/sv", "en": "/en"}[language]
    assert f"{path}/suggestions/{suggestion.reference}/" in message.body
    assert message.subject == row.text(language)["title"]


def test_it_puts_nothing_about_other_people_in_the_mails(cast):
    play(cast, "accept")
    rows = list(Notification.objects.filter(email_state=EmailState.PENDING))
    # Decisions reach followers through the daily digest; send theirs too.
    rows += list(Notification.objects.filter(email_state=EmailState.WAITING))
    for row in rows:
        message = delivery.single_message(row, row.recipient.email)
        message.send()
    assert len(mail.outbox) == 3

    everyone = [cast.submitter, cast.chair, cast.member, cast.supporter, cast.follower]
    everyone += [cast.coordinator, cast.outsider]
    for message in mail.outbox:
        text = "\n".join(
            [message.subject, message.body, message.alternatives[0][0], str(message.message())]
        )
        for person in everyone:
            if [person.email] == message.to:
                continue
            assert person.email not in text
            for name in person.name.split():
                assert name not in text
