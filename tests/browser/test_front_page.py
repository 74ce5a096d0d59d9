"""The front page as a visitor meets it: structure, keyboard, focus and axe in each language."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import focused

pytestmark = pytest.mark.browser


def test_it_has_one_h1_and_the_page_landmarks(page):
    page.goto("/en/")

    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's develop our services together")
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page).to_have_title("Front page – North Ostrobothnia wellbeing services county")


def test_it_invites_to_leave_a_suggestion_in_the_language_of_the_page(page):
    page.goto("/")
    expect(page.locator('main a[href="/suggestions/new/"]')).to_be_visible()

    page.goto("/en/")
    call = page.get_by_role("main").get_by_role("link", name="Leave a suggestion")
    expect(call).to_have_attribute("href", "/en/suggestions/new/")
    expect(page.get_by_role("heading", name="What is co-development?")).to_be_visible()


def test_it_shows_no_empty_blocks_for_suggestions_or_the_showroom(page):
    page.goto("/en/")

    expect(page.get_by_role("heading", name="Latest public suggestions")).to_have_count(0)
    expect(page.get_by_role("heading", name="Showroom highlights")).to_have_count(0)


def test_it_shows_blocks_that_the_domain_apps_fill(page, monkeypatch):
    # The ideas and showroom apps fill the front page through front_page_context() on their
    # AppConfig; these stand-ins have the fields the blocks read.
    suggestion = SimpleNamespace(
        title="Evening hours for the health centre laboratory",
        get_absolute_url="/en/suggestions/2026-000123/",
        get_state_display="In processing",
        stakeholder_group="Resident",
        created_at=datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC),
        support_count=3,
    )
    solution = SimpleNamespace(
        name="Medicine reminder",
        get_absolute_url="/en/showroom/medicine-reminder/",
        company="Example Health Oy",
        label=SimpleNamespace(get_level_display="Tested"),
    )
    for app_label, context in [
        ("ideas", {"latest_suggestions": [suggestion]}),
        ("showroom", {"showroom_highlights": [solution]}),
    ]:
        config = django_apps.get_app_config(app_label)
        monkeypatch.setattr(
            config, "front_page_context", lambda request, c=context: c, raising=False
        )

    page.goto("/en/")

    latest = page.get_by_role("region", name="Latest public suggestions")
    expect(latest.get_by_role("link", name=suggestion.title)).to_have_attribute(
        "href", suggestion.get_absolute_url
    )
    expect(latest).to_contain_text("3 supporters")
    expect(latest.get_by_role("link", name="All suggestions")).to_have_attribute(
        "href", "/en/suggestions/"
    )
    showroom = page.get_by_role("region", name="Showroom highlights")
    expect(showroom.get_by_role("link", name="Medicine reminder")).to_be_visible()
    expect(showroom).to_contain_text("Example Health Oy · Tested")
    assert_accessible(page)


def test_it_lists_who_can_take_part_from_the_taxonomy(page):
    page.goto("/en/")

    who = page.get_by_role("list", name="Who can take part")
    expect(who.get_by_role("listitem")).to_have_count(7)
    expect(who).to_contain_text("Research and education")


def test_it_focuses_the_skip_link_first_and_the_link_moves_focus_to_main(page):
    page.goto("/en/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["name"] == "Skip to main content"
    assert skip["href"] == "#main"
    assert skip["visible"], "the skip link must show when it has focus"

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    # The next Tab continues inside main, not from the top of the page.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_it_shows_a_visible_focus_indicator_on_every_link_and_button(page):
    page.goto("/en/")

    reached, problems = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None or (reached and element == reached[0]):
            break  # focus left the page or came round again
        reached.append(element)
        label = f"{element['tag']} {element['name']!r}"
        if element["outlineStyle"] == "none" or element["outlineWidth"] < 2:
            problems.append(f"{label}: no outline on focus")
        elif element["outlineContrast"] < 3:
            problems.append(f"{label}: outline contrast {element['outlineContrast']:.1f}:1")
        if not element["visible"]:
            problems.append(f"{label}: focused but not visible")

    assert not problems, "\n".join(problems)
    tags = {element["tag"] for element in reached}
    assert {"a", "button"} <= tags, f"expected to reach links and buttons, reached {tags}"
    assert len(reached) >= 8


@pytest.mark.parametrize("path, language", [("/", "fi"), ("/sv/", "sv"), ("/en/", "en")])
def test_it_has_no_serious_accessibility_violations(page, path, language):
    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
