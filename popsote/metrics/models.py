"""The rollups the figures read: a few thousand rows a month where the source tables hold
millions, kept up to date in the transaction of the row that changes them (``rollups``) and
rebuilt from the source tables by ``manage.py rebuild_metrics``.

Every rollup is by calendar month (Helsinki time): the dashboard's period is a range of months,
which is what coordinators report on, and a month keeps each table small. There are two kinds:

- **A group's rows** (``SuggestionMonth``, ``StateMonth``, ``DurationMonth``, ``Participation``)
  hold what happened while a suggestion was with the group ``group_id``, by the suggestion's
  stakeholder group, area, service area and kind (which never change after submission): exact,
  and added up when read, for a group's rows are few. ``StateMonth`` and ``Participation`` hold
  the county's too, under ``ALL_GROUPS`` (0); a suggestion with no group (triage) is in those
  only.
- **The county's cells** (``CountyMonth``, ``CountyDuration``, ``CountyParticipants``) and each
  group's (``GroupService``, ``OpenDue``): every event in four cells, so that a figure for any
  choice of area and stakeholder group reads one cell (``popsote.metrics.cells``).

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
    for the first answer to the submitter) happened in a month with a group, per combination of
    the suggestion's dimensions."""

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
        # A person's months, for ``CountyParticipants``: the month before and after a new one.
        indexes = [
            models.Index(
                fields=["person_key", "group_id", "month"],
                include=["stakeholder_group_id", "area_id"],
                name="metrics_participation_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.person_key}"


# ``area_id`` or ``stakeholder_group_id`` of a cell that holds every area or stakeholder group.
EVERY = 0


class CountyMonth(models.Model):
    """The county's events of a month (``action`` as in ``SuggestionMonth``) in each cell.
    By service area and kind one at a time, and only for submissions: a row with both 0 is the
    cell's total, a row with one of them set counts that term's submissions."""

    month = models.DateField()
    action = models.CharField(max_length=40)
    area_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    service_area_id = models.IntegerField(default=EVERY)
    kind_id = models.IntegerField(default=EVERY)
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_county_month"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "area_id",
                    "stakeholder_group_id",
                    "month",
                    "action",
                    "service_area_id",
                    "kind_id",
                ],
                name="metrics_county_month_key",
                include=["count"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.action} {self.count}"


class CountyDuration(models.Model):
    """The county's histogram of days to the first response and to the decision (as
    ``DurationMonth``) in each cell."""

    month = models.DateField()
    measure = models.CharField(max_length=20)
    area_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    days = models.IntegerField()
    within_target = models.BooleanField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_county_duration"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "area_id",
                    "stakeholder_group_id",
                    "month",
                    "measure",
                    "days",
                    "within_target",
                ],
                name="metrics_county_duration_key",
                include=["count"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.measure} {self.days} d × {self.count}"


class CountyParticipants(models.Model):
    """Unique participants of any run of months, by adding up. For each person and cell, each
    month they took part in is a row here under that month and the previous month they took
    part in (None: never before), counted over people. A person took part in months
    ``start``–``end`` exactly when one of their months falls in it and the month before that
    one falls before ``start``: so the people of a period are the sum of the rows with
    ``start <= month <= end`` and ``previous_month`` before ``start`` (or None) — each person
    once, whatever the length of the period, read from a few thousand rows."""

    area_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    month = models.DateField()
    previous_month = models.DateField(null=True)
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_county_participants"
        constraints = [
            models.UniqueConstraint(
                fields=["area_id", "stakeholder_group_id", "month", "previous_month"],
                name="metrics_county_participants_key",
                include=["count"],
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} after {self.previous_month}: {self.count}"


class GroupService(models.Model):
    """Each group's first responses and decisions of a month, and how many were within its
    target, in the four cells: what the county's page ranks the groups by before it reads the
    histograms of the few it names."""

    group_id = models.IntegerField()
    month = models.DateField()
    measure = models.CharField(max_length=20)
    area_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    count = models.IntegerField(default=0)
    within_target = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_group_service"
        constraints = [
            models.UniqueConstraint(
                fields=["area_id", "stakeholder_group_id", "month", "measure", "group_id"],
                name="metrics_group_service_key",
                include=["count", "within_target"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.month} {self.measure} {self.within_target}/{self.count}"


class OpenDue(models.Model):
    """How many open suggestions each group holds, by state and by the month (UTC) of their
    next deadline (None: none), in the four cells. Kept by triggers on the suggestions table,
    so no way of changing a suggestion can miss it; what is overdue now is the rows of months
    before this one and this month's suggestions due before now. Months gone by are folded
    into ``PAST`` each night (``cells.fold_open_due``), which keeps the table a few rows per
    group and cell."""

    PAST = "1970-01-01"

    group_id = models.IntegerField()
    state = models.CharField(max_length=40)
    due_month = models.DateField(null=True)
    area_id = models.IntegerField()
    stakeholder_group_id = models.IntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        db_table = "metrics_open_due"
        constraints = [
            models.UniqueConstraint(
                fields=["area_id", "stakeholder_group_id", "group_id", "state", "due_month"],
                name="metrics_open_due_key",
                include=["count"],
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.state} {self.due_month}: {self.count}"
