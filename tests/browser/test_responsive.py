"""Pages fit a small phone (375 CSS pixels wide, WCAG 1.4.10 reflow) without sideways scrolling."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

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

    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page is {widths[0]}px wide in a {widths[1]}px window"
    assert page.evaluate(OVERFLOWING_JS) == []
    # Everything in the header stays reachable without a menu button.
    header = page.get_by_role("banner")
    expect(header.get_by_role("button", name="English")).to_be_in_viewport()
    with translation.override(language_of(path)):
        main_navigation = gettext("Main")
    expect(page.get_by_role("navigation", name=main_navigation)).to_be_in_viewport()
