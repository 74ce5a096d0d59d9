"""What the public may see of a figure: no count of fewer than ``SMALL_CELL``, and nothing from
which such a count can be worked out.

Each published count stands for people — a suggestion is somebody's, a participant is
somebody — so every count under ``SMALL_CELL`` is withheld (zero included: "fewer than 5" is
true of it and tells nobody anything). Withholding one cell of a table alone is not enough
when the table's total is published too (here or in another figure, or in the open data): the
total less the cells shown is the cell withheld. So when a table withholds exactly one of its
counts, the smallest count shown is withheld as well (secondary suppression, as statistics
offices do), and the sentence under the figure, which may quote a total, is replaced by one
that says cells were withheld. A value computed from a withheld count (a median, a share of
it) is withheld with it.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from popsote.metrics.figures import Figure
from popsote.metrics.registry import SMALL_CELL


def withhold(counts: list[int | None]) -> list[int | None]:
    """``counts`` with each value under ``SMALL_CELL`` replaced by None, and, when that leaves
    exactly one withheld, the smallest value shown withheld too (the rows of a total)."""
    shown = [count if count is not None and count >= SMALL_CELL else None for count in counts]
    if sum(value is None for value in shown) == 1:
        visible = [(value, index) for index, value in enumerate(shown) if value is not None]
        if visible:
            shown[min(visible)[1]] = None
    return shown


def _rows(figure: Figure, rows: tuple[tuple, ...] | None) -> tuple[tuple[tuple, ...] | None, bool]:
    """The rows with their counts withheld, and whether anything was."""
    if rows is None:
        return None, False
    count_columns = [
        index for index, column in enumerate(figure.columns) if column.numeric and column.counts
    ]
    derived = [
        index for index, column in enumerate(figure.columns) if column.numeric and not column.counts
    ]
    result = [list(row) for row in rows]
    for index in count_columns:
        for row, value in zip(result, withhold([row[index] for row in rows]), strict=True):
            row[index] = value
    for row in result:
        if any(row[index] is None for index in count_columns):
            for index in derived:
                row[index] = None
    withheld = any(row[index] is None for row in result for index in count_columns)
    return tuple(tuple(row) for row in result), withheld


def public_figure(figure: Figure) -> Figure:
    rows, withheld = _rows(figure, figure.rows)
    previous, withheld_before = _rows(figure, figure.previous)
    if not (withheld or withheld_before):
        return figure
    return replace(
        figure,
        rows=rows,
        previous=previous,
        takeaway=_(
            "Counts of fewer than %(limit)s are not shown, nor the smallest count beside a "
            "single one of them, so that no one can be recognised."
        )
        % {"limit": SMALL_CELL},
    )
