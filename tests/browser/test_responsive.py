"""Pages fit a small phone (375 CSS pixels wide, WCAG 1.4.10 reflow) without sideways scrolling,
under a one-row header whose menu opens with a click or the keyboard."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from ideas.models import AgendaItem
from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import tab_until
from tests.browser.test_meetings_a11y import sign_in
from tests.factories import make_group
from tests.groups.meeting_helpers import group_suggestion, make_meeting
from tests.ideas.community import quick_user

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}

# Elements whose right edge passes the viewport, ignoring the visually hidden ones.
OVERFLOWING_JS = """
() => [...document.body.querySelectorAll("*")]
  .filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && box.right > document.documentElement.clientWidth + 1;
  })
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
"""


def language_of(path: str) -> str:
    """The language of a page: its prefix, or Finnish (the default) without one."""
    prefix = path.split("/")[1]
    return prefix if prefix in {"sv", "en"} else "fi"


@pytest.mark.parametrize("path", ["/", "/sv/", "/en/accounts/signup/", "/accounts/login/"])
def test_it_has_no_horizontal_scroll_at_375_pixels(page, path):
    page.set_viewport_size(PHONE)
    page.goto(path)

    assert_fits(page)
    # Everything in the header stays reachable behind the menu button.
    with translation.override(language_of(path)):
        menu, main_navigation = gettext("Menu"), gettext("Main")
    header = page.get_by_role("banner")
    header.get_by_text(menu, exact=True).click()
    expect(header.get_by_role("button", name="English")).to_be_in_viewport()
    expect(page.get_by_role("navigation", name=main_navigation)).to_be_in_viewport()
    assert_fits(page)


def assert_fits(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"
    assert page.evaluate(OVERFLOWING_JS) == []


# --- The header on a phone --------------------------------------------------------------------

PHONE_SE = {"width": 375, "height": 667}
HEADER_HEIGHT_JS = "() => document.querySelector('header').getBoundingClientRect().height"


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_it_keeps_the_header_to_one_row_on_a_phone(page, live_server, resident, signed_in):
    if signed_in:
        sign_in(page, live_server, resident)
    page.set_viewport_size(PHONE_SE)
    page.goto("/en/")

    assert page.evaluate(HEADER_HEIGHT_JS) < 0.2 * PHONE_SE["height"]
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    assert_accessible(page)


def test_it_opens_the_phone_menu_with_the_keyboard(page):
    page.set_viewport_size(PHONE_SE)
    page.goto("/en/")

    menu = tab_until(page, lambda element: element["tag"] == "summary")
    assert menu["name"] == "Menu"
    assert menu["outlineStyle"] != "none" and menu["outlineContrast"] >= 3
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().height") >= 44
    page.keyboard.press("Enter")

    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_visible()
    # The next stops of the Tab key are the menu's own: languages, account, navigation.
    following = tab_until(page, lambda element: element["name"] == "Suggestions")
    assert following["href"] == "/en/suggestions/"
    assert_accessible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/suggestions/")
    # A new page opens with the menu closed again.
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()


def test_it_shows_the_whole_header_without_a_menu_button_on_a_wide_screen(page):
    page.goto("/en/")

    header = page.get_by_role("banner")
    expect(header.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(header.get_by_role("button", name="Svenska")).to_be_visible()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert page.evaluate(HEADER_HEIGHT_JS) < 160


# --- A wide table -----------------------------------------------------------------------------


def test_it_scrolls_the_meetings_table_inside_its_own_region(page, live_server, reference_data):
    member = quick_user("member@example.fi")
    group = make_group(chair=member)
    make_meeting(group, title="Kehittämisryhmän kokous joulukuussa, etäyhteydellä")
    make_meeting(group, title="Ylimääräinen kokous")
    sign_in(page, live_server, member)
    page.set_viewport_size(PHONE_SE)

    page.goto(f"/groups/{group.slug}/meetings/")

    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], "the table widens the whole page"
    with translation.override("fi"):
        caption = gettext("Meetings, newest first")
    region = page.get_by_role("region", name=caption)
    expect(region).to_have_attribute("tabindex", "0")
    box = region.bounding_box()
    assert box is not None and box["x"] + box["width"] <= widths[1]
    # What does not fit scrolls with the keyboard, inside the region.
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region.locator("table")).to_be_visible()
    assert_accessible(page)


# --- A handler's day on a phone ---------------------------------------------------------------


def test_it_fits_a_handlers_pages_on_a_phone(page, live_server, reference_data, no_indexing):
    chair = quick_user("chair@example.fi")
    group = make_group(chair=chair)
    meeting = make_meeting(group, title="Kokous 3/2026")
    suggestion = group_suggestion(group, title="Kotihoidon iltakäynnit tulevat liian aikaisin")
    AgendaItem.objects.create(meeting=meeting, suggestion=suggestion, position=1)
    sign_in(page, live_server, chair)
    page.set_viewport_size(PHONE_SE)

    for path in (
        f"/suggestions/{suggestion.reference}/",
        f"/groups/{group.slug}/queue/",
        f"/groups/{group.slug}/meetings/{meeting.pk}/",
        f"/groups/{group.slug}/meetings/{meeting.pk}/minutes/",
    ):
        page.goto(path)
        assert page.evaluate(HEADER_HEIGHT_JS) < 0.2 * PHONE_SE["height"], path
        assert_fits(page)
        assert_accessible(page)
