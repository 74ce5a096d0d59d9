"""The catalogue: listed solutions only, Finnish search that finds inflected forms, filters
from the address, and a query count that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labs.models import Level
from showroom import services
from showroom.lifecycle import Action, State
from showroom.models import Category, Listing
from showroom.selectors import (
    CatalogueQuery,
    catalogue,
    highlights,
    listing_page,
    response_counts,
    solution_choices,
)
from showroom.services.indexing import index_listings
from tests.factories import PEOPLE, make_person
from tests.labs.factories import make_company, make_user
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    rep = make_user("company")
    return {
        "rep": rep,
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "company": make_company("Alfa Health Oy", representatives=[rep]),
    }


def publish(people, *, level: str = Level.TESTED, **fields) -> Listing:
    label = make_label(people["company"], people["rep"], level=level)
    return make_listing(
        label, people["rep"], state=State.PUBLISHED, editor=people["editor"], **fields
    )


def found(query: CatalogueQuery) -> set[int]:
    return set(catalogue(query).values_list("pk", flat=True))


def test_search_finds_inflected_finnish_forms(people):
    plain = publish(people, name="Muistaja", summary="Apu kotihoito arkeen.", description="Laite.")
    inflected = publish(
        people,
        name="Iltakaveri",
        summary="Seuraa iltaisin.",
        description="Käytössä kotihoidossa ja omaishoidossa.",
    )
    other = publish(
        people,
        name="Kävelyreitit",
        summary="Esteettömät reitit ulos.",
        description="Kartta.",
        cost_to_person="Maksuton.",
        how_to_get="Lataa sovellus.",
    )
    index_listings(Listing.objects.select_related("published"))

    assert found(CatalogueQuery(search="kotihoidossa")) == {plain.pk, inflected.pk}
    assert found(CatalogueQuery(search="kotihoito")) == {plain.pk, inflected.pk}
    assert found(CatalogueQuery(search="reitti")) == {other.pk}


def test_a_published_listing_is_findable_at_once_before_the_worker_lemmatizes_it(people):
    listing = publish(people, name="Ruokamuistio", summary="Muistuttaa ruokailusta.")

    assert Listing.objects.get(pk=listing.pk).indexed_at is None
    assert found(CatalogueQuery(search="ruokamuistio")) == {listing.pk}


def test_search_reads_the_published_version_only(people):
    listing = publish(people, name="Muistaja", summary="Muistuttaa lääkkeistä.")
    services.version_save(
        actor=people["rep"], listing=listing, data={"summary": "Salainen uutuus tulossa."}
    )
    index_listings(Listing.objects.select_related("published"))

    assert found(CatalogueQuery(search="uutuus")) == set()
    assert found(CatalogueQuery(search="lääke")) == {listing.pk}


def test_filters_audience_category_level_language_platform_and_free(people):
    resident = publish(
        people,
        level=Level.APPROVED,
        audience=["residents"],
        languages=["fi", "se"],
        platforms=["ios"],
        price_model="free",
        categories=[Category.objects.get(code="mobility")],
    )
    professional = publish(
        people,
        level=Level.CO_CREATED,
        audience=["professionals"],
        languages=["sv"],
        platforms=["web"],
        price_model="subscription",
        categories=[Category.objects.get(code="professional")],
    )
    both = {resident.pk, professional.pk}

    assert found(CatalogueQuery()) == both
    assert found(CatalogueQuery(audience="residents")) == {resident.pk}
    assert found(CatalogueQuery(category="professional")) == {professional.pk}
    assert found(CatalogueQuery(category="no-such-code")) == set()
    assert found(CatalogueQuery(label_level=Level.CO_CREATED)) == {professional.pk}
    assert found(CatalogueQuery(language="se")) == {resident.pk}
    assert found(CatalogueQuery(platform="web")) == {professional.pk}
    assert found(CatalogueQuery(free=True)) == {resident.pk}
    assert found(CatalogueQuery(audience="residents", platform="web")) == set()


def test_the_query_is_read_from_the_address_and_names_invalid_values():
    query, invalid = CatalogueQuery.from_params(
        {"q": " kotihoito ", "audience": "residents", "language": "klingon", "free": "1"}
    )

    assert query == CatalogueQuery(search="kotihoito", audience="residents", free=True)
    assert invalid == {"language": "klingon"}
    assert query.as_params() == {"search": "kotihoito", "audience": "residents", "free": "1"}


def test_drafts_reviews_and_archived_listings_are_not_in_the_catalogue(people):
    listed = publish(people)
    for state in (State.DRAFT, State.IN_REVIEW, State.ARCHIVED):
        make_listing(
            make_label(people["company"], people["rep"]),
            people["rep"],
            state=state,
            editor=people["editor"],
        )

    assert found(CatalogueQuery()) == {listed.pk}
    assert [listing.pk for listing in highlights()] == [listed.pk]
    assert [name for _url, name in solution_choices()] == [
        f"{listed.published.name} (Alfa Health Oy)"
    ]


def _read_catalogue_page() -> int:
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(catalogue(CatalogueQuery(audience="residents")), 20).page(1)
        for listing in page:
            _ = (listing.published.name, listing.label.level, listing.company.name)
            _ = [category.label for category in listing.published.categories.all()]
    return len(queries)


def test_the_catalogue_query_count_does_not_grow_with_rows(people):
    publish(people)
    few = _read_catalogue_page()
    for _ in range(5):
        publish(people, categories=list(Category.objects.all()[:3]))

    assert _read_catalogue_page() == few == 3


def _read_listing_page(user, slug) -> int:
    with CaptureQueriesContext(connection) as queries:
        listing_page(user, slug)
    return len(queries)


def test_the_listing_page_query_count_does_not_grow_with_responses(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    listing = publish(people)
    reader = make_person(**PEOPLE["resident"])
    _read_listing_page(reader, listing.slug)  # the reader's roles are cached on the object
    first = _read_listing_page(reader, listing.slug)
    for number in range(4):
        person = make_person(f"reader{number}@example.fi", stakeholder="professional")
        services.interest_register(actor=person, listing=listing)
        services.recommendation_add(actor=person, listing=listing)
        services.feedback_create(actor=person, listing=listing, text="Hyvä.", used_as="resident")

    assert _read_listing_page(reader, listing.slug) == first


def test_response_counts_are_counted_in_three_queries(people):
    listings = [publish(people) for _ in range(3)]
    person = make_person(**PEOPLE["professional"])
    services.interest_register(actor=person, listing=listings[0])
    services.recommendation_add(actor=person, listing=listings[0])
    services.interest_register(actor=None, listing=listings[1], browser="b1", address="1.2.3.4")

    with CaptureQueriesContext(connection) as queries:
        counts = response_counts([listing.pk for listing in listings])

    assert len(queries) == 3
    assert (counts[listings[0].pk].interest, counts[listings[0].pk].recommendations) == (1, 1)
    assert counts[listings[1].pk].interest == 1
    assert counts[listings[2].pk].interest == 0


def test_a_restored_listing_is_reviewed_again_before_it_returns(people):
    listing = publish(people)
    editor = people["editor"]
    services.listing_transition(
        actor=editor, listing=listing, action=Action.ARCHIVE, message="Tauko."
    )
    services.listing_transition(actor=editor, listing=listing, action=Action.RESTORE)
    assert found(CatalogueQuery()) == set()

    services.listing_transition(actor=people["rep"], listing=listing, action=Action.SUBMIT)
    services.listing_transition(actor=editor, listing=listing, action=Action.PUBLISH)
    assert found(CatalogueQuery()) == {listing.pk}
