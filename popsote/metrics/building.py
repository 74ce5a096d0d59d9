"""Figures from what ``queries`` read: each metric of the registry as a ``Figure`` with its
rows, its previous period when compared, and the sentence that says what the rows mean,
computed from them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from ideas.lifecycle import Action, State
from popsote.metrics import others
from popsote.metrics.figures import Chart, Column, Figure
from popsote.metrics.queries import CURRENT, GROUPS_SHOWN, PREVIOUS, Durations, Scope
from popsote.metrics.registry import METRICS
from popsote.metrics.rollups import DECISION, FIRST_RESPONSE
from processing_groups.models import HandlerGroup


@dataclass
class Data:
    scope: Scope
    compare: bool
    choices: object
    counts: dict
    states: dict
    durations: Durations
    participants: dict
    overdue: dict
    impact: dict
    labs: dict | None = None
    labels: list | None = None
    showroom: dict | None = None
    group_names: dict = field(default_factory=dict)

    @property
    def received(self) -> tuple[str, ...]:
        """A group receives what is routed or transferred to it; the county what is submitted."""
        if self.scope.county:
            return (Action.SUBMIT,)
        return (Action.ROUTE, Action.TRANSFER)

    def total(self, period: int, *actions: str) -> int:
        return sum(self.counts["totals"].get((period, action), 0) for action in actions)


def group_names(data: Data) -> dict[int, HandlerGroup]:
    """The groups the figures name, in one query."""
    ids = {row[2] for row in data.durations.rows if row[2]} | {g for g in data.overdue if g}
    if not ids:
        return {}
    rows = HandlerGroup.objects.filter(pk__in=sorted(ids))
    return {group.pk: group for group in rows.only("name", "first_response_days", "decision_days")}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _share(part: int, whole: int) -> str:
    return formats.number_format(_percent(part, whole))


def _breakdown(data: Data, code: str, column: str, heading: str, labels: dict) -> Figure:
    def rows_of(period):
        found: dict = {}
        for action in data.received:
            for key, count in data.counts["breakdowns"].get((period, action, column), {}).items():
                found[key] = found.get(key, 0) + count
        return [(label, found.get(key, 0)) for key, label in labels.items()]

    rows = rows_of(CURRENT)
    total = sum(count for _label, count in rows)
    takeaway = ""
    if total:
        label, count = others.largest(rows)
        takeaway = _(
            "%(label)s had the most suggestions: %(count)s of %(total)s (%(share)s %%)."
        ) % {
            "label": label,
            "count": count,
            "total": total,
            "share": _share(count, total),
        }
    return others.figure(
        code,
        [Column("label", heading, numeric=False), Column("count", _("Suggestions"))],
        rows if total else [],
        takeaway,
        previous=rows_of(PREVIOUS) if data.compare else None,
        keys=[data.choices.code_of(column, key) for key in labels],
    )


def _by_month(data: Data, months: list) -> Figure:
    found: dict = {}
    for action in data.received:
        for key, count in data.counts["breakdowns"].get((CURRENT, action, "month"), {}).items():
            found[key] = found.get(key, 0) + count
    rows = [
        (formats.date_format(month, "YEAR_MONTH_FORMAT"), found.get(month, 0)) for month in months
    ]
    takeaway = ""
    if any(count for _label, count in rows):
        label, count = others.largest(rows)
        takeaway = _("The busiest month was %(month)s, with %(count)s suggestions.") % {
            "month": label,
            "count": count,
        }
    return others.figure(
        "suggestions_by_month",
        [Column("month", _("Month"), numeric=False), Column("count", _("Suggestions"))],
        rows if takeaway else [],
        takeaway,
        chart=Chart.MONTHS,
        keys=[month.strftime("%Y-%m") for month in months],
    )


def _states(data: Data) -> Figure:
    def rows_of(period):
        return [(label, data.states[period].get(state, 0)) for state, label in State.choices]

    rows = rows_of(CURRENT)
    total = sum(count for _label, count in rows)
    takeaway = ""
    if total:
        label, count = others.largest(rows)
        takeaway = _(
            "At the end of the period %(count)s of %(total)s suggestions were in the state "
            "“%(state)s”."
        ) % {
            "count": count,
            "total": total,
            "state": label,
        }
    return others.figure(
        "suggestions_by_state",
        [Column("state", _("State"), numeric=False), Column("count", _("Suggestions"))],
        rows if total else [],
        takeaway,
        previous=rows_of(PREVIOUS) if data.compare else None,
        keys=[state for state, _label in State.choices],
    )


OUTCOMES = (Action.NOT_ADVANCE, Action.MERGE, Action.EXISTING_SOLUTION, Action.WITHDRAW)


def _funnel(data: Data) -> list[Figure]:
    stage_labels = {
        "received": _("Received"),
        FIRST_RESPONSE: _("Processed (first response given)"),
        Action.ACCEPT: _("Accepted for development"),
        Action.START_IMPLEMENTATION: _("Implementation started"),
        Action.MARK_DEPLOYED: _("Deployed"),
    }

    def stage(period, code):
        return (
            data.total(period, *data.received) if code == "received" else data.total(period, code)
        )

    def rows_of(period):
        return [(label, stage(period, code)) for code, label in stage_labels.items()]

    def outcomes_of(period):
        return [(str(Action(code).label), data.total(period, code)) for code in OUTCOMES]

    rows, outcomes = rows_of(CURRENT), outcomes_of(CURRENT)
    received, deployed = rows[0][1], rows[-1][1]
    columns = [Column("stage", _("Stage"), numeric=False), Column("count", _("Suggestions"))]
    funnel_takeaway = _(
        "%(received)s suggestions were received and %(deployed)s solutions deployed in the period."
    ) % {
        "received": received,
        "deployed": deployed,
    }
    done = sum(count for _label, count in outcomes)
    outcome_takeaway = ""
    if done:
        label, count = others.largest(outcomes)
        outcome_takeaway = _("The most common other outcome was “%(outcome)s” (%(count)s).") % {
            "outcome": label,
            "count": count,
        }
    return [
        others.figure(
            "funnel",
            columns,
            rows if any(c for _l, c in rows) else [],
            funnel_takeaway,
            chart=Chart.FUNNEL,
            previous=rows_of(PREVIOUS) if data.compare else None,
            keys=list(stage_labels),
        ),
        others.figure(
            "outcomes",
            [Column("outcome", _("Outcome"), numeric=False), Column("count", _("Suggestions"))],
            outcomes if done else [],
            outcome_takeaway,
            previous=outcomes_of(PREVIOUS) if data.compare else None,
            keys=list(OUTCOMES),
        ),
    ]


def _durations(data: Data, code: str, measure: str) -> Figure:
    target_field = "first_response_days" if measure == FIRST_RESPONSE else "decision_days"

    def rows_of(period):
        rows = []
        for row_period, row_measure, group_id, count, median, p90, within in data.durations.rows:
            if row_period != period or row_measure != measure or not count:
                continue
            group = data.group_names.get(group_id)
            name = group.name if group else _("Whole county")
            target = getattr(group, target_field) if group else "–"
            rows.append((name, int(count), median, p90, target, _percent(within, count)))
        # The county's page has the groups furthest from their targets (``queries``), in name
        # order after the county's own row; each group's own figures are a filter away.
        county = [row for row in rows if row[0] == _("Whole county")]
        groups = [row for row in rows if row[0] != _("Whole county")]
        return county + sorted(groups, key=lambda row: row[0])

    rows = rows_of(CURRENT)
    takeaway = ""
    if rows:
        name, count, median, _p90, _target, within = rows[0]
        takeaway = _(
            "%(name)s: half of %(count)s came within %(median)s days; %(within)s %% were "
            "within the target."
        ) % {
            "name": name,
            "count": count,
            "median": median,
            "within": within,
        }
    notes = []
    if data.durations.answered.get(measure, 0) > GROUPS_SHOWN:
        notes.append(
            _(
                "The %(count)s groups with the smallest share within their target; choose a "
                "group in the filters for its own figures."
            )
            % {"count": GROUPS_SHOWN}
        )
    return others.figure(
        code,
        [
            Column("group", _("Group"), numeric=False),
            Column("count", _("Count")),
            Column("median", _("Median days"), counts=False),
            Column("p90", _("90th percentile, days"), counts=False),
            Column("target", _("Target, days"), numeric=False),
            Column("within", _("Within target, %"), counts=False),
        ],
        rows,
        takeaway,
        chart=Chart.TABLE,
        previous=rows_of(PREVIOUS) if data.compare else None,
        notes=notes,
    )


def _overdue(data: Data) -> Figure:
    rows = sorted(
        ((data.group_names[g].name, n) for g, n in data.overdue.items() if g in data.group_names),
        key=lambda row: (-row[1], row[0]),
    )
    total = sum(n for _name, n in rows)
    takeaway = _("Nothing is overdue now.")
    if total:
        name, count = rows[0]
        takeaway = _(
            "%(total)s suggestions are overdue now, most of them with %(group)s (%(count)s)."
        ) % {
            "total": total,
            "group": name,
            "count": count,
        }
    if len(rows) > GROUPS_SHOWN:
        # The groups with the most overdue, and the rest together: the total stays whole.
        rest = rows[GROUPS_SHOWN:]
        others_row = (
            _("%(count)s other groups") % {"count": len(rest)},
            sum(n for _name, n in rest),
        )
        rows = [*rows[:GROUPS_SHOWN], others_row]
    return others.figure(
        "overdue_now",
        [Column("group", _("Group"), numeric=False), Column("count", _("Overdue"))],
        rows,
        takeaway if rows else "",
    )


def _participants(data: Data) -> Figure:
    labels = dict(data.choices.stakeholder_groups.values())

    def rows_of(period):
        found = data.participants[period]
        return [(label, found.get(pk, 0)) for pk, label in labels.items()]

    rows = rows_of(CURRENT)
    everyone = data.participants[CURRENT].get(None, 0)
    takeaway = ""
    if everyone:
        label, count = others.largest(rows)
        takeaway = _("%(total)s different people took part; the most as %(label)s (%(count)s).") % {
            "total": everyone,
            "label": label,
            "count": count,
        }
    notes = [
        _("Someone who took part in two stakeholder groups counts in both rows, once in the total.")
    ]
    total_row = (_("Everyone"), everyone)
    previous = [*rows_of(PREVIOUS), (_("Everyone"), data.participants[PREVIOUS].get(None, 0))]
    return others.figure(
        "participants",
        [Column("group", _("Stakeholder group"), numeric=False), Column("count", _("People"))],
        [*rows, total_row] if everyone else [],
        takeaway,
        previous=previous if data.compare else None,
        notes=notes,
        keys=[*data.choices.stakeholder_groups, "everyone"],
    )


def figures(data: Data, *, application_states: dict, months: list) -> list[Figure]:
    choices = data.choices
    built = [
        _breakdown(
            data,
            "suggestions_by_stakeholder_group",
            "stakeholder_group_id",
            _("Stakeholder group"),
            dict(choices.stakeholder_groups.values()),
        ),
        _breakdown(
            data,
            "suggestions_by_area",
            "area_id",
            _("Area"),
            dict(choices.areas.values()),
        ),
        _breakdown(
            data,
            "suggestions_by_service_area",
            "service_area_id",
            _("Service area"),
            choices.service_areas,
        ),
        _breakdown(data, "suggestions_by_kind", "kind_id", _("Kind"), choices.kinds),
        _by_month(data, months),
        _states(data),
        *_funnel(data),
        _durations(data, "first_response_days", FIRST_RESPONSE),
        _durations(data, "decision_days", DECISION),
        _overdue(data),
        _participants(data),
    ]
    if data.labs is not None:
        built += others.labs(data, application_states)
        built.append(others.showroom(data))
    built.append(others.impact(data))
    order = list(METRICS)
    return sorted(built, key=lambda figure: order.index(figure.code))
