"""The public board: cards, filters, sorting, keyset pages, the capped count, htmx, visibility."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import ideas.selectors.board as board_selectors
from ideas.models import Challenge, Suggestion
from ideas.selectors.board import ORDERINGS, SORT_AT_MOST, estimated_rows, excerpt
from ideas.services.community import comment_create, content_hide
from ideas.services.transitions import suggestion_transition
from tests.search.factories import BASE_TIME, make_many, make_suggestion

pytestmark = pytest.mark.django_db

BOARD = "/suggestions/"
# Assertions on the page's own words read the English page: translations change.
EN_BOARD = "/en/suggestions/"


def references(response) -> list[str]:
    return re.findall(r'class="suggestion-card__reference">([^<]+)<', response.content.decode())


def link(response, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def count_heading(response) -> str:
    found = re.search(r'<h2 id="board-count"[^>]*>(.*?)</h2>', response.content.decode(), re.S)
    # Collapse the template's layout, but not the no-break spaces of numbers.
    return re.sub(r"[ \t\n]+", " ", html.unescape(found.group(1))).strip()


# --- Cards ----------------------------------------------------------------------------------


def test_it_shows_each_card_with_its_facts_and_never_the_submitters_name(client, resident):
    suggestion = make_suggestion(
        "Kotihoidon iltakäynnit liian aikaisin",
        "Äidin iltakäynti on jo kello 17, ja ilta on pitkä.",
        actor=resident,
        area="lakeus",
        service_area="older-people",
        kind="idea",
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=4, comment_count=2)

    page = client.get(EN_BOARD).content.decode()

    card = page[page.index('class="suggestion-card"') :]
    for text in (
        suggestion.reference,
        "Kotihoidon iltakäynnit liian aikaisin",
        "Äidin iltakäynti on jo kello 17",
        "Received",
        "Lakeus",
        "Services for older people",
        "Idea or solution",
        "Resident",  # the stakeholder group stands for the person
        "4 supporters",
        "2 comments",
        f'datetime="{timezone.localtime(suggestion.created_at).date().isoformat()}',
    ):
        assert text in card, text
    assert "Riikka Resident" not in page


def test_it_shows_the_name_when_the_submitter_chose_to_show_it(client, resident):
    make_suggestion(actor=resident, show_submitter_name=True)

    assert "Riikka Resident" in client.get(BOARD).content.decode()


def test_it_shows_the_labels_in_the_language_of_the_page(client):
    make_suggestion(area="rannikkoseutu", service_area="older-people")

    page = client.get("/sv" + BOARD).content.decode()

    assert "Kustregionen" in page
    assert "Tjänster för äldre" in page
    assert '<option value="rannikkoseutu">Kustregionen</option>' in page
    assert 'lang="sv"' in page


# --- Who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", [None, "author", "other_resident", "coordinator"])
def test_it_lists_only_public_suggestions_for_everybody(
    viewer, client_for, resident, other_resident, coordinator
):
    people = {
        None: None,
        "author": resident,
        "other_resident": other_resident,
        "coordinator": coordinator,
    }
    public = make_suggestion("Julkinen ehdotus", actor=resident)
    private = make_suggestion("Yksityinen ehdotus", actor=resident, is_private=True)
    hidden = make_suggestion("Piilotettu ehdotus", actor=resident)
    content_hide(actor=coordinator, suggestion=hidden, reason="Asiaton.")

    response = client_for(people[viewer]).get(EN_BOARD)

    assert references(response) == [public.reference]
    assert private.title not in response.content.decode()
    assert hidden.title not in response.content.decode()
    assert count_heading(response) == "1 suggestion"


# --- Filters and sorting --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("param", "value", "matching", "other"),
    [
        ("area", "koillismaa", {"area": "koillismaa"}, {"area": "oulu"}),
        ("service_area", "disability", {"service_area": "disability"}, {}),
        ("kind", "idea", {"kind": "idea"}, {"kind": "need"}),
        ("stakeholder_group", "ngo", {"stakeholder": "ngo"}, {"stakeholder": "resident"}),
    ],
)
def test_it_filters_by_each_taxonomy(client, param, value, matching, other):
    wanted = make_suggestion("Osuva", **matching)
    make_suggestion("Muu", **other)

    response = client.get(BOARD, {param: value})

    assert references(response) == [wanted.reference]
    assert f'<option value="{value}" selected>' in response.content.decode()


def test_it_filters_by_state_and_challenge(client, resident):
    challenge = Challenge.objects.create(
        title="Digituki", slug="digituki", description="…", deadline=BASE_TIME + timedelta(days=999)
    )
    in_challenge = make_suggestion("Haasteeseen", challenge=challenge)
    withdrawn = make_suggestion("Peruttu", actor=resident)
    suggestion_transition(actor=resident, suggestion=withdrawn, action="withdraw")

    assert references(client.get(BOARD, {"challenge": "digituki"})) == [in_challenge.reference]
    assert references(client.get(BOARD, {"state": "withdrawn"})) == [withdrawn.reference]
    assert references(client.get(BOARD, {"state": "withdrawn", "challenge": "digituki"})) == []


def test_it_combines_filters_and_search(client):
    wanted = make_suggestion("Kotihoidon iltakäynnit", area="oulu", kind="idea")
    make_suggestion("Kotihoidon aamukäynnit", area="lakeus", kind="idea")
    make_suggestion("Kotihoidon yökäynnit", area="oulu", kind="need")

    response = client.get(BOARD, {"area": "oulu", "kind": "idea", "search": "kotihoito"})

    assert references(response) == [wanted.reference]


def test_it_names_a_filter_value_it_does_not_know_and_keeps_what_was_typed(client):
    shown = make_suggestion("Näkyvä")

    response = client.get(EN_BOARD, {"area": "atlantis", "search": "näkyvä"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert 'href="#id_area">Area:' in page
    assert 'value="näkyvä"' in page
    # The board answers while its reader types: the summary must not take the focus away.
    assert "autofocus" not in page
    # The rest of the request is still answered.
    assert references(response) == [shown.reference]


def test_it_sorts_newest_oldest_and_most_supported(client):
    first, second, third = make_many(3)
    Suggestion.objects.filter(pk=first.pk).update(support_count=5)
    Suggestion.objects.filter(pk=third.pk).update(support_count=2)

    newest = references(client.get(BOARD))
    oldest = references(client.get(BOARD, {"ordering": "created"}))
    supported = references(client.get(BOARD, {"ordering": "-supports"}))

    assert newest == [third.reference, second.reference, first.reference]
    assert oldest == [first.reference, second.reference, third.reference]
    assert supported == [first.reference, third.reference, second.reference]


# --- Pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ordering", ["-created", "created", "-supports"])
@pytest.mark.parametrize("plan", ["sorted", "walked"])
def test_it_pages_by_keyset_without_skipping_or_repeating_a_row(
    client, monkeypatch, ordering, plan
):
    if plan == "walked":
        # As when the planner expects many rows: no count, and the index is walked in order.
        monkeypatch.setattr(board_selectors, "estimated_rows", lambda queryset: 10**9)
    made = make_many(45)
    # Ties in every sort key: the id decides, and no row falls between pages.
    for index, suggestion in enumerate(made):
        Suggestion.objects.filter(pk=suggestion.pk).update(
            support_count=index % 3, created_at=BASE_TIME + timedelta(hours=index // 2)
        )
    expected = list(
        Suggestion.objects.order_by(*ORDERINGS[ordering]).values_list("reference", flat=True)
    )

    pages, url = [], f"{BOARD}?ordering={ordering}"
    while url:
        response = client.get(url if url.startswith("/") else BOARD + url)
        pages.append(references(response))
        url = link(response, "next")
    back, url = [], link(response, "prev")
    while url:
        response = client.get(BOARD + url)
        back.insert(0, references(response))
        url = link(response, "prev")

    assert [len(page) for page in pages] == [20, 20, 5]
    assert [row for page in pages for row in page] == expected
    assert back == pages[:-1]
    assert link(client.get(f"{BOARD}?ordering={ordering}"), "prev") is None


def test_it_keeps_the_whole_filter_state_in_the_page_links(client):
    make_many(25, area="lakeus", kind="idea")

    response = client.get(
        BOARD, {"area": "lakeus", "kind": "idea", "search": "ehdotus", "ordering": "created"}
    )

    query = parse_qs(urlsplit(link(response, "next")).query)
    assert {name: values[0] for name, values in query.items() if name != "cursor"} == {
        "area": "lakeus",
        "kind": "idea",
        "search": "ehdotus",
        "ordering": "created",
    }
    assert query["cursor"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "eyJ2IjpbMV0sImIiOmZhbHNlfQ", "e30"])
def test_it_shows_the_first_page_for_a_cursor_it_cannot_read(client, cursor):
    made = make_many(3)

    response = client.get(BOARD, {"cursor": cursor})

    assert response.status_code == 200
    assert references(response) == [s.reference for s in reversed(made)]


def test_it_says_when_the_count_is_capped(client, monkeypatch):
    monkeypatch.setattr(board_selectors, "COUNT_CAP", 4)
    make_many(5)

    assert count_heading(client.get(EN_BOARD)) == "4+ suggestions"


def test_it_counts_exactly_below_the_cap(client, monkeypatch):
    monkeypatch.setattr(board_selectors, "COUNT_CAP", 4)
    make_many(4)

    assert count_heading(client.get(EN_BOARD)) == "4 suggestions"


def test_it_formats_a_large_capped_count_for_the_language(client, monkeypatch):
    make_many(1)
    monkeypatch.setattr(board_selectors, "estimated_rows", lambda queryset: 10**6)

    assert count_heading(client.get(EN_BOARD)) == "1,000+ suggestions"
    # Finnish groups digits with a no-break space.
    assert count_heading(client.get(BOARD)).startswith("1\xa0000+ ")


# --- Without JavaScript, and with htmx -------------------------------------------------------


def test_it_is_a_plain_get_form_with_labels_and_a_button(client):
    page = client.get(BOARD).content.decode()

    assert re.search(r'<form method="get" action="/suggestions/"[^>]*role="search"', page)
    assert '<button type="submit" class="button">' in page
    for name in (
        "search",
        "area",
        "service_area",
        "kind",
        "state",
        "stakeholder_group",
        "challenge",
        "ordering",
    ):
        assert f'<label for="id_{name}">' in page, name
    assert page.count("<h1") == 1


def test_it_makes_the_form_instant_with_htmx_and_announces_the_results(client):
    page = client.get(BOARD).content.decode()

    form = re.search(r'<form method="get"[^>]*>', page).group(0)
    assert 'hx-get="/suggestions/"' in form
    assert 'hx-trigger="submit, change, keyup changed delay:400ms from:#id_search"' in form
    assert 'hx-target="#board-results"' in form
    assert 'hx-push-url="true"' in form
    assert re.search(r'<section id="board-results"[^>]*aria-live="polite"', page)


def test_it_answers_htmx_with_only_the_results(client):
    make_many(25)

    response = client.get(BOARD, {"ordering": "created"}, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "<html" not in page
    assert "<form" not in page
    assert page.lstrip().startswith('<h2 id="board-count"')
    assert len(references(response)) == 20
    next_link = re.search(r'<a id="board-next"[^>]*>', page).group(0)
    assert 'hx-get="?' in next_link and 'href="?' in next_link
    assert "HX-Request" in response["Vary"]


def filter_state(page: str) -> tuple[str, str]:
    """The filter count and the clear link's region, as the person sees them."""
    count = re.search(r'<span id="board-filters-on"[^>]*>(.*?)</span>', page, re.S).group(1)
    clear = re.search(r'<span id="board-clear"[^>]*>(.*?)</span>', page, re.S).group(1)
    return html.unescape(count), clear


