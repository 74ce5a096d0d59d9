"""Keeping the rollups (``popsote.metrics.models``) equal to the source tables.

Why monthly rollups, and why kept on commit. At a million suggestions the events table holds
four to five million rows; counting them for every dashboard request (the "statistics every
30 minutes, 5–20 s pages" of comparable platforms) cannot meet 300 ms, and a cache of
yesterday's figures disagrees with the queue a coordinator just worked. So each figure reads a
rollup of at most a few thousand rows per month, and each rollup is changed **in the
transaction of the row that changes it**: a committed event is counted, a rolled-back one is
not, and no job has to run. A month is the period's unit: coordinators report by month, and
a day would make the tables thirty times larger for no figure that needs it.

The same SQL does both: ``record_event`` runs it for one event (one statement, which writes
every rollup it touches in data-modifying CTEs, an ``INSERT … ON CONFLICT … DO UPDATE`` each),
``rebuild`` for every row (``manage.py rebuild_metrics``, in one transaction). So the two cannot
drift apart; a test compares both with a computation of its own. The one exception is the
county's participant runs: one new month is linked to its neighbours, a rebuild runs a window
over every month (``cells``); the same test holds them equal, and equal to distinct people.

What is counted, and how (the county's cells: ``popsote.metrics.cells``):

- ``SuggestionMonth``: each event whose action is in ``COUNTED_ACTIONS`` (by service area and
  kind only what was received: ``ARRIVALS_AND_SUBMIT``), and ``first_response`` for the first
  event of a suggestion in ``RESPONSE_ACTIONS`` (a question or a decision), in the row of the
  group that had the suggestion once the event happened (after a route or a transfer, the new
  group). A submission has no group yet: a group's "received" are the suggestions routed or
  transferred to it. ``CountyMonth`` counts the same in the county's four cells, and the
  submissions by service area and by kind one at a time.
- ``StateMonth``: −1 for the state (and group) an event leaves, +1 for the one it leads to.
- ``DurationMonth``: whole days from submission to the first response and to the decision,
  and whether within the target of the group that answered (its target when counted; a rebuild
  uses the targets of that day). ``CountyDuration`` is the county's, in its cells;
  ``GroupService`` each group's count and how many were within target, in its cells.
- ``Participation``: the submitter (in the county's row at submission, in a group's when the
  suggestion comes to it), and each supporter and commenter with the stakeholder group they had
  then. It counts acts, not present state: a support withdrawn later still took part. A rebuild
  can count only the rows there are, so it forgets a withdrawn support; supports that a merge
  carries over are not acts of the person (they carry no stakeholder group) and count in
  neither. ``CountyParticipants`` holds the county's participant runs, in its cells, written by
  the same statement from the county's rows it added.
- ``OpenDue`` is kept by triggers on the suggestions table (migration ``0005``), not here.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection, transaction

from ideas.lifecycle import DECISION_ACTIONS, RESPONSE_ACTIONS, Action
from popsote.metrics.cells import (
    OPEN_DUE_SQL,
    REBUILD_RUNS_SQL,
    RUNS_SQL,
    cells,
    in_list,
    month_of,
    this_month_utc,
)
from popsote.metrics.models import (
    CountyDuration,
    CountyMonth,
    CountyParticipants,
    DurationMonth,
    GroupService,
    OpenDue,
    Participation,
    StateMonth,
    SuggestionMonth,
)

# Events counted in ``SuggestionMonth`` under their own action (the moves of the lifecycle).
COUNTED_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.ROUTE,
        Action.TRANSFER,
        Action.REQUEST_INFO,
        Action.ANSWER_INFO,
        Action.ACCEPT,
        Action.START_IMPLEMENTATION,
        Action.MARK_DEPLOYED,
        Action.NOT_ADVANCE,
        Action.MERGE,
        Action.EXISTING_SOLUTION,
        Action.WITHDRAW,
    }
)
FIRST_RESPONSE = "first_response"
DECISION = "decision"
# Moves that bring a suggestion to a group.
ARRIVALS = (Action.ROUTE, Action.TRANSFER)
# What the breakdowns by service area and kind count (what a group or the county received):
# only these rows keep the two; every other count holds 0 in them, which makes the rollup a few
# times smaller and its reads as much faster, for no figure reads them.
ARRIVALS_AND_SUBMIT = (Action.SUBMIT, *ARRIVALS)

# A person's key: a signed-in person's id; a signed-out submitter's from the address they gave
# (60 bits of its MD5, negative), or from the suggestion when they gave none (below those).
PERSON_OF_SUGGESTION = """CASE
    WHEN s.submitter_id IS NOT NULL THEN s.submitter_id
    WHEN s.submitter_email <> '' THEN
        -1 - ('x' || substr(md5(lower(s.submitter_email)), 1, 15))::bit(60)::bigint
    ELSE -1152921504606846977 - s.id
