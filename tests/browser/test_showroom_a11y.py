"""axe on the AADA showroom's pages in Finnish and Swedish: the catalogue (without filters, with
them, with the folded filters open, with a filter's error and with no results), a solution's
page (listed, no longer listed, after saying it interests you, as a resident who may tell of
an experience), the report of an experience; the company's own listings, the start of a
listing and the editor's sections (also with an error), a solution's page as its company; the
editors' review queue, a new listing's and a change's review, and the moderation of a
reported experience. Then the keyboard: the catalogue's filters and the "I'm interested"
button work with Tab, Space and Enter alone, each with a visible focus."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from labs.models import Label, TestPlan
from showroom.models import Category, Feedback, UsedAs
from showroom.services import responses, version_save
from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import tab_until
from tests.browser.session import sign_in
from tests.factories import PEOPLE, make_person
from tests.labs import factories as labs_factories
from tests.showroom.builders import make_label, make_listing, png

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["solution", "use", "getting", "images"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def showroom(reference_data):
    """One company's listings in the states its pages and the editors' answer differently: a
    listed one with an experience a resident reported, a published one whose change is in
    review, a new one in review, a draft with a picture, one whose label expired; and a label
    not listed yet, so that the company may start a listing."""
    rep = labs_factories.make_user("rep", name="Pia Product")
    editor = make_person(**PEOPLE["showroom_editor"])
    resident = make_person(**PEOPLE["resident"])
    other = make_person(**PEOPLE["other_resident"])
    company = labs_factories.make_company("Hoiva Oy", representatives=[rep])
    environment = labs_factories.make_environment(name="Oulun kotihoito, Kaakkuri")
    safety = Category.objects.get(code="safety")

    def listing(name: str, **fields):
        made = make_label(company, rep, level=fields.pop("level", "tested"), product_name=name)
        return make_listing(made, rep, editor=editor, name=name, **fields)

    listed = listing(
        "Turvaranneke",
        state="published",
        level="co_created",
        categories=[safety],
        summary="Hälyttää apua, kun asiakas kaatuu.",
    )
    TestPlan.objects.create(application=listed.label.application).environments.set([environment])
    feedback = responses.feedback_create(
        actor=resident,
        listing=listed,
        text="Äiti käyttää tätä joka päivä, ja hälytys on tullut perille.",
        used_as=UsedAs.RELATIVE,
    )
    responses.feedback_report(actor=other, feedback=feedback, reason="Mainos, ei kokemus.")
    changed = listing("Lääkemuistuttaja", state="published", change="review")
    in_review = listing("Videopuhelin", state="in_review")
    draft = listing("Unimittari")
    version_save(actor=rep, listing=draft, data={}, new_images=[(png(), "Laite yöpöydällä")])
    expired = listing("Kävelytuki", state="published")
    Label.objects.filter(pk=expired.label_id).update(
        granted_on=timezone.localdate() - datetime.timedelta(days=3 * 365 + 20),
        valid_until=timezone.localdate() - datetime.timedelta(days=12),
    )
    make_label(company, rep, product_name="Uusi tuote")
    return {
        "rep": rep,
        "editor": editor,
        "resident": resident,
        "neighbour": make_person("neighbour@example.fi", name="Nea Neighbour"),
        "listed": listed.slug,
        "changed": changed.slug,
        "in_review": in_review.slug,
        "draft": draft.slug,
        "expired": expired.slug,
        "feedback": Feedback.objects.get().pk,
    }


def check(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, (path, response.status)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_public_showroom_pages_are_accessible(page, live_server, showroom, prefix):
    for query in [
        "",
        "?category=safety",
        # The folded filters open with their count, and a filter's error summary.
        "?language=sv&label_level=kultainen",
        "?category=mobility",  # nothing found, and the ways out
    ]:
        check(page, f"{prefix}/showroom/{query}")
    expect(page.locator(".catalogue-empty")).to_be_visible()

    listed = f"{prefix}/showroom/{showroom['listed']}/"
    check(page, listed)
    expect(page.locator(".evidence")).to_be_visible()
    check(page, f"{prefix}/showroom/{showroom['expired']}/")
    expect(page.locator(".unlisted")).to_be_visible()

    # A signed-in resident tells of an experience (and must write it first), and reports one.
    sign_in(page, live_server, showroom["resident"])
    page.goto(listed)
    page.locator("form#feedback button[type=submit]").click()
    expect(page.locator("form#feedback .error-summary")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in(page, live_server, showroom["neighbour"])
    check(page, f"{prefix}/showroom/feedback/{showroom['feedback']}/report/")


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
def test_the_company_and_editor_pages_are_accessible(page, live_server, showroom, prefix):
    sign_in(page, live_server, showroom["rep"])
    check(page, f"{prefix}/showroom/mine/")
    check(page, f"{prefix}/showroom/new/")
    check(page, f"{prefix}/showroom/{showroom['listed']}/")
    expect(page.locator(".showroom-panel")).to_be_visible()  # the company's tools
    for section in SECTIONS:
        check(page, f"{prefix}/showroom/{showroom['draft']}/edit/{section}/")
    expect(page.locator(".showroom-image img")).to_be_visible()
    # A section that must be corrected: its error summary and the field tied to its error.
    page.goto(f"{prefix}/showroom/{showroom['draft']}/edit/use/")
    page.locator("#id_video_url").fill("http://example.com/video")
    page.locator("main form.form button[name=save]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    # A change to the published listing.
    check(page, f"{prefix}/showroom/{showroom['listed']}/edit/solution/")

    page.context.clear_cookies()
    sign_in(page, live_server, showroom["editor"])
    check(page, f"{prefix}/showroom/review/")
    expect(page.locator(".showroom-table tbody tr")).to_have_count(2)
    check(page, f"{prefix}/showroom/{showroom['changed']}/review/")
    expect(page.locator(".diff")).to_be_visible()
    page.goto(f"{prefix}/showroom/{showroom['in_review']}/review/")
    # Returning a new listing without a message: the form's error.
    page.locator("form:has(input[name=action][value=return]) button[type=submit]").click()
    expect(page.locator("#return-errors")).to_be_visible()
    assert_accessible(page)
    check(page, f"{prefix}/showroom/feedback/{showroom['feedback']}/moderate/")


# --- The keyboard -----------------------------------------------------------------------------


def fi(message: str) -> str:
    return in_language("fi", message)


def assert_visible_focus(element: dict) -> None:
    assert element["visible"], element
    assert element["outlineStyle"] != "none" and element["outlineWidth"] >= 2, element
    assert element["outlineContrast"] >= 3, element


def test_a_keyboard_user_filters_the_catalogue_and_says_a_solution_interests_them(page, showroom):
    page.goto("/showroom/")
    count = page.locator("#catalogue-count")
    with translation.override("fi"):
        expect(count).to_have_text(
            ngettext("%(counter)s solution", "%(counter)s solutions", 2) % {"counter": 2}
        )

    # The search field, then the kind of help, where the arrow keys choose and htmx follows.
    assert_visible_focus(tab_until(page, lambda element: element["id"] == "id_search"))
    assert_visible_focus(tab_until(page, lambda element: element["id"] == "id_category"))
    category = page.locator("#id_category")
    for _ in range(len(Category.objects.active())):
        if category.input_value() == "safety":
            break
        page.keyboard.press("ArrowDown")
    expect(category).to_have_value("safety")
    with translation.override("fi"):
        one = ngettext("%(counter)s solution", "%(counter)s solutions", 1) % {"counter": 1}
    expect(count).to_have_text(one)
    expect(page).to_have_url(re.compile(r"category=safety"))

    # The folded filters open with Enter, a checkbox ticks with Space, and Enter on the button
    # sends the form.
    assert_visible_focus(tab_until(page, lambda element: element["tag"] == "summary"))
    page.keyboard.press("Enter")
    expect(page.locator("details.catalogue-more")).to_have_attribute("open", "")
    assert_visible_focus(tab_until(page, lambda element: element["id"] == "id_free"))
    page.keyboard.press("Space")
    expect(page.locator("#id_free")).to_be_checked()
    button = tab_until(page, lambda element: element["tag"] == "button")
    assert button["name"] == fi("Show solutions")
    assert_visible_focus(button)
    with page.expect_response(lambda response: "free=on" in response.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    expect(page).to_have_url(re.compile(r"free=on"))
    expect(page.locator("#catalogue-filters-on")).not_to_have_text("")
    expect(count).to_have_text(one)
    # The tick sent the form too: once both answers are in, the results stay put, and the card
    # the keyboard reaches is the one on the page.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")

    # On through the way back to every solution to the solution found, and into it.
    clear = tab_until(page, lambda element: element["name"] == fi("Clear search and filters"))
    assert_visible_focus(clear)
    card = tab_until(page, lambda element: element["name"] == "Turvaranneke")
    assert_visible_focus(card)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/showroom/{showroom['listed']}/$"))

    # "I'm interested" is reached with Tab and pressed with Enter.
    button = tab_until(page, lambda element: element["name"] == fi("I'm interested"), limit=60)
    assert button["tag"] == "button"
    assert_visible_focus(button)
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("status").filter(has_text=fi("Thank you: your interest was counted."))
    ).to_be_visible()
    expect(page.locator(".responses__done")).to_have_text(fi("You said this interests you."))
