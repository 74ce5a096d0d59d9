"""A figure is what one metric shows for one choice of filters: the rows of its table, in the
order a reader meets them, and the sentence that says what it means. The dashboard draws it
as a chart beside its table, the public page does the same with small cells withheld, and the
exports write its rows — each from the same object, so no two can disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Chart(StrEnum):
    BARS = "bars"  # one bar per row (a breakdown: by stakeholder group, by area, …)
    GROUPED = "grouped"  # one group of bars per row, one bar per value column
    MONTHS = "months"  # one bar per month, in time order
    FUNNEL = "funnel"  # stages, each a share of the first
    TABLE = "table"  # a table alone (durations against targets, lists)


@dataclass(frozen=True)
class Column:
    """``counts``: a numeric column counts things people did (the public page withholds a
    small one); a median, a share or a target computed from them says False."""

    key: str
    label: str
    numeric: bool = True
    counts: bool = True


@dataclass(frozen=True)
class Figure:
    """``rows`` hold one tuple per row, one value per column; the first column names the row.
    A value of ``None`` in a numeric column is a withheld cell ("fewer than 5"), never zero.
    ``previous`` is the same rows for the previous period of the same length, when the reader
    asked for a comparison: matched to ``rows`` by the first column. ``keys``, when set, holds
    one code per row of ``rows``."""

    code: str
    title: str
    takeaway: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    chart: Chart = Chart.BARS
    previous: tuple[tuple, ...] | None = None
    unit: str = ""
    definition: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    # A stable code for each row (an area's code, a state, a month as YYYY-MM), for programs
    # that read the figure in another language than its labels; None where rows have none.
    keys: tuple[str, ...] | None = None

    @property
    def is_empty(self) -> bool:
        return not self.rows
