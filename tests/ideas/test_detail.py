"""The suggestion page: what it shows, to whom, and in how many queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import Follow, Suggestion, SuggestionEvent, Support
from popsote.taxonomy.models import StrategyTheme
from processing_groups.models import HandlerGroup, Membership
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import (
    detail_url,
    make_challenge,
    make_comment,
    make_suggestion,
    quick_user,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    return HandlerGroup.objects.create(
        name="Oulun ikäihmiset", slug="oulu-ikaihmiset", type="regional"
    )


@pytest.fixture
def handler(make_user, group):
    user = make_user("handler@example.fi", stakeholder="professional", name="Hanna Handler")
    Membership.objects.create(group=group, user=user)
    return user


def test_it_shows_the_content_state_and_facts(client, resident):
    challenge = make_challenge()
    suggestion = make_suggestion(
        submitter=resident,
        proposed_solution="Pidemmät käynnit.",
        beneficiaries="Ikäihmiset ja omaiset",
        challenge=challenge,
        themes=StrategyTheme.objects.filter(code="for-people"),
    )
    # A page without a prefix is Finnish: the state and the terms read in Finnish.
    response = client.get(detail_url(suggestion, language="fi"))

    assert response.status_code == 200
    page = parse(response.content)
    assert accessibility_problems(page) == []
    assert page.find("html").get("lang") == "fi"
    assert page.find("h1").text == suggestion.title
    assert page.find("h1").get("lang") == "fi"
    main = page.find("main")
    assert "Kotihoidon iltakäynnit ovat liian lyhyitä." in main.text
    assert "Pidemmät käynnit." in main.text
    assert "Ikäihmiset ja omaiset" in main.text
    with translation.override("fi"):
        assert page.find(class_="state-badge").text == str(State.RECEIVED.label)
        challenge_address = challenge.get_absolute_url()
    facts = page.find("dl", class_="facts").text
    for expected in ("Oulu", "Tarve tai ongelma", "Ikääntyneiden palvelut", "Ihmistä varten"):
        assert expected in facts
    assert page.find("a", href=challenge_address) is not None
    # The public sees the stakeholder group, not the name.
    assert "Asukas" in facts
    assert "Riikka" not in response.content.decode()


def test_it_shows_the_name_only_when_the_submitter_chose_to(client, resident):
    suggestion = make_suggestion(submitter=resident, show_submitter_name=True)

    facts = parse(client.get(detail_url(suggestion)).content).find("dl", class_="facts").text

    assert "Riikka Resident" in facts


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_it_renders_in_each_language(client, language, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)
    make_comment(suggestion, other_resident)
    response = client.get(url("detail", suggestion.reference, language=language))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.find("html").get("lang") == language
    assert accessibility_problems(page) == []


def test_it_answers_404_for_a_missing_reference(client):
    assert client.get(url("detail", "2026-999999")).status_code == 404


@pytest.mark.parametrize("flag", ["is_private", "is_hidden"])
def test_it_answers_404_to_the_public_for_private_and_hidden_ones(
    client_for, resident, other_resident, flag
):
    suggestion = make_suggestion(submitter=resident, **{flag: True})

    assert client_for(None).get(detail_url(suggestion)).status_code == 404
    assert client_for(other_resident).get(detail_url(suggestion)).status_code == 404


def test_it_shows_a_hidden_suggestion_to_its_author_and_handlers_with_a_notice(
    client_for, resident, coordinator, handler, group
):
    suggestion = make_suggestion(submitter=resident, is_hidden=True)
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group)

    for person in (resident, handler, coordinator):
        response = client_for(person).get(detail_url(suggestion))
        assert response.status_code == 200
        assert (
            "A moderator has hidden this suggestion from the public." in response.content.decode()
        )


def test_it_shows_internal_notes_only_to_the_group_and_coordinators(
    client_for, resident, other_resident, coordinator, handler, group
):
    suggestion = make_suggestion(submitter=resident)
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group)
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=Action.ROUTE,
        from_state=State.RECEIVED,
        to_state=State.IN_PROCESSING,
        public_message="Käsittelyssä Oulun ryhmässä.",
        internal_note="Soitetaan kotihoidon esihenkilölle.",
    )
    SuggestionEvent.objects.create(
        suggestion=suggestion, action=Action.HIDE, internal_note="Tarkistus", is_public=False
    )

    for person in (None, resident, other_resident):
        body = client_for(person).get(detail_url(suggestion)).content.decode()
        assert "Käsittelyssä Oulun ryhmässä." in body
        assert "Soitetaan kotihoidon esihenkilölle." not in body
        assert "Tarkistus" not in body
        assert "Internal" not in body
    for person in (handler, coordinator):
        page = parse(client_for(person).get(detail_url(suggestion)).content)
        internal = page.find_all(class_="timeline__event--internal")
        assert [e.text for e in internal if "Tarkistus" in e.text]
        note = page.find(class_="timeline__note")
        assert "Soitetaan kotihoidon esihenkilölle." in note.text
        assert "Internal" in note.text


def test_it_points_a_merged_suggestion_to_its_target(client):
    suggestion = make_suggestion(state=State.MERGED)

    page = parse(client.get(detail_url(suggestion)).content)

    notice = page.by_id("merged-notice")
    assert notice is not None
    link = notice.find("a")
    assert link.get("href") == suggestion.merged_into.get_absolute_url()
    # It comes before the content, where nobody can miss it.
    assert page.find("main").text.index(notice.text) < page.find("main").text.index(
        "Kotihoidon iltakäynnit ovat liian lyhyitä."
    )


def test_it_hides_the_link_to_a_merge_target_the_person_may_not_see(client):
    suggestion = make_suggestion(state=State.MERGED)
    Suggestion.objects.filter(pk=suggestion.merged_into_id).update(is_private=True)

    notice = parse(client.get(detail_url(suggestion)).content).by_id("merged-notice")

    assert notice.find("a") is None


def test_it_offers_signed_out_people_sign_in_links_back_to_the_page(client):
    suggestion = make_suggestion()

    page = parse(client.get(detail_url(suggestion)).content)

    hrefs = [a.get("href") for a in page.find_all("a")]
    assert f"/en/accounts/login/?next={detail_url(suggestion)}" in hrefs
    assert f"/en/accounts/login/?next={detail_url(suggestion)}%23comments" in hrefs
    assert page.find("form", action=url("support", suggestion.reference)) is None
    assert page.find("form", action=url("comment", suggestion.reference)) is None


def test_it_shows_the_support_button_and_count_to_a_signed_in_person(
    client_for, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=3)

    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)

    region = page.by_id("support-region")
    assert "3" in region.find(class_="support-count").text
    form = region.find("form", action=url("support", suggestion.reference))
    assert form.get("hx-post") == form.get("action")
    assert form.get("method") == "post"
    assert page.by_id("support-status").get("aria-live") == "polite"


def test_it_explains_why_the_author_cannot_support(client_for, resident):
    suggestion = make_suggestion(submitter=resident)

    region = parse(client_for(resident).get(detail_url(suggestion)).content).by_id("support-region")

    assert region.find("form") is None
    assert "your own suggestion" in region.text


def test_it_offers_withdrawal_to_the_author_while_open(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)
    withdraw = url("withdraw", suggestion.reference)

    own_page = parse(client_for(resident).get(detail_url(suggestion)).content)
    assert own_page.find("form", action=withdraw).get("method") == "post"
    assert accessibility_problems(own_page) == []
    assert not parse(client_for(other_resident).get(detail_url(suggestion)).content).find(
        "form", action=withdraw
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.ACCEPTED)
    assert not parse(client_for(resident).get(detail_url(suggestion)).content).find(
        "form", action=withdraw
    )


def test_it_lists_attachments_with_links(client, resident):
    from ideas.models import Attachment

    suggestion = make_suggestion(submitter=resident)
    Attachment.objects.create(
        suggestion=suggestion,
        token="abc123",
        file="attachments/x/abc123.pdf",
        original_name="kuvaus.pdf",
        content_type="application/pdf",
        extension=".pdf",
        size=2048,
    )

    page = parse(client.get(detail_url(suggestion)).content)

    link = page.find("a", href=url("attachment", suggestion.reference, "abc123"))
    assert link is not None and link.text == "kuvaus.pdf"


def test_it_marks_the_follow_state(client_for, resident, other_resident):
    suggestion = make_suggestion(submitter=resident)

    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    assert page.by_id("follow-region").find("input", name="action").get("value") == "follow"

    Follow.objects.create(suggestion=suggestion, user=other_resident)
    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)
    assert page.by_id("follow-region").find("input", name="action").get("value") == "unfollow"


def _fill(suggestion, rows: int):
    for number in range(rows):
        person = quick_user(f"p{rows}-{number}@example.fi")
        Support.objects.create(suggestion=suggestion, user=person)
        make_comment(suggestion, person, f"Kommentti {number}", age=timedelta(minutes=number))
        SuggestionEvent.objects.create(
            suggestion=suggestion, action=Action.TRANSFER, public_message=f"Siirto {number}"
        )


@pytest.mark.parametrize("who", ["anonymous", "other_resident", "coordinator"])
def test_it_reads_the_page_in_the_same_number_of_queries_however_long_the_thread(
    client_for, django_assert_num_queries, who, request
):
    person = None if who == "anonymous" else request.getfixturevalue(who)
    few, many = make_suggestion(title="Vähän"), make_suggestion(title="Paljon")
    _fill(few, 3)
    _fill(many, 30)
    client = client_for(person)
    client.get(detail_url(few))  # warm the session and per-process caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few_queries:
        assert client.get(detail_url(few)).status_code == 200
    with django_assert_num_queries(len(few_queries)):
        response = client.get(detail_url(many))
    assert response.content.decode().count('class="comment"') == 30
    # A handler's page also loads the handler panel: groups, reasons, members, evaluation.
    assert len(few_queries) <= (20 if who == "coordinator" else 12)
