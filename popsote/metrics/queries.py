"""The reads behind the figures: one query each, whatever the number of rows, months or groups.

Each takes a ``Scope`` (which rollup rows: the county's, or some groups') and the months of
the current and the previous period; each answers both periods at once, told apart by
``period`` (0 the current, 1 the previous), so that a comparison costs no extra query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.db import connection
from django.db.models import Count

from ideas.lifecycle import OPEN_STATES, Action
from ideas.models import Suggestion
from popsote.metrics.cells import this_month_utc
from popsote.metrics.models import (
    ALL_GROUPS,
    EVERY,
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

CURRENT, PREVIOUS = 0, 1


@dataclass(frozen=True)
class Scope:
    """Which rows a figure reads. ``groups`` None: the whole county (the ``ALL_GROUPS`` rows);
    otherwise the rows of these groups."""

    groups: tuple[int, ...] | None
    area: int | None
    stakeholder_group: int | None

    @property
    def county(self) -> bool:
        return self.groups is None

    def row_groups(self) -> list[int]:
        return [ALL_GROUPS] if self.groups is None else list(self.groups)

    def cell(self, params: dict) -> str:
        """The county's cell of the filters (``models.EVERY`` for none), for the tables that
        hold the four cells; ``params`` gains its two values."""
        params.update(
            cell_area=EVERY if self.area is None else self.area,
            cell_stakeholder_group=(
                EVERY if self.stakeholder_group is None else self.stakeholder_group
            ),
        )
        return "area_id = %(cell_area)s AND stakeholder_group_id = %(cell_stakeholder_group)s"

    def narrow(self, rows, path: str = ""):
        """``rows`` (suggestions, or rows reaching a suggestion through ``path``, such as
        ``"suggestion__"``) of the scope's groups, area and stakeholder group as they are now:
        for what is counted from the source tables rather than the rollups."""
        if not self.county:
            rows = rows.filter(**{f"{path}group__in": self.groups})
        if self.area is not None:
            rows = rows.filter(**{f"{path}area": self.area})
        if self.stakeholder_group is not None:
            rows = rows.filter(**{f"{path}stakeholder_group": self.stakeholder_group})
        return rows


@dataclass(frozen=True)
class Months:
    """First days of the months: the current period ``start``–``end``, and the previous one
    ``previous_start``–``previous_end`` (None without a comparison)."""

    start: date
    end: date
    previous_start: date | None
    previous_end: date | None

    @property
    def first(self) -> date:
        return self.previous_start or self.start


def _where(scope: Scope, months: Months, params: dict, *, until_end_only: bool = False) -> str:
    params.update(
        groups=scope.row_groups(),
        first=months.first,
        start=months.start,
        end=months.end,
        area=scope.area,
        stakeholder_group=scope.stakeholder_group,
    )
    clauses = ["group_id = ANY(%(groups)s)", "month <= %(end)s"]
    if not until_end_only:
        clauses.append("month >= %(first)s")
    if scope.area is not None:
        clauses.append("area_id = %(area)s")
    if scope.stakeholder_group is not None:
        clauses.append("stakeholder_group_id = %(stakeholder_group)s")
    return " AND ".join(clauses)


PERIOD = "CASE WHEN month >= %(start)s THEN 0 ELSE 1 END"
# The breakdowns of the submissions, in the order of GROUPING()'s bits (the first is the
# highest): each grouping set leaves exactly one of them grouped.
BREAKDOWNS = ("stakeholder_group_id", "area_id", "service_area_id", "kind_id", "month")


def suggestion_counts(scope: Scope, months: Months) -> dict:
    """``{(period, action): total}`` and ``{(period, action, breakdown): {key: count}}``."""
    if scope.county:
        return _county_counts(scope, months)
    params: dict = {}
    where = _where(scope, months, params)
    sets = ", ".join(f"({column})" for column in BREAKDOWNS)
    sql = f"""
        SELECT period, action, {", ".join(BREAKDOWNS)},
            GROUPING({", ".join(BREAKDOWNS)}) AS grouped, SUM(count)
        FROM (SELECT *, {PERIOD} AS period FROM {SuggestionMonth._meta.db_table}
              WHERE {where}) AS rows
        GROUP BY period, action, GROUPING SETS ({sets}, ())
    """  # noqa: S608 (our constants)
    totals: dict = {}
    breakdowns: dict = defaultdict(dict)
    all_grouped = (1 << len(BREAKDOWNS)) - 1
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for period, action, *values, grouped, count in cursor.fetchall():
            if grouped == all_grouped:
                totals[(period, action)] = int(count)
                continue
            for index, column in enumerate(BREAKDOWNS):
                if not grouped & (1 << (len(BREAKDOWNS) - 1 - index)):
                    breakdowns[(period, action, column)][values[index]] = int(count)
    return {"totals": totals, "breakdowns": breakdowns}


def _county_counts(scope: Scope, months: Months) -> dict:
    """As ``suggestion_counts``, from the county's cells: the filters' cell gives the totals,
    the months and the submissions by service area and kind; the breakdowns by stakeholder
    group and by area are the totals of the neighbouring cells (each stakeholder group's in
    the chosen area, each area's for the chosen stakeholder group). A few rows a month."""
    params: dict = {"submit": Action.SUBMIT}
    cell = scope.cell(params)
    _where(scope, months, params)
    sql = f"""
        SELECT {PERIOD} AS period, action, area_id, stakeholder_group_id, service_area_id,
            kind_id,
            CASE WHEN service_area_id = 0 AND kind_id = 0 AND {cell} THEN month END,
            SUM(count)
        FROM {CountyMonth._meta.db_table}
        WHERE month BETWEEN %(first)s AND %(end)s AND (
            ({cell})
            OR (service_area_id = 0 AND kind_id = 0 AND action = %(submit)s AND (
                (%(cell_stakeholder_group)s = 0 AND area_id = %(cell_area)s
                    AND stakeholder_group_id <> 0)
                OR (%(cell_area)s = 0 AND stakeholder_group_id = %(cell_stakeholder_group)s
                    AND area_id <> 0))))
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    """  # noqa: S608 (our constants)
    area, stakeholder_group = params["cell_area"], params["cell_stakeholder_group"]
    totals: dict = defaultdict(int)
    breakdowns: dict = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for period, action, row_area, row_group, service_area, kind, month, count in rows:
        count = int(count)
        if (row_area, row_group) != (area, stakeholder_group):
            if row_area == area:
                breakdowns[(period, action, "stakeholder_group_id")][row_group] += count
            else:
                breakdowns[(period, action, "area_id")][row_area] += count
        elif service_area:
            breakdowns[(period, action, "service_area_id")][service_area] += count
        elif kind:
            breakdowns[(period, action, "kind_id")][kind] += count
        else:
            totals[(period, action)] += count
            breakdowns[(period, action, "month")][month] += count
            # A chosen stakeholder group or area is its own breakdown's one row.
            if stakeholder_group:
                breakdowns[(period, action, "stakeholder_group_id")][stakeholder_group] += count
            if area:
                breakdowns[(period, action, "area_id")][area] += count
    return {"totals": dict(totals), "breakdowns": {k: dict(v) for k, v in breakdowns.items()}}


def states_at_end(scope: Scope, months: Months) -> dict[int, dict[str, int]]:
    """``{period: {state: count}}`` at the end of each period."""
    params: dict = {"previous_end": months.previous_end or months.end}
    where = _where(scope, months, params, until_end_only=True)
    sql = f"""
        SELECT state, SUM(count), SUM(count) FILTER (WHERE month <= %(previous_end)s)
        FROM {StateMonth._meta.db_table} WHERE {where} GROUP BY state
    """  # noqa: S608 (our constants)
    found: dict[int, dict[str, int]] = {CURRENT: {}, PREVIOUS: {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for state, current, previous in cursor.fetchall():
            found[CURRENT][state] = int(current or 0)
            found[PREVIOUS][state] = int(previous or 0)
    return found


# How many groups the county's figures name one by one (the rest are a filter away).
GROUPS_SHOWN = 20


@dataclass(frozen=True)
class Durations:
    """(period, measure, group id (``ALL_GROUPS`` for the county), count, median, 90th
    percentile, within target) rows, and how many groups answered in the current period per
    measure (more than the rows name, on the county's page)."""

    rows: list[tuple]
    answered: dict[str, int]


def durations(scope: Scope, months: Months, *, every_group: bool = True) -> Durations:
    """The days to the first response and to the decision from the histograms. The county's
    from its cell, and (``every_group``) the ``GROUPS_SHOWN`` groups of each measure with the
    smallest share within their target in the current period (ranked on ``GroupService``);
    a group scope's, each group's. The percentiles are by nearest rank: the least days with
    at least that share at or below."""
    params: dict = {}
    if not scope.county:
        where = _where(scope, months, params)
        return Durations(_percentiles(DurationMonth, "group_id", where, params), {})
    where = f"{scope.cell(params)} AND month BETWEEN %(first)s AND %(end)s"
    _where(scope, months, params)
    found = _percentiles(CountyDuration, str(ALL_GROUPS), where, params)
    if not every_group:
        return Durations(found, {})
    ranked, answered = _worst_groups(scope, months)
    if ranked:
        params = {"chosen": sorted({group for _measure, group in ranked})}
        where = f"{_where(scope, months, params)} AND group_id = ANY(%(chosen)s)"
        params["groups"] = params["chosen"]
        found += [
            row
            for row in _percentiles(DurationMonth, "group_id", where, params)
            if (row[1], row[2]) in ranked
        ]
    return Durations(found, answered)


def _worst_groups(scope: Scope, months: Months) -> tuple[set, dict[str, int]]:
    """{(measure, group id)} of the ``GROUPS_SHOWN`` groups per measure with the smallest share
    within target in the current period (then the most answered, then the id), and how many
    groups answered per measure."""
    params: dict = {"start": months.start, "end": months.end, "shown": GROUPS_SHOWN}
    sql = f"""
        SELECT measure, group_id, answered FROM (
            SELECT measure, group_id, COUNT(*) OVER (PARTITION BY measure) AS answered,
                ROW_NUMBER() OVER (PARTITION BY measure ORDER BY
                    SUM(within_target)::float / SUM(count), SUM(count) DESC, group_id) AS rank
            FROM {GroupService._meta.db_table}
            WHERE {scope.cell(params)} AND month BETWEEN %(start)s AND %(end)s
            GROUP BY measure, group_id
            HAVING SUM(count) > 0
        ) AS ranked
        WHERE rank <= %(shown)s
    """  # noqa: S608 (our constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {(measure, group) for measure, group, _n in rows}, {m: n for m, _g, n in rows}


def _percentiles(model, group: str, where: str, params: dict) -> list[tuple]:
    # The database adds up the histograms (one hash, as many rows as days seen); the running
    # sums that find the percentiles are a loop over those rows here, which costs a fraction
    # of SQL's window functions over them.
    sql = f"""
        SELECT {PERIOD} AS period, measure, {group} AS group_id, days, SUM(count),
            COALESCE(SUM(count) FILTER (WHERE within_target), 0)
        FROM {model._meta.db_table} WHERE {where}
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
    """  # noqa: S608 (our constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        histogram = cursor.fetchall()
    found = []
    for key, rows in groupby(histogram, key=lambda row: row[:3]):
        rows = [(days, int(n), int(within)) for *_key, days, n, within in rows]
        total = sum(n for _days, n, _within in rows)
        found.append(
            (
                *key,
                total,
                _rank(rows, total, 0.5),
                _rank(rows, total, 0.9),
                sum(within for *_rest, within in rows),
            )
        )
    return found


def _rank(rows, total: int, share: float) -> int:
    """The least days with at least ``share`` of ``total`` at or below (nearest rank)."""
    upto = 0
    for days, n, _within in rows:
        upto += n
        if upto >= share * total:
            return days
    return rows[-1][0]


def participants(scope: Scope, months: Months) -> dict[int, dict]:
    """``{period: {stakeholder group id or None (everyone): distinct people}}``."""
    if scope.county:
        return _county_participants(scope, months)
    params: dict = {}
    where = _where(scope, months, params)
    # One hashed DISTINCT of (period, stakeholder group, person), then plain counts of it: much
    # cheaper than COUNT(DISTINCT), which sorts each group's rows.
    sql = f"""
        WITH people AS MATERIALIZED (
            SELECT DISTINCT {PERIOD} AS period, stakeholder_group_id, person_key
            FROM {Participation._meta.db_table} WHERE {where}
        )
        SELECT period, stakeholder_group_id, false, COUNT(*) FROM people GROUP BY 1, 2
        UNION ALL
        SELECT period, NULL, true, COUNT(DISTINCT person_key) FROM people GROUP BY 1
    """  # noqa: S608 (our constants)
    found: dict[int, dict] = {CURRENT: {}, PREVIOUS: {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for period, group, grouped, count in cursor.fetchall():
            found[period][None if grouped else group] = int(count)
    return found


def _county_participants(scope: Scope, months: Months) -> dict[int, dict]:
    """As ``participants``, added up from the county's participant runs: each stakeholder
    group's cell in the chosen area, and the cell of every stakeholder group for everyone."""
    params: dict = {
        "start": months.start,
        "end": months.end,
        "previous_start": months.previous_start or months.start,
        "previous_end": months.previous_end or months.end,
        "first": months.first,
    }
    scope.cell(params)
    sql = f"""
        SELECT stakeholder_group_id,
            SUM(count) FILTER (WHERE month BETWEEN %(start)s AND %(end)s
                AND (previous_month IS NULL OR previous_month < %(start)s)),
            SUM(count) FILTER (WHERE month BETWEEN %(previous_start)s AND %(previous_end)s
                AND (previous_month IS NULL OR previous_month < %(previous_start)s))
        FROM {CountyParticipants._meta.db_table}
        WHERE area_id = %(cell_area)s AND month BETWEEN %(first)s AND %(end)s
            AND (%(cell_stakeholder_group)s = 0
                OR stakeholder_group_id = %(cell_stakeholder_group)s)
        GROUP BY stakeholder_group_id
    """  # noqa: S608 (our constants)
    chosen = params["cell_stakeholder_group"]
    found: dict[int, dict] = {CURRENT: {}, PREVIOUS: {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for group, *counts in cursor.fetchall():
            for period, count in zip((CURRENT, PREVIOUS), counts, strict=True):
                if not count:
                    continue
                if group in (EVERY, chosen):
                    found[period][None] = int(count)
                if group != EVERY:
                    found[period][group] = int(count)
    return found


def overdue_now(scope: Scope, now: datetime) -> dict[int, int]:
    """``{group id: open suggestions past their next deadline}``: the deadline months gone by
    from ``OpenDue``, this month's up to ``now`` counted from the suggestions' own index."""
    month = this_month_utc(now)
    params: dict = {"month": month.date(), "groups": scope.row_groups()}
    groups = "" if scope.county else "AND group_id = ANY(%(groups)s)"
    sql = f"""
        SELECT group_id, SUM(count) FROM {OpenDue._meta.db_table}
        WHERE {scope.cell(params)} AND due_month < %(month)s {groups}
        GROUP BY group_id
    """  # noqa: S608 (our constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {group: int(count) for group, count in cursor.fetchall()}
    rows = scope.narrow(
        Suggestion.objects.filter(
            state__in=sorted(OPEN_STATES), group__isnull=False, due_at__gte=month, due_at__lt=now
        )
    )
    for group, count in (
        rows.order_by().values("group").annotate(n=Count("pk")).values_list("group", "n")
    ):
        found[group] = found.get(group, 0) + count
    return {group: count for group, count in found.items() if count}
