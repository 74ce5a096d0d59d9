"""Exports: what a file holds, read back with csv and openpyxl, and how it is streamed."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from ideas.lifecycle import State
from ideas.models import Suggestion
from popsote.core.site import absolute_url
from popsote.metrics import exports
from popsote.metrics.exports import (
    SUGGESTION_COLUMNS,
    figure_csv,
    figure_xlsx,
    rows_csv,
    rows_xlsx,
    suggestions_csv,
    suggestions_xlsx,
)
from popsote.metrics.figures import Chart, Column, Figure
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from tests.factories import make_group, make_person

NAME = Column("group", "Stakeholder group", numeric=False)
COUNT = Column("count", "Suggestions")
DAYS = Column("days", "Median days")
FIGURE = Figure(
    code="by-group",
    title="Suggestions by stakeholder group",
    takeaway="Residents made most of the suggestions.",
    columns=(NAME, COUNT, DAYS),
    rows=(("Residents", 120, 3.5), ("Staff", 45, 12.0), ("Companies", None, 2.25)),
    previous=(("Residents", 80, 4.0), ("Companies", 7, None)),
)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[list[str]]:
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body(response)), read_only=True).active
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def written(value) -> str:
    """A number as the English files write it."""
    return str(value)


# --- Figures --------------------------------------------------------------------------------


def test_a_figures_csv_holds_its_rows_and_says_how_many():
    response = figure_csv(FIGURE)
    rows = csv_rows(response)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="by-group-')
    assert response["X-Row-Count"] == str(len(FIGURE.rows))
    header, *data, blank, count = rows
    assert header == [
        "Stakeholder group",
        "Suggestions",
        "Suggestions, previous period",
        "Median days",
        "Median days, previous period",
    ]
    previous = {row[0]: row for row in FIGURE.previous}
    expected = []
    for name, suggestions, days in FIGURE.rows:
        before = previous.get(name)
        expected.append(
            [
                name,
                "fewer than 5" if suggestions is None else written(suggestions),
                "" if before is None else written(before[1]),
                written(days),
                "" if before is None else ("fewer than 5" if before[2] is None else str(before[2])),
            ]
        )
    assert data == expected
    assert blank == [] and count == [f"{len(FIGURE.rows)} rows"]


def test_a_figures_csv_writes_decimals_as_the_readers_language_does():
    with translation.override("fi"):
        rows = csv_rows(figure_csv(FIGURE))

    assert rows[1][3] == "3,5"  # Finnish Excel reads "3.5" as the third of May


def test_a_figures_xlsx_opens_with_the_same_rows():
    response = figure_xlsx(FIGURE)
    found = xlsx_rows(response)

    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response["X-Row-Count"] == "3"
    header, *data, blank, count = found
    assert header[:3] == ("Stakeholder group", "Suggestions", "Suggestions, previous period")
    assert data == [
        ("Residents", 120, 80, 3.5, 4),
        ("Staff", 45, None, 12, None),
        ("Companies", "fewer than 5", 7, 2.25, "fewer than 5"),
    ]
    assert count[0] == "3 rows" and not any(blank)


def test_a_months_figure_keeps_its_months_as_dates():
    months = Figure(
        code="months",
        title="By month",
        takeaway="",
        columns=(Column("month", "Month", numeric=False), COUNT),
        rows=((date(2026, 1, 1), 3), (date(2026, 2, 1), 0)),
        chart=Chart.MONTHS,
    )

    assert [row[:2] for row in csv_rows(figure_csv(months))[1:3]] == [
        ["2026-01-01", "3"],
        ["2026-02-01", "0"],
    ]
    assert xlsx_rows(figure_xlsx(months))[1][0].date() == date(2026, 1, 1)


DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]


def test_no_cell_runs_as_a_formula():
    rows = [(text, 1) for text in DANGEROUS] + [("Safe", -5)]
    csv_found = csv_rows(rows_csv("x", [NAME, COUNT], rows))
    xlsx_found = xlsx_rows(rows_xlsx("x", [NAME, COUNT], rows))

    assert [row[0] for row in csv_found[1:7]] == [f"'{text}" for text in DANGEROUS]
    # XML reads a carriage return back as a line feed.
    expected = [f"'{text}".replace("\r", "\n") for text in DANGEROUS]
    assert [row[0] for row in xlsx_found[1:7]] == expected
    # Numbers are numbers, whatever their sign.
    assert csv_found[7] == ["Safe", "-5"] and xlsx_found[7] == ("Safe", -5)


# --- Suggestion lists -----------------------------------------------------------------------

BULK = 5000
SECRET_NAME = "Salainen Henkilö"
SECRET_EMAIL = "secret.person@example.org"


def suggestion(number: int, *, terms, created, **fields) -> Suggestion:
    fields.setdefault("title", f"Ehdotus {number}")
    return Suggestion(
        reference=f"1901-{number:06d}",
        description="Kuvaus",
        created_at=created - timedelta(minutes=number),
        **terms,
        **fields,
    )


@pytest.fixture(scope="module")
def world(module_db, django_db_blocker):
    """Three suggestions to read closely, and BULK more to stream."""
    with django_db_blocker.unblock():
        terms = {
            "kind": SuggestionKind.objects.get(code="need"),
            "area": Area.objects.get(code="oulu"),
            "service_area": ServiceArea.objects.get(code="older-people"),
            "stakeholder_group": StakeholderGroup.objects.get(code="resident"),
        }
        submitter = make_person(SECRET_EMAIL, name=SECRET_NAME)
        group = make_group("export-group", name="Vanhuspalvelujen ryhmä")
        now = timezone.now().replace(microsecond=0)
        handled = suggestion(
            1,
            terms=terms,
            created=now,
            title="=Kotihoito iltaisin",
            state=State.ACCEPTED,
            group=group,
            submitter=submitter,
            submitter_email=SECRET_EMAIL,
            show_submitter_name=True,
            assignee=submitter,
            first_response_at=now - timedelta(days=1),
            decided_at=now,
            support_count=12,
            comment_count=3,
        )
        private = suggestion(2, terms=terms, created=now, is_private=True)
        hidden = suggestion(3, terms=terms, created=now, is_hidden=True)
        bulk = [suggestion(10 + n, terms=terms, created=now) for n in range(BULK)]
        Suggestion.objects.bulk_create([handled, private, hidden, *bulk], batch_size=1000)
        yield {"now": now, "group": group.name, "terms": terms}


def few():
    return Suggestion.objects.filter(reference__lte="1901-000003").order_by("reference")


@pytest.mark.django_db
def test_a_suggestion_export_has_translated_headers_and_every_column(world):
    rows = csv_rows(suggestions_csv(few()))
    header, handled, private, hidden, blank, count = rows

    assert header == [str(column.label) for column in SUGGESTION_COLUMNS]
    now = timezone.localtime(world["now"])
    terms = world["terms"]
    # An export leaves the site: its links are absolute, on the site's public address.
    address = absolute_url(reverse("ideas:detail", kwargs={"reference": "1901-000001"}))
    assert handled == [
        "1901-000001",
        "'=Kotihoito iltaisin",
        str(State.ACCEPTED.label),
        terms["kind"].name_en,
        terms["area"].name_en,
        terms["service_area"].name_en,
        terms["stakeholder_group"].name_en,
        world["group"],
        (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"),
        (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
        now.strftime("%Y-%m-%d %H:%M"),
        "12",
        "3",
        address,
    ]
    # Neither a private nor a hidden suggestion has a public address.
    assert private[0] == "1901-000002" and private[-1] == ""
    assert hidden[0] == "1901-000003" and hidden[-1] == ""
    # No group and no dates: empty, not "None".
    assert private[7] == "" and private[9:11] == ["", ""]
    assert blank == [] and count == ["3 rows"]


@pytest.mark.django_db
def test_a_suggestion_export_names_no_person(world):
    xlsx = xlsx_rows(suggestions_xlsx(few()))
    texts = [body(suggestions_csv(few())).decode(), " ".join(str(c) for row in xlsx for c in row)]

    for text in texts:
        assert SECRET_EMAIL not in text and SECRET_NAME not in text


@pytest.mark.django_db
def test_a_suggestion_export_speaks_the_readers_language(world):
    with translation.override("sv"):
        rows = csv_rows(suggestions_csv(few()))
        accepted = str(State.ACCEPTED.label)

    assert rows[1][4] == world["terms"]["area"].name_sv
    assert rows[1][2] == accepted != "Accepted for development"


@pytest.mark.django_db
def test_the_xlsx_export_equals_the_csv_export(world):
    in_csv = csv_rows(suggestions_csv(few()))
    in_xlsx = xlsx_rows(suggestions_xlsx(few()))

    def text(value):
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%d %H:%M")
        return str(value)

    assert [[text(v) for v in row] for row in in_xlsx[:4]] == in_csv[:4]
    assert in_xlsx[-1] == ("3 rows",)


def stream_everything(response) -> tuple[int, int]:
    """(pieces, rows) of a consumed CSV stream."""
    pieces = list(response.streaming_content)
    text = b"".join(pieces).decode()
    return len(pieces), len(text.splitlines())


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, BULK])
def test_a_suggestion_csv_streams_in_a_handful_of_queries_whatever_its_size(
    world, size, django_assert_num_queries
):
    rows = Suggestion.objects.filter(reference__gte="1901-000010").order_by("reference")[:size]

    # One COUNT for the header, one server-side cursor for the rows, read in chunks.
    with django_assert_num_queries(2):
        response = suggestions_csv(rows)
        pieces, lines = stream_everything(response)

    assert isinstance(response, StreamingHttpResponse)
    assert response["X-Row-Count"] == str(size)
    assert lines == 1 + size + 2
    # Sent in pieces as it is read: a large list is never one string in memory.
    assert pieces > 1 if size == BULK else pieces == 1


@pytest.mark.django_db
def test_a_suggestion_stream_sends_its_first_rows_before_it_reads_the_last(world, monkeypatch):
    read = []
    real = exports.suggestion_rows

    def counting(queryset):
        for row in real(queryset):
            read.append(row[0])
            yield row

    monkeypatch.setattr(exports, "suggestion_rows", counting)
    stream = iter(suggestions_csv(Suggestion.objects.order_by("reference")).streaming_content)
    first = next(stream)

    assert b"1901-000001" in first
    assert 0 < len(read) < BULK  # the rest is still in the database's cursor
    assert sum(1 for _ in stream) >= 1 and len(read) == BULK + 3


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, BULK])
def test_a_suggestion_xlsx_is_written_in_a_handful_of_queries(
    world, size, django_assert_num_queries
):
    rows = Suggestion.objects.filter(reference__gte="1901-000010").order_by("reference")[:size]

    with django_assert_num_queries(1):
        response = suggestions_xlsx(rows)
    found = xlsx_rows(response)

    assert response["X-Row-Count"] == str(size)
    assert len(found) == 1 + size + 2 and found[-1] == (f"{size} rows",)
