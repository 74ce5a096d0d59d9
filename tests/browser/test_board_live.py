"""The board's live filtering: what htmx swaps in keeps the filter count and the ways out
true to the results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_filter_count_and_the_clear_link_follow_each_choice(page):
    page.goto("/en/suggestions/")
    expect(page.locator("#board-clear a")).to_have_count(0)
    page.get_by_text("Filter and sort").click()

    page.get_by_label("Area", exact=True).select_option("oulu")

    expect(page.locator("#board-filters-on")).to_have_text("(1 filter on)")
    expect(page.locator("#board-clear a")).to_have_text("Clear search and filters")
    empty = page.locator(".board-empty")
    expect(empty.get_by_role("link", name="Leave a suggestion")).to_be_visible()
    expect(empty.get_by_role("link", name="Clear search and filters")).to_be_visible()

    page.get_by_label("Area", exact=True).select_option("")

    expect(page.locator("#board-filters-on")).to_have_text("")
    expect(page.locator("#board-clear a")).to_have_count(0)

    page.get_by_label("Kind", exact=True).select_option(index=1)
    expect(page.locator("#board-filters-on")).to_have_text("(1 filter on)")
    page.locator("#board-clear a").click()

    expect(page).to_have_url(re.compile(r"/en/suggestions/$"))
    expect(page.get_by_label("Kind", exact=True)).to_have_value("")
