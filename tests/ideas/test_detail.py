"""The suggestion page: what it shows, to whom, and in how many queries."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import Follow, Suggestion, SuggestionEvent, Support
from popsote.taxonomy.models import StrategyTheme
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import decide
from tests.ideas.community import (
    detail_url,
    make_challenge,
    make_comment,
    make_suggestion,
    quick_user,
    url,
)

pytestmark = pytest.mark.django_db


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
    client_for, resident, coordinator, member, group
):
    suggestion = make_suggestion(submitter=resident, is_hidden=True)
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group)

    for person in (resident, member, coordinator):
        response = client_for(person).get(detail_url(suggestion))
        assert response.status_code == 200
        assert (
            "A moderator has hidden this suggestion from the public." in response.content.decode()
        )


def test_it_shows_internal_notes_only_to_the_group_and_coordinators(
    client_for, resident, other_resident, coordinator, member, group
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
    for person in (member, coordinator):
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


# --- The answer first ---------------------------------------------------------------------------


def position(page, element) -> int:
    """Where ``element`` starts in the document, to compare the order of the page."""
    return next(index for index, node in enumerate(page.iter()) if node is element)


def test_it_shows_the_groups_answer_next_to_the_state_before_the_content(client, group):
    suggestion = make_suggestion()
    Suggestion.objects.filter(pk=suggestion.pk).update(group=group)
    decide(suggestion, Action.ACCEPT, State.ACCEPTED, "Kokeilemme pidempiä käyntejä syksyllä.")

    page = parse(client.get(detail_url(suggestion)).content)

    answer = page.by_id("answer")
    assert answer.find("h2").text == "Answer from Oulun ikäihmiset"
    assert "Kokeilemme pidempiä käyntejä syksyllä." in answer.text
    assert position(page, page.find(class_="state-badge")) < position(page, answer)
    assert position(page, answer) < position(page, page.by_id("need-title"))
    assert accessibility_problems(page) == []


def test_it_answers_with_the_latest_public_message_of_the_decision_or_its_implementation(client):
    suggestion = decide(make_suggestion(), Action.ACCEPT, State.ACCEPTED, "Hyväksytty.")
    SuggestionEvent.objects.create(
        suggestion=suggestion, action=Action.NOTE, internal_note="Sisäinen", is_public=False
    )
    decide(suggestion, Action.START_IMPLEMENTATION, State.IN_IMPLEMENTATION, "Työ alkoi.")
    decide(suggestion, Action.MARK_DEPLOYED, State.DEPLOYED)  # without a message

    answer = parse(client.get(detail_url(suggestion)).content).by_id("answer")

    assert "Työ alkoi." in answer.text
    assert "Hyväksytty." not in answer.text
    # The state beside it says "Deployed"; the answer says which step its message came with.
    assert str(Action.START_IMPLEMENTATION.label) in answer.find(class_="answer__meta").text


def test_it_shows_no_answer_while_the_suggestion_is_open(client):
    suggestion = make_suggestion(state=State.IN_PROCESSING)
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=Action.REQUEST_INFO,
        from_state=State.IN_PROCESSING,
        to_state=State.INFO_REQUESTED,
        public_message="Mihin aikaan käynnit ovat?",
    )

    assert parse(client.get(detail_url(suggestion)).content).by_id("answer") is None


def test_it_links_the_existing_solution_in_the_answer_saying_where_it_leads(client):
    suggestion = decide(
        make_suggestion(),
        Action.EXISTING_SOLUTION,
        State.EXISTING_SOLUTION,
        "Pidemmän käynnin voi jo varata: ohjeet ovat linkissä.",
        solution_link="https://www.pohde.fi/kotihoito/iltakaynnit/",
    )

    answer = parse(client.get(detail_url(suggestion)).content).by_id("answer")

    link = answer.find("a", href="https://www.pohde.fi/kotihoito/iltakaynnit/")
    assert link.text == "Open the existing solution"
    assert "nofollow" in link.get("rel")
    assert "www.pohde.fi" in answer.find(class_="answer__host").text


@pytest.mark.parametrize(
    "stored", ["javascript:alert(1)", "ftp://files.example.fi/ohje.pdf", "www.pohde.fi"]
)
def test_it_makes_no_link_of_a_solution_address_that_is_not_http(client, stored):
    suggestion = decide(
        make_suggestion(),
        Action.EXISTING_SOLUTION,
        State.EXISTING_SOLUTION,
        "Katso ohje.",
        solution_link=stored,
    )

    answer = parse(client.get(detail_url(suggestion)).content).by_id("answer")

    assert answer.find("a") is None
    assert stored not in str(answer)


def test_it_gives_the_reason_of_a_suggestion_not_taken_forward(client):
    from popsote.taxonomy.models import DecisionReason

    reason = DecisionReason.objects.filter(is_active=True).first()
    suggestion = decide(
        make_suggestion(),
        Action.NOT_ADVANCE,
        State.NOT_ADVANCED,
        "Ei resursseja tänä vuonna.",
        not_advanced_reason=reason,
    )

    answer = parse(client.get(detail_url(suggestion)).content).by_id("answer")

    assert f"Reason: {reason.label}" in answer.find(class_="answer__reason").text


def test_it_puts_support_and_follow_before_the_content_and_the_discussion(
    client_for, resident, other_resident
):
    suggestion = make_suggestion(submitter=resident)
    make_comment(suggestion, other_resident)

    page = parse(client_for(other_resident).get(detail_url(suggestion)).content)

    take_part = page.find("aside", aria_label="Take part")
    assert take_part.by_id("support-region").find("button") is not None
    assert take_part.by_id("follow-region").find("button") is not None
    assert position(page, take_part) < position(page, page.by_id("need-title"))
    assert position(page, take_part) < position(page, page.by_id("comments"))
    # The rest (withdrawing, reporting) stays after the suggestion, in a landmark of its own.
    more = page.find("aside", aria_label="More actions")
    assert more.by_id("report") is not None
    assert position(page, page.by_id("comments")) < position(page, more)
    headings = [
        int(element.tag[1])
        for element in page.find("main").iter()
        if element.tag in ("h1", "h2", "h3", "h4")
    ]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(headings))


def test_it_lists_on_the_target_what_was_merged_into_it_that_the_person_may_see(
    client_for, coordinator
):
    target = make_suggestion(title="Iltakäyntien pituus")
    public = make_suggestion(title="Lyhyet iltakäynnit")
    private = make_suggestion(title="Yksityinen iltakäynti", is_private=True)
    Suggestion.objects.filter(pk__in=[public.pk, private.pk]).update(
        state=State.MERGED, merged_into=target
    )

    listed = parse(client_for(None).get(detail_url(target)).content).by_id("merged-into-this")
    links = {a.get("href"): a.text for a in listed.find_all("a")}
    assert links == {detail_url(public): f"{public.reference} Lyhyet iltakäynnit"}

    listed = parse(client_for(coordinator).get(detail_url(target)).content).by_id(
        "merged-into-this"
    )
    assert {a.get("href") for a in listed.find_all("a")} == {
        detail_url(public),
        detail_url(private),
    }


def test_it_lists_nothing_merged_when_the_person_may_see_none_of_it(client):
    target = make_suggestion()
    private = make_suggestion(is_private=True)
    Suggestion.objects.filter(pk=private.pk).update(state=State.MERGED, merged_into=target)

    assert parse(client.get(detail_url(target)).content).by_id("merged-into-this") is None


def test_it_reads_the_answer_and_the_merged_list_without_queries_that_grow(
    client, django_assert_num_queries
):
    plain = make_suggestion(title="Ilman vastausta")
    answered = decide(make_suggestion(), Action.ACCEPT, State.ACCEPTED, "Hyväksytty.")
    few, many = make_suggestion(title="Vähän"), make_suggestion(title="Paljon")
    for target, count in ((few, 1), (many, 8)):
        merged = [make_suggestion(title=f"Sama {n}") for n in range(count)]
        Suggestion.objects.filter(pk__in=[m.pk for m in merged]).update(
            state=State.MERGED, merged_into=target
        )
    client.get(detail_url(plain))  # warm the per-process caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(detail_url(plain))
    # The answer is read off the timeline the page reads anyway.
    with django_assert_num_queries(len(plain_queries)):
        assert b'id="answer"' in client.get(detail_url(answered)).content
    # What was merged costs one query, only on a page that has some, however many.
    with django_assert_num_queries(len(plain_queries) + 1):
        client.get(detail_url(few))
    with django_assert_num_queries(len(plain_queries) + 1):
        response = client.get(detail_url(many))
    assert len(parse(response.content).by_id("merged-into-this").find_all("li")) == 8
