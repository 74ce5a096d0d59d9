"""The OuluHealth Labs page: what it is, the four steps, the levels of the label from their
rules, the way to apply, the open calls and the public list of test environments with its
filters in the address."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from labs.models import LabelRule
from tests.factories import submit
from tests.labs.public_builders import make_call, make_environment

pytestmark = pytest.mark.django_db

INDEX = "/en/labs/"


def environment_ids(response) -> list[str]:
    return re.findall(r'<li id="environment-([\w-]+)"', response.content.decode())


def test_it_is_at_its_url_of_api_md():
    with translation.override("fi"):
        assert reverse("labs:index") == "/labs/"
        assert reverse("labs:labels") == "/labs/labels/"
        assert (
            reverse("labs:label", kwargs={"code": "OHL-AAAA-BBBB"}) == "/labs/labels/OHL-AAAA-BBBB/"
        )


def test_it_explains_labs_the_four_steps_and_the_way_to_apply(client):
    response = client.get(INDEX)

    assert response.status_code == 200
    body = response.content.decode()
    for step in (
        "Contact and application",
        "Testing-need assessment",
        "The test",
        "Evaluation of the results",
    ):
        assert f"<strong>{step}</strong>" in body
    assert 'href="/en/labs/apply/"' in body
    assert "valid for 3 years" in body


def test_it_shows_each_level_as_its_editable_rule_says(client):
    rule = LabelRule.objects.get(code="co_created")
    rule.name_en = "Co-created with us"
    rule.description_en = "Developed together with the county's staff."
    rule.save()

    body = client.get(INDEX).content.decode()

    assert "<dt>Co-created with us</dt>" in body
    assert "Developed together with the county&#x27;s staff." in body
    assert body.count('class="labs-level ') == LabelRule.objects.active().count() == 3


def test_it_lists_the_open_calls_and_not_the_closed_ones(client):
    need = submit().suggestion
    make_call([need], slug="auki", title="Avoin haaste yrityksille")
    make_call([need], slug="kiinni", title="Päättynyt haaste", days=-1)

    body = client.get(INDEX).content.decode()

    assert 'href="/en/labs/calls/auki/"' in body
    assert "Päättynyt haaste" not in body


def test_it_lists_the_active_test_environments_with_what_a_company_needs_to_know(client):
    make_environment(
        "oulun-kotihoito",
        name="Oulun kotihoito",
        capabilities="Etävastaanotto\nLääkeautomaatti",
        capacity=3,
        availability="Arkisin",
        available_from=datetime.date(2026, 1, 1),
        contact_name="Tiina Testaaja",
        contact_email="tiina@example.fi",
    )
    make_environment("suljettu", name="Suljettu yksikkö", is_active=False)

    response = client.get(INDEX)

    assert environment_ids(response) == ["oulun-kotihoito"]
    body = response.content.decode()
    for text in (
        "Oulun kotihoito",
        "<li>Etävastaanotto</li>",
        "<li>Lääkeautomaatti</li>",
        "Arkisin",
        "Tiina Testaaja",
        'href="mailto:tiina@example.fi"',
    ):
        assert text in body
    assert "Suljettu yksikkö" not in body


def test_it_filters_the_environments_by_area_and_service_area_in_the_address(client):
    make_environment("oulu-ikaantyneet", area="oulu", service_area="older-people")
    make_environment("oulu-perhe", area="oulu", service_area="family-social")
    make_environment("lakeus-ikaantyneet", area="lakeus", service_area="older-people")

    by_area = set(environment_ids(client.get(INDEX, {"area": "oulu"})))
    assert by_area == {"oulu-ikaantyneet", "oulu-perhe"}
    by_service = set(environment_ids(client.get(INDEX, {"service_area": "older-people"})))
    assert by_service == {"oulu-ikaantyneet", "lakeus-ikaantyneet"}
    both = environment_ids(client.get(INDEX, {"area": "lakeus", "service_area": "older-people"}))
    assert both == ["lakeus-ikaantyneet"]
    none = client.get(INDEX, {"area": "koillismaa"})
    assert environment_ids(none) == []
    assert "No test environment matches these filters." in none.content.decode()


def test_an_unknown_area_is_said_on_the_form_and_filters_nothing(client):
    make_environment("oulu-ikaantyneet")

    response = client.get(INDEX, {"area": "atlantis"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert environment_ids(response) == ["oulu-ikaantyneet"]


def test_the_environment_list_reads_in_the_same_number_of_queries_however_many_rows(
    client, django_assert_num_queries
):
    need = submit().suggestion
    make_call([need], slug="auki")
    make_environment("ensimmainen")
    client.get(INDEX, {"area": "oulu"})
    with CaptureQueriesContext(connection) as few:
        assert len(environment_ids(client.get(INDEX, {"area": "oulu"}))) == 1
    areas = ["oulu", "oulu", "oulu"]
    services = ["older-people", "family-social", "health-medical", "digital"]
    for number in range(12):
        make_environment(
            f"ymparisto-{number}",
            area=areas[number % 3],
            service_area=services[number % 4],
            capabilities="Yksi\nKaksi\nKolme",
        )
    make_call([need], slug="toinen")

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(environment_ids(client.get(INDEX, {"area": "oulu"}))) == 13


def test_it_serves_finnish_without_a_prefix_and_swedish_under_sv(client):
    assert client.get("/labs/").status_code == 200
    response = client.get("/sv/labs/")
    assert response.status_code == 200
    assert response["Content-Language"] == "sv"


def test_the_page_is_public_and_the_same_signed_in(client_for, resident):
    assert client_for(None).get(INDEX).status_code == 200
    assert client_for(resident).get(INDEX).status_code == 200
