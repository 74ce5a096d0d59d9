"""Changing the language from the header: by mouse and by keyboard alone."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.keyboard import tab_until

pytestmark = pytest.mark.browser

HEADING = "Let's develop our services together"


def heading_in(language: str) -> str:
    # The heading as the language's catalogue has it (the English text until it is translated).
    with translation.override(language):
        return translation.gettext(HEADING)


def expect_front_page_in(page, live_server, *, prefix: str, language: str, resident: str):
    expect(page).to_have_url(f"{live_server.url}{prefix}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading_in(language))
    # The stakeholder groups come from the taxonomy with a name in each language.
    expect(page.get_by_role("list", name=re.compile(".")).filter(has_text=resident)).to_be_visible()
    current = page.locator(f'.language-switch button[aria-current="true"][lang="{language}"]')
    expect(current).to_have_count(1)


def test_it_switches_from_finnish_to_swedish_and_to_english(page, live_server):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_text("Asukas", exact=True)).to_be_visible()

    page.get_by_role("button", name="Svenska").click()
    expect_front_page_in(page, live_server, prefix="/sv/", language="sv", resident="Invånare")

    page.get_by_role("button", name="English").click()
    expect_front_page_in(page, live_server, prefix="/en/", language="en", resident="Resident")


def test_it_switches_language_with_the_keyboard_alone(page, live_server):
    page.goto("/")

    tab_until(page, lambda element: element["name"] == "Svenska")
    page.keyboard.press("Enter")
    expect_front_page_in(page, live_server, prefix="/sv/", language="sv", resident="Invånare")

    tab_until(page, lambda element: element["name"] == "English")
    page.keyboard.press("Space")
    expect_front_page_in(page, live_server, prefix="/en/", language="en", resident="Resident")
