"""axe on a group's queue, the triage queue and the handler panel, in Finnish and Swedish;
and the queue's filters used with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas.lifecycle import State
from ideas.models import Suggestion
from tests.browser.accessibility import assert_accessible
from tests.browser.keyboard import tab_until
from tests.browser.session import sign_in
from tests.factories import make_group, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("no_indexing"),
]


@pytest.fixture
def work(reference_data, make_user, coordinator):
    """Two groups (so new suggestions tie and wait in triage), a member, and a queue with an
    overdue row, a row due soon, an assigned one and one waiting for information."""
    member = make_user("member@example.fi", stakeholder="professional", name="Maija Member")
    group = make_group("oulu", name="Oulun ikäihmiset", chair=member)
    make_group("lakeus", name="Lakeuden perhe")
    now = timezone.now()
    rows = [
        ("Iltakäynnit liian aikaisin", 20, State.IN_PROCESSING, None),
        ("Puhelinjono on aina täynnä", 2, State.IN_PROCESSING, member),
        ("Neuvolan aukioloajat", 5, State.INFO_REQUESTED, None),
    ]
    for title, age, state, assignee in rows:
        suggestion = submit(title=title, language="fi").suggestion
        created = now - timedelta(days=age)
        Suggestion.objects.filter(pk=suggestion.pk).update(
            group=group,
            state=state,
            assignee=assignee,
            created_at=created,
            response_due_at=created + timedelta(days=14),
            decision_due_at=created + timedelta(days=60),
            due_at=created + timedelta(days=14),
        )
    submit(title="Palaute yhteiskehittämisestä", language="fi")  # ties: waits in triage
    return {"group": group, "member": member, "coordinator": coordinator}


@pytest.mark.parametrize("prefix", ["", "/sv"], ids=["fi", "sv"])
@pytest.mark.parametrize("which", ["queue", "triage", "groups", "handling"])
def test_it_has_accessible_group_pages(page, live_server, work, prefix, which):
    person = work["member"] if which == "queue" else work["coordinator"]
    sign_in(page, live_server, person)
    handled = Suggestion.objects.filter(group=work["group"]).order_by("id").first()
    path = {
        "queue": "/groups/oulu/queue/",
        "triage": "/triage/",
        "groups": "/groups/",
        "handling": f"/suggestions/{handled.reference}/",
    }[which]

    response = page.goto(prefix + path)

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "sv" if prefix else "fi")
    expect(page.locator("h1")).to_have_count(1)
    if which == "queue":
        expect(page.locator(".queue-row")).to_have_count(3)
    if which == "triage":
        expect(page.locator(".queue-row")).to_have_count(1)
    if which == "handling":
        expect(page.locator("#handling")).to_be_visible()
    assert_accessible(page)


def test_it_lets_a_keyboard_user_filter_the_queue(page, live_server, work):
    sign_in(page, live_server, work["member"])
    page.goto("/en/groups/oulu/queue/")
    expect(page.locator(".queue-row")).to_have_count(3)

    # Tab to the "only overdue" checkbox, tick it with the space bar, and send the form with
    # Enter from the button: every step shows a visible focus ring.
    checkbox = tab_until(page, lambda element: element["id"] == "id_overdue")
    assert checkbox["outlineStyle"] != "none" and checkbox["outlineWidth"] >= 2
    page.keyboard.press("Space")
    button = tab_until(page, lambda element: element["tag"] == "button")
    assert button["outlineContrast"] >= 3
    page.keyboard.press("Enter")

    page.wait_for_url("**/groups/oulu/queue/?*overdue=on*")
    expect(page.locator(".queue-row")).to_have_count(1)
    expect(page.locator(".queue-row").first).to_contain_text("Iltakäynnit liian aikaisin")
    expect(page.locator("#id_overdue")).to_be_checked()


def test_it_shows_only_the_fields_the_chosen_action_needs(page, live_server, work):
    """With scripts the handler sees the reason only for "not taken forward", the reference
    only for a merge; the message fields always. Without scripts all show (tested in
    tests/groups/test_handling_views.py)."""
    handled = Suggestion.objects.get(title="Iltakäynnit liian aikaisin")
    sign_in(page, live_server, work["member"])
    page.goto(f"/en/suggestions/{handled.reference}/")
    reason, target, message = (
        page.locator("#handle_reason"),
        page.locator("#handle_target"),
        (page.locator("#handle_message")),
    )
    expect(reason).to_be_hidden()
    expect(target).to_be_hidden()
    expect(message).to_be_visible()

    page.select_option("#handle_action", "not_advance")
    expect(reason).to_be_visible()
    expect(target).to_be_hidden()

    page.select_option("#handle_action", "merge")
    expect(target).to_be_visible()
    expect(reason).to_be_hidden()
    expect(message).to_be_visible()


def test_it_keeps_a_field_with_an_error_in_view(page, live_server, work):
    handled = Suggestion.objects.get(title="Iltakäynnit liian aikaisin")
    sign_in(page, live_server, work["member"])
    page.goto(f"/en/suggestions/{handled.reference}/")
    page.select_option("#handle_action", "not_advance")
    page.fill("#handle_message", "Ei toteuteta nyt.")
    page.locator(".handling-form button[type=submit]").click()

    # The service refused (no reason chosen): the page comes back with the reason field shown
    # and its error, and what was typed.
    expect(page.locator("#handle_reason")).to_be_visible()
    expect(page.locator("#handle_reason_error")).to_be_visible()
    expect(page.locator("#handle_message")).to_have_value("Ei toteuteta nyt.")
