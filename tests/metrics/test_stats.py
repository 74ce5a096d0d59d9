"""The public statistics: the page, the API and the open-data files, on a county large enough
that some counts are shown and small enough that others must be withheld.

The county (January 2026, built through the real services): seven residents and six students
each submit a suggestion about Oulu, three professionals one each about Lakeus. One of the
residents' suggestions is deployed in February and its impact assessed.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ideas.models import ImpactAssessment
from ideas.services.transitions import suggestion_transition
from popsote.metrics.registry import METRICS, SMALL_CELL
from popsote.metrics.selectors import Choices, Filters, public_statistics
from popsote.metrics.withholding import withhold
from tests.factories import PEOPLE, make_group, make_person, submit
from tests.labs.factories import at
from tests.metrics.world import frozen

pytestmark = pytest.mark.django_db

TODAY = at(2026, 3, 15)
PERIOD = "start=2026-01&end=2026-03"
STATS = "/en/stats/"
API = "/api/v1/stats/"


@pytest.fixture(scope="module")
def county(module_db, django_db_blocker):
    with django_db_blocker.unblock():
        handler = make_person("handler@example.fi", stakeholder="professional")
        make_group("oulu", areas=["oulu", "lakeus"], members=[handler])
        make_person(**PEOPLE["coordinator"])
        with frozen(at(2026, 1, 10)):
            residents = [
                submit(email=f"resident{n}@example.fi", area="oulu").suggestion for n in range(7)
            ]
            for n in range(6):
                submit(email=f"student{n}@example.fi", area="oulu", stakeholder_group="student")
            for n in range(3):
                submit(email=f"pro{n}@example.fi", area="lakeus", stakeholder_group="professional")
        deployed = residents[0]
        with frozen(at(2026, 2, 3)):
            for action in ("accept", "start_implementation", "mark_deployed"):
                deployed.refresh_from_db()
                suggestion_transition(
                    actor=handler, suggestion=deployed, action=action, message="Hyvä, tehdään."
                )
        with frozen(at(2026, 2, 20)):
            ImpactAssessment.objects.filter(suggestion=deployed).update(
                summary="Illan käynnit alkoivat ajallaan.", completed_at=at(2026, 2, 20)
            )
        yield {"deployed": deployed.reference}


def statistics(params=PERIOD):
    with frozen(TODAY), translation.override("en"):
        choices = Choices.public()
        filters = Filters.from_params(QueryDict(params), choices=choices)
        assert not filters.errors
        return {figure.code: figure for figure in public_statistics(filters, choices=choices)}


def table(figure):
    return {row[0]: row[1] for row in figure.rows}


# --- Withholding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ([7, 12, 30], [7, 12, 30]),
        ([4], [None]),
        ([0, 9, 12], [None, None, 12]),  # one withheld: the smallest shown goes with it
        ([3, 2, 9, 12], [None, None, 9, 12]),  # two withheld: neither can be worked out
        ([5, 4], [None, None]),
        ([SMALL_CELL], [SMALL_CELL]),
    ],
)
def test_it_withholds_small_counts_and_what_would_give_them_away(counts, shown):
    assert withhold(counts) == shown


# --- The page ---------------------------------------------------------------------------------


def test_the_public_sees_only_public_metrics_with_small_counts_withheld(county, client):
    found = statistics()

    assert set(found) == {code for code, metric in METRICS.items() if metric.public}
    by_group = table(found["suggestions_by_stakeholder_group"])
    assert by_group["Resident"] == 7
    assert by_group["Student"] == 6
    assert by_group["Professional (staff)"] is None  # three
    assert by_group["Company"] is None  # none
    by_area = table(found["suggestions_by_area"])
    assert by_area["Oulu"] == 13
    assert by_area["Lakeus"] is None
    # The sentence under a figure with a withheld cell quotes no total to subtract from.
    assert "16" not in found["suggestions_by_stakeholder_group"].takeaway
    assert "fewer than 5" in found["suggestions_by_stakeholder_group"].takeaway
    people = table(found["participants"])
    assert people["Resident"] == 7 and people["Everyone"] == 16
    assert people["Professional (staff)"] is None


def test_the_page_shows_the_figures_and_says_fewer_than_five(county, client):
    with frozen(TODAY):
        response = client.get(f"{STATS}?{PERIOD}")

    page = response.content.decode()
    assert response.status_code == 200
    assert str(METRICS["suggestions_by_stakeholder_group"].name) in page
    assert "fewer than 5" in page
    assert str(METRICS["overdue_now"].name) not in page
    # Every page links it, in the footer.
    assert 'href="/en/stats/" aria-current="page">Statistics and open data' in page
    # The public figures are the county's: no handler group to choose.
    assert 'name="group"' not in page
    assert 'name="stakeholder_group"' in page


def test_it_lists_the_deployed_solutions_with_their_impact(county, client):
    with frozen(TODAY):
        page = client.get(f"{STATS}?{PERIOD}").content.decode()

    assert f'href="/en/suggestions/{county["deployed"]}/"' in page
    assert "Illan käynnit alkoivat ajallaan." in page


def test_a_bad_month_is_named_and_the_rest_still_answers(county, client):
    with frozen(TODAY):
        response = client.get(f"{STATS}?start=tammikuu&area=oulu")

    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_start"' in page
    assert 'value="tammikuu"' in page
    assert str(METRICS["suggestions_by_area"].name) in page


def test_its_query_count_does_not_grow_with_the_suggestions(county, client):
    def count():
        with frozen(TODAY), CaptureQueriesContext(connection) as queries:
            assert client.get(f"{STATS}?{PERIOD}").status_code == 200
        return len(queries)

    before = count()
    with frozen(at(2026, 1, 11)):
        for n in range(6):
            submit(email=f"more{n}@example.fi", area="lakeus", stakeholder_group="company")
    assert count() == before


# --- The API ----------------------------------------------------------------------------------


def test_the_api_gives_the_same_figures_with_withheld_counts_null(county, client):
    with frozen(TODAY):
        data = client.get(f"{API}?{PERIOD}", headers={"accept-language": "en"}).json()

    figures = {figure["code"]: figure for figure in data["figures"]}
    assert data["small_cell"] == SMALL_CELL
    rows = {row["label"]: row for row in figures["suggestions_by_stakeholder_group"]["rows"]}
    assert rows["Resident"] == {
        "code": "resident",
        "label": "Resident",
        "count": 7,
        "suppressed": False,
    }
    assert rows["Professional (staff)"] == {
        "code": "professional",
        "label": "Professional (staff)",
        "count": None,
        "suppressed": True,
    }
    # Every row a program reads by its code names it, in every language alike.
    months = figures["suggestions_by_month"]["rows"]
    assert [row["code"] for row in months] == ["2026-01", "2026-02", "2026-03"]
    states = {row["code"] for row in figures["suggestions_by_state"]["rows"]}
    assert {"received", "deployed", "withdrawn"} <= states
    assert figures["participants"]["rows"][-1]["code"] == "everyone"
    # Labs, the showroom and impact assessments too, wherever they have rows.
    impact = [row["code"] for row in figures["impact_assessments"]["rows"]]
    assert impact == ["done", "due", "overdue"]
    page = statistics()
    for code, figure in page.items():
        assert [
            [value for key, value in row.items() if key not in ("code", "suppressed")]
            for row in figures[code]["rows"]
        ] == [list(row) for row in figure.rows], code
    assert len(data["deployed"]) == 1 and data["deployed_more"] is False
    swedish = client.get(f"{API}?{PERIOD}", headers={"accept-language": "sv"}).json()
    by_code = {
        row["code"]: row["count"]
        for figure in swedish["figures"]
        if figure["code"] == "suggestions_by_area"
        for row in figure["rows"]
    }
    assert by_code["oulu"] == 13
    assert data["deployed"][0]["reference"] == county["deployed"]
    assert data["deployed"][0]["impact_summary"] == "Illan käynnit alkoivat ajallaan."


def test_the_api_names_a_bad_field(county, client):
    response = client.get(f"{API}?start=2026-13&stakeholder_group=martians&compare=maybe")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"start", "stakeholder_group", "compare"}
    assert client.get(f"{API}?compare=true").status_code == 200


# --- Open data --------------------------------------------------------------------------------


def open_data(client):
    with frozen(TODAY):
        table_response = client.get("/stats/open-data/suggestions-by-month.csv")
        metadata = client.get("/stats/open-data/suggestions-by-month.csv-metadata.json").json()
    body = b"".join(table_response.streaming_content).decode()
    return table_response, body, metadata


def test_the_open_data_table_validates_against_its_own_metadata(county, client, tmp_path):
    from csvw import CSVW

    response, body, metadata = open_data(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "describedby" in response["Link"]
    (tmp_path / "table.csv").write_text(body, encoding="utf-8")
    metadata["url"] = "table.csv"
    (tmp_path / "table.csv-metadata.json").write_text(json.dumps(metadata), encoding="utf-8")

    checked = CSVW(str(tmp_path / "table.csv-metadata.json"), validate=True)

    assert checked.is_valid, [str(warning.message) for warning in checked.warnings]
    # And the validation can fail: a count under five breaks the metadata's rule.
    (tmp_path / "table.csv").write_text(body.replace(",7,false", ",3,false", 1), "utf-8")
    assert not CSVW(str(tmp_path / "table.csv-metadata.json"), validate=True).is_valid


def test_the_open_data_agrees_with_the_public_figures(county, client):
    _response, body, _metadata = open_data(client)
    rows = list(csv.DictReader(io.StringIO(body)))

    def cell(month, dimension, code, measure):
        [row] = [
            r
            for r in rows
            if (r["month"], r["dimension"], r["code"], r["measure"])
            == (month, dimension, code, measure)
        ]
        return row

    assert cell("2026-01", "stakeholder_group", "resident", "received")["count"] == "7"
    assert cell("2026-01", "total", "", "received")["count"] == "16"
    withheld = cell("2026-01", "stakeholder_group", "professional", "received")
    assert (withheld["count"], withheld["withheld"]) == ("", "true")
    assert cell("2026-01", "total", "", "participants")["count"] == "16"
    # Only whole months: March, the running month, is not in the file.
    assert {row["month"] for row in rows} <= {"2026-01", "2026-02"}
    assert all(row["count"] == "" or int(row["count"]) >= SMALL_CELL for row in rows)
    figures = statistics("start=2026-01&end=2026-01")
    assert table(figures["suggestions_by_stakeholder_group"])["Resident"] == 7


def test_the_dcat_description_names_the_dataset_and_its_files(county, client):
    import rdflib

    with frozen(TODAY):
        response = client.get("/stats/open-data/catalog.jsonld")
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")

    [catalog] = graph.subjects(rdflib.RDF.type, dcat.Catalog)
    [dataset] = graph.subjects(rdflib.RDF.type, dcat.Dataset)
    assert (catalog, dcat.dataset, dataset) in graph
    # DCAT-AP's mandatory properties, and the recommended ones a portal shows.
    for subject in (catalog, dataset):
        titles = {title.language for title in graph.objects(subject, dct.title)}
        assert titles == {"fi", "sv", "en"}
        assert list(graph.objects(subject, dct.description))
        assert list(graph.objects(subject, dct.publisher))
    for predicate in (dcat.contactPoint, dcat.theme, dct.spatial, dct.temporal):
        assert list(graph.objects(dataset, predicate)), predicate
    distributions = list(graph.objects(dataset, dcat.distribution))
    assert len(distributions) == 2
    addresses = set()
    for distribution in distributions:
        [address] = graph.objects(distribution, dcat.accessURL)
        assert list(graph.objects(distribution, dct.license))
        addresses.add(str(address).split("/", 3)[3])
    assert addresses == {
        "stats/open-data/suggestions-by-month.csv",
        "stats/open-data/suggestions-by-month.csv-metadata.json",
    }
    for address in addresses:
        assert client.get(f"/{address}").status_code == 200
