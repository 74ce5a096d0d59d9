"""Download my data: everything about the person, nobody else's, in a fixed number of queries."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.services.community import comment_create, suggestion_follow, suggestion_support
from popsote.notifications.models import Category
from popsote.notifications.services import notify_users
from tests.factories import submit
from tests.labs.factories import make_application, make_company

pytestmark = pytest.mark.django_db


def _activity(person, other, *, n: int = 1):
    """``n`` of each kind of data for ``person``, and as much for ``other``."""
    for index in range(n):
        own = submit(person, title=f"Oma ehdotus {index}").suggestion
        submit(title=f"Kirjautumatta {index}", email=person.email)
        theirs = submit(other, title=f"Toisen ehdotus {index}").suggestion
        submit(title=f"Toisen kirjautumatta {index}", email=other.email)
        comment_create(actor=person, suggestion=theirs, body=f"Kommenttini {index}")
        comment_create(actor=other, suggestion=own, body=f"Toisen kommentti {index}")
        suggestion_support(actor=person, suggestion=theirs)
        suggestion_follow(actor=other, suggestion=own)
        notify_users(
            users=[person, other],
            category=Category.MY_SUGGESTIONS,
            kind="test",
            render=lambda index=index: {"title": f"Ilmoitus {index}", "body": "", "url": ""},
        )


def _download(client) -> dict:
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(b"".join(response.streaming_content))


def test_it_holds_each_kind_of_the_persons_data_and_nobody_elses(
    client_for, resident, other_resident
):
    _activity(resident, other_resident)
    company = make_company(representatives=[resident])
    make_application(company, resident)
    other_company = make_company("Muu Oy", representatives=[other_resident])
    make_application(other_company, other_resident, product_name="Toisen tuote")

    data = _download(client_for(resident))

    assert data["profile"]["email"] == resident.email
    assert data["profile"]["name"] == resident.name
    assert [a["email"] for a in data["email_addresses"]] == [resident.email]
    titles = {s["title"]: s["signed_in"] for s in data["suggestions"]}
    assert titles == {"Oma ehdotus 0": True, "Kirjautumatta 0": False}
    assert [c["body"] for c in data["comments"]] == ["Kommenttini 0"]
    assert [s["suggestion_title"] for s in data["supports"]] == ["Toisen ehdotus 0"]
    # Supporting follows too; the own suggestion is followed on submitting.
    assert {f["suggestion_title"] for f in data["follows"]} == {"Oma ehdotus 0", "Toisen ehdotus 0"}
    assert [n["texts"]["fi"]["title"] for n in data["notifications"]] == ["Ilmoitus 0"]
    assert [c["company_name"] for c in data["labs_company"]] == ["Terveys Oy"]
    assert [a["product_name"] for a in data["labs_applications"]] == ["Lääkemuistuttaja"]
    text = json.dumps(data, ensure_ascii=False)
    for foreign in (
        other_resident.email,
        "Toisen kommentti",
        "Toisen tuote",
        "Toisen kirjautumatta",
    ):
        assert foreign not in text


def test_its_query_count_does_not_grow_with_the_rows(client_for, resident, other_resident):
    def queries() -> int:
        client = client_for(resident)
        with CaptureQueriesContext(connection) as captured:
            _download(client)
        return len(captured)

    _activity(resident, other_resident, n=1)
    few = queries()
    _activity(resident, other_resident, n=4)
    assert queries() == few


def test_it_asks_a_signed_out_visitor_to_sign_in(client):
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
