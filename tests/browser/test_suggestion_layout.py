"""The suggestion page on a phone: the state, the group's answer and the ways to take part come
before the suggestion's text and its discussion, however long the discussion is."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ideas.lifecycle import Action, State
from ideas.models import Suggestion, SuggestionEvent
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.ideas.community import make_comment, make_suggestion, quick_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def discussed(submitter, *, comments: int = 20) -> Suggestion:
    suggestion = make_suggestion(submitter=submitter)
    for number in range(comments):
        make_comment(
            suggestion,
            quick_user(f"commenter-{number}@example.fi"),
            f"Kommentti {number}: meillä on ollut aivan sama tilanne jo pitkään, "
            "ja iltakäynnit ovat lyhentyneet entisestään.",
        )
    return suggestion


def top(locator) -> float:
    return locator.bounding_box()["y"]


def test_it_offers_support_on_a_phones_first_screen_above_twenty_comments(
    page, live_server, resident, other_resident
):
    suggestion = discussed(resident)
    sign_in(page, live_server, other_resident)
    page.set_viewport_size(PHONE)

    page.goto(f"/en/suggestions/{suggestion.reference}/")

    support = page.get_by_role("button", name="I have this need too")
    expect(support).to_be_in_viewport()
    expect(page.get_by_role("button", name="Follow")).to_be_visible()
    expect(page.locator(".comment")).to_have_count(20)
    # The suggestion's text and the discussion follow the ways to take part.
    assert top(support) < top(page.locator("#need-title")) < top(page.locator("#comments"))
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_shows_the_answer_and_the_solution_link_next_to_the_state(
    page, live_server, resident, other_resident, viewport
):
    suggestion = discussed(resident, comments=3)
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=Action.EXISTING_SOLUTION,
        from_state=State.IN_PROCESSING,
        to_state=State.EXISTING_SOLUTION,
        public_message="Iltakäynnin voi jo nyt varata pidempänä: ohjeet ovat linkissä.",
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        state=State.EXISTING_SOLUTION, solution_link="https://www.pohde.fi/kotihoito/"
    )
    sign_in(page, live_server, other_resident)
    page.set_viewport_size(viewport)

    page.goto(f"/en/suggestions/{suggestion.reference}/")

    answer = page.locator("#answer")
    expect(answer).to_be_in_viewport()
    expect(answer).to_contain_text("ohjeet ovat linkissä")
    solution = answer.get_by_role("link", name="Open the existing solution")
    expect(solution).to_have_attribute("href", "https://www.pohde.fi/kotihoito/")
    expect(answer).to_contain_text("www.pohde.fi")
    support = page.get_by_role("button", name="I have this need too")
    assert top(page.locator(".state-badge")) < top(answer) < top(page.locator("#need-title"))
    if viewport is PHONE:
        # One column: the answer, then the ways to take part, then the suggestion.
        assert top(answer) < top(support) < top(page.locator("#need-title"))
    else:
        expect(support).to_be_in_viewport()
    assert_accessible(page)
