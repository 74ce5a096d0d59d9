"""Figures of what a handler group does not own: Labs applications and labels, the showroom,
and impact assessments (which follow the suggestions' filters)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from labs.models.labels import Level
from popsote.metrics.figures import Chart, Column, Figure
from popsote.metrics.queries import CURRENT, PREVIOUS
from popsote.metrics.registry import METRICS


def figure(
    code: str, columns, rows, takeaway: str, *, chart=Chart.BARS, previous=None, notes=(), keys=None
):
    """A figure of metric ``code``: its name, definition and unit from the registry; ``keys``
    the rows' codes (dropped with the rows when there are none)."""
    metric = METRICS[code]
    return Figure(
        keys=tuple(keys) if keys is not None and rows else None,
        code=code,
        title=str(metric.name),
        takeaway=takeaway if rows else _("Nothing to show for this period."),
        columns=tuple(columns),
        rows=tuple(rows),
        chart=chart,
        previous=tuple(previous) if previous is not None else None,
        unit=str(metric.unit),
        definition=str(metric.definition),
        notes=tuple(notes),
    )


def largest(rows) -> tuple:
    return max(rows, key=lambda row: row[1])


def impact(data) -> Figure:
    impact = data.impact

    def rows_of(period):
        return [
            (_("Done in the period"), impact.get(f"done_{period}", 0)),
            (_("Due in the period"), impact.get(f"due_{period}", 0)),
            (_("Overdue today"), impact["overdue"]),
        ]

    rows = rows_of("current")
    takeaway = _(
        "%(done)s assessments were done in the period and %(overdue)s are overdue today."
    ) % {
        "done": rows[0][1],
        "overdue": rows[2][1],
    }
    return figure(
        "impact_assessments",
        [Column("what", _("Assessments"), numeric=False), Column("count", _("Count"))],
        rows if any(c for _l, c in rows) else [],
        takeaway,
        previous=rows_of("previous") if data.compare else None,
        keys=["done", "due", "overdue"],
    )


def labs(data, application_states: dict) -> list[Figure]:
    def app_rows(period):
        return [
            (str(label), data.labs.get(state, {}).get(period, 0))
            for state, label in application_states.items()
            if state != "draft"
        ]

    rows = app_rows("current")
    total = sum(c for _l, c in rows)
    takeaway = ""
    if total:
        takeaway = _("%(total)s applications were submitted in the period.") % {"total": total}
    figures = [
        figure(
            "labs_applications",
            [Column("state", _("State"), numeric=False), Column("count", _("Applications"))],
            rows if total else [],
            takeaway,
            previous=app_rows("previous") if data.compare else None,
            keys=[state for state in application_states if state != "draft"],
        )
    ]
    levels = dict(Level.choices)

    def label_rows(period):
        found = {
            level: (count, median, p90)
            for p, level, count, median, p90 in data.labels
            if p == period
        }
        waited = [("all", _("All labels"), *found.get(None, (0, None, None)))]
        waited += [
            (level, str(label), *found.get(level, (0, None, None)))
            for level, label in levels.items()
        ]
        return waited

    coded = [row for row in label_rows(CURRENT) if row[2]]
    waited = [row[1:] for row in coded]
    wait_takeaway = ""
    if waited:
        wait_takeaway = _(
            "Half of the %(count)s labels were granted within %(median)s days of applying."
        ) % {
            "count": waited[0][1],
            "median": waited[0][2],
        }
    columns = [
        Column("level", _("Level"), numeric=False),
        Column("count", _("Labels")),
        Column("median", _("Median days"), counts=False),
        Column("p90", _("90th percentile, days"), counts=False),
    ]
    figures.append(
        figure(
            "labs_days_to_label",
            columns,
            waited,
            wait_takeaway,
            chart=Chart.TABLE,
            previous=[r[1:] for r in label_rows(PREVIOUS) if r[2]] if data.compare else None,
            keys=[row[0] for row in coded],
        )
    )
    by_level = [(label, count) for _code, label, count, _m, _p in label_rows(CURRENT)[1:]]
    level_takeaway = ""
    if any(c for _l, c in by_level):
        label, count = largest(by_level)
        level_takeaway = _("Most labels granted were of the level “%(level)s” (%(count)s).") % {
            "level": label,
            "count": count,
        }
    figures.append(
        figure(
            "labels_by_level",
            [Column("level", _("Level"), numeric=False), Column("count", _("Labels"))],
            by_level if level_takeaway else [],
            level_takeaway,
            previous=[(lv, c) for _code, lv, c, _m, _p in label_rows(PREVIOUS)[1:]]
            if data.compare
            else None,
            keys=list(levels),
        )
    )
    return figures


def showroom(data) -> Figure:
    found = data.showroom

    def rows_of(period):
        return [
            (_("Listed today"), found["listed"]),
            (_("All listings"), found["total"]),
            (_("Interest in the period"), found.get(f"interest_{period}", 0)),
            (_("Recommendations in the period"), found.get(f"recommendations_{period}", 0)),
        ]

    takeaway = _("%(listed)s of %(total)s listings are in the catalogue today.") % {
        "listed": found["listed"],
        "total": found["total"],
    }
    return figure(
        "showroom",
        [Column("what", _("Showroom"), numeric=False), Column("count", _("Count"))],
        rows_of("current") if found["total"] else [],
        takeaway,
        previous=rows_of("previous") if data.compare else None,
        keys=["listed", "total", "interest", "recommendations"],
    )
