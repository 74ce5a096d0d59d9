"""A 429 from the API: one sentence in the request's language, and a Retry-After header."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from rest_framework import exceptions

from ideas.ratelimits import COMMENTS
from popsote.core.api import exception_handler, throttled_message
from tests.ideas.community import make_suggestion
from tests.ideas.community import url as page_url
from tests.ideas.test_api_helpers import api, url


@pytest.mark.parametrize(
    ("wait", "expected"),
    [
        (1, "Too many requests. Please try again in 1 second."),
        (40, "Too many requests. Please try again in 40 seconds."),
        (3599, "Too many requests. Please try again in 60 minutes."),
        (None, "Too many requests. Please wait a while and try again."),
    ],
)
def test_it_says_how_long_to_wait_in_words(wait, expected):
    assert throttled_message(wait) == expected


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_whole_message_is_in_the_requests_language(language):
    with translation.override(language):
        response = exception_handler(exceptions.Throttled(wait=125), {})
        expected = throttled_message(125)
        drf_tail = gettext("Expected available in {wait} seconds.")

    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    assert response.data == {"detail": expected, "code": "throttled"}
    # Not DRF's sentence, whose number is glued on untranslated.
    assert drf_tail.split("{")[0] not in response.data["detail"]


@pytest.mark.django_db
def test_api_comments_share_the_pages_limit(resident, other_resident, client_for):
    suggestion = make_suggestion(submitter=resident)
    address = url("comments", suggestion.reference)
    through_api = api(other_resident, token=True)
    for number in range(COMMENTS.limit - 1):
        assert through_api.post(address, {"body": f"Kommentti {number}"}).status_code == 201
    page = client_for(other_resident).post(
        page_url("comment", suggestion.reference), {"body": "Sivulta"}
    )
    refused = through_api.post(address, {"body": "Yksi liikaa"})

    assert page.status_code == 302
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert suggestion.comments.filter(author=other_resident).count() == COMMENTS.limit
