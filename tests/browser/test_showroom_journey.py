"""The AADA showroom in the browser, in Finnish: an older resident on a phone finds a safety
solution by its kind (with and without JavaScript), reads what the experts found and checks the
label, and says it interests her, once per browser; a company changes its published listing
while the public keeps reading the published one until an editor publishes the change; and a
solution whose label expired leaves the catalogue, its page saying since when and why.

The words are read from the Finnish catalogue (``gettext`` under ``translation.override``), so
the journeys follow what a Finnish visitor sees without copying it here.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from labs.models import Label, TestPlan
from showroom.models import Category, Interest, Listing
from tests.browser.accessibility import assert_accessible
from tests.browser.session import sign_in
from tests.browser.test_responsive import PHONE_SE, assert_fits
from tests.factories import PEOPLE, make_person
from tests.labs import factories as labs_factories
from tests.showroom.builders import make_label, make_listing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENVIRONMENT = "Oulun kotihoito, Kaakkuri"
NEW_SUMMARY = "Hälyttää kotihoidon avuksi, kun asiakas kaatuu tai painaa nappia."


# The texts inside ``root`` that would overflow their box if no word were broken mid-word:
# ``overflow-wrap: anywhere`` keeps a long name inside a phone's width, and must not be what
# makes a date or a version fit.
BROKEN_WORDS_JS = """
(root) => {
  const all = [root, ...root.querySelectorAll("*")];
  const loose = all.filter((el) => getComputedStyle(el).overflowWrap === "anywhere");
  loose.forEach((el) => { el.style.overflowWrap = "normal"; });
  const broken = all
    .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.textContent.trim().replace(/\\s+/g, " ").slice(0, 60));
  loose.forEach((el) => { el.style.overflowWrap = ""; });
  return broken;
}
"""


def fi(message: str) -> str:
    with translation.override("fi"):
        return gettext(message)


def fi_count(singular: str, plural: str, count: int) -> str:
    with translation.override("fi"):
        return ngettext(singular, plural, count) % {"counter": count}


def fi_date(day: datetime.date) -> str:
    with translation.override("fi"):
        return date_format(day, "DATE_FORMAT")


def label(message: str) -> re.Pattern:
    """The Finnish label of a field, which may be followed by a "(pakollinen)" marker."""
    return re.compile(rf"^{re.escape(capfirst(fi(message)))}(\s|$)")


def solutions(count: int) -> str:
    return fi_count("%(counter)s solution", "%(counter)s solutions", count)


def interested(count: int) -> str:
    return fi_count("%(counter)s person is interested", "%(counter)s people are interested", count)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def showroom(reference_data):
    """Three listed solutions of one company, each of another kind of help; the safety one
    tested in a home-care unit. And one whose label has expired since it was published."""
    rep = labs_factories.make_user("rep", name="Pia Product")
    editor = make_person(**PEOPLE["showroom_editor"])
    company = labs_factories.make_company("Hoiva Oy", representatives=[rep])
    environment = labs_factories.make_environment(name=ENVIRONMENT, organisation="Oulun kaupunki")
    granted_on = timezone.localdate() - datetime.timedelta(days=60)

    def listed(name: str, category: str, **fields) -> Listing:
        made = make_label(
            company,
            rep,
            level=fields.pop("level", "tested"),
            granted_on=granted_on,
            product_name=name,
        )
        categories = [Category.objects.get(code=category)]
        return make_listing(
            made, rep, state="published", editor=editor, categories=categories, **fields
        )

    bracelet = listed(
        "Turvaranneke",
        "safety",
        level="co_created",
        summary="Hälyttää apua, kun asiakas kaatuu.",
        description="Ranneke tunnistaa kaatumisen ja hälyttää kotihoidon.",
    )
    TestPlan.objects.create(application=bracelet.label.application).environments.set([environment])
    listed("Lääkemuistuttaja", "health", summary="Muistuttaa lääkkeistä.")
    listed("Videopuhelin", "social", summary="Kuvapuhelu omaisille.")
    expired = listed("Unimittari", "health", summary="Seuraa unta yöllä.")
    Label.objects.filter(pk=expired.label_id).update(
        granted_on=timezone.localdate() - datetime.timedelta(days=3 * 365 + 20),
        valid_until=timezone.localdate() - datetime.timedelta(days=12),
    )
    return {
        "rep": rep,
        "editor": editor,
        "bracelet": Listing.objects.select_related("label").get(pk=bracelet.pk),
        "expired": Listing.objects.select_related("label").get(pk=expired.pk),
    }


def results(page):
    return page.locator("#catalogue-results")


def card_names(page) -> list[str]:
    return results(page).locator(".solution-card__title").all_inner_texts()


def test_a_resident_on_a_phone_finds_a_solution_checks_its_label_and_says_it_interests_her(
    browser, page, live_server, showroom
):
    bracelet = showroom["bracelet"]
    path = f"/showroom/{bracelet.slug}/"
    page.set_viewport_size(PHONE_SE)

    # The catalogue, in Finnish without a language in the address, fits the phone.
    page.goto("/showroom/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fi("AADA showroom: help for daily life")
    )
    expect(page.locator("#catalogue-count")).to_have_text(solutions(3))
    assert "Unimittari" not in card_names(page)
    assert_fits(page)

    # Without JavaScript the form is a plain GET form: choose the kind of help, send it.
    plain = browser.new_context(
        base_url=live_server.url,
        locale="fi-FI",
        viewport=PHONE_SE,
        java_script_enabled=False,
    )
    without_scripts = plain.new_page()
    without_scripts.goto("/showroom/")
    search = without_scripts.get_by_role("search")
    search.get_by_label(fi("What kind of help")).select_option(label="Turvallisuus")
    search.get_by_role("button", name=fi("Show solutions")).click()
    expect(without_scripts).to_have_url(re.compile(r"/showroom/\?(.*&)?category=safety(&|$)"))
    expect(without_scripts.locator("#catalogue-count")).to_have_text(solutions(1))
    assert card_names(without_scripts) == ["Turvaranneke"]
    expect(without_scripts.get_by_label(fi("What kind of help"))).to_have_value("safety")
    assert_fits(without_scripts)
    plain.close()

    # With JavaScript choosing is enough: htmx asks for the results alone and swaps them in,
    # the page itself is not reloaded, and the address follows for the back button.
    page.evaluate("() => { window.notReloaded = true; }")
    with page.expect_response(
        lambda response: (
            "category=safety" in response.url
            and response.request.headers.get("hx-request") == "true"
        )
    ) as answer:
        page.get_by_role("search").get_by_label(fi("What kind of help")).select_option(
            label="Turvallisuus"
        )
    assert answer.value.ok
    expect(page.locator("#catalogue-count")).to_have_text(solutions(1))
    assert card_names(page) == ["Turvaranneke"]
    expect(page).to_have_url(re.compile(r"category=safety"))
    expect(page.locator("#catalogue-clear")).to_contain_text(fi("Clear search and filters"))
    assert page.evaluate("() => window.notReloaded") is True
    assert_fits(page)

    # The solution's page: the experts' verdict, drawn from the label.
    results(page).get_by_role("link", name="Turvaranneke").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Turvaranneke")
    assert_fits(page)
    evidence = page.get_by_role("region", name=fi("What the experts found"))
    with translation.override("fi"):
        level = bracelet.label.get_level_display()
    expect(evidence).to_contain_text(fi("OuluHealth Labs label: %(level)s") % {"level": level})
    granted = evidence.get_by_role("definition").filter(has_text=fi_date(bracelet.label.granted_on))
    expect(granted).to_have_count(1)
    expect(evidence.get_by_role("listitem")).to_contain_text(ENVIRONMENT)
    check = evidence.get_by_role(
        "link", name=fi("Check the label %(code)s") % {"code": bracelet.label.code}
    )
    expect(check).to_have_attribute("href", f"/labs/labels/{bracelet.label.code}/")
    # On the phone the dates and the tested version read whole, no word split across lines.
    assert evidence.evaluate(BROKEN_WORDS_JS) == []

    # The label's own verification page says it is valid today; back to the solution.
    check.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(bracelet.label.code)
    expect(page.locator(".verdict")).to_have_class(re.compile(r"\bverdict--valid\b"))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))

    # "I'm interested": counted for this browser without signing in.
    responses = page.get_by_role("region", name=fi("What people say"))
    expect(responses).to_contain_text(interested(0))
    older_tab = page.context.new_page()  # the same page left open in another tab
    older_tab.goto(path)
    responses.get_by_role("button", name=fi("I'm interested")).click()
    expect(
        page.get_by_role("status").filter(has_text=fi("Thank you: your interest was counted."))
    ).to_be_visible()
    expect(responses).to_contain_text(interested(1))
    expect(responses.get_by_role("status")).to_have_text(fi("You said this interests you."))
    expect(responses.get_by_role("button", name=fi("I'm interested"))).to_have_count(0)
    assert_fits(page)

    # Pressing again from the other tab does not count twice.
    older_tab.get_by_role("button", name=fi("I'm interested")).click()
    expect(
        older_tab.get_by_role("status").filter(has_text=fi("Your interest was counted already."))
    ).to_be_visible()
    expect(older_tab.get_by_role("region", name=fi("What people say"))).to_contain_text(
        interested(1)
    )
    older_tab.close()
    page.reload()
    expect(responses).to_contain_text(interested(1))
    assert Interest.objects.filter(listing=bracelet).count() == 1

    # Another browser is another person.
    other = browser.new_context(base_url=live_server.url, locale="fi-FI", viewport=PHONE_SE)
    neighbour = other.new_page()
    neighbour.goto(path)
    neighbour.get_by_role("button", name=fi("I'm interested")).click()
    expect(neighbour.get_by_role("region", name=fi("What people say"))).to_contain_text(
        interested(2)
    )
    other.close()
    assert Interest.objects.filter(listing=bracelet, user=None).count() == 2


def test_a_company_changes_its_published_listing_and_an_editor_publishes_the_change(
    page, live_server, showroom
):
    bracelet = showroom["bracelet"]
    path = f"/showroom/{bracelet.slug}/"
    old_summary = bracelet.published.summary

    # The company's representative opens the listing from the company's own page.
    sign_in(page, live_server, showroom["rep"])
    page.goto("/showroom/mine/")
    page.get_by_role("link", name=f"{fi('Edit')} Turvaranneke").click()
    expect(page).to_have_url(re.compile(rf"/showroom/{bracelet.slug}/edit/solution/$"))
    summary = page.get_by_label(label("who it is for and what it does"))
    expect(summary).to_have_value(old_summary)
    summary.fill(NEW_SUMMARY)
    page.get_by_role("main").get_by_role("button", name=fi("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(
        fi("Saved: %(section)s.") % {"section": fi("The solution")}
    )
    submit = page.get_by_role("region", name=fi("Submit for review"))
    submit.get_by_role("button", name=fi("Submit for review")).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.get_by_role("main")).to_contain_text(fi("A change is waiting for review."))

    # The public still reads the published version while the change is in review.
    page.context.clear_cookies()
    page.goto(path)
    header = page.locator(".solution-header")
    expect(header).to_contain_text(old_summary)
    expect(page.get_by_role("main")).not_to_contain_text(NEW_SUMMARY)
    page.goto("/showroom/")
    expect(results(page)).to_contain_text(old_summary)

    # An editor finds the change in the queue, sees what it alters and publishes it.
    sign_in(page, live_server, showroom["editor"])
    page.goto("/showroom/review/")
    queue = page.get_by_role("table")
    expect(queue.get_by_role("row")).to_have_count(2)  # the heading row and the change
    expect(queue).to_contain_text(fi("A change to a published listing"))
    queue.get_by_role("link", name="Turvaranneke").click()
    expect(page).to_have_url(re.compile(rf"/showroom/{bracelet.slug}/review/$"))
    changes = page.get_by_role("region", name=fi("What the change alters"))
    expect(changes.locator(".diff__before")).to_have_text(old_summary)
    expect(changes.locator(".diff__after")).to_have_text(NEW_SUMMARY)
    page.get_by_role("button", name=fi("Publish the change")).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.get_by_role("status")).to_contain_text(fi("The change is published."))

    # The public now reads the new text, in the page and on the catalogue's card.
    page.context.clear_cookies()
    page.goto(path)
    expect(header).to_contain_text(NEW_SUMMARY)
    expect(page.get_by_role("main")).not_to_contain_text(old_summary)
    page.goto("/showroom/")
    card = results(page).get_by_role("article", name="Turvaranneke")
    expect(card).to_contain_text(NEW_SUMMARY)
    bracelet.refresh_from_db()
    assert bracelet.published.summary == NEW_SUMMARY and bracelet.pending_id is None


def test_a_solution_whose_label_expired_is_unlisted_and_says_since_when_and_why(page, showroom):
    expired = showroom["expired"]
    page.goto("/showroom/")
    expect(page.locator("#catalogue-count")).to_have_text(solutions(3))
    expect(results(page).get_by_role("link", name="Unimittari")).to_have_count(0)
    page.goto("/showroom/?category=health")
    expect(page.locator("#catalogue-count")).to_have_text(solutions(1))
    assert card_names(page) == ["Lääkemuistuttaja"]

    # Its address still answers: the page says since when and why it is not listed.
    response = page.goto(f"/showroom/{expired.slug}/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Unimittari")
    since = expired.label.valid_until + datetime.timedelta(days=1)
    note = page.get_by_role("note")
    expect(note).to_contain_text(
        fi("Not in the showroom since %(since)s: its OuluHealth Labs label has expired.")
        % {"since": fi_date(since)}
    )
    expect(note).to_contain_text(
        fi(
            "The label was valid until %(until)s. "
            "A solution is listed only while its label is valid."
        )
        % {"until": fi_date(expired.label.valid_until)}
    )
    expect(page.locator("meta[name=robots]")).to_have_attribute("content", "noindex")
    # On a wide screen the evidence box is a narrow side column: its dates still read whole.
    assert page.locator(".evidence").evaluate(BROKEN_WORDS_JS) == []
    # Nobody can say it interests them any more.
    expect(page.get_by_role("button", name=fi("I'm interested"))).to_have_count(0)
    assert_accessible(page)
