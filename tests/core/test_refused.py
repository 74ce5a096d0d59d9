"""The one refusal page: an illegal move escaping a view is a 409 that says why and leads back
to where the person came from; any other error passes on untouched."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from popsote.core.lifecycle import IllegalTransition
from popsote.core.refused import Back, refuses_illegal_transitions
from tests.accounts.markup import accessibility_problems, parse

pytestmark = pytest.mark.django_db


def back_to_thing(request, pk: int) -> Back:
    return Back(f"/things/{pk}/", f"Back to thing {pk}")


@refuses_illegal_transitions(back=back_to_thing)
def move_thing(request, pk: int):
    if request.POST.get("fail") == "state":
        raise IllegalTransition(action="close", state="Closed")
    if request.POST.get("fail") == "other":
        raise ValueError("not a refusal")
    return HttpResponse("moved")


@pytest.fixture
def post():
    def post(**data):
        request = RequestFactory().post("/things/7/move/", data)
        request.user = AnonymousUser()
        return request

    return post


def test_it_answers_an_illegal_move_with_409_its_reason_and_the_way_back(post):
    with translation.override("en"):
        response = move_thing(post(fail="state"), pk=7)

    page = parse(response.content)
    assert response.status_code == 409
    assert page.find(role="alert").text.strip() == (
        "“close” is not possible while the state is “Closed”."
    )
    assert page.find("main").find("a", href="/things/7/").text == "Back to thing 7"
    assert accessibility_problems(page) == []


def test_it_lets_the_view_answer_when_nothing_is_refused(post):
    assert move_thing(post(), pk=7).content == b"moved"


def test_it_leaves_other_errors_alone(post):
    with pytest.raises(ValueError):
        move_thing(post(fail="other"), pk=7)
