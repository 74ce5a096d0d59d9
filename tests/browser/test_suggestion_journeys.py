"""Leaving a suggestion in Finnish: a signed-out resident sends one and follows it with the
private tracking link; a professional who starts typing a need already on the board is offered
the existing suggestion and supports it instead of writing a duplicate.

The labels are read from the Finnish catalogue (``gettext`` under ``translation.override``), so
the journeys follow the words a Finnish visitor sees without copying them here.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from ideas.lifecycle import State
from ideas.models import Suggestion, Support, token_hash
from ideas.services.indexing import index_suggestion
from ideas.services.submission import suggestion_submit
from popsote.search.text import lemmatize_words
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("lemmatizer_loaded"),
]

REFERENCE = re.compile(r"\b\d{4}-\d{6}\b")
TRACKING_PATH = re.compile(r"/track/([\w-]+)/$")


@pytest.fixture(scope="module")
def lemmatizer_loaded():
    """Load the lemmatizer's dictionaries before any page is timed.

    Tests have no broker, so the indexing that a worker does after a suggestion is saved runs
    inside the submitting request; the first one would spend seconds loading dictionaries
    (longer with ``-n``), past the browser's patience.
    """
    lemmatize_words(["käynnit"], "fi")
    lemmatize_words(["hemvården"], "sv")


def fi(message: str) -> str:
    with translation.override("fi"):
        return gettext(message)


def label(message: str) -> re.Pattern:
    """The Finnish label, which may be followed by a "(pakollinen)"/"(vapaaehtoinen)" marker."""
    return re.compile(rf"^{re.escape(fi(message))}(\s|$)")


def existing_suggestion(actor, title: str, description: str) -> Suggestion:
    """A public suggestion made through the service and lemmatized as the worker would."""
    suggestion = suggestion_submit(
        actor=actor,
        title=title,
        description=description,
        kind=SuggestionKind.objects.get(code="need"),
        area=Area.objects.get(code="oulu"),
        service_area=ServiceArea.objects.get(code="older-people"),
        stakeholder_group=StakeholderGroup.objects.get(code="resident"),
        language="fi",
    ).suggestion
    index_suggestion(suggestion)
    return suggestion


def test_it_lets_a_signed_out_resident_submit_and_reach_the_tracking_page(page):
    kind = SuggestionKind.objects.get(code="need")
    area = Area.objects.get(code="oulu")
    service_area = ServiceArea.objects.get(code="older-people")
    stakeholder = StakeholderGroup.objects.get(code="resident")
    title = "Kotihoidon iltakäynnit liian aikaisin"

    page.goto("/suggestions/new/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    form = page.get_by_role("main").locator("form.submit-form")
    form.get_by_label(label("Title")).fill(title)
    form.get_by_label(label("The need or problem")).fill(
        "Äitini kotihoidon iltakäynti on jo kello 17, jolloin hänet laitetaan nukkumaan. "
        "Ilta on pitkä ja yksinäinen."
    )
    form.get_by_role("group", name=label("What kind of suggestion is it?")).get_by_label(
        kind.name_fi, exact=True
    ).check()
    form.get_by_label(label("Area")).select_option(label=area.name_fi)
    form.get_by_label(label("Service area")).select_option(label=service_area.name_fi)
    form.get_by_label(label("I make this suggestion as")).select_option(label=stakeholder.name_fi)
    # Saving also indexes the text inline (no broker in tests): allow it more than the default.
    form.get_by_role("button", name=fi("Send the suggestion")).click(timeout=30_000)

    # The thank-you page: the reference and the private tracking link, shown this once.
    expect(page).to_have_url(re.compile(r"/suggestions/new/\?sent=1$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fi("Thank you! The suggestion was received")
    )
    reference_text = page.locator("main .reference").inner_text()
    assert REFERENCE.fullmatch(reference_text), reference_text
    assert_accessible(page)
    tracking = page.get_by_role("region", name=fi("Save the private tracking link now"))
    tracking.get_by_role("link").filter(has_text="/track/").click()

    # The tracking page: the same suggestion, its reference and its state.
    expect(page).to_have_url(TRACKING_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main .reference")).to_have_text(reference_text)
    with translation.override("fi"):
        received = str(State.RECEIVED.label)
    state = page.get_by_role("definition").filter(has=page.locator(".state"))
    expect(state).to_have_text(received)
    expect(page.get_by_role("term").filter(has_text=fi("State"))).to_be_visible()
    assert_accessible(page)

    token = TRACKING_PATH.search(page.url).group(1)
    suggestion = Suggestion.objects.get(reference=reference_text)
    assert suggestion.title == title
    assert suggestion.submitter is None
    assert suggestion.state == State.RECEIVED
    assert suggestion.tracking_token_hash == token_hash(token)
    assert token not in suggestion.tracking_token_hash

    # Withdrawing asks first, on a page of its own; only the second button withdraws.
    page.get_by_role("button", name=fi("Withdraw this suggestion")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fi("Withdraw the suggestion %(reference)s?") % {"reference": reference_text}
    )
    assert_accessible(page)
    suggestion.refresh_from_db()
    assert suggestion.state == State.RECEIVED
    page.get_by_role("button", name=fi("Yes, withdraw the suggestion")).click()
    expect(page).to_have_url(TRACKING_PATH)
    suggestion.refresh_from_db()
    assert suggestion.state == State.WITHDRAWN


def test_it_shows_a_typing_professional_the_similar_suggestion_to_support_instead(
    page, live_server, professional, other_resident
):
    existing = existing_suggestion(
        other_resident,
        "Kotihoidon asiakkaiden käynnit myöhästyvät",
        "Kotihoidon käynti myöhästyy isälläni lähes joka päivä tunnilla, eikä kukaan ilmoita "
        "myöhästymisestä. Hän odottaa lääkkeitään ja ruokaansa.",
    )
    sign_in(page, live_server, professional)

    page.goto("/suggestions/new/")
    form = page.get_by_role("main").locator("form.submit-form")
    # The region asks for similar suggestions on keyup: type the way a person does.
    form.get_by_label(label("Title")).press_sequentially("Kotihoidon käynnit myöhästyvät")
    form.get_by_label(label("The need or problem")).press_sequentially(
        "Kotihoitaja myöhästyi taas äitini käynniltä."
    )

    similar = page.locator("#similar-suggestions")
    expect(similar.get_by_role("link", name=existing.title, exact=True)).to_be_visible()
    expect(similar).to_contain_text(existing.reference)
    assert_accessible(page)
    similar.get_by_role(
        "button", name=re.compile(rf"^{re.escape(fi('Support this instead'))}\b")
    ).filter(has_text=existing.title).click()

    # On the existing suggestion's page, counted as a supporter.
    expect(page).to_have_url(re.compile(rf"/suggestions/{existing.reference}/(#support)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(existing.title)
    expect(
        page.get_by_role("status").filter(has_text=fi("Thank you: your support was counted."))
    ).to_be_visible()
    support = page.locator("#support-region")
    expect(support).to_contain_text(fi("You support this suggestion."))
    expect(support.locator(".support-count strong")).to_have_text("1")

    assert Support.objects.filter(suggestion=existing).count() == 1
    assert Support.objects.get(suggestion=existing).user == professional
    assert list(Suggestion.objects.values_list("pk", flat=True)) == [existing.pk]