END"""


def _participation(select: str, *, one: bool) -> str:
    """Insert the participation rows ``select`` gives; for one event or act, their runs too."""
    insert = f"""INSERT INTO {Participation._meta.db_table} (month, group_id,
    stakeholder_group_id, area_id, person_key)
{select}
ON CONFLICT DO NOTHING"""
    if not one:
        return insert
    return f"""participated AS (
{insert}
RETURNING month, group_id, stakeholder_group_id, area_id, person_key
), {RUNS_SQL}"""


def _events_sql(*, one: bool) -> str:
    """Every rollup's rows from the events: of one event (``%(suggestion)s``, ``%(event)s``)
    or of all. The window reads the whole timeline of the suggestion either way, so that the
    group an event leaves and whether it is the first response are the same in both."""
    scope = "e.suggestion_id = %(suggestion)s" if one else "TRUE"
    only = "ev.id = %(event)s" if one else "TRUE"
    responses = in_list(RESPONSE_ACTIONS)
    codes = f"""CROSS JOIN LATERAL (VALUES
        (CASE WHEN c.action IN ({in_list(COUNTED_ACTIONS)}) THEN c.action END),
        (CASE WHEN c.first_response THEN '{FIRST_RESPONSE}' END)
    ) AS code (action)"""
    measures = f"""CROSS JOIN LATERAL (VALUES
        ('{FIRST_RESPONSE}', c.first_response, c.first_response_days),
        ('{DECISION}', c.action IN ({in_list(DECISION_ACTIONS)}), c.decision_days)
    ) AS m (measure, applies, target)"""
    participation = _participation(
        f"""SELECT DISTINCT c.month, scope.group_id, c.stakeholder_group_id, c.area_id,
    c.person_key
FROM counted c
CROSS JOIN LATERAL (VALUES
    (CASE WHEN c.action = '{Action.SUBMIT}' THEN 0 END),
    (CASE WHEN c.action IN ({in_list(ARRIVALS_AND_SUBMIT)}) THEN c.group_id END)
) AS scope (group_id)
WHERE scope.group_id IS NOT NULL""",  # noqa: S608 (our constants, no input)
        one=one,
    )
    return f"""
