"""Moderation: the coordinators' queue of reports, and hiding, restoring and dismissing with a
reason recorded as an event. Nobody else learns that the pages exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.lifecycle import Action
from ideas.models import Comment, ContentReport, Suggestion, SuggestionEvent
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import (
    detail_url,
    make_comment,
    make_report,
    make_suggestion,
    quick_user,
    url,
)

pytestmark = pytest.mark.django_db

OPEN = ContentReport.Resolution.OPEN


def moderate(client, target, pk, **data):
    return client.post(url("moderate", target, pk), data)


# --- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "resident", "member", "professional"])
def test_it_answers_404_to_everyone_but_coordinators(client_for, request, who):
    person = None if who == "anonymous" else request.getfixturevalue(who)
    suggestion = make_suggestion()
    comment = make_comment(suggestion, quick_user("c@example.fi"))
    make_report(reporter=None, suggestion=suggestion)
    client = client_for(person)

    assert client.get(url("moderation")).status_code == 404
    assert client.get(url("moderate", "suggestion", suggestion.pk)).status_code == 404
    for target, pk in (("suggestion", suggestion.pk), ("comment", comment.pk)):
        for action in ("hide", "restore", "dismiss"):
            response = moderate(client, target, pk, action=action, reason="Syy")
            assert response.status_code == 404
    assert not Suggestion.objects.get(pk=suggestion.pk).is_hidden
    assert not Comment.objects.get(pk=comment.pk).is_hidden
    assert ContentReport.objects.get().resolution == OPEN
    assert not SuggestionEvent.objects.filter(action__in=[Action.HIDE, Action.RESTORE]).exists()


def test_it_answers_404_for_an_unknown_target(client_for, coordinator):
    client = client_for(coordinator)

    assert client.get(url("moderate", "user", 1)).status_code == 404
    assert client.get(url("moderate", "comment", 999999)).status_code == 404


# --- The queue ---------------------------------------------------------------------------------


def test_it_lists_open_reports_oldest_first_grouped_per_target(client_for, coordinator, resident):
    older = make_suggestion(title="Vanhempi")
    newer = make_suggestion(title="Uudempi")
    comment = make_comment(newer, resident, "Loukkaava kommentti")
    first = make_report(reporter=resident, suggestion=older, reason="Ensimmäinen syy")
    make_report(reporter=resident, comment=comment, reason="Kommentin syy")
    make_report(reporter=coordinator, suggestion=older, reason="Toinen syy")
    handled = make_report(reporter=resident, suggestion=newer, reason="Jo käsitelty")
    ContentReport.objects.filter(pk=handled.pk).update(
        resolution=ContentReport.Resolution.DISMISSED
    )
    ContentReport.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))

    response = client_for(coordinator).get(url("moderation"))

    page = parse(response.content)
    assert response.status_code == 200
    assert accessibility_problems(page) == []
    items = page.by_id("queue-title").parent.find_all("article", class_="moderation-item")
    assert len(items) == 2
    assert "Vanhempi" in items[0].text
    assert "Ensimmäinen syy" in items[0].text and "Toinen syy" in items[0].text
    assert "Loukkaava kommentti" in items[1].text and "Kommentin syy" in items[1].text
    assert "Jo käsitelty" not in page.text
    assert items[0].find("form").get("action") == url("moderate", "suggestion", older.pk)
    assert items[1].find("form").get("action") == url("moderate", "comment", comment.pk)


def _reports(count: int, tag: str):
    for number in range(count):
        suggestion = make_suggestion(title=f"{tag} {number}")
        author = quick_user(f"{tag}-{number}@example.fi")
        comment = make_comment(suggestion, author, "Kommentti")
        make_report(reporter=author, suggestion=suggestion)
        make_report(reporter=author, comment=comment)


def test_it_reads_the_queue_in_the_same_number_of_queries_however_many_reports(
    client_for, coordinator, django_assert_num_queries
):
    client = client_for(coordinator)
    _reports(3, "few")
    client.get(url("moderation"))
    with CaptureQueriesContext(connection) as few:
        client.get(url("moderation"))
    _reports(27, "many")

    with django_assert_num_queries(len(few)):
        response = client.get(url("moderation"))
    assert response.content.decode().count('class="moderation-item"') == 60


# --- Hide, restore, dismiss ------------------------------------------------------------------


def test_it_hides_a_comment_with_a_reason_as_an_event(client_for, coordinator, resident):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, resident, "Loukkaava")
    report = make_report(reporter=resident, comment=comment)

    response = moderate(
        client_for(coordinator), "comment", comment.pk, action="hide", reason="Loukkaa"
    )

    assert response.status_code == 302
    assert response.url == url("moderation")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Loukkaa"
    report.refresh_from_db()
    assert report.resolution == ContentReport.Resolution.HIDDEN
    event = SuggestionEvent.objects.get(suggestion=suggestion, action=Action.HIDE)
    assert (event.actor, event.internal_note, event.is_public, event.data) == (
        coordinator,
        "Loukkaa",
        False,
        {"comment": comment.pk},
    )
    shown = parse(client_for(None).get(detail_url(suggestion)).content).by_id(
        f"comment-{comment.pk}"
    )
    assert "removed by a moderator" in shown.text


def test_it_hides_a_suggestion_from_the_public_but_not_from_its_author(
    client_for, coordinator, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)

    moderate(client_for(coordinator), "suggestion", suggestion.pk, action="hide", reason="Asiaton")

    assert Suggestion.objects.get(pk=suggestion.pk).is_hidden
    assert client_for(None).get(detail_url(suggestion)).status_code == 404
    assert client_for(other_resident).get(detail_url(suggestion)).status_code == 404
    own = client_for(resident).get(detail_url(suggestion))
    assert own.status_code == 200
    assert "hidden this suggestion" in own.content.decode()
    assert SuggestionEvent.objects.filter(suggestion=suggestion, action=Action.HIDE).count() == 1


def test_it_restores_hidden_content_with_a_reason(client_for, coordinator, resident):
    suggestion = make_suggestion(is_hidden=True)
    comment = make_comment(suggestion, resident)
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="x")
    client = client_for(coordinator)

    moderate(client, "suggestion", suggestion.pk, action="restore", reason="Virhe")
    moderate(client, "comment", comment.pk, action="restore", reason="Virhe")

    assert not Suggestion.objects.get(pk=suggestion.pk).is_hidden
    assert not Comment.objects.get(pk=comment.pk).is_hidden
    assert SuggestionEvent.objects.filter(suggestion=suggestion, action=Action.RESTORE).count() == 2
    assert client_for(None).get(detail_url(suggestion)).status_code == 200


@pytest.mark.parametrize("action", ["hide", "restore"])
def test_it_needs_a_reason_to_hide_or_restore(client_for, coordinator, action):
    suggestion = make_suggestion(is_hidden=action == "restore")

    response = moderate(
        client_for(coordinator), "suggestion", suggestion.pk, action=action, reason=" "
    )

    assert response.status_code == 200
    page = parse(response.content)
    assert accessibility_problems(page) == []
    assert "reason" in page.by_id("id_reason_error").text
    assert Suggestion.objects.get(pk=suggestion.pk).is_hidden is (action == "restore")
    assert not SuggestionEvent.objects.filter(action__in=[Action.HIDE, Action.RESTORE]).exists()


def test_it_offers_only_the_moves_that_fit_the_content(client_for, coordinator):
    visible = make_suggestion()

    response = moderate(
        client_for(coordinator), "suggestion", visible.pk, action="restore", reason="x"
    )

    assert response.status_code == 200
    assert not SuggestionEvent.objects.filter(action=Action.RESTORE).exists()
    values = [i.get("value") for i in parse(response.content).find_all("input", type="radio")]
    assert values == ["hide"]


def test_it_dismisses_the_reports_and_leaves_the_content(client_for, coordinator, resident):
    suggestion = make_suggestion()
    reporters = [resident, quick_user("second-reporter@example.fi")]
    reports = [make_report(reporter=person, suggestion=suggestion) for person in reporters]

    response = moderate(client_for(coordinator), "suggestion", suggestion.pk, action="dismiss")

    assert response.status_code == 302
    for report in reports:
        report.refresh_from_db()
        assert report.resolution == ContentReport.Resolution.DISMISSED
        assert report.resolved_by == coordinator
    assert not Suggestion.objects.get(pk=suggestion.pk).is_hidden
    queue = parse(client_for(coordinator).get(url("moderation")).content)
    assert queue.find("article", class_="moderation-item") is None


def test_it_returns_to_a_page_of_ours_but_never_off_site(client_for, coordinator):
    suggestion = make_suggestion()
    client = client_for(coordinator)

    back = moderate(
        client, "suggestion", suggestion.pk, action="hide", reason="x", next=detail_url(suggestion)
    )
    away = moderate(
        client,
        "suggestion",
        suggestion.pk,
        action="restore",
        reason="x",
        next="https://evil.example/",
    )

    assert back.url == detail_url(suggestion)
    assert away.url == url("moderation")


def test_it_lists_content_hidden_after_a_report_for_restoring(client_for, coordinator, resident):
    suggestion = make_suggestion(title="Piilotettu")
    make_report(reporter=resident, suggestion=suggestion)
    client = client_for(coordinator)
    moderate(client, "suggestion", suggestion.pk, action="hide", reason="Asiaton")

    page = parse(client.get(url("moderation")).content)

    hidden = page.by_id("hidden-title").parent.find("article", class_="moderation-item")
    assert "Piilotettu" in hidden.text
    assert hidden.find("button", value="restore") is not None

    moderate(client, "suggestion", suggestion.pk, action="restore", reason="Virhe")
    page = parse(client.get(url("moderation")).content)
    assert page.by_id("hidden-title").parent.find("article", class_="moderation-item") is None


def test_it_shows_coordinators_a_form_with_the_content_and_its_reports(
    client_for, coordinator, resident
):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, resident, "Tämä kommentti")
    make_report(reporter=resident, comment=comment, reason="Syy tähän")

    response = client_for(coordinator).get(f"{url('moderate', 'comment', comment.pk)}?action=hide")

    page = parse(response.content)
    assert response.status_code == 200
    assert accessibility_problems(page) == []
    assert "Tämä kommentti" in page.find("blockquote").text
    assert "Syy tähän" in page.find(class_="report-reasons").text
    assert "checked" in page.find("input", value="hide").attrs