@pytest.mark.parametrize(
    ("params", "count", "clears"),
    [
        ({"area": "oulu", "kind": "idea", "search": ""}, "(2 filters on)", True),
        ({"area": "", "kind": "", "search": "kotihoito"}, "", True),
        ({"area": "", "kind": "", "search": ""}, "", False),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_keeps_the_filter_count_and_the_clear_link_true_to_the_results(
    client, params, count, clears, htmx
):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    page = client.get(EN_BOARD, params, **headers).content.decode()

    assert filter_state(page) == (
        count,
        '<a href="/en/suggestions/">Clear search and filters</a>' if clears else "",
    )
    # htmx swaps the results; the count and the link outside them follow out of band.
    assert page.count('hx-swap-oob="true"') == (2 if htmx else 0)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_offers_a_way_out_when_nothing_matches(client, htmx):
    make_suggestion("Kotihoidon iltakäynnit", area="lakeus")
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    page = client.get(EN_BOARD, {"search": "kotihoidon", "area": "oulu"}, **headers)

    empty = page.content.decode().split('class="board-empty"', 1)[1]
    assert '<a href="?search=kotihoidon">Search all suggestions for “kotihoidon”</a>' in empty
    assert '<a href="/en/suggestions/">Clear search and filters</a>' in empty
    assert '<a href="/en/suggestions/new/">Leave a suggestion</a>' in empty
    # The way out finds what the filter hid.
    assert len(references(client.get(EN_BOARD + "?search=kotihoidon"))) == 1


def test_it_offers_only_to_leave_a_suggestion_when_there_are_none_at_all(client):
    empty = client.get(EN_BOARD).content.decode().split('class="board-empty"', 1)[1]

    assert "Clear search and filters" not in empty
    assert "Search all suggestions for" not in empty
    assert "Leave a suggestion" in empty


@pytest.mark.parametrize("header", ["HTTP_HX_BOOSTED", "HTTP_HX_HISTORY_RESTORE_REQUEST"])
def test_it_answers_a_boosted_or_history_request_with_the_whole_page(client, header):
    response = client.get(BOARD, HTTP_HX_REQUEST="true", **{header: "true"})

    assert "<html" in response.content.decode()


# --- Queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "-supports"},
        {"area": "oulu", "kind": "need", "search": "ehdotus"},
    ],
)
def test_it_lists_in_a_number_of_queries_that_does_not_grow_with_rows(
    signed_in, params, client_for, resident, coordinator, django_assert_num_queries
):
    client = client_for(resident if signed_in else None)
    challenge = Challenge.objects.create(
        title="Haaste", slug="haaste", description="…", deadline=BASE_TIME + timedelta(days=999)
    )
    make_many(3, actor=coordinator, challenge=challenge, show_submitter_name=True)
    for suggestion in Suggestion.objects.all():
        comment_create(actor=resident, suggestion=suggestion, body="Hyvä.")
    client.get(BOARD, params)  # warm what is cached per process, not per row
    with CaptureQueriesContext(connection) as few:
        assert len(references(client.get(BOARD, params))) == 3
    make_many(27, start=3, actor=coordinator, challenge=challenge, show_submitter_name=True)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(references(client.get(BOARD, params))) == 20