WITH ev AS (
    SELECT e.id, e.suggestion_id, e.action, e.from_state, e.to_state, e.created_at,
        e.group_id,
        LAG(e.group_id) OVER w AS prev_group,
        COALESCE(bool_or(e.action IN ({responses})) OVER (
            w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS answered_before
    FROM ideas_suggestionevent e
    WHERE {scope}
    WINDOW w AS (PARTITION BY e.suggestion_id ORDER BY e.created_at, e.id)
), counted AS MATERIALIZED (
    SELECT ev.*, s.stakeholder_group_id, s.area_id, s.service_area_id, s.kind_id,
        {month_of("ev.created_at")} AS month,
        floor(extract(epoch FROM ev.created_at - s.created_at) / 86400)::int AS days,
        ev.action IN ({responses}) AND NOT ev.answered_before AS first_response,
        g.first_response_days, g.decision_days,
        {PERSON_OF_SUGGESTION} AS person_key
    FROM ev
    JOIN ideas_suggestion s ON s.id = ev.suggestion_id
    LEFT JOIN processing_groups_handlergroup g ON g.id = ev.group_id
    WHERE {only}
), suggestion_months AS (
    INSERT INTO {SuggestionMonth._meta.db_table} AS t (month, action, stakeholder_group_id,
        area_id, service_area_id, kind_id, group_id, count)
    SELECT c.month, code.action, c.stakeholder_group_id, c.area_id,
        CASE WHEN code.action IN ({in_list(ARRIVALS_AND_SUBMIT)}) THEN c.service_area_id ELSE 0 END,
        CASE WHEN code.action IN ({in_list(ARRIVALS_AND_SUBMIT)}) THEN c.kind_id ELSE 0 END,
        c.group_id, COUNT(*)
    FROM counted c
    {codes}
    WHERE code.action IS NOT NULL AND c.group_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (group_id, month, action, stakeholder_group_id, area_id, service_area_id,
        kind_id) DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
), county_months AS (
    INSERT INTO {CountyMonth._meta.db_table} AS t (month, action, area_id,
        stakeholder_group_id, service_area_id, kind_id, count)
    SELECT c.month, code.action, cell.area_id, cell.stakeholder_group_id, term.service_area_id,
        term.kind_id, COUNT(*)
    FROM counted c
    {codes}
    {cells("c")}
    CROSS JOIN LATERAL (VALUES (0, 0), (c.service_area_id, 0), (0, c.kind_id))
        AS term (service_area_id, kind_id)
    WHERE code.action IS NOT NULL
        AND (term.service_area_id = 0 AND term.kind_id = 0 OR code.action = '{Action.SUBMIT}')
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (area_id, stakeholder_group_id, month, action, service_area_id, kind_id)
        DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
), state_months AS (
    INSERT INTO {StateMonth._meta.db_table} AS t (month, state, stakeholder_group_id, area_id,
        group_id, count)
    SELECT c.month, d.state, c.stakeholder_group_id, c.area_id, d.group_id, SUM(d.delta)
    FROM counted c
    CROSS JOIN LATERAL (VALUES
        (c.from_state, 0, -1), (c.to_state, 0, 1),
        (c.from_state, c.prev_group, -1), (c.to_state, c.group_id, 1)
    ) AS d (state, group_id, delta)
    WHERE d.state <> '' AND d.group_id IS NOT NULL
        AND (c.from_state <> c.to_state OR c.prev_group IS DISTINCT FROM c.group_id)
    GROUP BY 1, 2, 3, 4, 5
    HAVING SUM(d.delta) <> 0
    ON CONFLICT (group_id, month, state, stakeholder_group_id, area_id)
        DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
), duration_months AS (
    INSERT INTO {DurationMonth._meta.db_table} AS t (month, group_id, measure,
        stakeholder_group_id, area_id, days, within_target, count)
    SELECT c.month, c.group_id, m.measure, c.stakeholder_group_id, c.area_id, c.days,
        COALESCE(c.days <= m.target, false), COUNT(*)
    FROM counted c
    {measures}
    WHERE m.applies AND c.group_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (group_id, month, measure, stakeholder_group_id, area_id, days, within_target)
        DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
), county_durations AS (
    INSERT INTO {CountyDuration._meta.db_table} AS t (month, measure, area_id,
        stakeholder_group_id, days, within_target, count)
    SELECT c.month, m.measure, cell.area_id, cell.stakeholder_group_id, c.days,
        COALESCE(c.days <= m.target, false), COUNT(*)
    FROM counted c
    {measures}
    {cells("c")}
    WHERE m.applies
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (area_id, stakeholder_group_id, month, measure, days, within_target)
        DO UPDATE SET count = t.count + EXCLUDED.count
    RETURNING 1
), group_service AS (
    INSERT INTO {GroupService._meta.db_table} AS t (group_id, month, measure, area_id,
        stakeholder_group_id, count, within_target)
    SELECT c.group_id, c.month, m.measure, cell.area_id, cell.stakeholder_group_id, COUNT(*),
        COUNT(*) FILTER (WHERE c.days <= m.target)
    FROM counted c
    {measures}
    {cells("c")}
    WHERE m.applies AND c.group_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (area_id, stakeholder_group_id, month, measure, group_id)
        DO UPDATE SET count = t.count + EXCLUDED.count,
            within_target = t.within_target + EXCLUDED.within_target
    RETURNING 1
){"," if one else ""}
{participation}
"""  # noqa: S608 (our constants, no input)


def _acts_sql(table: str, person: str, *, one: bool) -> str:
    """Participation of the people who supported or commented (``table``): the group is the
    suggestion's at that moment, read off its timeline."""
    scope = "a.id = %(row)s" if one else "TRUE"
    participation = _participation(
        f"""SELECT DISTINCT {month_of("a.created_at")}, scope.group_id, a.stakeholder_group_id,
    s.area_id, a.{person}
FROM {table} a
JOIN ideas_suggestion s ON s.id = a.suggestion_id
LEFT JOIN LATERAL (
    SELECT e.group_id FROM ideas_suggestionevent e
    WHERE e.suggestion_id = a.suggestion_id AND e.created_at <= a.created_at
    ORDER BY e.created_at DESC, e.id DESC LIMIT 1
) AS held ON true
CROSS JOIN LATERAL (VALUES (0), (held.group_id)) AS scope (group_id)
WHERE {scope} AND a.{person} IS NOT NULL AND a.stakeholder_group_id IS NOT NULL
    AND scope.group_id IS NOT NULL""",  # noqa: S608 (our constants, no input)
        one=one,
    )
    return f"WITH {participation}" if one else participation


ACTS = {"support": ("ideas_support", "user_id"), "comment": ("ideas_comment", "author_id")}
EVENT_SQL = _events_sql(one=True)
ACT_SQL = {name: _acts_sql(table, person, one=True) for name, (table, person) in ACTS.items()}


def _params(**extra) -> dict:
    return {"tz": settings.TIME_ZONE, **extra}


# The county's participant runs of one person are written by one transaction at a time: two
# that each saw the other's month missing would both count it. A transaction-scoped advisory
# lock on the person, in this namespace, taken before the statement that reads their months.
PERSON_LOCK = 7_261_300


def _lock_person(cursor, person_sql: str, params: dict) -> None:
    cursor.execute(f"SELECT pg_advisory_xact_lock({PERSON_LOCK}, hashint8({person_sql}))", params)


def record_event(event) -> None:
    """Count one new suggestion event, in its transaction: one statement (after a lock on the
    submitter for a submission, the one event that makes a person take part in the county)."""
    params = _params(suggestion=event.suggestion_id, event=event.pk)
    with connection.cursor() as cursor:
        if event.action == Action.SUBMIT:
            _lock_person(
                cursor,
                f"(SELECT {PERSON_OF_SUGGESTION} FROM ideas_suggestion s "  # noqa: S608
                "WHERE s.id = %(suggestion)s)",
                params,
            )
        cursor.execute(EVENT_SQL, params)


def record_act(kind: str, row) -> None:
    """Count a new support or comment (``kind``), in its transaction: one statement, after a
    lock on the person."""
    person = getattr(row, ACTS[kind][1])
    with connection.cursor() as cursor:
        if person is not None:
            _lock_person(cursor, "%(person)s::bigint", {"person": person})
        cursor.execute(ACT_SQL[kind], _params(row=row.pk))


ROLLUPS = (
    SuggestionMonth,
    StateMonth,
    DurationMonth,
    Participation,
    CountyMonth,
    CountyDuration,
    CountyParticipants,
    GroupService,
    OpenDue,
)


def rebuild() -> dict[str, float]:
    """Empty every rollup and count everything again from the source tables, set-based, in one
    transaction (readers see the old figures until it commits). The seconds of each step."""
    steps: dict[str, float] = {}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # DELETE rather than TRUNCATE: TRUNCATE cannot follow writes in an open transaction
        # of a test, and the tables are small.
        for model in ROLLUPS:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 (our tables)
        steps["empty"] = time.monotonic() - started
        mark = time.monotonic()
        cursor.execute(_events_sql(one=False), _params())
        steps["events"] = time.monotonic() - mark
        for name, (table, person) in ACTS.items():
            mark = time.monotonic()
            cursor.execute(_acts_sql(table, person, one=False), _params())
            steps[f"{name}s"] = time.monotonic() - mark
        mark = time.monotonic()
        cursor.execute(REBUILD_RUNS_SQL)
        steps["participant runs"] = time.monotonic() - mark
        mark = time.monotonic()
        cursor.execute(OPEN_DUE_SQL, {"month": this_month_utc(), "past": OpenDue.PAST})
        steps["open"] = time.monotonic() - mark
    return steps


def tidy() -> None:
    """After a rebuild: VACUUM and ANALYZE the rollups, so that the planner knows their new
    size and the figures' reads touch only the key indexes. VACUUM cannot run inside a
    transaction (a test's), where ANALYZE alone is done."""
    with connection.cursor() as cursor:
        for model in ROLLUPS:
            table = model._meta.db_table
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {table}")
