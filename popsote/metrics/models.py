"""The rollups the figures read: a few thousand rows a month where the source tables hold
millions, kept up to date in the transaction of the row that changes them (``rollups``) and
rebuilt from the source tables by ``manage.py rebuild_metrics``.

Every rollup is by calendar month (Helsinki time): the dashboard's period is a range of months,
which is what coordinators report on, and a month keeps each table small. The handler group is
``group_id``, a plain number: ``ALL_GROUPS`` (0) holds the whole county's row, which a figure
for the county reads instead of adding up a thousand groups' rows; a group's own rows hold what
happened while the suggestion was with it. A suggestion with no group (triage) is in the
county's rows only. The other dimensions are the suggestion's stakeholder group, area, service
area and kind, which never change after submission.

Each table's key index holds its count too, so a figure reads the index alone (an index-only
scan, once VACUUM has seen the pages: ``rollups.tidy``), not rows scattered over the table in
the order the events came.
"""

from __future__ import annotations

from django.db import models

# ``group_id`` of the whole county's rows.
ALL_GROUPS = 0


class SuggestionMonth(models.Model):
    """How many events of each kind (``action``: the event's own action, and ``first_response``
    for the first answer to the submitter) happened in a month, per combination of the
    suggestion's dimensions and group."""

    month = models.DateField()
    action = models.CharField(max_length=40)
    stakeholder_group_id = models.IntegerField()
    area_id = models.IntegerField()
    service_area_id = models.IntegerField()
    kind_id = models.IntegerField()
    group_id = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_suggestion_month"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "group_id",
                    "month",
                    "action",
                    "stakeholder_group_id",
                    "area_id",
                    "service_area_id",
                    "kind_id",
                ],
                name="metrics_suggestion_month_key",
                include=["count"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.action} {self.count}"


class StateMonth(models.Model):
    """The change in a month of how many suggestions are in each state: +1 for the state a
    move leads to, −1 for the one it leaves (and, for a group, +1 and −1 as a suggestion comes
    and goes). The number in a state at the end of a month is the sum up to it."""

    month = models.DateField()
    state = models.CharField(max_length=40)
    stakeholder_group_id = models.IntegerField()
    area_id = models.IntegerField()
    group_id = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_state_month"
        constraints = [
            models.UniqueConstraint(
                fields=["group_id", "month", "state", "stakeholder_group_id", "area_id"],
                name="metrics_state_month_key",
                include=["count"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.state} {self.count:+}"


class DurationMonth(models.Model):
    """A histogram: how many first responses (``measure`` ``first_response``) and decisions
    (``decision``) given in a month came ``days`` whole days after submission, and whether that
    was within the target of the group that gave them (its target when the row was written)."""

    month = models.DateField()
    group_id = models.IntegerField()
    measure = models.CharField(max_length=20)
    stakeholder_group_id = models.IntegerField()
    area_id = models.IntegerField()
    days = models.IntegerField()
    within_target = models.BooleanField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_duration_month"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "group_id",
                    "month",
                    "measure",
                    "stakeholder_group_id",
                    "area_id",
                    "days",
                    "within_target",
                ],
                name="metrics_duration_month_key",
                include=["count"],
            )
        ]
        # The county's page reads every group's histograms of a period: by month first.
        indexes = [
            models.Index(
                fields=["month", "measure", "group_id", "days"],
                include=["within_target", "count", "stakeholder_group_id", "area_id"],
                name="metrics_duration_by_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.measure} {self.days} d × {self.count}"


class Participation(models.Model):
    """Someone took part in a month: submitted, supported or commented, as a member of a
    stakeholder group, about a suggestion of an area (and a group). One row however often they
    did; unique participants are the distinct ``person_key`` of the rows in the period. The key
    of a signed-in person is their id; of a signed-out submitter a number derived from their
    e-mail address (so that one person's suggestions count once), or from the suggestion when
    they gave none."""

    month = models.DateField()
    group_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    area_id = models.IntegerField()
    person_key = models.BigIntegerField()

    class Meta:
        db_table = "metrics_participation"
        constraints = [
            models.UniqueConstraint(
                fields=["group_id", "month", "stakeholder_group_id", "area_id", "person_key"],
                name="metrics_participation_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.person_key}"
