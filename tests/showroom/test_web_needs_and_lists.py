"""From a need to a solution and back, as handlers and readers use the pages: the handler picks
a listed solution on the suggestion page, the suggestion page then shows it, and the solution's
page shows the need and the call to companies its label came from. And the work lists of the
company and the editors, and the front page's highlights, read in a number of queries that
does not grow with the rows."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.lifecycle import Action
from ideas.services.transitions import suggestion_transition
from labs.models import Application, Label
from labs.services.calls import call_create
from showroom.models import NeedAnswer
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.labs import factories as labs_factories
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings):
    # The address a chosen solution's link is made of, as in production.
    settings.SITE_URL = "https://kehitys.example.fi"


@pytest.fixture
def people(db):
    rep = labs_factories.make_user("rep")
    return {
        "rep": rep,
        "company": labs_factories.make_company("Alfa Health Oy", representatives=[rep]),
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "coordinator": make_person(**PEOPLE["coordinator"]),
        "labs_staff": make_person(**PEOPLE["labs_staff"]),
    }


def listed(people, name: str = "Iltakäynti-sovellus", **fields):
    label = make_label(people["company"], people["rep"], product_name=name)
    return make_listing(label, people["rep"], state="published", editor=people["editor"], **fields)


def routed_suggestion(coordinator):
    suggestion = submit(title="Iltakäynnit näkyviin omaisille").suggestion
    suggestion_transition(
        actor=coordinator,
        suggestion=suggestion,
        action=Action.ROUTE,
        group=make_group("oulu"),
        message="Ryhmä käsittelee.",
    )
    suggestion.refresh_from_db()
    return suggestion


def test_a_handler_answers_with_a_listed_solution_and_both_pages_show_it(client, people):
    listing = listed(people)
    suggestion = routed_suggestion(people["coordinator"])
    client.force_login(people["coordinator"])
    url = f"/en/suggestions/{suggestion.reference}/"

    page = client.get(url).content.decode()
    # The handling form offers the listed solution by name, its value the solution's page.
    assert "Or choose the solution from the showroom" in page
    assert "Iltakäynti-sovellus (Alfa Health Oy)</option>" in page

    response = client.post(
        f"{url}handle/",
        {
            "action": Action.EXISTING_SOLUTION,
            "message": "Tähän on jo ratkaisu showroomissa.",
            "solution": next(
                address
                for address, name in _solution_choices(page)
                if name.startswith("Iltakäynti-sovellus")
            ),
            "expected_state": suggestion.state,
        },
    )
    assert response.status_code == 302
    assert NeedAnswer.objects.filter(listing=listing, suggestion=suggestion).exists()

    client.logout()
    suggestion_page = client.get(url).content.decode()
    assert 'id="showroom-panel-title"' in suggestion_page
    assert f'href="/en/showroom/{listing.slug}/"' in suggestion_page

    solution_page = client.get(f"/en/showroom/{listing.slug}/").content.decode()
    assert "Needs it answers" in solution_page
    assert "Iltakäynnit näkyviin omaisille" in solution_page
    assert suggestion.reference in solution_page


def test_a_typed_link_that_says_otherwise_is_refused_and_the_message_kept(client, people):
    listed(people)
    suggestion = routed_suggestion(people["coordinator"])
    client.force_login(people["coordinator"])
    url = f"/en/suggestions/{suggestion.reference}/"
    (address, _name), *_ = _solution_choices(client.get(url).content.decode())

    response = client.post(
        f"{url}handle/",
        {
            "action": Action.EXISTING_SOLUTION,
            "message": "Katso ratkaisu.",
            "solution": address,
            "link": "https://www.example.com/muu/",
            "expected_state": suggestion.state,
        },
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Either choose a solution or type a link" in text
    assert "Katso ratkaisu." in text
    suggestion.refresh_from_db()
    assert suggestion.state != "existing_solution"
    assert not NeedAnswer.objects.exists()


def test_the_solution_page_names_the_call_its_label_answered(client, people):
    suggestion = routed_suggestion(people["coordinator"])
    call = call_create(
        actor=people["coordinator"],
        title="Iltakäyntien näkyvyys",
        description="Etsimme ratkaisua, joka näyttää käynnit omaisille.",
        deadline=timezone.now() + datetime.timedelta(days=30),
        suggestions=[suggestion],
    )
    listing = listed(people)
    # The application answered the call and named its need (as the application form does).
    application = Application.objects.get(pk=listing.label.application_id)
    application.call = call
    application.save(update_fields=["call"])
    application.needs.add(suggestion)

    text = client.get(f"/en/showroom/{listing.slug}/").content.decode()

    assert f'href="{call.get_absolute_url()}"' in text
    assert "Iltakäyntien näkyvyys" in text
    # The need the application named is one the solution answers.
    assert suggestion.reference in text


def _solution_choices(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="solution"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        (value, name)
        for value, name in re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)
    ]


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_the_companys_list_reads_in_the_same_queries_for_many_listings(client, people):
    listed(people, "Ensimmäinen")
    client.force_login(people["rep"])
    few = _count(client, "/en/showroom/mine/")
    for number in range(5):
        listed(people, f"Lisää {number}", change="review" if number % 2 else "")
    many = _count(client, "/en/showroom/mine/")
    text = client.get("/en/showroom/mine/").content.decode()
    assert "Lisää 4" in text and "Ensimmäinen" in text
    assert many == few


def test_the_review_queue_reads_in_the_same_queries_for_many_listings(client, people):
    def in_review(name):
        label = make_label(people["company"], people["rep"], product_name=name)
        return make_listing(label, people["rep"], state="in_review")

    in_review("Ensimmäinen")
    client.force_login(people["editor"])
    few = _count(client, "/en/showroom/review/")
    for number in range(5):
        in_review(f"Lisää {number}")
        listed(people, f"Muutos {number}", change="review")
    many = _count(client, "/en/showroom/review/")
    text = client.get("/en/showroom/review/").content.decode()
    assert "Lisää 4" in text and "Muutos 4" in text
    assert many == few


def test_the_front_page_highlights_listed_solutions_only(client, people):
    shown = listed(people, "Näkyvä ratkaisu")
    gone = listed(people, "Vanhentunut ratkaisu")
    Label.objects.filter(pk=gone.label_id).update(
        granted_on=timezone.localdate() - datetime.timedelta(days=1200),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    few = _count(client, "/en/")
    for number in range(4):
        listed(people, f"Lisää {number}")

    text = client.get("/en/").content.decode()
    assert "Vanhentunut ratkaisu" not in text
    assert "Lisää 3" in text
    assert "Näkyvä ratkaisu" not in text  # only the three newest
    assert _count(client, "/en/") == few
    assert shown.slug not in text
