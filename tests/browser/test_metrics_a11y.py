"""axe on the coordinators' dashboard (with a comparison, with a filter's error, as a group's
member) and on the public statistics page, in Finnish and Swedish; both at a phone's width
without a page that scrolls sideways; and the charts readable with the keyboard alone: every
table that scrolls in its own box takes the focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from popsote.accounts.models import User
from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import tab_until
from tests.browser.session import sign_in
from tests.browser.test_responsive import PHONE_SE
from tests.metrics.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "start=2026-01&end=2026-03"

# What sticks out of the window, leaving out what sits inside a box that scrolls on its own
# (a wide table, a long run of months), which the keyboard reaches.
LOOSE_JS = """
() => [...document.body.querySelectorAll("*")]
  .filter((el) => {
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    if (box.right <= document.documentElement.clientWidth + 1) return false;
    const scrolls = ".chart__table, .chart__drawing--scrolls";
    const scroller = el.parentElement && el.parentElement.closest(scrolls);
    return !scroller;
  })
  .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""))
"""


def assert_fits(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"
    assert page.evaluate(LOOSE_JS) == []


@pytest.fixture
def world(reference_data):
    return build_world()


def person(world, name):
    return User.objects.get(pk=world.people[name])


def check(page, url):
    response = page.goto(url)
    assert response.ok or response.status == 400, url
    expect(page.locator("svg.chart__svg").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_dashboard_and_the_statistics_pass_axe(page, live_server, world, prefix):
    base = f"{live_server.url}{prefix}"
    check(page, f"{base}/stats/?{PERIOD}")
    check(page, f"{base}/stats/?{PERIOD}&compare=on")

    sign_in(page, live_server, person(world, "coordinator"))
    check(page, f"{base}/dashboard/?{PERIOD}&compare=on")
    check(page, f"{base}/dashboard/?start=2026-99&area=nowhere")
    expect(page.locator(".error-summary")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, person(world, "handler_x"))
    check(page, f"{base}/dashboard/?{PERIOD}")


def test_on_a_phone_nothing_scrolls_sideways_but_the_boxes_made_for_it(page, live_server, world):
    page.set_viewport_size(PHONE_SE)
    page.goto(f"{live_server.url}/stats/?{PERIOD}&compare=on")
    assert_fits(page)
    sign_in(page, live_server, person(world, "coordinator"))
    page.goto(f"{live_server.url}/dashboard/?{PERIOD}&compare=on")
    assert_fits(page)


def test_a_keyboard_reaches_the_first_table_and_its_download(page, live_server, world):
    page.goto(f"{live_server.url}/en/stats/?{PERIOD}")

    # The first table's box (it scrolls on a phone): its caption is the first thing it says.
    table = tab_until(page, lambda element: element["tag"] == "div", limit=80)
    assert table["name"].startswith("Suggestions by stakeholder group")
    download = tab_until(page, lambda element: element["name"].startswith("Download CSV"))
    assert download["tag"] == "a"
