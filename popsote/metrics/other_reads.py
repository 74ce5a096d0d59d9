"""The reads of what a handler group does not own — Labs applications and labels, the
showroom — and of impact assessments (which follow the suggestions' filters): counted from
their own tables, which are a few thousand rows where the suggestions are a million."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q

from ideas.models import ImpactAssessment
from labs.models import Application, Label
from popsote.metrics.queries import Scope
from showroom.models import Interest, Listing, Recommendation


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
