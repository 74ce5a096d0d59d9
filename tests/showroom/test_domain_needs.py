"""From needs to solutions: a handler answers a suggestion with a listed solution's address,
and the listing records that it answers the need (once), which its page then shows; the
listed solutions are the choices the handling form offers."""

from __future__ import annotations

import pytest
from django.conf import settings

from ideas.extensions import existing_solution_choices
from ideas.services.transitions import suggestion_transition
from showroom.lifecycle import State
from showroom.models import NeedAnswer
from showroom.selectors import listing_page
from showroom.services import listing_for_link
from tests.factories import make_group, submit
from tests.labs.factories import make_company
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://kehitys.example.fi"


@pytest.fixture
def listing(db, make_user):
    rep = make_user("rep@example.fi")
    company = make_company("Alfa Health Oy", representatives=[rep])
    editor = make_user("editor@example.fi", role="showroom_editor")
    return make_listing(make_label(company, rep), rep, state=State.PUBLISHED, editor=editor)


@pytest.fixture
def suggestion(resident, coordinator):
    suggestion = submit(resident).suggestion
    suggestion_transition(
        actor=coordinator,
        suggestion=suggestion,
        action="route",
        group=make_group("oulu"),
        message="Käsittelyssä.",
    )
    suggestion.refresh_from_db()
    return suggestion


def answer(suggestion, coordinator, link):
    suggestion_transition(
        actor=coordinator,
        suggestion=suggestion,
        action="existing_solution",
        message="Tähän on jo ratkaisu.",
        link=link,
    )


def site_address(listing, prefix: str = "") -> str:
    return f"{settings.SITE_URL}{prefix}/showroom/{listing.slug}/"


def test_the_listed_solutions_are_the_handlers_choices(listing):
    choices = existing_solution_choices()

    assert (site_address(listing), f"{listing.published.name} (Alfa Health Oy)") in choices


def test_answering_with_a_listings_address_records_the_need(listing, suggestion, coordinator):
    answer(suggestion, coordinator, site_address(listing))

    (need,) = NeedAnswer.objects.all()
    assert (need.listing, need.suggestion, need.created_by) == (listing, suggestion, coordinator)
    page = listing_page(coordinator, listing.slug)
    assert [s.reference for s in page.needs] == [suggestion.reference]


def test_a_swedish_address_is_the_same_listing_and_another_site_none(listing):
    assert listing_for_link(site_address(listing, "/sv")) == listing
    assert listing_for_link(f"https://elsewhere.example.com/showroom/{listing.slug}/") is None
    assert listing_for_link(site_address(listing).replace(listing.slug, "no-such")) is None
    assert listing_for_link("javascript:alert(1)") is None


def test_an_answer_with_another_sites_link_records_nothing(listing, suggestion, coordinator):
    answer(suggestion, coordinator, "https://www.example.com/palvelu")

    assert not NeedAnswer.objects.exists()
