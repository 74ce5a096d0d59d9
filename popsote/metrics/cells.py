"""The four cells of the county's rollups, and the SQL that keeps the two that are not simple
sums of events: the participant runs and the open suggestions by deadline.

A county figure can be asked for any area and stakeholder group, and one county row stands for
a thousand groups'. So a county rollup holds each event four times: in its exact cell, and in
the cells of "every area" (``models.EVERY`` as ``area_id``), "every stakeholder group" and
both; a read takes the one cell its filters name instead of adding up tens of thousands of
rows. ``OpenDue`` and ``GroupService`` hold each group's four cells too, for the county's page
ranks and counts every group.
"""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from ideas.lifecycle import OPEN_STATES
from popsote.metrics.models import CountyParticipants, OpenDue, Participation


def in_list(values) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


def month_of(column: str) -> str:
    return f"date_trunc('month', {column} AT TIME ZONE %(tz)s)::date"


def cells(row: str) -> str:
    """The four cells of ``row``'s area and stakeholder group (``models.EVERY`` for all)."""
    return f"""CROSS JOIN LATERAL (VALUES ({row}.area_id, {row}.stakeholder_group_id),
        (0, {row}.stakeholder_group_id), ({row}.area_id, 0), (0, 0))
        AS cell (area_id, stakeholder_group_id)"""


# The county's participant runs (``CountyParticipants``) of the rows the statement added to
# the county's participation (CTE ``participated``; one month, as one event or act is): in
# each cell where the person had not taken part that month, the month follows the one they
# last took part in, and the month they next took part in (a rebuild's order) follows this
# one instead. The statement sees the participation as it was before it, without its own rows.
_SAME_CELL = """(f.area_id = 0 OR o.area_id = f.area_id)
    AND (f.stakeholder_group_id = 0 OR o.stakeholder_group_id = f.stakeholder_group_id)"""
RUNS_SQL = f"""
fresh AS (
    SELECT DISTINCT p.month, p.person_key, cell.area_id, cell.stakeholder_group_id
    FROM participated p
    {cells("p")}
    WHERE p.group_id = 0
), linked AS (
    SELECT f.*,
        (SELECT max(o.month) FROM {Participation._meta.db_table} o
         WHERE o.person_key = f.person_key AND o.group_id = 0 AND o.month < f.month
            AND {_SAME_CELL}) AS previous_month,
        (SELECT min(o.month) FROM {Participation._meta.db_table} o
         WHERE o.person_key = f.person_key AND o.group_id = 0 AND o.month > f.month
            AND {_SAME_CELL}) AS next_month
    FROM fresh f
    WHERE NOT EXISTS (
        SELECT 1 FROM {Participation._meta.db_table} o
        WHERE o.person_key = f.person_key AND o.group_id = 0 AND o.month = f.month
            AND {_SAME_CELL})
)
INSERT INTO {CountyParticipants._meta.db_table} AS t (area_id, stakeholder_group_id, month,
    previous_month, count)
SELECT area_id, stakeholder_group_id, month, previous_month, SUM(delta)
FROM (
    SELECT area_id, stakeholder_group_id, month, previous_month, 1 AS delta FROM linked
    UNION ALL
    SELECT area_id, stakeholder_group_id, next_month, previous_month, -1 FROM linked
    WHERE next_month IS NOT NULL
    UNION ALL
    SELECT area_id, stakeholder_group_id, next_month, month, 1 FROM linked
    WHERE next_month IS NOT NULL
) AS d
GROUP BY 1, 2, 3, 4
HAVING SUM(delta) <> 0
ON CONFLICT (area_id, stakeholder_group_id, month, previous_month)
    DO UPDATE SET count = t.count + EXCLUDED.count
"""  # noqa: S608 (our constants, no input)

# The same runs from the whole participation, for a rebuild.
REBUILD_RUNS_SQL = f"""
INSERT INTO {CountyParticipants._meta.db_table} (area_id, stakeholder_group_id, month,
    previous_month, count)
SELECT area_id, stakeholder_group_id, month, previous_month, COUNT(*)
FROM (
    SELECT area_id, stakeholder_group_id, month,
        LAG(month) OVER (PARTITION BY area_id, stakeholder_group_id, person_key ORDER BY month)
            AS previous_month
    FROM (
        SELECT DISTINCT cell.area_id, cell.stakeholder_group_id, p.person_key, p.month
        FROM {Participation._meta.db_table} p
        {cells("p")}
        WHERE p.group_id = 0
    ) AS months
) AS runs
GROUP BY 1, 2, 3, 4
"""  # noqa: S608 (our constants, no input)


OPEN_STATES_SQL = in_list(OPEN_STATES)
# The open suggestions of every group as ``OpenDue`` holds them, deadlines before ``%(month)s``
# folded into ``OpenDue.PAST``: what the triggers keep, counted again.
OPEN_DUE_SQL = f"""
INSERT INTO {OpenDue._meta.db_table} (group_id, state, due_month, area_id,
    stakeholder_group_id, count)
SELECT s.group_id, s.state,
    CASE WHEN s.due_at < %(month)s THEN %(past)s::date
        ELSE date_trunc('month', s.due_at AT TIME ZONE 'UTC')::date END,
    cell.area_id, cell.stakeholder_group_id, COUNT(*)
FROM ideas_suggestion s
{cells("s")}
WHERE s.group_id IS NOT NULL AND s.state IN ({OPEN_STATES_SQL})
GROUP BY 1, 2, 3, 4, 5
"""  # noqa: S608 (our constants, no input)

FOLD_SQL = f"""
WITH gone AS (
    DELETE FROM {OpenDue._meta.db_table}
    WHERE (due_month < %(month)s AND due_month <> %(past)s) OR count = 0
    RETURNING group_id, state, due_month, area_id, stakeholder_group_id, count
)
INSERT INTO {OpenDue._meta.db_table} AS t (group_id, state, due_month, area_id,
    stakeholder_group_id, count)
SELECT group_id, state,
    CASE WHEN due_month < %(month)s THEN %(past)s::date ELSE due_month END AS due,
    area_id, stakeholder_group_id, SUM(count)
FROM gone
GROUP BY area_id, stakeholder_group_id, group_id, state, due
HAVING SUM(count) <> 0
ORDER BY area_id, stakeholder_group_id, group_id, state, due
ON CONFLICT (area_id, stakeholder_group_id, group_id, state, due_month)
    DO UPDATE SET count = t.count + EXCLUDED.count
"""  # noqa: S608 (our constants, no input)


def this_month_utc(now=None) -> datetime.datetime:
    """The first moment of this month in UTC: where ``OpenDue``'s months gone by end."""
    now = now or timezone.now()
    return now.astimezone(datetime.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def fold_open_due(now=None) -> None:
    """Fold the deadline months gone by into one row per group, state and cell, and drop rows
    that count nothing: run each night (a month's rows fold on its first night)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(FOLD_SQL, {"month": this_month_utc(now).date(), "past": OpenDue.PAST})
