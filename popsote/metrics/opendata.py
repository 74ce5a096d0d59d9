"""The open-data set: the county's monthly counts as one CSV table, a CSV-on-the-Web metadata
file that describes every column of it, and a DCAT-AP description of the dataset that a
national open-data portal harvests.

The table is long ("tidy"): one row per month, measure and value of one dimension, so that a
new area or stakeholder group is a new row, never a new column, and a harvester's schema never
changes. Each month is counted for the whole county (``dimension`` ``total``) and by each of
the four dimensions alone; crossing them would leave most cells with fewer than five people,
withheld. Only whole months are published (up to last month): a figure of the running month
would change under the reader.

The counts come from the same rollups as the dashboard and the public page, under the same
rules (``withholding``): a count under ``SMALL_CELL`` is empty with ``withheld`` true, and the
metadata says the smallest count is ``SMALL_CELL``, so validating the file against its own
metadata proves that nothing smaller slipped out. A value of a dimension missing from a month
had nothing to count.
"""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.lifecycle import Action
from popsote.metrics.exports import Echo
from popsote.metrics.models import CountyMonth, CountyParticipants
from popsote.metrics.rollups import FIRST_RESPONSE
from popsote.metrics.withholding import withhold
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

LANGUAGES = ("fi", "sv", "en")


@dataclass(frozen=True)
class Measure:
    code: str
    actions: tuple[str, ...]  # the rollup's actions it adds up; none for participants
    label: object
    metric: str  # the registry's metric that defines it


MEASURES = (
    Measure("received", (Action.SUBMIT,), _("Received"), "funnel"),
    Measure("first_response", (FIRST_RESPONSE,), _("Processed (first response given)"), "funnel"),
    Measure("accepted", (Action.ACCEPT,), _("Accepted for development"), "funnel"),
    Measure(
        "implementation_started",
        (Action.START_IMPLEMENTATION,),
        _("Implementation started"),
        "funnel",
    ),
    Measure("deployed", (Action.MARK_DEPLOYED,), _("Deployed"), "funnel"),
    Measure("not_advanced", (Action.NOT_ADVANCE,), _("Not taken forward"), "outcomes"),
    Measure("merged", (Action.MERGE,), _("Merged into another suggestion"), "outcomes"),
    Measure(
        "existing_solution",
        (Action.EXISTING_SOLUTION,),
        _("Answered by an existing solution"),
        "outcomes",
    ),
    Measure("withdrawn", (Action.WITHDRAW,), _("Withdrawn by the submitter"), "outcomes"),
    Measure("participants", (), _("Participants"), "participants"),
)
BY_ACTION = {action: measure.code for measure in MEASURES for action in measure.actions}

DIMENSIONS = (
    ("stakeholder_group", "stakeholder_group_id", StakeholderGroup, _("Stakeholder group")),
    ("area", "area_id", Area, _("Area")),
    ("service_area", "service_area_id", ServiceArea, _("Service area")),
    ("kind", "kind_id", SuggestionKind, _("Kind")),
)
TOTAL = "total"

HEADER = (
    "month",
    "dimension",
    "code",
    "label_fi",
    "label_sv",
    "label_en",
    "measure",
    "count",
    "withheld",
)

CSV_NAME = "suggestions-by-month.csv"
METADATA_NAME = f"{CSV_NAME}-metadata.json"


def last_month(today: datetime.date | None = None) -> datetime.date:
    """The first day of the last whole month."""
    first = (today or timezone.localdate()).replace(day=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)


def _suggestion_cells(last: datetime.date) -> list[tuple]:
    """(month, measure code, dimension, term id or None, count) from the county's cells: the
    cell of everything gives the totals and the service areas and kinds, each stakeholder
    group's and each area's cell that term's counts."""
    sql = f"""
        SELECT month, action, area_id, stakeholder_group_id, service_area_id, kind_id, count
        FROM {CountyMonth._meta.db_table}
        WHERE month <= %(last)s AND action = ANY(%(actions)s)
            AND (area_id = 0 OR stakeholder_group_id = 0)
            AND (service_area_id = 0 AND kind_id = 0 OR area_id = 0 AND stakeholder_group_id = 0)
    """  # noqa: S608 (our constants)
    found: dict[tuple, int] = defaultdict(int)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"last": last, "actions": sorted(BY_ACTION)})
        for month, action, area, group, service_area, kind, count in cursor.fetchall():
            if group:
                key = ("stakeholder_group", group)
            elif area:
                key = ("area", area)
            elif service_area:
                key = ("service_area", service_area)
            elif kind:
                key = ("kind", kind)
            else:
                key = (TOTAL, None)
            found[(month, BY_ACTION[action], *key)] += int(count)
    return [(*key, count) for key, count in found.items() if count]


def _participant_cells(last: datetime.date) -> list[tuple]:
    """(month, "participants", dimension, term id or None, people) from the county's
    participant runs: the people of one month are its rows, whatever month came before."""
    sql = f"""
        SELECT month, stakeholder_group_id, SUM(count)
        FROM {CountyParticipants._meta.db_table}
        WHERE area_id = 0 AND month <= %(last)s
        GROUP BY month, stakeholder_group_id
    """  # noqa: S608 (our constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"last": last})
        return [
            (
                month,
                "participants",
                "stakeholder_group" if term else TOTAL,
                term or None,
                int(count),
            )
            for month, term, count in cursor.fetchall()
            if count
        ]


def _terms() -> dict[str, dict[int, object]]:
    return {
        code: {term.pk: term for term in model.objects.all()}
        for code, _column, model, _label in DIMENSIONS
    }


def rows(today: datetime.date | None = None) -> Iterator[tuple]:
    """The table's rows after its header, ordered by month, measure, dimension and code, each
    count withheld as the public page withholds it."""
    last = last_month(today)
    cells = _suggestion_cells(last) + _participant_cells(last)
    terms = _terms()
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for month, measure, dimension, term_id, count in cells:
        groups[(month, measure, dimension)].append((term_id, count))
    measure_order = [measure.code for measure in MEASURES]
    dimension_order = [TOTAL] + [code for code, *_rest in DIMENSIONS]

    def order(key):
        month, measure, dimension = key
        return month, measure_order.index(measure), dimension_order.index(dimension)

    for key in sorted(groups, key=order):
        month, measure, dimension = key
        found = groups[key]
        if dimension != TOTAL:
            found = [(term_id, count) for term_id, count in found if term_id in terms[dimension]]
            found.sort(key=lambda cell: terms[dimension][cell[0]].code)
        shown = withhold([count for _term, count in found])
        for (term_id, _count), value in zip(found, shown, strict=True):
            if dimension == TOTAL:
                code, labels = "", dict.fromkeys(LANGUAGES, "")
            else:
                term = terms[dimension][term_id]
                code, labels = term.code, term.labels
            yield (
                month.strftime("%Y-%m"),
                dimension,
                code,
                *(labels[language] for language in LANGUAGES),
                measure,
                "" if value is None else value,
                "false" if value is not None else "true",
            )


def csv_lines(today: datetime.date | None = None) -> Iterator[str]:
    writer = csv.writer(Echo(), lineterminator="\r\n")
    yield writer.writerow(HEADER)
    for row in rows(today):
        yield writer.writerow(row)
