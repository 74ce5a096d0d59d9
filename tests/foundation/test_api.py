"""The API's common ground: taxonomy, schema and docs, errors, token authentication."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.validation import validate_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from popsote.core.api import PageNumberPagination
from popsote.core.lifecycle import Lifecycle, Move
from popsote.taxonomy.models import Area

pytestmark = pytest.mark.django_db

# --- Tiny views that exercise the shared API conventions (mounted by the tests below) --------


class DraftSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=20)
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.active())


class LineSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=20)


class OrderSerializer(serializers.Serializer):
    lines = LineSerializer(many=True)
    areas = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.active())
    )


class OrderView(APIView):
    def post(self, request):
        OrderSerializer(data=request.data).is_valid(raise_exception=True)
        return Response({})


class AreaPagination(PageNumberPagination):
    page_size = 1


class AreaListView(APIView):
    def get(self, request):
        paginator = AreaPagination()
        page = paginator.paginate_queryset(Area.objects.order_by("code"), request, view=self)
        return paginator.get_paginated_response([area.code for area in page])


class DraftView(APIView):
    def post(self, request):
        serializer = DraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"title": serializer.validated_data["title"]})


class AreaView(APIView):
    def get(self, request, code):
        return Response({"code": get_object_or_404(Area, code=code).code})


LIFECYCLE = Lifecycle([Move("accept", ["submitted"], "accepted")])


class AcceptView(APIView):
    def post(self, request):
        LIFECYCLE.move(action="accept", state="draft")
        return Response({})


class BrokenView(APIView):
    def get(self, request):
        raise RuntimeError("a bug")


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"email": request.user.email})


urlpatterns = [
    path("api/test/drafts/", DraftView.as_view()),
    path("api/test/orders/", OrderView.as_view()),
    path("api/test/areas/", AreaListView.as_view()),
    path("api/test/areas/<slug:code>/", AreaView.as_view()),
    path("api/test/accept/", AcceptView.as_view()),
    path("api/test/me/", MeView.as_view()),
    path("api/test/broken/", BrokenView.as_view()),
]
with_test_views = pytest.mark.urls(__name__)


# --- Taxonomy -------------------------------------------------------------------------------


def test_it_lists_every_taxonomy_with_codes_and_labels_in_three_languages(
    client, django_assert_num_queries
):
    # One query per taxonomy.
    with django_assert_num_queries(7):
        response = client.get("/api/v1/taxonomy/")

    assert response.status_code == 200
    data = response.json()
    counts = {name: len(terms) for name, terms in data.items()}
    assert counts == {
        "areas": 7,
        "service_areas": 12,
        "stakeholder_groups": 7,
        "kinds": 5,
        "themes": 4,
        "decision_reasons": 7,
        "evaluation_criteria": 6,
    }
    assert "whole-county" in [term["code"] for term in data["areas"]]
    for terms in data.values():
        for term in terms:
            assert set(term) == {"code", "label", "labels"}
            assert set(term["labels"]) == {"fi", "sv", "en"}
            assert all(term["labels"].values())


@pytest.mark.parametrize(
    ("accept_language", "oulu", "whole_county"),
    [
        (None, "Oulu", "Koko hyvinvointialue"),
        ("sv", "Uleåborg", "Hela välfärdsområdet"),
        ("en-GB,en;q=0.8", "Oulu", "Whole county"),
        ("de", "Oulu", "Koko hyvinvointialue"),
    ],
)
def test_it_labels_terms_in_the_language_of_accept_language(
    client, accept_language, oulu, whole_county
):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    areas = {
        term["code"]: term for term in client.get("/api/v1/taxonomy/", **headers).json()["areas"]
    }

    assert areas["oulu"]["label"] == oulu
    assert areas["whole-county"]["label"] == whole_county
    assert areas["oulu"]["labels"] == {"fi": "Oulu", "sv": "Uleåborg", "en": "Oulu"}


def test_it_leaves_retired_terms_out(client):
    Area.objects.filter(code="lakeus").update(is_active=False)

    areas = client.get("/api/v1/taxonomy/").json()["areas"]

    assert "lakeus" not in [term["code"] for term in areas]
    assert len(areas) == 6


# --- Schema and docs ------------------------------------------------------------------------


def test_it_publishes_a_valid_openapi_3_schema_with_the_taxonomy(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/taxonomy/" in schema["paths"]


def test_it_serves_the_api_docs_from_its_own_static_files(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert references
    for reference in references:
        assert reference.startswith("/") and not reference.startswith("//"), reference
        if reference.startswith("/static/"):
            assert finders.find(reference.removeprefix("/static/")), reference
    script = client.get(next(ref for ref in references if ref.startswith("/api/v1/docs/")))
    assert script.status_code == 200
    assert not re.search(r"https?://", page + script.content.decode())


# --- Errors ---------------------------------------------------------------------------------


def test_it_answers_an_unknown_api_path_with_json(client):
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_it_tells_a_finnish_reader_that_the_api_path_was_not_found_in_finnish(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.json()["detail"] == "Ei löydy."


@with_test_views
def test_it_answers_a_missing_object_with_json_naming_it_not_found(client):
    assert client.get("/api/test/areas/oulu/").json() == {"code": "oulu"}

    response = client.get("/api/test/areas/atlantis/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@with_test_views
def test_it_names_each_invalid_field_under_fields(client):
    response = client.post(
        "/api/test/drafts/",
        {"title": "x" * 21, "area": "atlantis"},
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert set(body["fields"]) == {"title", "area"}
    assert all(isinstance(message, str) for message in body["fields"]["title"])


@with_test_views
def test_it_names_a_missing_required_field(client):
    response = client.post("/api/test/drafts/", {"area": "oulu"}, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["title"]


@with_test_views
def test_it_names_a_field_inside_a_list_by_its_path_with_a_list_of_messages(client):
    response = client.post(
        "/api/test/orders/",
        {"lines": [{"title": "Hyvä"}, {"title": "x" * 21}], "areas": ["oulu", "atlantis"]},
        content_type="application/json",
    )

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"lines.1.title", "areas.1"}
    assert all(
        isinstance(messages, list) and all(isinstance(message, str) for message in messages)
        for messages in fields.values()
    )


@with_test_views
@pytest.mark.parametrize("page", ["", "0", "-1", "1.5", "last", "kaksi", "²"])
def test_it_refuses_a_page_that_is_not_a_whole_number_from_one_up_naming_it(client, page):
    response = client.get("/api/test/areas/", {"page": page})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["page"]


@with_test_views
def test_it_answers_pages_from_one_and_404_past_the_last(client):
    count = Area.objects.active().count()

    assert client.get("/api/test/areas/").json()["results"] == [
        Area.objects.order_by("code").first().code
    ]
    assert client.get("/api/test/areas/", {"page": str(count)}).status_code == 200
    past = client.get("/api/test/areas/", {"page": str(count + 1)})
    assert past.status_code == 404
    assert past.json()["code"] == "not_found"


@with_test_views
def test_it_answers_409_for_a_move_the_state_does_not_allow(client):
    response = client.post("/api/test/accept/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert "accept" in body["detail"] and "draft" in body["detail"]


@with_test_views
def test_it_answers_a_server_error_with_json_that_reveals_nothing(client):
    client.raise_request_exception = False

    response = client.get("/api/test/broken/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "code": "error"}


# --- Token authentication -------------------------------------------------------------------


@with_test_views
def test_it_identifies_an_integration_by_its_token(client, resident):
    token = Token.objects.create(user=resident)

    response = client.get("/api/test/me/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    assert response.json() == {"email": resident.email}


@with_test_views
def test_it_refuses_a_wrong_token(client, resident):
    Token.objects.create(user=resident)

    response = client.get("/api/test/me/", HTTP_AUTHORIZATION="Token not-the-right-key")

    # 403 while session authentication comes first in the settings: DRF answers 401 only when
    # the first authentication class has a challenge to send.
    assert response.status_code in {401, 403}
    assert response.json()["code"] == "authentication_failed"


@with_test_views
def test_it_refuses_a_request_without_credentials(client):
    response = client.get("/api/test/me/")

    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"
