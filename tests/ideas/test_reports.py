"""Reporting content: once per person while the report is open, never one's own, and the
migration that made it so."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection

from ideas.models import ContentReport
from ideas.services.community import AlreadyReported, content_report
from popsote.notifications.models import Notification
from tests.ideas.community import detail_url, make_comment, make_report, make_suggestion, url

pytestmark = pytest.mark.django_db

OPEN = ContentReport.Resolution.OPEN


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def report_page(suggestion, comment=None) -> str:
    address = url("report", suggestion.reference)
    return f"{address}?comment={comment.pk}" if comment else address


@pytest.mark.parametrize("target", ["suggestion", "comment"])
def test_it_takes_a_second_report_of_the_same_thing_as_the_first(
    client_for, resident, other_resident, coordinator, target
):
    suggestion = make_suggestion(submitter=other_resident)
    comment = make_comment(suggestion, other_resident) if target == "comment" else None
    client = client_for(resident)

    first = client.post(report_page(suggestion, comment), {"reason": "Asiaton"})
    second = client.post(report_page(suggestion, comment), {"reason": "Yhä asiaton"})

    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert ContentReport.objects.count() == 1
    assert ContentReport.objects.get().reason == "Asiaton"
    told = Notification.objects.filter(recipient=coordinator, kind__startswith="content.")
    assert told.count() == 1
    said = [str(message) for message in get_messages(second.wsgi_request)]
    assert said[-1] == "You have already reported this. The moderators will look at it."


def test_it_says_so_before_the_reason_is_written_again(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=other_resident)
    comment = make_comment(suggestion, other_resident)
    content_report(actor=resident, reason="Asiaton", comment=comment)

    again = client_for(resident).get(report_page(suggestion, comment))
    other_content = client_for(resident).get(report_page(suggestion))

    assert again.status_code == 302
    assert again.url == f"{detail_url(suggestion)}#comment-{comment.pk}"
    said = [str(message) for message in get_messages(again.wsgi_request)]
    assert said == ["You have already reported this. The moderators will look at it."]
    assert other_content.status_code == 200  # the suggestion itself is another thing


def test_the_service_refuses_a_repeat_with_the_earlier_report(resident, other_resident):
    suggestion = make_suggestion(submitter=other_resident)
    first = content_report(actor=resident, reason="Asiaton", suggestion=suggestion)

    with pytest.raises(AlreadyReported) as already:
        content_report(actor=resident, reason="Uudestaan", suggestion=suggestion)

    assert already.value.report == first
    assert ContentReport.objects.count() == 1


def test_it_takes_a_new_report_once_the_first_was_resolved(resident, other_resident):
    suggestion = make_suggestion(submitter=other_resident)
    comment = make_comment(suggestion, other_resident)
    first = content_report(actor=resident, reason="Asiaton", comment=comment)
    ContentReport.objects.filter(pk=first.pk).update(resolution=ContentReport.Resolution.DISMISSED)

    again = content_report(actor=resident, reason="Muokattu asiattomaksi", comment=comment)

    assert again.pk != first.pk and again.resolution == OPEN


def test_it_counts_each_persons_report_of_the_same_thing(resident, other_resident, make_user):
    suggestion = make_suggestion(submitter=make_user("author@example.fi"))

    content_report(actor=resident, reason="Asiaton", suggestion=suggestion)
    content_report(actor=other_resident, reason="Asiaton", suggestion=suggestion)

    assert ContentReport.objects.count() == 2


@pytest.mark.parametrize("target", ["suggestion", "comment"])
def test_the_service_refuses_ones_own_content(resident, target):
    suggestion = make_suggestion(submitter=resident)
    comment = make_comment(suggestion, resident) if target == "comment" else None

    with pytest.raises(PermissionDenied):
        content_report(
            actor=resident,
            reason="Asiaton",
            suggestion=None if comment else suggestion,
            comment=comment,
        )
    assert not ContentReport.objects.exists()


def test_it_offers_the_report_link_only_for_someone_elses_content(
    client_for, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)
    mine = make_comment(suggestion, resident, "Oma kommentti")
    theirs = make_comment(suggestion, other_resident, "Toisen kommentti")

    as_author = client_for(resident).get(detail_url(suggestion)).content.decode()
    as_other = client_for(other_resident).get(detail_url(suggestion)).content.decode()

    assert f'href="{report_page(suggestion, theirs)}"' in as_author
    assert f'href="{report_page(suggestion, mine)}"' not in as_author
    assert f'href="{report_page(suggestion)}"' not in as_author
    assert f'href="{report_page(suggestion, mine)}"' in as_other
    assert f'href="{report_page(suggestion, theirs)}"' not in as_other
    assert f'href="{report_page(suggestion)}"' in as_other


def test_it_says_why_ones_own_comment_cannot_be_reported(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=other_resident)
    mine = make_comment(suggestion, resident)

    response = client_for(resident).get(report_page(suggestion, mine))

    assert response.status_code == 403
    assert "This is your own comment" in response.content.decode()


def test_the_migration_merges_a_persons_repeated_open_reports(resident, other_resident):
    migration = importlib.import_module("ideas.migrations.0006_report_open_once_per_person")
    suggestion = make_suggestion(submitter=other_resident)
    comment = make_comment(suggestion, other_resident)
    # The rows the constraint now forbids, as they were before it (the test's transaction
    # puts the constraint back).
    with connection.schema_editor() as editor:
        for constraint in ContentReport._meta.constraints[1:]:
            editor.remove_constraint(ContentReport, constraint)
    first = make_report(reporter=resident, suggestion=suggestion, reason="Asiaton")
    make_report(reporter=resident, suggestion=suggestion, reason="Asiaton")
    make_report(reporter=resident, suggestion=suggestion, reason="Loukkaava")
    on_comment = make_report(reporter=resident, comment=comment)
    make_report(reporter=other_resident, suggestion=suggestion)
    resolved = make_report(reporter=resident, suggestion=suggestion)
    ContentReport.objects.filter(pk=resolved.pk).update(
        resolution=ContentReport.Resolution.DISMISSED
    )

    migration.merge_repeated_reports(apps, None)

    kept = ContentReport.objects.filter(reporter=resident, suggestion=suggestion, resolution=OPEN)
    assert list(kept.values_list("pk", "reason")) == [(first.pk, "Asiaton\n\nLoukkaava")]
    assert ContentReport.objects.filter(pk__in=[on_comment.pk, resolved.pk]).count() == 2
    assert ContentReport.objects.filter(reporter=other_resident).count() == 1
