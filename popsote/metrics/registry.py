"""Every metric the site reports, defined once: what it is called, one sentence a person reads
to know what it means, how it is computed, its unit, whether the public sees it and whether it
counts persons (then a cell of fewer than ``SMALL_CELL`` people is withheld in public).

The dashboard, the public page, the exports (and their CSV-on-the-Web metadata) and the tests
read this table; nothing else names a metric, so no two places can disagree on what a number
means. ``METRICS`` is in the order a reader meets the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Below this many people a published cell says "fewer than 5" instead of the number.
SMALL_CELL = 5


@dataclass(frozen=True)
class Metric:
    code: str
    name: str | Promise
    definition: str | Promise
    computed: str | Promise
    unit: str | Promise
    public: bool
    people: bool


SUBMITTED = _(
    "Suggestions submitted in the period (for a handler group: routed or transferred to it), "
    "by their frozen values, from the monthly rollup of suggestion events."
)

_METRICS = [
    Metric(
        "suggestions_by_stakeholder_group",
        _("Suggestions by stakeholder group"),
        _("How many suggestions were made in the period, by the group the submitter took part as."),
        SUBMITTED,
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "suggestions_by_area",
        _("Suggestions by area"),
        _("How many suggestions were made in the period, by the area they concern."),
        SUBMITTED,
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "suggestions_by_service_area",
        _("Suggestions by service area"),
        _("How many suggestions were made in the period, by the service they concern."),
        SUBMITTED,
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "suggestions_by_kind",
        _("Suggestions by kind"),
        _("How many needs, ideas and other kinds of suggestion were made in the period."),
        SUBMITTED,
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "suggestions_by_month",
        _("Suggestions by month"),
        _("How many suggestions were made in each month of the period."),
        SUBMITTED,
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "suggestions_by_state",
        _("Suggestions by state"),
        _("How many suggestions were in each state at the end of the period."),
        _(
            "The sum of every change of state up to the end of the period: +1 for the state a "
            "move leads to, −1 for the one it leaves (for a group: while it had the suggestion)."
        ),
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "funnel",
        _("From suggestion to deployed solution"),
        _(
            "How many suggestions were received, given a first response, accepted for "
            "development, taken to implementation and deployed in the period."
        ),
        _(
            "Events in the period: submissions (for a group: arrivals), the first question or "
            "decision of each suggestion, acceptances, starts of implementation, deployments."
        ),
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "outcomes",
        _("Other outcomes"),
        _(
            "How many suggestions were not taken forward, merged into another, answered by an "
            "existing solution or withdrawn in the period."
        ),
        _("Decisions and withdrawals recorded in the period, from the suggestion events."),
        _("suggestions"),
        public=True,
        people=False,
    ),
    Metric(
        "first_response_days",
        _("Days to first response"),
        _(
            "How many days a submitter waited for the group's first question or decision, for "
            "first responses given in the period, against the group's target."
        ),
        _(
            "Whole days from submission to the first response, as a histogram per month and "
            "group; median and 90th percentile by nearest rank; within target when no later "
            "than the group's first-response days."
        ),
        _("days"),
        public=True,
        people=False,
    ),
    Metric(
        "decision_days",
        _("Days to decision"),
        _(
            "How many days it took from submission to the decision, for decisions made in the "
            "period, against the group's target."
        ),
        _(
            "Whole days from submission to acceptance, not taking forward, merging or an "
            "existing solution; median and 90th percentile by nearest rank."
        ),
        _("days"),
        public=True,
        people=False,
    ),
    Metric(
        "overdue_now",
        _("Overdue now"),
        _("How many open suggestions are past their next deadline today, by group."),
        _("Open suggestions whose next deadline has passed, counted from the suggestions now."),
        _("suggestions"),
        public=False,
        people=False,
    ),
    Metric(
        "participants",
        _("Participants by stakeholder group"),
        _(
            "How many different people submitted, supported or commented in the period, by "
            "the stakeholder group they had when they did."
        ),
        _(
            "Distinct people in the monthly participation rollup: signed-in people by account, "
            "signed-out submitters by e-mail address or, without one, by suggestion. A person "
            "in two stakeholder groups counts in both; the total counts them once."
        ),
        _("people"),
        public=True,
        people=True,
    ),
    Metric(
        "labs_applications",
        _("Labs applications by state"),
        _("How many testing applications submitted in the period are now in each state."),
        _("Counted directly from the applications, a table of thousands of rows."),
        _("applications"),
        public=True,
        people=False,
    ),
    Metric(
        "labs_days_to_label",
        _("Days from application to label"),
        _("How many days it took from submitting an application to the label granted."),
        _(
            "Labels granted in the period: days from the application's submission to the "
            "grant; median and 90th percentile by nearest rank, counted directly."
        ),
        _("days"),
        public=True,
        people=False,
    ),
    Metric(
        "labels_by_level",
        _("Labels by level"),
        _("How many OuluHealth Labs labels were granted in the period, by level."),
        _("Counted directly from the labels."),
        _("labels"),
        public=True,
        people=False,
    ),
    Metric(
        "showroom",
        _("Showroom"),
        _(
            "How many solutions are listed in the showroom today and how many listings there "
            "are in all, and how much interest and how many recommendations they got."
        ),
        _(
            "Listings by the showroom's publishing rule today; interest and recommendations "
            "made in the period, counted directly."
        ),
        _("count"),
        public=True,
        people=False,
    ),
    Metric(
        "impact_assessments",
        _("Impact assessments"),
        _(
            "How many impact assessments of deployed solutions were done in the period, how "
            "many fell due in it, and how many are overdue today."
        ),
        _("Counted directly from the assessments' due and completion dates."),
        _("assessments"),
        public=True,
        people=False,
    ),
]

METRICS: dict[str, Metric] = {metric.code: metric for metric in _METRICS}
