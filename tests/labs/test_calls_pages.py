"""Calls to companies: who may open one on which suggestion (a matrix of roles and the
suggestion's visibility), the call's page and its way to apply, the suggestion page's Labs
panel, and the followers who hear of the call."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.models import Follow, Suggestion
from labs.lifecycle import State
from labs.models import Call, Representative
from popsote.accounts import roles
from popsote.notifications.models import Notification
from tests.factories import make_group, submit
from tests.labs.public_builders import make_application, make_call, make_company, make_label

pytestmark = pytest.mark.django_db

NEW = "/en/labs/calls/new/"
ROLES = [
    "anonymous",
    "resident",
    "company",
    "labs_staff",
    "other_group_handler",
    "handler",
    "coordinator",
]
VISIBILITY = ["public", "private", "hidden"]
# The matrix written out: who may open a call, by the suggestion's visibility. A public need
# only; then a handler of its own group or a coordinator.
MAY_OPEN = {("handler", "public"), ("coordinator", "public")}


def deadline(days: int = 30) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def call_data(reference: str, **fields) -> dict:
    data = {
        "call-title": "Lääkemuistutus kotihoidon asiakkaille",
        "call-description": "Etsimme tuotetta, joka muistuttaa kotihoidon asiakasta lääkkeistä.",
        "call-deadline": deadline(),
        "call-references": reference,
    }
    data.update({f"call-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def people(make_user):
    handler = make_user("handler@example.fi", stakeholder="professional")
    other = make_user("other-handler@example.fi", stakeholder="professional")
    make_group("oulu", members=[handler], areas=["oulu"])
    make_group("lakeus", members=[other], areas=["lakeus"])
    company_user = make_user("rep@example.fi", stakeholder="company")
    Representative.objects.create(company=make_company(), user=company_user)
    return {
        "anonymous": None,
        "resident": make_user("resident@example.fi"),
        "company": company_user,
        "labs_staff": make_user("labs@example.fi", role=roles.LABS_STAFF),
        "other_group_handler": other,
        "handler": handler,
        "coordinator": make_user("coordinator@example.fi", role=roles.COORDINATOR),
    }


def need(visibility: str = "public", **fields) -> Suggestion:
    suggestion = submit(area="oulu", **fields).suggestion
    if visibility != "public":
        Suggestion.objects.filter(pk=suggestion.pk).update(
            is_private=visibility == "private", is_hidden=visibility == "hidden"
        )
        suggestion.refresh_from_db()
    return suggestion


@pytest.mark.parametrize("visibility", VISIBILITY)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_a_call_on_which_suggestion(client_for, people, role, visibility):
    suggestion = need(visibility)
    assert suggestion.group.slug == "oulu"
    client = client_for(people[role])

    response = client.post(
        f"{NEW}?suggestion={suggestion.reference}", call_data(suggestion.reference)
    )

    opened = Call.objects.filter(suggestions=suggestion).exists()
    if (role, visibility) in MAY_OPEN:
        assert opened
        call = Call.objects.get(suggestions=suggestion)
        assert response.status_code == 302
        assert response["Location"] == call.get_absolute_url()
        assert call.opened_by == people[role]
        return
    assert not opened
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    elif role in {"resident", "company", "labs_staff"}:
        assert response.status_code == 403
    elif visibility == "public":
        assert response.status_code == 403  # another group's handler
    else:
        # A handler or coordinator is told that only public needs are opened.
        assert response.status_code in (200, 409)
        assert "public" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_form_opens_only_for_those_who_may_use_it(client_for, people, role):
    suggestion = need()

    response = client_for(people[role]).get(f"{NEW}?suggestion={suggestion.reference}")

    if (role, "public") in MAY_OPEN:
        assert response.status_code == 200
        assert f'value="{suggestion.title}"' in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


def test_a_call_may_open_several_needs_only_when_the_handler_handles_each(client_for, people):
    own = need(title="Oma tarve")
    foreign = submit(area="lakeus", title="Toisen ryhmän tarve").suggestion
    client = client_for(people["handler"])

    response = client.post(NEW, call_data(f"{own.reference}, {foreign.reference}"))

    assert response.status_code == 403
    assert not Call.objects.exists()
    client = client_for(people["coordinator"])
    response = client.post(NEW, call_data(f"{own.reference}\n{foreign.reference}"))
    call = Call.objects.get()
    assert set(call.suggestions.all()) == {own, foreign}


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(client_for, people):
    suggestion = need()
    client = client_for(people["handler"])

    response = client.post(
        NEW,
        call_data(suggestion.reference, deadline="2020-01-01", title="Otsikko säilyy"),
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "The deadline must be in the future." in body
    assert 'value="Otsikko säilyy"' in body
    assert not Call.objects.exists()
    response = client.post(NEW, call_data("2026-999999"))
    assert "No public suggestion has the reference 2026-999999." in response.content.decode()


def test_the_call_takes_applications_until_the_end_of_its_day(client_for, people):
    suggestion = need()

    client_for(people["handler"]).post(NEW, call_data(suggestion.reference, deadline="2031-05-20"))

    deadline_at = timezone.localtime(Call.objects.get().deadline)
    assert (deadline_at.date(), deadline_at.hour, deadline_at.minute) == (
        datetime.date(2031, 5, 20),
        23,
        59,
    )


# --- The followers hear of it ---------------------------------------------------------------


def test_the_followers_hear_of_a_call_opened_on_the_suggestion(client_for, people, make_user):
    suggestion = need()
    follower = make_user("follower@example.fi")
    bystander = make_user("bystander@example.fi")
    Follow.objects.create(suggestion=suggestion, user=follower)
    Follow.objects.create(suggestion=suggestion, user=people["handler"])

    client_for(people["handler"]).post(NEW, call_data(suggestion.reference))

    call = Call.objects.get()
    heard = Notification.objects.filter(kind="labs.call.opened")
    assert set(heard.values_list("recipient", flat=True)) == {follower.pk}
    assert not heard.filter(recipient=bystander).exists()
    notification = heard.get()
    assert notification.texts["en"]["url"].endswith(call.get_absolute_url().removeprefix("/en"))


# --- The call's page ------------------------------------------------------------------------


def test_the_call_page_lists_the_needs_and_leads_to_the_application(client):
    public_need = need(title="Julkinen tarve")
    private_need = need("private", title="Piilotettu tarve")
    call = make_call([public_need, private_need], slug="muistutus")

    response = client.get("/en/labs/calls/muistutus/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Open for applications until" in body
    assert 'href="/en/labs/apply/?call=muistutus"' in body
    assert f'href="{public_need.get_absolute_url()}"' in body
    assert "Piilotettu tarve" not in body
    assert call.title in body


def test_a_closed_call_says_so_and_offers_no_application_to_it(client):
    make_call([need()], slug="ohi", days=-2)

    body = client.get("/en/labs/calls/ohi/").content.decode()

    assert "This call closed on" in body
    assert "?call=ohi" not in body


def test_the_call_page_lists_the_labels_granted_to_answers(client):
    call = make_call([need()], slug="muistutus")
    answer = make_application(
        make_company(), call=call, product_name="Vastaus", product_version="1.0"
    )
    label = make_label(answer)

    body = client.get("/en/labs/calls/muistutus/").content.decode()

    assert f'href="/en/labs/labels/{label.code}/"' in body
    assert "Vastaus 1.0" in body


def test_an_unknown_call_is_404(client):
    assert client.get("/en/labs/calls/ei-ole/").status_code == 404


# --- The suggestion page's Labs panel --------------------------------------------------------


def panel(response) -> str:
    match = re.search(r'<section id="labs".*?</section>', response.content.decode(), re.S)
    return match.group(0) if match else ""


def test_the_suggestion_page_shows_the_calls_on_it_and_the_labels_answering_it(client):
    suggestion = need()
    make_call([suggestion], slug="auki", title="Avoin haaste")
    make_call([suggestion], slug="ohi", title="Päättynyt haaste", days=-3)
    linked = make_label(
        make_application(make_company(), needs=[suggestion], product_name="Linkitetty")
    )
    through_call = make_label(
        make_application(make_company(), call=Call.objects.get(slug="ohi"), product_name="Kutsusta")
    )

    shown = panel(client.get(suggestion.get_absolute_url()))

    assert 'href="/en/labs/calls/auki/"' in shown and "open until" in shown
    assert 'href="/en/labs/calls/ohi/"' in shown and "closed on" in shown
    assert f"/en/labs/labels/{linked.code}/" in shown
    assert f"/en/labs/labels/{through_call.code}/" in shown
    assert "2 companies have applied" in shown
    assert "Open this need to companies" not in shown


def test_the_panel_offers_the_form_to_the_handler_only(client_for, people):
    suggestion = need()

    for role in ROLES:
        shown = panel(client_for(people[role]).get(suggestion.get_absolute_url()))
        offered = "Open this need to companies as a call" in shown
        assert offered == ((role, "public") in MAY_OPEN), role


def test_a_suggestion_without_calls_or_labels_shows_no_panel_to_the_public(client):
    suggestion = need()
    make_application(make_company(), state=State.DRAFT, needs=[suggestion])

    assert panel(client.get(suggestion.get_absolute_url())) == ""


def test_the_panel_costs_the_same_queries_however_many_calls_and_labels(
    client_for, people, django_assert_num_queries
):
    few, many = need(title="Vähän"), need(title="Paljon")
    make_call([few], slug="yksi")
    make_call([many], slug="kaksi")
    for number in range(6):
        make_call([many], slug=f"lisa-{number}")
        make_label(make_application(make_company(f"Yritys {number}"), needs=[many]))
    client = client_for(people["handler"])
    client.get(few.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(few.get_absolute_url())

    with django_assert_num_queries(len(queries.captured_queries)):
        shown = panel(client.get(many.get_absolute_url()))
    assert shown.count("/en/labs/labels/") == 6


def test_the_form_does_not_tell_a_stranger_that_a_private_suggestion_exists(client_for, people):
    private = need("private")

    response = client_for(people["other_group_handler"]).get(
        f"{NEW}?suggestion={private.reference}"
    )

    assert response.status_code == 200
    assert private.title not in response.content.decode()
    assert "not public" not in response.content.decode()
