"""The catalogue as a resident uses it: filters in the address that work without JavaScript,
htmx swapping only the results, Finnish search, only listed solutions, and a query count that
does not grow with the rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labs.models import Label
from showroom.models import Category
from showroom.services.indexing import index_listings
from tests.factories import PEOPLE, make_person
from tests.labs import factories as labs_factories
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db

# In English: the texts checked are the msgids, whatever the catalogues say.
URL = "/en/showroom/"


def names(response) -> list[str]:
    """The names on the cards, in order."""
    html = response.content.decode()
    return re.findall(r'class="solution-card__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture(scope="module")
def catalogue(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        rep = labs_factories.make_user("rep")
        editor = make_person(**PEOPLE["showroom_editor"])
        company = labs_factories.make_company("Hoiva Oy", representatives=[rep])
        health, safety, social = (
            Category.objects.get(code=code) for code in ("health", "safety", "social")
        )

        def listed(name, *, level="tested", **fields):
            label = make_label(company, rep, level=level, product_name=name)
            fields.setdefault("how_to_get", "Kysy kotihoidosta.")
            listing = make_listing(
                label, rep, state="published", editor=editor, name=name, **fields
            )
            # What the worker does after publishing (this transaction never commits).
            index_listings([listing])
            return listing

        listed(
            "Lääkemuistuttaja",
            summary="Muistuttaa kotihoidon asiakasta lääkkeistä.",
            categories=[health],
            audience=["residents"],
            languages=["fi"],
            platforms=["device"],
            price_model="free",
        )
        listed(
            "Turvaranneke",
            level="co_created",
            summary="Hälyttää apua kaatuessa.",
            description="Kotihoito saa hälytyksen.",
            categories=[safety],
            audience=["residents", "professionals"],
            languages=["fi", "sv"],
            platforms=["ios", "android"],
            price_model="subscription",
            cost_to_person="20 € kuukaudessa",
        )
        listed(
            "Videopuhelin",
            level="approved",
            summary="Yhteys omaisiin kuvapuhelulla.",
            categories=[social],
            audience=["professionals"],
            languages=["sv"],
            platforms=["web"],
            price_model="county_pays",
        )
        expired = listed("Vanha kello", categories=[health], price_model="free")
        today = timezone.localdate()
        Label.objects.filter(pk=expired.label_id).update(
            granted_on=today - datetime.timedelta(days=1200),
            valid_until=today - datetime.timedelta(days=1),
        )
        draft_label = make_label(company, rep, product_name="Luonnos")
        make_listing(draft_label, rep, categories=[health])
        yield {"rep": rep, "editor": editor, "company": company, "listed": listed}


def test_it_shows_listed_solutions_only_newest_first(catalogue, client):
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Videopuhelin", "Turvaranneke", "Lääkemuistuttaja"]
    text = response.content.decode()
    # The card: company, summary, the label level in words, price, platforms.
    assert "Hoiva Oy" in text
    assert "Hälyttää apua kaatuessa." in text
    assert "Co-created" in text
    assert "Subscription: 20 € kuukaudessa" in text
    assert "iPhone and iPad, Android" in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=health", ["Lääkemuistuttaja"]),
        ("category=safety", ["Turvaranneke"]),
        ("audience=professionals", ["Videopuhelin", "Turvaranneke"]),
        ("label_level=approved", ["Videopuhelin"]),
        ("language=sv", ["Videopuhelin", "Turvaranneke"]),
        ("platform=android", ["Turvaranneke"]),
        ("free=on", ["Videopuhelin", "Lääkemuistuttaja"]),
        ("language=sv&audience=residents", ["Turvaranneke"]),
        ("category=rehabilitation", []),
    ],
)
def test_every_filter_works_from_the_address_alone(catalogue, client, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    # The full page, with the form showing what is chosen: it works without scripts.
    assert "<form" in response.content.decode()


def test_a_filter_in_use_shows_in_the_form_and_opens_the_fold(catalogue, client):
    text = client.get(f"{URL}?language=sv&category=social").content.decode()
    assert re.search(r'<option value="sv" selected>', text)
    assert re.search(r'<option value="social" selected>', text)
    assert '<details class="catalogue-more" open>' in text
    assert "(1 filter on)" in text
    assert 'href="/en/showroom/">Clear search and filters' in text


def test_a_wrong_value_is_an_error_and_the_other_filters_still_apply(catalogue, client):
    response = client.get(f"{URL}?platform=fax&category=safety")
    text = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in text
    assert 'href="#id_platform">' in text
    # The catalogue answers while its reader types: the summary leaves the focus alone.
    assert "autofocus" not in text
    assert names(response) == ["Turvaranneke"]


def test_htmx_gets_only_the_results_and_the_counts_out_of_band(catalogue, client):
    response = client.get(f"{URL}?category=safety", headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "<html" not in text and "<form" not in text
    assert names(response) == ["Turvaranneke"]
    assert 'id="catalogue-filters-on"' in text and 'hx-swap-oob="true"' in text
    assert "HX-Request" in response["Vary"]


def test_search_finds_an_inflected_finnish_word(catalogue, client):
    # "hälytyksestä" and the description's "hälytyksen" are forms of "hälytys".
    assert names(client.get(f"{URL}?search=hälytyksestä")) == ["Turvaranneke"]
    # Every one tells to ask the home care ("kotihoidosta"): "kotihoidossa" finds them all.
    found = names(client.get(f"{URL}?search=kotihoidossa"))
    assert sorted(found) == ["Lääkemuistuttaja", "Turvaranneke", "Videopuhelin"]
    assert names(client.get(f"{URL}?search=kuvapuhelu")) == ["Videopuhelin"]
    response = client.get(f"{URL}?search=kuvapuhelu&category=health")
    assert names(response) == []
    assert "?search=kuvapuhelu" in response.content.decode()  # the same words without filters


def test_pages_keep_the_filters(catalogue, client):
    mobility = Category.objects.get(code="mobility")
    for number in range(12):
        catalogue["listed"](f"Apuväline {number:02d}", categories=[mobility])
    response = client.get(f"{URL}?category=mobility")
    assert len(names(response)) == 12
    assert 'href="?category=mobility&amp;page=2"' not in response.content.decode()
    catalogue["listed"]("Apuväline 12", categories=[mobility])
    response = client.get(f"{URL}?category=mobility")
    assert 'href="?category=mobility&amp;page=2"' in response.content.decode()
    assert len(names(client.get(f"{URL}?category=mobility&page=2"))) == 1


def test_the_query_count_does_not_grow_with_the_rows(catalogue, client, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        client.get(f"{URL}?audience=residents")
    for number in range(6):
        catalogue["listed"](
            f"Lisää {number}", categories=[Category.objects.get(code="everyday_life")]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"{URL}?audience=residents")
    assert len(names(response)) == 8
