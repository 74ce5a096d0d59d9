"""A signed-out submitter's tracking link is in every mail they get and in no table: the
database alone (a dump, a leaked backup) gives nobody a working link. Notifications store a
placeholder, and delivery asks the ideas app for the link when it renders the mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from ideas.lifecycle import Action
from ideas.models import Suggestion
from popsote.notifications import delivery
from popsote.notifications.models import PRIVATE_LINK, EmailState, Notification
from tests.factories import make_group, submit
from tests.notifications.helpers import move

pytestmark = pytest.mark.django_db

ADDRESS = "maija@example.fi"


def database_dump() -> str:
    """Every row of every table, as text: what a dump of the database holds."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # The names come from the database's own catalogue, quoted.
            name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT row_to_json(t)::text FROM {name} t")  # noqa: S608
            rows.extend(row for (row,) in cursor.fetchall())
    return "\n".join(rows)


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_the_mails_carry_the_link_that_no_table_holds(
    make_user, coordinator, django_capture_on_commit_callbacks
):
    chair = make_user("chair@example.fi", stakeholder="professional")
    # Submitted from an English page, the suggestion's text in Swedish.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        suggestion = submit(email=ADDRESS, language="sv").suggestion
    group = make_group(chair=chair)
    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.ROUTE, actor=coordinator, group=group)
    with django_capture_on_commit_callbacks(execute=True):
        move(suggestion, Action.ACCEPT, actor=chair)
    token = suggestion.tracking_token()

    rows = Notification.objects.filter(email=ADDRESS).order_by("id")
    assert [row.email_state for row in rows] == [EmailState.SENT] * 3
    dump = database_dump()
    assert suggestion.reference in dump and ADDRESS in dump  # the dump holds the rows
    assert token not in dump
    for row in rows:
        assert {text["url"] for text in row.texts.values()} == {PRIVATE_LINK}

    received, routed, accepted = mails_to(ADDRESS)
    # The tracking mail in the page's language, the later ones in the suggestion's.
    for message, language in ((received, "en"), (routed, "sv"), (accepted, "sv")):
        link = f"/{language}/track/{token}/"
        assert link in message.body
        assert f'{link}"' in message.alternatives[0][0]
        assert PRIVATE_LINK not in message.body


def test_the_tracking_mail_says_what_it_always_said(django_capture_on_commit_callbacks):
    with translation.override("fi"), django_capture_on_commit_callbacks(execute=True):
        suggestion = submit(email=ADDRESS, title="Iltavastaanotto").suggestion

    (message,) = mails_to(ADDRESS)
    assert message.subject == f"Ehdotuksesi {suggestion.reference} on vastaanotettu"
    assert "Kiitos kehittämisehdotuksestasi ”Iltavastaanotto”." in message.body
    assert f"Tunniste: {suggestion.reference}" in message.body
    assert f"/track/{suggestion.tracking_token()}/" in message.body
    assert "Pidä linkki itselläsi" in message.body
    assert message.extra_headers["Content-Language"] == "fi"


def test_it_does_not_send_a_mail_whose_link_is_gone(django_capture_on_commit_callbacks):
    suggestion = submit(
        email=ADDRESS
    ).suggestion  # its mail not yet sent (the commit is still to come)
    Suggestion.objects.filter(pk=suggestion.pk).delete()

    assert delivery.deliver_pending() == {"skipped": 1}
    assert mail.outbox == []
