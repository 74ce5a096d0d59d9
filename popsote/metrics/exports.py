"""Exports of a figure's rows and of suggestion lists of any length, as CSV and Excel, in
constant memory: rows are read from a server-side cursor a chunk at a time and written out as
they come, never gathered in a list.

Decisions a reader of the files meets:

- **CSV is semicolon-separated UTF-8 with a byte-order mark.** The people who open these files
  are the county's staff, in Excel with Finnish or Swedish settings, where the comma is the
  decimal separator and the list separator is the semicolon: such an Excel opens a ``;`` file
  with a BOM in columns and with ä and ö right, and a ``,`` file in one column. Decimals are
  written as the reader's language writes them (3,5 in Finnish and Swedish) for the same
  reason. Programs read the file with ``delimiter=";"``; the machine-readable open data set is
  a separate, comma-separated file described by its own metadata.
- **The file says how many rows it holds, twice.** A stream cannot know its length before it
  ends, so the count is taken first with one COUNT query and sent as the ``X-Row-Count``
  header, and the file ends, after an empty line, with "N rows", counting the rows actually
  written. An export that was cut short (a dropped connection, a killed worker) therefore
  lacks its last line, and one that ends with a count is complete; if rows were added while
  it streamed, the last line is the truth about the file.
- **No cell is run as a formula.** A text starting with ``= + - @``, a tab or a carriage return
  is prefixed with ``'`` in both formats, as spreadsheet programs would otherwise evaluate it.
- **No person is in a suggestion export**: no name, e-mail or internal note, only what the
  suggestion's handling says (its reference, title, classification, group, dates, counts).
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ideas.lifecycle import State
from popsote.core.site import absolute_url
from popsote.metrics.chart_table import matched_previous
from popsote.metrics.charts import PREVIOUS_PERIOD, WITHHELD
from popsote.metrics.figures import Column, Figure

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DELIMITER = ";"
BOM = "\ufeff"
CHUNK_SIZE = 2000  # rows fetched from the server-side cursor at a time
FLUSH_AT = 64 * 1024  # characters gathered before a piece of the stream is sent
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that XML, and so an .xlsx file, cannot hold.
ILLEGAL_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
ROW_COUNT_HEADER = "X-Row-Count"


def rows_text(count: int) -> str:
    return ngettext("%(count)s row", "%(count)s rows", count) % {"count": count}


def guard(value):
    """A text that a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# --- CSV ------------------------------------------------------------------------------------


