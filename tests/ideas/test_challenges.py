"""Challenges: coordinators open a themed call with a deadline; its page lists its suggestions;
after the deadline it takes no more."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Challenge
from popsote.accounts.models import User
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.accounts.markup import accessibility_problems, parse
from tests.ideas.community import make_challenge, make_suggestion, quick_user, url

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Omaishoitajien jaksaminen",
    "slug": "omaishoitajat-2026",
    "description": "Miten omaishoitajia voisi tukea?",
    "opens_at": "",
    "deadline": "",
}


def in_days(days: int) -> str:
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


# --- Opening one -------------------------------------------------------------------------------


def test_it_lets_a_coordinator_open_a_challenge(client_for, coordinator):
    client = client_for(coordinator)
    form_page = client.get(url("challenge_new"))
    assert form_page.status_code == 200
    page = parse(form_page.content)
    assert accessibility_problems(page) == []
    assert page.find("input", name="deadline").get("type") == "datetime-local"

    response = client.post(url("challenge_new"), {**FORM, "deadline": in_days(30)})

    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response.url == url("challenge", "omaishoitajat-2026")
    assert (challenge.title, challenge.slug, challenge.created_by) == (
        "Omaishoitajien jaksaminen",
        "omaishoitajat-2026",
        coordinator,
    )
    assert challenge.is_open()
    assert timedelta(days=29) < challenge.deadline - timezone.now() <= timedelta(days=30)


def test_it_keeps_what_was_typed_and_names_the_field(client_for, coordinator):
    make_challenge(slug="omaishoitajat-2026")
    client = client_for(coordinator)

    taken = client.post(url("challenge_new"), {**FORM, "deadline": in_days(30)})
    backwards = client.post(
        url("challenge_new"),
        {**FORM, "slug": "uusi", "opens_at": in_days(10), "deadline": in_days(5)},
    )

    page = parse(taken.content)
    assert taken.status_code == 200
    assert accessibility_problems(page) == []
    assert "already uses" in page.by_id("id_slug_error").text
    assert page.find("input", name="title").get("value") == FORM["title"]
    assert "after the opening" in parse(backwards.content).by_id("id_deadline_error").text
    assert Challenge.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "resident", "professional"])
def test_it_answers_404_to_everyone_but_coordinators(client_for, request, who):
    person = None if who == "anonymous" else request.getfixturevalue(who)
    client = client_for(person)

    assert client.get(url("challenge_new")).status_code == 404
    assert client.post(url("challenge_new"), {**FORM, "deadline": in_days(30)}).status_code == 404
    assert not Challenge.objects.exists()


# --- Reading them ------------------------------------------------------------------------------


def test_it_lists_open_coming_and_closed_challenges(client):
    make_challenge(slug="auki")
    make_challenge(slug="tulossa", opens_in=timedelta(days=3), closes_in=timedelta(days=30))
    make_challenge(slug="suljettu", opens_in=timedelta(days=-30), closes_in=timedelta(days=-1))

    response = client.get(url("challenges"))

    page = parse(response.content)
    assert response.status_code == 200
    assert accessibility_problems(page) == []

    def section(title_id):
        return [a.get("href") for a in page.by_id(title_id).parent.find_all("a")]

    assert section("open-title") == [url("challenge", "auki")]
    assert section("upcoming-title") == [url("challenge", "tulossa")]
    assert section("closed-title") == [url("challenge", "suljettu")]


def test_it_shows_an_open_challenge_with_a_way_to_submit_and_its_public_suggestions(client):
    challenge = make_challenge()
    make_suggestion(title="Julkinen ehdotus", challenge=challenge)
    make_suggestion(title="Yksityinen ehdotus", challenge=challenge, is_private=True)
    make_suggestion(title="Muu ehdotus")

    response = client.get(url("challenge", challenge.slug))

    page = parse(response.content)
    assert response.status_code == 200
    assert accessibility_problems(page) == []
    assert page.find("h1").text == challenge.title
    assert "Miten kotihoitoa voisi parantaa?" in page.text
    assert page.find("a", href=f"{url('new')}?challenge={challenge.slug}") is not None
    titles = [h.text for h in page.find_all("h3", class_="suggestion-card__title")]
    assert titles == ["Julkinen ehdotus"]


def test_it_says_a_closed_challenge_takes_no_more(client):
    challenge = make_challenge(opens_in=timedelta(days=-30), closes_in=timedelta(seconds=-1))

    page = parse(client.get(url("challenge", challenge.slug)).content)

    assert "takes no more suggestions" in page.find(class_="challenge__status").text
    assert page.find("a", href=f"{url('new')}?challenge={challenge.slug}") is None


def test_it_answers_404_for_an_unknown_challenge(client):
    assert client.get(url("challenge", "ei-ole")).status_code == 404


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "accepted"),
    [
        (timedelta(days=-1), timedelta(minutes=1), True),
        (timedelta(days=-1), timedelta(seconds=-1), False),
        (timedelta(days=1), timedelta(days=30), False),
    ],
)
def test_it_takes_suggestions_only_while_open(opens_in, closes_in, accepted):
    from ideas.services.submission import suggestion_submit

    challenge = make_challenge(opens_in=opens_in, closes_in=closes_in)
    submit = lambda: suggestion_submit(  # noqa: E731
        actor=AnonymousUser(),
        title="Ehdotus",
        description="Kuvaus",
        kind=SuggestionKind.objects.get(code="idea"),
        area=Area.objects.get(code="oulu"),
        service_area=ServiceArea.objects.get(code="older-people"),
        stakeholder_group=StakeholderGroup.objects.get(code="resident"),
        challenge=challenge,
    )

    if accepted:
        assert submit().suggestion.challenge == challenge
    else:
        with pytest.raises(ValidationError) as refused:
            submit()
        assert "challenge" in refused.value.message_dict
        assert not challenge.suggestions.exists()


def test_it_pages_the_challenges_suggestions_by_cursor(client):
    from ideas.selectors.board import PAGE_SIZE

    challenge = make_challenge()
    for number in range(PAGE_SIZE + 2):
        make_suggestion(title=f"Ehdotus {number:02d}", challenge=challenge)

    first = parse(client.get(url("challenge", challenge.slug)).content)
    older = first.find("a", rel="next")
    second = parse(client.get(f"{url('challenge', challenge.slug)}{older.get('href')}").content)

    assert len(first.find_all("h3", class_="suggestion-card__title")) == PAGE_SIZE
    assert len(second.find_all("h3", class_="suggestion-card__title")) == 2
    assert second.find("a", rel="prev") is not None


def test_it_reads_a_challenge_page_in_the_same_number_of_queries_however_many_suggestions(
    client, django_assert_num_queries
):
    few, many = make_challenge(slug="vahan"), make_challenge(slug="paljon")
    # Both pages' rows have the same relations: one that no row has costs no query (rows
    # without submitters would save the submitters' query), and the counts must differ only if
    # a query grows with the rows.
    for challenge, title, rows in ((few, "Vähän", 3), (many, "Paljon", 20)):
        for number in range(rows):
            # Names that their submitters chose to show come with the same query.
            submitter = quick_user(f"{challenge.slug}-{number}@example.fi")
            User.objects.filter(pk=submitter.pk).update(name=f"Nimi {number}")
            make_suggestion(
                title=f"{title} {number}",
                challenge=challenge,
                submitter=submitter,
                show_submitter_name=True,
            )
    client.get(url("challenge", few.slug))
    with CaptureQueriesContext(connection) as queries:
        client.get(url("challenge", few.slug))

    with django_assert_num_queries(len(queries)):
        response = client.get(url("challenge", many.slug))
    assert response.content.decode().count('class="suggestion-card"') == 20
    assert "Nimi 19" in response.content.decode()
