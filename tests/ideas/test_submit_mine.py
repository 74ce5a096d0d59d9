"""“My suggestions”: a signed-in person's own suggestions, all of them, newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ideas.lifecycle import State
from ideas.models import Suggestion
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.accounts.markup import accessibility_problems, parse

# The English page, so that the tests read the source strings.
MINE = "/en/suggestions/mine/"


def make(submitter, count: int, **fields) -> list[Suggestion]:
    """Rows straight into the table: this page only reads them."""
    terms = {
        "kind": SuggestionKind.objects.get(code="need"),
        "area": Area.objects.get(code="oulu"),
        "service_area": ServiceArea.objects.get(code="digital"),
        "stakeholder_group": StakeholderGroup.objects.get(code="resident"),
    }
    start = Suggestion.objects.count()
    now = timezone.now()
    return Suggestion.objects.bulk_create(
        Suggestion(
            reference=f"2026-{start + n + 1:06d}",
            title=f"Ehdotus {start + n + 1}",
            description="Kuvaus",
            submitter=submitter,
            created_at=now - timedelta(minutes=start + n),
            **terms,
            **fields,
        )
        for n in range(count)
    )


def test_it_sends_a_signed_out_visitor_to_sign_in(client, db):
    response = client.get(MINE)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_lists_all_my_suggestions_private_hidden_and_withdrawn_newest_first(
    client, resident, other_resident
):
    (public,) = make(resident, 1)
    (private,) = make(resident, 1, is_private=True)
    (hidden,) = make(resident, 1, is_hidden=True)
    (withdrawn,) = make(resident, 1, state=State.WITHDRAWN)
    (others,) = make(other_resident, 1)
    anonymous = make(None, 1)[0]
    client.force_login(resident)

    page = parse(client.get(MINE).content)

    titles = [h.text for h in page.find("main").find_all("h2", class_="card__title")]
    # make() dates each newer row a minute earlier.
    assert titles == [public.title, private.title, hidden.title, withdrawn.title]
    assert others.title not in page.find("main").text
    assert anonymous.title not in page.find("main").text
    text = page.find("main").text
    assert "Only for the handlers" in text
    assert "Hidden by a moderator" in text
    assert str(State.WITHDRAWN.label) in text
    assert accessibility_problems(page) == []


def test_it_links_each_suggestion_to_its_page(client, resident):
    (suggestion,) = make(resident, 1)
    client.force_login(resident)

    page = parse(client.get(MINE).content)

    link = page.find("h2", class_="card__title").find("a")
    assert link.get("href") == suggestion.get_absolute_url()


def test_it_says_so_when_there_is_nothing_yet(client, resident):
    client.force_login(resident)

    response = client.get(MINE)

    assert "not made any suggestions yet" in response.content.decode()


def test_its_query_count_does_not_grow_with_rows(client, resident):
    client.force_login(resident)
    make(resident, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MINE).status_code == 200
    make(resident, 27)

    with CaptureQueriesContext(connection) as many:
        response = client.get(MINE)

    assert len(parse(response.content).find_all("h2", class_="card__title")) == 20
    assert len(many) == len(few)


def test_it_pages_with_plain_links(client, resident):
    make(resident, 25)
    client.force_login(resident)

    first = parse(client.get(MINE).content)
    second = parse(client.get(f"{MINE}?page=2").content)

    assert first.find("a", rel="next").get("href") == "?page=2"
    assert len(second.find_all("h2", class_="card__title")) == 5


@pytest.mark.parametrize("signed_in", [True, False])
def test_it_is_in_the_main_navigation_only_for_signed_in_people(client, resident, signed_in):
    if signed_in:
        client.force_login(resident)

    nav = parse(client.get("/en/").content).find("nav", class_="site-nav")

    hrefs = [a.get("href") for a in nav.find_all("a")]
    assert (MINE in hrefs) is signed_in
