"""Company A never reaches company B's application in HTML: not its page, its attachments,
its evaluation nor any of its forms; each is a 404, the answer for an application that does
not exist, and nothing changes. The lists show a company its own applications only, and read
a fixed number of queries however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from labs import services
from labs.lifecycle import State
from tests.labs import factories
from tests.labs.web_states import png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(make_user, labs_staff):
    a, b = make_user("a@example.fi"), make_user("b@example.fi")
    return {
        "a": a,
        "b": b,
        "staff": labs_staff,
        "company_a": factories.make_company("A Oy", representatives=[a]),
        "company_b": factories.make_company("B Oy", representatives=[b]),
    }


def b_application(people, state):
    application = factories.make_application(people["company_b"], people["b"])

    services.application_save(
        actor=people["b"], application=application, data={}, attachments=[png()]
    )
    return factories.advance(
        application, state, company_user=people["b"], staff=people["staff"], share=True
    )


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.EVALUATED])
def test_company_a_gets_404_for_everything_of_company_b(client, people, state):
    application = b_application(people, state)
    before = (application.state, application.product_name, application.events.count())
    client.force_login(people["a"])
    pk = {"pk": application.pk}
    gets = [
        reverse("labs:application", kwargs=pk),
        reverse("labs:edit", kwargs={**pk, "section": "product"}),
        reverse("labs:evaluation_report", kwargs=pk),
        reverse("labs:evaluate", kwargs=pk),
        reverse("labs:decision", kwargs=pk),
        application.attachments.get().get_absolute_url(),
    ]
    for path in gets:
        assert client.get(path).status_code == 404, path
    posts = [
        (reverse("labs:edit", kwargs={**pk, "section": "product"}), {"product_name": "Stolen"}),
        (reverse("labs:submit", kwargs=pk), {}),
        (reverse("labs:withdraw", kwargs=pk), {"confirm": "yes"}),
        (reverse("labs:reply", kwargs=pk), {"message": "Hello"}),
        (reverse("labs:note", kwargs=pk), {"note": "Hello"}),
        (reverse("labs:transition", kwargs=pk), {"action": "start_screening"}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    application.refresh_from_db()
    assert (application.state, application.product_name, application.events.count()) == before
    page = client.get(reverse("labs:mine")).content.decode()
    assert reverse("labs:application", kwargs=pk) not in page


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def add_applications(people, count, state):
    for _ in range(count):
        factories.advance(
            factories.make_application(people["company_a"], people["a"]),
            state,
            company_user=people["a"],
            staff=people["staff"],
        )


def test_the_company_s_list_reads_the_same_queries_for_2_and_8_rows(client, people):
    client.force_login(people["a"])
    add_applications(people, 2, State.SUBMITTED)
    few = count_queries(client, reverse("labs:mine"))
    add_applications(people, 6, State.SUBMITTED)
    many = count_queries(client, reverse("labs:mine"))
    assert few == many
    page = client.get(reverse("labs:mine")).content.decode()
    assert page.count("Lääkemuistuttaja") == 8


def test_the_staff_queue_reads_the_same_queries_for_2_and_8_rows(client, people):
    client.force_login(people["staff"])
    add_applications(people, 2, State.SCREENING)
    few = count_queries(client, reverse("labs:queue"))
    add_applications(people, 6, State.SCREENING)
    many = count_queries(client, reverse("labs:queue"))
    assert few == many
    assert client.get(reverse("labs:queue")).content.decode().count("Lääkemuistuttaja") == 8


def test_the_application_page_reads_the_same_queries_however_long_its_timeline(client, people):
    application = factories.advance(
        factories.make_application(people["company_a"], people["a"]),
        State.SUBMITTED,
        company_user=people["a"],
        staff=people["staff"],
    )

    client.force_login(people["staff"])
    path = reverse("labs:application", kwargs={"pk": application.pk})
    short = count_queries(client, path)
    for number in range(5):
        services.application_note(
            actor=people["staff"], application=application, note=f"Note {number}"
        )
    assert count_queries(client, path) == short