class Echo:
    """A file that hands back what is written to it, so that csv.writer formats one row."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value, zone) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value.tzinfo else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        return formats.number_format(value, use_l10n=True)
    return str(guard(value))


def csv_stream(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The file in pieces of about FLUSH_AT characters: the BOM and the header line, the rows,
    an empty line and "N rows"."""
    writer = csv.writer(Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    zone = ZoneInfo(settings.TIME_ZONE)
    language = translation.get_language()
    pending = [BOM, writer.writerow([guard(str(header)) for header in headers])]
    size = 0
    count = 0
    for row in rows:
        line = writer.writerow([_csv_value(value, zone) for value in row])
        pending.append(line)
        size += len(line)
        count += 1
        if size >= FLUSH_AT:
            yield "".join(pending)
            pending, size = [], 0
    # The stream runs after the view has returned: the words are in the request's language.
    with translation.override(language):
        pending += [writer.writerow([]), writer.writerow([rows_text(count)])]
    yield "".join(pending)


def rows_csv(filename: str, columns: Sequence, rows: Iterable[Sequence], *, count=None):
    """A streamed CSV of ``rows`` under ``columns`` (labels or ``Column``s); ``count``, when
    known before the stream starts, goes in the X-Row-Count header."""
    response = StreamingHttpResponse(csv_stream(_labels(columns), rows), content_type=CSV_TYPE)
    return _attachment(response, filename, "csv", count)


# --- Excel ----------------------------------------------------------------------------------


def _xlsx_value(value, zone):
    if isinstance(value, datetime) and value.tzinfo:
        return value.astimezone(zone).replace(tzinfo=None)
    if isinstance(value, str):
        return guard(ILLEGAL_IN_XLSX.sub("", value))
    return value


def rows_xlsx(filename: str, columns: Sequence, rows: Iterable[Sequence], *, sheet: str = ""):
    """An Excel file of ``rows``, written row by row (openpyxl's write-only mode keeps no rows
    in memory) to a temporary file that is then streamed and removed when closed."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=_sheet_title(sheet or filename))
    bold = Font(bold=True)
    header = []
    for label in _labels(columns):
        cell = WriteOnlyCell(worksheet, value=guard(str(label)))
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    zone = ZoneInfo(settings.TIME_ZONE)
    count = 0
    for row in rows:
        worksheet.append([_xlsx_value(value, zone) for value in row])
        count += 1
    worksheet.append([])
    worksheet.append([rows_text(count)])
    # An unnamed temporary file: gone from the disk as soon as the response closes it.
    output = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    workbook.save(output)
    output.seek(0)
    response = FileResponse(output, content_type=XLSX_TYPE)
    return _attachment(response, filename, "xlsx", count)


def _sheet_title(text: str) -> str:
    # Excel's limits: 31 characters, none of []:*?/\
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31] or "data"


# --- Figures --------------------------------------------------------------------------------


def figure_table(figure: Figure) -> tuple[list[str], list[list]]:
    """The figure's headers and rows as the files hold them: a withheld cell reads "fewer than
    5" (never 0), and the previous period, when compared, has a column beside each value."""
    compare = figure.previous is not None
    withheld = str(WITHHELD)
    headers = [str(figure.columns[0].label)]
    for column in figure.columns[1:]:
        headers.append(str(column.label))
        if compare and column.numeric:
            headers.append(f"{column.label}, {PREVIOUS_PERIOD}")
    rows = []
    for row, before in zip(figure.rows, matched_previous(figure), strict=True):
        values = [row[0]]
        for index, column in enumerate(figure.columns[1:], start=1):
            cells = [row[index]]
            if compare and column.numeric:
                cells.append(before[index] if before else "")
            values += [withheld if column.numeric and v is None else v for v in cells]
        rows.append(values)
    return headers, rows


def figure_csv(figure: Figure) -> StreamingHttpResponse:
    headers, rows = figure_table(figure)
    return rows_csv(_figure_filename(figure), headers, rows, count=len(rows))


def figure_xlsx(figure: Figure) -> FileResponse:
    headers, rows = figure_table(figure)
    return rows_xlsx(_figure_filename(figure), headers, rows, sheet=str(figure.title))


def _figure_filename(figure: Figure) -> str:
    return f"{figure.code}-{timezone.localdate().isoformat()}"


# --- Suggestion lists -----------------------------------------------------------------------

SUGGESTION_COLUMNS = (
    Column("reference", _("Reference"), numeric=False),
    Column("title", _("Title"), numeric=False),
    Column("state", _("State"), numeric=False),
    Column("kind", _("Kind"), numeric=False),
    Column("area", _("Area"), numeric=False),
    Column("service_area", _("Service area"), numeric=False),
    Column("stakeholder_group", _("Stakeholder group"), numeric=False),
    Column("group", _("Handler group"), numeric=False),
    Column("submitted", _("Submitted"), numeric=False),
    Column("first_response", _("First response"), numeric=False),
    Column("decided", _("Decided"), numeric=False),
    Column("supports", _("Supports")),
    Column("comments", _("Comments")),
    Column("public_url", _("Public address"), numeric=False),
)
TERMS = ("kind", "area", "service_area", "stakeholder_group")
PLACEHOLDER = "0000-000000"


def suggestion_rows(queryset) -> Iterator[tuple]:
    """The rows of a suggestion list export, in the queryset's order, read with one query
    through a server-side cursor: the terms' names in the active language (Finnish where a
    name is missing), the state's label, and the public address of a public suggestion."""
    language = (translation.get_language() or "fi")[:2]
    labels = {}
    for term in TERMS:
        name = F(f"{term}__name_fi")
        if language in ("sv", "en"):
            name = Coalesce(NullIf(F(f"{term}__name_{language}"), Value("")), name)
        labels[f"export_{term}"] = name
    values = queryset.annotate(**labels).values_list(
        "reference",
        "title",
        "state",
        *labels,
        "group__name",
        "created_at",
        "first_response_at",
        "decided_at",
        "support_count",
        "comment_count",
        "is_private",
        "is_hidden",
    )
    states = {state.value: str(state.label) for state in State}
    # One reverse() for the whole file: the address differs only by the reference.
    address = absolute_url(reverse("ideas:detail", kwargs={"reference": PLACEHOLDER}))
    before, _placeholder, after = address.partition(PLACEHOLDER)
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        (reference, title, state, *rest, private, hidden) = row
        public = "" if private or hidden else f"{before}{reference}{after}"
        yield (reference, title, states.get(state, state), *rest, public)


def suggestions_csv(queryset, *, filename: str = "suggestions") -> StreamingHttpResponse:
    return rows_csv(
        _dated(filename), SUGGESTION_COLUMNS, suggestion_rows(queryset), count=queryset.count()
    )


def suggestions_xlsx(queryset, *, filename: str = "suggestions") -> FileResponse:
    return rows_xlsx(_dated(filename), SUGGESTION_COLUMNS, suggestion_rows(queryset))


def _dated(filename: str) -> str:
    return f"{filename}-{timezone.localdate().isoformat()}"


# --- Shared ---------------------------------------------------------------------------------


def _labels(columns: Sequence) -> list[str]:
    return [str(column.label) if isinstance(column, Column) else str(column) for column in columns]


def _attachment(response, filename: str, extension: str, count):
    name = f"{slugify(filename) or 'export'}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, name)
    if count is not None:
        response[ROW_COUNT_HEADER] = str(count)
    # Figures and lists of people's suggestions are not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
