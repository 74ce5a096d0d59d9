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
from django.db.models import Count, Q

from ideas.lifecycle import OPEN_STATES
from ideas.models import ImpactAssessment, Suggestion
from labs.models import Application, Label
from popsote.metrics.models import (
    ALL_GROUPS,
    DurationMonth,
    Participation,
    StateMonth,
    SuggestionMonth,
)
from showroom.models import Interest, Listing, Recommendation

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


def durations(scope: Scope, months: Months, *, every_group: bool = True) -> list[tuple]:
    """(period, measure, group id, count, median, 90th percentile, within target) from the
    histograms, for the county's row and every group's (the county), or each group's. The
    percentiles are by nearest rank: the least days with at least that share at or below."""
    params: dict = {}
    where = _where(scope, months, params)
    if scope.county and every_group:
        where = where.replace("group_id = ANY(%(groups)s)", "group_id >= 0")
    # The database adds up the histograms (one hash, as many rows as days seen); the running
    # sums that find the percentiles are a loop over those rows here, which costs a fraction
    # of SQL's window functions over them.
    sql = f"""
        SELECT {PERIOD} AS period, measure, group_id, days, SUM(count),
            COALESCE(SUM(count) FILTER (WHERE within_target), 0)
        FROM {DurationMonth._meta.db_table} WHERE {where}
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


def overdue_now(scope: Scope, now: datetime) -> dict[int, int]:
    """``{group id: open suggestions past their next deadline}``, read from the suggestions."""
    rows = scope.narrow(Suggestion.objects.filter(state__in=sorted(OPEN_STATES), due_at__lt=now))
    return dict(rows.order_by().values("group").annotate(n=Count("pk")).values_list("group", "n"))


def impact_assessments(scope: Scope, bounds: dict, now: datetime) -> dict[str, int]:
    """Done and due in each period (``bounds``: ``current`` and ``previous`` (start, end)
    moments), and overdue now."""
    rows = scope.narrow(ImpactAssessment.objects.all(), "suggestion__")
    counts = {"overdue": Count("pk", filter=Q(completed_at=None, due_at__lt=now))}
    for name, (start, end) in bounds.items():
        counts[f"done_{name}"] = Count(
            "pk", filter=Q(completed_at__gte=start, completed_at__lt=end)
        )
        counts[f"due_{name}"] = Count("pk", filter=Q(due_at__gte=start, due_at__lt=end))
    return rows.aggregate(**counts)


def labs_applications(bounds: dict) -> dict[str, dict[str, int]]:
    """``{state: {period name: applications submitted in it, now in that state}}``."""
    counts = {
        name: Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end))
        for name, (start, end) in bounds.items()
    }
    rows = Application.objects.exclude(submitted_at=None).order_by().values("state")
    return {row.pop("state"): row for row in rows.annotate(**counts)}


def labels(days: dict) -> list[tuple]:
    """(period, level or None for all, labels, median days, 90th percentile days) of the
    labels granted in each period (``days``: ``current`` and ``previous`` (first, last) dates)."""
    current, previous = days["current"], days.get("previous", days["current"])
    sql = f"""
        SELECT period, level, GROUPING(level), COUNT(*),
            percentile_disc(0.5) WITHIN GROUP (ORDER BY waited),
            percentile_disc(0.9) WITHIN GROUP (ORDER BY waited)
        FROM (
            SELECT l.level, CASE WHEN l.granted_on >= %(start)s THEN 0 ELSE 1 END AS period,
                l.granted_on - (a.submitted_at AT TIME ZONE %(tz)s)::date AS waited
            FROM {Label._meta.db_table} l
            JOIN {Application._meta.db_table} a ON a.id = l.application_id
            WHERE (l.granted_on BETWEEN %(start)s AND %(end)s
                OR l.granted_on BETWEEN %(previous_start)s AND %(previous_end)s)
                AND a.submitted_at IS NOT NULL
        ) AS rows
        GROUP BY period, GROUPING SETS ((level), ())
    """  # noqa: S608 (our constants)
    from django.conf import settings

    params = {
        "start": current[0],
        "end": current[1],
        "previous_start": previous[0],
        "previous_end": previous[1],
        "tz": settings.TIME_ZONE,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            (period, None if grouped else level, count, median, p90)
            for period, level, grouped, count, median, p90 in cursor.fetchall()
        ]


def showroom(bounds: dict, today: date) -> dict[str, int]:
    """Listed today and all listings; interest and recommendations in each period."""
    found = Listing.objects.aggregate(
        total=Count("pk"), listed=Count("pk", filter=Q(pk__in=Listing.objects.listed(today)))
    )
    for model, name in ((Interest, "interest"), (Recommendation, "recommendations")):
        found.update(
            model.objects.aggregate(
                **{
                    f"{name}_{period}": Count("pk", filter=Q(created_at__gte=s, created_at__lt=e))
                    for period, (s, e) in bounds.items()
                }
            )
        )
    return found
