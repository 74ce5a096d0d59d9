"""The downloads beside each figure and the dashboard's suggestion list: the same rows as the
page, for the same people, filtered as the page is."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import QueryDict
from django.utils import translation

from ideas.models import Suggestion
from popsote.accounts.models import User
from popsote.metrics.exports import DELIMITER, ROW_COUNT_HEADER
from popsote.metrics.selectors import Choices, Filters, dashboard
from tests.metrics.world import TODAY, frozen

pytestmark = pytest.mark.django_db

PERIOD = "start=2026-01&end=2026-03"


def download(client, world, who, path):
    client.logout()
    if who:
        client.force_login(User.objects.get(pk=world.people[who]))
    with frozen(TODAY):
        return client.get(path)


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body), delimiter=DELIMITER))


def test_a_figures_csv_holds_the_rows_of_the_page(client, world):
    response = download(
        client, world, "coordinator", f"/en/dashboard/suggestions_by_stakeholder_group.csv?{PERIOD}"
    )

    assert response.status_code == 200
    lines = read_csv(response)
    user = User.objects.get(pk=world.people["coordinator"])
    with frozen(TODAY), translation.override("en"):
        choices = Choices.for_user(user)
        filters = Filters.from_params(QueryDict(PERIOD), choices=choices)
        figure = {f.code: f for f in dashboard(filters, user=user, choices=choices)}[
            "suggestions_by_stakeholder_group"
        ]
    assert lines[0] == [column.label for column in figure.columns]
    assert lines[1 : 1 + len(figure.rows)] == [[str(v) for v in row] for row in figure.rows]
    assert response[ROW_COUNT_HEADER] == str(len(figure.rows))


def test_an_excel_file_is_there_too(client, world):
    response = download(client, world, "coordinator", f"/en/dashboard/funnel.xlsx?{PERIOD}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("riikka", 403), ("company", 403), ("labs", 403), ("editor", 403)],
)
def test_only_those_who_see_the_dashboard_download_from_it(client, world, who, status):
    for path in ("/en/dashboard/funnel.csv", "/en/dashboard/suggestions.csv"):
        assert download(client, world, who, path).status_code == status


def test_a_member_downloads_only_their_own_groups(client, world):
    refused = download(client, world, "handler_x", f"/en/dashboard/funnel.csv?{PERIOD}&group=y")
    assert refused.status_code == 400
    assert "your own groups" in refused.content.decode()

    response = download(client, world, "handler_x", f"/en/dashboard/suggestions.csv?{PERIOD}")
    references = {line[0] for line in read_csv(response)[1:] if line and "-" in line[0]}
    assert references == set(
        Suggestion.objects.filter(group=world.x).values_list("reference", flat=True)
    )


def test_the_suggestion_list_is_the_periods_and_holds_no_person(client, world):
    response = download(client, world, "coordinator", f"/en/dashboard/suggestions.csv?{PERIOD}")

    lines = read_csv(response)
    references = {line[0] for line in lines[1:] if line and "-" in line[0]}
    assert references == set(Suggestion.objects.values_list("reference", flat=True))
    assert response[ROW_COUNT_HEADER] == str(len(references))
    body = "\n".join(";".join(line) for line in lines)
    assert "@example.fi" not in body and "Riikka" not in body

    # March alone: only what was submitted in March.
    march = download(client, world, "coordinator", "/en/dashboard/suggestions.csv?start=2026-03")
    assert {line[0] for line in read_csv(march)[1:] if line and "-" in line[0]} == {
        Suggestion.objects.get(pk=world.s["s4"]).reference
    }


def test_an_unknown_figure_is_not_found(client, world):
    assert download(client, world, "coordinator", "/en/dashboard/nothing.csv").status_code == 404
    assert download(client, world, None, "/en/stats/overdue_now.csv").status_code == 404


def test_the_public_download_withholds_as_the_page_does(client, world):
    response = download(client, world, None, f"/en/stats/suggestions_by_area.csv?{PERIOD}")

    assert response.status_code == 200
    lines = read_csv(response)
    by_area = {line[0]: line[1] for line in lines[1:] if len(line) > 1}
    # Oulu had three suggestions and Lakeus one: both are fewer than five.
    assert by_area["Oulu"] == "fewer than 5" and by_area["Lakeus"] == "fewer than 5"
