"""Comments: plain text shown inert, the personal data guard, a rate limit, a short edit window
for the author only, and reports to the moderators."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext

from ideas.lifecycle import State
from ideas.models import Comment, ContentReport, Suggestion
from ideas.ratelimits import COMMENTS
from popsote.core.ratelimit import Rate
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import (
    detail_url,
    login_url,
    make_comment,
    make_suggestion,
    url,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
# A checksum-valid personal identity code (the tax administration's example).
IDENTITY_CODE = "131052-308T"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def post_comment(client, suggestion, body, *, language="en", **extra):
    address = url("comment", suggestion.reference, language=language)
    return client.post(address, {"body": body}, **extra)


# --- Writing ---------------------------------------------------------------------------------


def test_it_publishes_a_comment_and_returns_to_it(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)

    response = post_comment(client_for(other_resident), suggestion, "  Sama juttu meillä.  ")

    comment = Comment.objects.get(suggestion=suggestion)
    assert response.status_code == 302
    assert response.url == f"{detail_url(suggestion)}#comment-{comment.pk}"
    assert comment.body == "Sama juttu meillä."
    assert comment.author == other_resident
    assert Suggestion.objects.get(pk=suggestion.pk).comment_count == 1
    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    shown = page.by_id(f"comment-{comment.pk}")
    assert "Sama juttu meillä." in shown.text
    # Others see the stakeholder group, not the name.
    assert "Resident" in shown.text and "Olli" not in shown.text


def test_it_renders_markup_in_a_comment_inert_and_keeps_line_breaks(client_for, other_resident):
    suggestion = make_suggestion()
    body = "<script>alert('x')</script>\nToinen rivi <img src=x onerror=alert(1)>"
    post_comment(client_for(other_resident), suggestion, body)

    response = client_for(None).get(detail_url(suggestion))

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>"
        "Toinen rivi &lt;img src=x onerror=alert(1)&gt;" in html
    )
    page = parse(html)
    comment_body = page.find(class_="comment__body")
    assert comment_body.find("script") is None
    assert comment_body.find("img") is None
    assert [e for e in page.iter() if any(a.startswith("on") for a in e.attrs)] == []


def test_it_refuses_a_personal_identity_code_and_keeps_the_text(client_for, other_resident):
    suggestion = make_suggestion()
    body = f"Äitini {IDENTITY_CODE} odotti kaksi tuntia."

    response = post_comment(client_for(other_resident), suggestion, body)

    assert response.status_code == 200
    assert not Comment.objects.exists()
    page = parse(response.content)
    assert accessibility_problems(page) == []
    field_error = page.by_id("id_body_error")
    assert "personal identity code" in field_error.text
    assert page.find("textarea", name="body").text == body
    assert "id_body_error" in page.find("textarea", name="body").get("aria-describedby")


def test_it_asks_for_a_comment_when_it_is_empty(client_for, other_resident):
    suggestion = make_suggestion()

    response = post_comment(client_for(other_resident), suggestion, "   ", language="fi")

    assert response.status_code == 200
    # A page without a prefix is Finnish, its error messages too.
    with translation.override("fi"):
        expected = gettext("Write a comment first.")
    assert expected != "Write a comment first."
    assert expected in parse(response.content).by_id("id_body_error").text
    assert not Comment.objects.exists()


def test_it_limits_a_person_to_twenty_comments_an_hour(client_for, other_resident, professional):
    suggestion = make_suggestion()
    client = client_for(other_resident)
    for number in range(COMMENTS.limit):
        assert post_comment(client, suggestion, f"Kommentti {number}").status_code == 302

    refused = post_comment(client, suggestion, "Vielä yksi")

    assert Rate(limit=20, period=3600) == COMMENTS
    assert refused.status_code == 429
    assert "Try again in an hour" in parse(refused.content).find(class_="error-summary").text
    assert parse(refused.content).find("textarea", name="body").text == "Vielä yksi"
    assert Comment.objects.filter(author=other_resident).count() == 20
    # Another person is not held back by it.
    assert post_comment(client_for(professional), suggestion, "Minä myös").status_code == 302


def test_it_swaps_the_thread_for_htmx(client_for, other_resident):
    suggestion = make_suggestion()
    client = client_for(other_resident)

    response = post_comment(client, suggestion, "Hyvä idea", **HTMX)

    fragment = parse(response.content)
    assert response.status_code == 200
    assert fragment.find("main") is None
    assert "Hyvä idea" in fragment.find(class_="comment-list").text
    assert fragment.find("textarea", name="body").text == ""
    assert fragment.by_id("comments-status").get("hx-swap-oob") == "innerHTML"

    invalid = post_comment(client, suggestion, f"Hetu {IDENTITY_CODE}", **HTMX)
    # htmx swaps only 2xx answers: the errors must come back as one.
    assert invalid.status_code == 200
    assert parse(invalid.content).by_id("id_body_error") is not None


@pytest.mark.parametrize("state", [State.WITHDRAWN, State.MERGED])
def test_it_takes_no_comments_when_the_state_is_closed(client_for, other_resident, state):
    suggestion = make_suggestion(state=state)

    response = post_comment(client_for(other_resident), suggestion, "Myöhässä")

    assert response.status_code == 409
    assert not Comment.objects.exists()
    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    assert page.find("form", action=url("comment", suggestion.reference)) is None


def test_it_sends_a_signed_out_commenter_to_sign_in(client):
    suggestion = make_suggestion()

    response = post_comment(client, suggestion, "Anonyymi")

    assert response.url == login_url(detail_url(suggestion))
    assert not Comment.objects.exists()


# --- Editing ---------------------------------------------------------------------------------


def edit(client, comment, body, **extra):
    return client.post(
        url("comment_edit", comment.suggestion.reference, comment.pk), {"edit-body": body}, **extra
    )


def test_it_lets_the_author_edit_within_the_window(client_for, other_resident):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Alkuperäinen")
    client = client_for(other_resident)

    form_page = client.get(url("comment_edit", suggestion.reference, comment.pk))
    assert form_page.status_code == 200
    assert accessibility_problems(parse(form_page.content)) == []
    assert parse(form_page.content).find("textarea").text == "Alkuperäinen"

    response = edit(client, comment, "Korjattu")

    comment.refresh_from_db()
    assert response.status_code == 302
    assert response.url == f"{detail_url(suggestion)}#comment-{comment.pk}"
    assert comment.body == "Korjattu"
    assert comment.edited_at is not None
    shown = parse(client.get(detail_url(suggestion)).content).by_id(f"comment-{comment.pk}")
    assert "edited" in shown.text


def test_it_offers_the_edit_link_only_to_the_author_within_the_window(
    client_for, other_resident, professional
):
    suggestion = make_suggestion()
    fresh = make_comment(suggestion, other_resident, "Tuore")
    old = make_comment(
        suggestion, other_resident, "Vanha", age=timedelta(minutes=Comment.EDIT_WINDOW_MINUTES)
    )

    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    assert page.by_id(f"comment-{fresh.pk}").find(
        "a", href=url("comment_edit", suggestion.reference, fresh.pk)
    )
    assert (
        page.by_id(f"comment-{old.pk}").find(
            "a", href=url("comment_edit", suggestion.reference, old.pk)
        )
        is None
    )
    page = parse(client_for(professional).get(detail_url(suggestion)).content)
    assert (
        page.by_id(f"comment-{fresh.pk}").find(
            "a", href=url("comment_edit", suggestion.reference, fresh.pk)
        )
        is None
    )


def test_it_refuses_an_edit_after_the_window(client_for, other_resident):
    suggestion = make_suggestion()
    comment = make_comment(
        suggestion,
        other_resident,
        "Vanha",
        age=timedelta(minutes=Comment.EDIT_WINDOW_MINUTES, seconds=1),
    )

    response = edit(client_for(other_resident), comment, "Liian myöhään")

    comment.refresh_from_db()
    assert response.status_code == 403
    assert "minutes" in parse(response.content).find("main").text
    assert comment.body == "Vanha"
    assert comment.edited_at is None


def test_it_refuses_an_edit_by_anyone_but_the_author(client_for, other_resident, coordinator):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Oma")

    for person in (coordinator,):
        assert edit(client_for(person), comment, "Vieras").status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Oma"


def test_it_applies_the_personal_data_guard_to_an_edit(client_for, other_resident):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Oma")

    response = edit(client_for(other_resident), comment, f"Hetu {IDENTITY_CODE}")

    comment.refresh_from_db()
    assert response.status_code == 200
    assert "personal identity code" in parse(response.content).by_id("id_edit-body_error").text
    assert comment.body == "Oma"


def test_it_answers_404_for_a_comment_of_another_suggestion(client_for, other_resident):
    comment = make_comment(make_suggestion(), other_resident)
    other = make_suggestion(title="Toinen")

    response = client_for(other_resident).get(url("comment_edit", other.reference, comment.pk))

    assert response.status_code == 404


def test_it_edits_in_place_with_htmx(client_for, other_resident):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Alku")
    client = client_for(other_resident)

    form = parse(client.get(url("comment_edit", suggestion.reference, comment.pk), **HTMX).content)
    item = form.find("li", id=f"comment-{comment.pk}")
    assert item.find("form").get("hx-target") == f"#comment-{comment.pk}"
    assert item.find("textarea", name="edit-body").text == "Alku"

    saved = parse(edit(client, comment, "Loppu", **HTMX).content)
    assert "Loppu" in saved.find("li", id=f"comment-{comment.pk}").text
    assert saved.by_id("comments-status").get("hx-swap-oob") == "innerHTML"


# --- Hidden comments -------------------------------------------------------------------------


def test_it_shows_a_hidden_comment_as_removed_except_to_coordinators(
    client_for, other_resident, coordinator
):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Loukkaava teksti")
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True, hidden_reason="Asiaton")

    for person in (None, other_resident):
        shown = parse(client_for(person).get(detail_url(suggestion)).content).by_id(
            f"comment-{comment.pk}"
        )
        assert "removed by a moderator" in shown.text
        assert "Loukkaava" not in shown.text
    shown = parse(client_for(coordinator).get(detail_url(suggestion)).content).by_id(
        f"comment-{comment.pk}"
    )
    assert "Loukkaava teksti" in shown.text and "Asiaton" in shown.text


# --- Reports ---------------------------------------------------------------------------------


def test_it_takes_a_report_of_a_comment_with_a_reason(client_for, other_resident, professional):
    suggestion = make_suggestion()
    comment = make_comment(suggestion, other_resident, "Mainos: osta tästä")
    client = client_for(professional)
    address = f"{url('report', suggestion.reference)}?comment={comment.pk}"

    form_page = client.get(address)
    page = parse(form_page.content)
    assert form_page.status_code == 200
    assert accessibility_problems(page) == []
    assert "Mainos: osta tästä" in page.find("blockquote").text
    assert page.find("main").find("form", method="post").get("action") == address

    empty = client.post(address, {"reason": "  "})
    assert empty.status_code == 200
    assert parse(empty.content).by_id("id_reason_error") is not None
    assert not ContentReport.objects.exists()

    response = client.post(address, {"reason": "Mainontaa"})
    report = ContentReport.objects.get()
    assert response.url == f"{detail_url(suggestion)}#comment-{comment.pk}"
    assert (report.comment, report.suggestion, report.reporter, report.reason) == (
        comment,
        None,
        professional,
        "Mainontaa",
    )


def test_it_takes_a_report_of_the_suggestion(client_for, professional):
    suggestion = make_suggestion()

    response = client_for(professional).post(
        url("report", suggestion.reference), {"reason": "Roskaa"}
    )

    report = ContentReport.objects.get()
    assert response.status_code == 302
    assert (report.suggestion, report.comment) == (suggestion, None)


@pytest.mark.parametrize("comment_param", ["abc", "999999", "hidden", "foreign"])
def test_it_answers_404_for_a_comment_that_cannot_be_reported(
    client_for, other_resident, professional, comment_param
):
    suggestion = make_suggestion()
    hidden = make_comment(suggestion, other_resident)
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)
    foreign = make_comment(make_suggestion(title="Toinen"), other_resident)
    value = {"hidden": hidden.pk, "foreign": foreign.pk}.get(comment_param, comment_param)

    response = client_for(professional).post(
        f"{url('report', suggestion.reference)}?comment={value}", {"reason": "x"}
    )

    assert response.status_code == 404
    assert not ContentReport.objects.exists()


def test_it_sends_a_signed_out_reporter_to_sign_in_and_back_to_the_form(client):
    suggestion = make_suggestion()
    address = url("report", suggestion.reference)

    response = client.get(address)

    assert response.url == login_url(address)