def test_it_is_at_its_url_of_api_md():
    with translation.override("fi"):
        assert reverse("ideas:board") == BOARD


def reads_every_match(queries) -> bool:
    return any(f"LIMIT {SORT_AT_MOST + 1}" in query["sql"] for query in queries.captured_queries)


def test_it_does_not_count_when_the_planner_expects_far_more_rows_than_the_cap(client, monkeypatch):
    make_many(3)
    monkeypatch.setattr(board_selectors, "estimated_rows", lambda queryset: 50_000)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(EN_BOARD)

    assert count_heading(response) == "1,000+ suggestions"
    assert len(references(response)) == 3
    assert not reads_every_match(queries)


def test_it_counts_and_sorts_the_matches_when_the_planner_expects_few(client, monkeypatch):
    make_many(3)
    monkeypatch.setattr(board_selectors, "estimated_rows", lambda queryset: 9_999)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(EN_BOARD)

    assert count_heading(response) == "3 suggestions"
    assert reads_every_match(queries)


def test_it_walks_the_index_when_there_are_more_matches_than_it_sorts(client, monkeypatch):
    monkeypatch.setattr(board_selectors, "SORT_AT_MOST", 3)
    made = make_many(5)

    response = client.get(EN_BOARD)

    assert count_heading(response) == "5 suggestions"
    assert references(response) == [s.reference for s in reversed(made)]


def test_it_estimates_rows_from_the_tables_statistics():
    make_many(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ideas_suggestion")

    estimate = estimated_rows(Suggestion.objects.public())

    assert 15 <= estimate <= 60


def test_it_folds_the_filters_away_until_one_is_in_use(client):
    closed = client.get(EN_BOARD).content.decode()
    open_ = client.get(EN_BOARD, {"area": "oulu", "kind": "idea"}).content.decode()
    sorted_ = client.get(EN_BOARD, {"ordering": "created"}).content.decode()

    assert '<details class="board-more">' in closed
    assert '<details class="board-more" open>' in open_
    assert "(2 filters on)" in open_
    assert '<details class="board-more" open>' in sorted_


def test_it_cuts_the_excerpt_at_a_word_on_one_line():
    text = "Kotihoidon  iltakäynnit\nalkavat liian aikaisin, " + "ja ilta on pitkä. " * 20

    cut = excerpt(text, length=60)

    assert cut == "Kotihoidon iltakäynnit alkavat liian aikaisin, ja ilta on…"
    assert excerpt("Lyhyt teksti.", length=60) == "Lyhyt teksti."
