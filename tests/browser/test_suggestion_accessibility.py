"""axe on the suggestion pages a visitor meets first: the board, the submission form and a
suggestion's own page, in Finnish (no prefix) and Swedish (``/sv/``)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ideas.services.indexing import index_suggestion
from ideas.services.submission import suggestion_submit
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.browser.accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUGGESTIONS = [
    (
        "Kotihoidon iltakäynnit liian aikaisin",
        "Äitini kotihoidon iltakäynti on jo kello 17, jolloin hänet laitetaan nukkumaan.",
        "oulu",
        "older-people",
    ),
    (
        "Terveysaseman puhelinpalveluun on vaikea päästä läpi",
        "Soitin kolmena päivänä peräkkäin, mutta puhelinjono oli aina täynnä.",
        "lakeus",
        "health-medical",
    ),
    (
        "Iltavastaanotto neuvolaan työssäkäyville vanhemmille",
        "Neuvola on auki vain virka-aikaan, mikä on hankalaa, kun molemmat vanhemmat ovat töissä.",
        "whole-county",
        "family-social",
    ),
]


@pytest.fixture
def suggestions(reference_data, resident):
    made = []
    for title, description, area, service_area in SUGGESTIONS:
        suggestion = suggestion_submit(
            actor=resident,
            title=title,
            description=description,
            kind=SuggestionKind.objects.get(code="need"),
            area=Area.objects.get(code=area),
            service_area=ServiceArea.objects.get(code=service_area),
            stakeholder_group=StakeholderGroup.objects.get(code="resident"),
            language="fi",
        ).suggestion
        index_suggestion(suggestion)
        made.append(suggestion)
    return made


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
@pytest.mark.parametrize("which", ["board", "form", "suggestion"])
def test_it_has_accessible_suggestion_pages(page, suggestions, prefix, which):
    path = {
        "board": "/suggestions/",
        "form": "/suggestions/new/",
        "suggestion": f"/suggestions/{suggestions[0].reference}/",
    }[which]

    response = page.goto(prefix + path)

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "sv" if prefix else "fi")
    expect(page.locator("h1")).to_have_count(1)
    if which == "board":
        expect(page.get_by_role("link", name=suggestions[0].title)).to_be_visible()
    if which == "suggestion":
        expect(page.get_by_role("heading", level=1)).to_have_text(suggestions[0].title)
    assert_accessible(page)
