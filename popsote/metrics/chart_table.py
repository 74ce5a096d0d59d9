"""The table beside a chart: the figure's rows as text, the previous period's values in a
column beside each current one. It is the accessible source of the chart (the SVG's marks
are hidden from assistive technology), and what a reader with styles off sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import formats

from popsote.metrics.figures import Chart, Figure

# A row the previous period did not have at all: nothing to show, and nothing withheld.
MISSING = object()


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    withheld: bool = False
    previous: bool = False


@dataclass(frozen=True)
class Header:
    text: str
    numeric: bool = False
    previous: bool = False


@dataclass(frozen=True)
class Row:
    header: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[Header, ...]
    rows: tuple[Row, ...]
    has_withheld: bool


def number(value) -> str:
    """A count or a duration as the reader's language writes it (1 234 / 1,234; 3,5 / 3.5)."""
    if isinstance(value, float) and not value.is_integer():
        return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    return formats.number_format(int(value), use_l10n=True, force_grouping=True)


def row_name(value) -> str:
    if isinstance(value, date):
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return "" if value is None else str(value)


def matched_previous(figure: Figure) -> list[tuple | None]:
    """The previous period's row for each row (None where it has none). Months are matched by
    position, the first month with the first month, as their names differ between periods;
    every other figure by its first column."""
    if figure.previous is None:
        return [None] * len(figure.rows)
    if figure.chart == Chart.MONTHS:
        earlier = list(figure.previous)
        return [earlier[i] if i < len(earlier) else None for i in range(len(figure.rows))]
    by_key = {row[0]: row for row in figure.previous}
    return [by_key.get(row[0]) for row in figure.rows]


def table_of(figure: Figure, *, withheld: str, previous_label: str) -> Table:
    compare = figure.previous is not None
    headers = []
    for column in figure.columns[1:]:
        headers.append(Header(str(column.label), column.numeric))
        if compare and column.numeric:
            headers.append(Header(f"{column.label}, {previous_label}", True, previous=True))
    found_withheld = False
    rows = []
    for row, before in zip(figure.rows, matched_previous(figure), strict=True):
        cells = []
        for index, column in enumerate(figure.columns[1:], start=1):
            values = [(row[index], False)]
            if compare and column.numeric:
                values.append((before[index] if before else MISSING, True))
            for value, is_previous in values:
                if value is MISSING:
                    cells.append(Cell("–", True, False, is_previous))
                elif not column.numeric:
                    cells.append(Cell(row_name(value)))
                elif value is None:
                    found_withheld = True
                    cells.append(Cell(withheld, True, True, is_previous))
                else:
                    cells.append(Cell(number(value), True, False, is_previous))
        rows.append(Row(row_name(row[0]), tuple(cells)))
    return Table(
        caption=str(figure.title),
        headers=(Header(str(figure.columns[0].label)), *headers),
        rows=tuple(rows),
        has_withheld=found_withheld,
    )
