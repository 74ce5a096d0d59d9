"""The showroom API: anyone reads the listed solutions, each with its label; filters and
Finnish search as in the catalogue; a listing that is not listed today is a 404; the query
count does not grow with the rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from labs.models import Level
from showroom.lifecycle import State
from showroom.models import Category
from tests.factories import PEOPLE, make_person
from tests.labs.factories import at, frozen, make_company, make_user
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db

LIST = "api:showroom-solution-list"


def detail(slug: str) -> str:
    return reverse("api:showroom-solution-detail", kwargs={"slug": slug})


@pytest.fixture
def publish(db):
    rep = make_user("company")
    editor = make_person(**PEOPLE["showroom_editor"])
    company = make_company("Alfa Health Oy", representatives=[rep])

    def publish(*, state=State.PUBLISHED, level=Level.TESTED, granted_on=None, **fields):
        label = make_label(company, rep, level=level, granted_on=granted_on)
        return make_listing(label, rep, state=state, editor=editor, **fields)

    return publish


def get(path, **params):
    return APIClient().get(path, params)


def test_anyone_lists_the_listed_solutions_with_their_label(publish):
    listing = publish(name="Lääkemuistuttaja", audience=["residents"])
    publish(state=State.DRAFT)
    publish(state=State.IN_REVIEW)
    publish(state=State.ARCHIVED)

    response = get(reverse(LIST))

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["slug"] == listing.slug
    assert row["name"] == "Lääkemuistuttaja"
    assert row["company"] == "Alfa Health Oy"
    assert row["audience"] == ["residents"]
    assert row["categories"] == [{"code": "health", "name": "Terveys ja omahoito"}]
    assert row["label"]["code"] == listing.label.code
    assert row["label"]["level"] == "tested"
    assert row["label"]["valid_until"] == listing.label.valid_until.isoformat()


def test_filters_and_search(publish):
    resident = publish(
        name="Reittikaveri",
        summary="Esteettömät kävelyreitit.",
        audience=["residents"],
        languages=["fi", "se"],
        level=Level.APPROVED,
        categories=[Category.objects.get(code="mobility")],
    )
    professional = publish(
        name="Kirjausapu",
        summary="Sanelu kirjauksiksi.",
        audience=["professionals"],
        languages=["sv"],
        categories=[Category.objects.get(code="professional")],
    )

    def slugs(**params):
        response = get(reverse(LIST), **params)
        assert response.status_code == 200, response.json()
        return {row["slug"] for row in response.json()["results"]}

    assert slugs() == {resident.slug, professional.slug}
    assert slugs(audience="residents") == {resident.slug}
    assert slugs(category="professional") == {professional.slug}
    assert slugs(label_level="approved") == {resident.slug}
    assert slugs(language="se") == {resident.slug}
    assert slugs(search="kirjausapu") == {professional.slug}


@pytest.mark.parametrize(
    "params", [{"audience": "aliens"}, {"label_level": "gold"}, {"language": "xx"}, {"page": "0"}]
)
def test_invalid_filters_and_pages_are_400_naming_the_field(publish, params):
    response = get(reverse(LIST), **params)

    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(params)


def test_the_detail_of_a_listed_solution(publish):
    listing = publish(video_url="https://video.example.fi/x", how_to_get="Kysy hoitajalta.")

    response = get(detail(listing.slug))

    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["how_to_get"], body["video_url"]) == (
        listing.slug,
        "Kysy hoitajalta.",
        "https://video.example.fi/x",
    )
    assert body["label"]["url"].endswith(f"/labs/labels/{listing.label.code}/")


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.ARCHIVED])
def test_a_solution_that_is_not_listed_is_404(publish, state):
    listing = publish(state=state)

    assert get(detail(listing.slug)).status_code == 404
    assert get(detail("no-such-solution")).status_code == 404


def test_an_expired_label_takes_the_solution_out_of_the_api_the_next_day(publish):
    with frozen(at(2026, 3, 2)):
        listing = publish(granted_on=datetime.date(2026, 3, 2))
    with frozen(at(2029, 3, 2)):
        assert get(detail(listing.slug)).status_code == 200
        assert get(reverse(LIST)).json()["count"] == 1
    with frozen(at(2029, 3, 3)):
        assert get(detail(listing.slug)).status_code == 404
        assert get(reverse(LIST)).json()["count"] == 0


def _count_list_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(reverse(LIST)).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow_with_rows(publish):
    publish()
    few = _count_list_queries()
    for _ in range(4):
        publish(categories=list(Category.objects.all()[:3]))

    assert _count_list_queries() == few
