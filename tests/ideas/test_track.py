"""The private tracking page of a signed-out submitter at /track/<token>/."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import Suggestion, SuggestionEvent
from tests.accounts.markup import accessibility_problems, parse
from tests.factories import decide, submit


@pytest.fixture(autouse=True)
def fresh_rate_limits(no_indexing):
    cache.clear()


def track_url(token: str) -> str:
    # The English page, so that the tests read the source strings.
    return f"/en/track/{token}/"


def test_it_shows_reference_title_state_and_the_public_timeline_only(client, db):
    submitted = submit(title="Kotihoidon käyntiajat", is_private=True)
    suggestion = submitted.suggestion
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=Action.ROUTE,
        from_state=State.RECEIVED,
        to_state=State.IN_PROCESSING,
        public_message="Ryhmä Oulunkaari käsittelee tämän.",
        internal_note="SECRET-INTERNAL-NOTE",
    )
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action="assign",
        is_public=False,
        public_message="SECRET-NON-PUBLIC-EVENT",
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.IN_PROCESSING)

    response = client.get(track_url(submitted.tracking_token))

    page = parse(response.content)
    main = page.find("main").text
    assert response.status_code == 200
    assert page.find("h1").text == "Kotihoidon käyntiajat"
    assert suggestion.reference in main
    assert str(State.IN_PROCESSING.label) in main
    assert str(Action.SUBMIT.label) in main
    assert "Ryhmä Oulunkaari käsittelee tämän." in main
    assert "SECRET-INTERNAL-NOTE" not in main
    assert "SECRET-NON-PUBLIC-EVENT" not in main
    assert "Only for the handlers" in main
    assert accessibility_problems(page) == []


def test_it_keeps_the_page_uncached_unindexed_and_its_token_out_of_referrers(client, db):
    submitted = submit()

    response = client.get(track_url(submitted.tracking_token))

    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "strict-origin"
    assert "noindex" in response["X-Robots-Tag"]
    robots = [m for m in parse(response.content).find_all("meta") if m.get("name") == "robots"]
    assert "noindex" in robots[0].get("content")


@pytest.mark.parametrize("token", ["unknown-token", "x" * 500])
def test_it_answers_404_for_an_unknown_token(client, db, token):
    submit()

    assert client.get(track_url(token)).status_code == 404


def test_it_offers_withdrawing_with_the_token_in_the_form_not_the_address(client, db):
    submitted = submit()

    page = parse(client.get(track_url(submitted.tracking_token)).content)

    form = page.find("section", class_="withdraw").find("form")
    assert form.get("method") == "post"
    assert submitted.tracking_token not in form.get("action")
    hidden = [i for i in form.find_all("input") if i.get("name") == "token"]
    assert hidden[0].get("value") == submitted.tracking_token


@pytest.mark.parametrize("state", [State.ACCEPTED, State.WITHDRAWN, State.NOT_ADVANCED])
def test_it_offers_no_withdrawing_once_decided_or_withdrawn(client, db, state):
    submitted = submit()
    Suggestion.objects.filter(pk=submitted.suggestion.pk).update(state=state)

    page = parse(client.get(track_url(submitted.tracking_token)).content)

    assert page.find("section", class_="withdraw") is None


def test_it_links_the_public_page_only_for_a_public_suggestion(client, db):
    public = submit()
    private = submit(is_private=True)

    public_page = client.get(track_url(public.tracking_token)).content.decode()
    private_page = client.get(track_url(private.tracking_token)).content.decode()

    assert public.suggestion.get_absolute_url() in public_page
    assert f'href="{private.suggestion.get_absolute_url()}"' not in private_page


# --- The answer first ---------------------------------------------------------------------------


def english_url(suggestion: Suggestion) -> str:
    with translation.override("en"):
        return suggestion.get_absolute_url()


def test_it_shows_the_answer_and_the_solution_link_next_to_the_state(client, db):
    submitted = submit(is_private=True)
    decide(
        submitted.suggestion,
        Action.EXISTING_SOLUTION,
        State.EXISTING_SOLUTION,
        "Pidemmän käynnin voi jo varata: ohjeet ovat linkissä.",
        solution_link="https://www.pohde.fi/kotihoito/",
    )

    page = parse(client.get(track_url(submitted.tracking_token)).content)

    answer = page.by_id("answer")
    assert "ohjeet ovat linkissä" in answer.text
    link = answer.find("a", href="https://www.pohde.fi/kotihoito/")
    assert link.text == "Open the existing solution"
    assert "nofollow" in link.get("rel")
    nodes = list(page.iter())
    assert nodes.index(page.find("dl", class_="facts")) < nodes.index(answer)
    assert nodes.index(answer) < nodes.index(page.by_id("text-title"))
    assert accessibility_problems(page) == []


def test_it_points_a_merged_suggestion_to_its_target_when_the_submitter_may_open_it(client, db):
    submitted = submit()
    target = submit(title="Iltakäyntien pituus").suggestion
    decide(
        submitted.suggestion,
        Action.MERGE,
        State.MERGED,
        "Sama tarve kuin toisessa ehdotuksessa.",
        merged_into=target,
    )

    page = parse(client.get(track_url(submitted.tracking_token)).content)

    assert page.by_id("merged-notice").find("a").get("href") == english_url(target)
    assert "Sama tarve kuin toisessa ehdotuksessa." in page.by_id("answer").text

    Suggestion.objects.filter(pk=target.pk).update(is_private=True)
    page = parse(client.get(track_url(submitted.tracking_token)).content)
    assert page.by_id("merged-notice").find("a") is None


def test_it_lists_what_was_merged_into_the_tracked_suggestion_that_the_public_may_see(client, db):
    submitted = submit()
    public = submit(title="Lyhyet iltakäynnit").suggestion
    private = submit(title="Yksityinen iltakäynti", is_private=True).suggestion
    Suggestion.objects.filter(pk__in=[public.pk, private.pk]).update(
        state=State.MERGED, merged_into=submitted.suggestion
    )

    page = parse(client.get(track_url(submitted.tracking_token)).content)

    links = [a.get("href") for a in page.by_id("merged-into-this").find_all("a")]
    assert links == [english_url(public)]
