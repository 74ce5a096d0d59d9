"""Reads of group work on suggestions: a group's queue, the coordinators' triage and every
group's load.

Every list here runs a fixed number of queries however many rows it has: the row's relations
are joined, and what a row needs to know about its events (the latest one, whether I have
evaluated it) or its group (whether the assignee is still a member) is an annotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ideas.lifecycle import OPEN_STATES, State
from ideas.models import ImpactAssessment, Suggestion, SuggestionEvent
from ideas.selectors.evaluation import is_evaluated_by
from processing_groups.models import HandlerGroup, Membership

# "Decided lately" on the coordinators' overview.
RECENT_DAYS = 30
# Above this many groups their load is counted over every group at once.
MANY_GROUPS = 100


# --- A group's queue --------------------------------------------------------------------------


def queue(*, group: HandlerGroup, user, filters: dict, now: datetime | None = None) -> QuerySet:
    """The group's suggestions, most urgent first: the nearest pending deadline (``due_at``;
    none last), then the oldest. ``filters`` come from ``QueueFilterForm.filters()``: ``state``
    (a state, ``all``, or open ones by default), ``overdue``, ``mine``, ``evaluation``
    (``done`` or ``pending``: by ``user``), ``impact`` (``due``: deployed suggestions whose
    impact assessment has fallen due and is not completed, whatever the state filter says)."""
    now = now or timezone.now()
    rows = (
        Suggestion.objects.filter(group=group)
        .select_related("assignee", "kind", "impact_assessment")
        .annotate(
            latest_action=Subquery(
                SuggestionEvent.objects.filter(suggestion=OuterRef("pk"))
                .order_by("-created_at", "-id")
                .values("action")[:1]
            ),
            assignee_is_member=Exists(
                Membership.objects.filter(group_id=OuterRef("group_id"), user=OuterRef("assignee"))
            ),
            evaluated_by_me=is_evaluated_by(user),
        )
    )
    state = filters.get("state", "")
    if filters.get("impact") == "due":
        rows = rows.filter(
            state=State.DEPLOYED,
            impact_assessment__due_at__lte=now,
            impact_assessment__in=ImpactAssessment.objects.open(),
        )
    elif state == "all":
        pass
    elif state:
        rows = rows.filter(state=state)
    else:
        rows = rows.filter(state__in=OPEN_STATES)
    if filters.get("overdue"):
        rows = rows.filter(due_at__lt=now)
    if filters.get("mine"):
        rows = rows.filter(assignee=user)
    if filters.get("evaluation") == "done":
        rows = rows.filter(evaluated_by_me=True)
    elif filters.get("evaluation") == "pending":
        rows = rows.filter(evaluated_by_me=False)
    return rows.order_by(F("due_at").asc(nulls_last=True), "created_at", "id")


@dataclass(frozen=True)
class TargetBadge:
    """How a suggestion stands against one service-level target.

    ``kind``: ``met`` (in time), ``late`` (met, ``days`` late), ``due`` (in ``days``; 0 is
    today) or ``overdue`` (by ``days``)."""

    kind: str
    days: int = 0


def target_badge(*, due: datetime | None, done: datetime | None, is_open: bool, now: datetime):
    """None when there is no target (no group yet) or the suggestion closed without needing
    to meet it (withdrawn)."""
    if due is None:
        return None
    if done is not None:
        if done <= due:
            return TargetBadge("met")
        return TargetBadge("late", _whole_days(done - due))
    if not is_open:
        return None
    if due >= now:
        return TargetBadge("due", (due - now).days)
    return TargetBadge("overdue", _whole_days(now - due))


def _whole_days(delta: timedelta) -> int:
    """Whole days past the target, and at least one: an hour late is a day late."""
    return max(1, delta.days)


def with_badges(rows, *, now: datetime | None = None) -> list[Suggestion]:
    """Each row with its ``response_badge``, ``decision_badge``, ``answer_received`` and, when
    deployed, ``impact_badge`` (``ImpactAssessment.due_state``)."""
    now = now or timezone.now()
    rows = list(rows)
    for row in rows:
        is_open = row.state in OPEN_STATES
        row.response_badge = target_badge(
            due=row.response_due_at, done=row.first_response_at, is_open=is_open, now=now
        )
        row.decision_badge = target_badge(
            due=row.decision_due_at, done=row.decided_at, is_open=is_open, now=now
        )
        row.answer_received = getattr(row, "latest_action", None) == "answer_info"
        deployed = row.state == State.DEPLOYED
        assessment = getattr(row, "impact_assessment", None) if deployed else None
        row.impact_badge = assessment.due_state(now) if assessment is not None else ""
        row.impact_due_days = abs((assessment.due_at - now).days) if assessment else 0
    return rows


# --- Triage -----------------------------------------------------------------------------------


def triage() -> QuerySet:
    """What routing could not place, oldest first: the submitters have waited longest."""
    return (
        Suggestion.objects.filter(group=None, state=State.RECEIVED)
        .for_cards()
        .order_by("created_at", "id")
    )


# --- Groups and their load --------------------------------------------------------------------


def with_load(groups, *, now: datetime | None = None) -> list[HandlerGroup]:
    """``groups`` (any iterable: a page of them, say), each with its ``open_count``,
    ``processing_count``, ``info_count``, ``overdue_count`` and ``decided_recently``.

    Two queries however many groups: one pass over the groups' open suggestions (from the
    ``sugg_group_open_queue`` index alone) and one over those decided lately. A join with one
    aggregate in the query that reads the groups would read every suggestion of every group,
    the decided ones of earlier years too."""
    now = now or timezone.now()
    groups = list(groups)
    ids = [group.pk for group in groups]
    # Many groups (the coordinators' overview): one walk of the whole index costs less than a
    # descent per group; the counts of groups not asked for are left unused.
    of_groups = Q(group__in=ids) if len(ids) <= MANY_GROUPS else Q(group__isnull=False)
    open_ = (
        Suggestion.objects.filter(of_groups, state__in=sorted(OPEN_STATES))
        .order_by()
        .values("group")
        .annotate(
            open_count=Count("pk"),
            processing_count=Count("pk", filter=Q(state=State.IN_PROCESSING)),
            info_count=Count("pk", filter=Q(state=State.INFO_REQUESTED)),
            overdue_count=Count("pk", filter=Q(due_at__lt=now)),
        )
    )
    counts = {row.pop("group"): row for row in open_} if ids else {}
    decided = (
        dict(
            Suggestion.objects.filter(of_groups, decided_at__gte=now - timedelta(days=RECENT_DAYS))
            .order_by()
            .values("group")
            .annotate(count=Count("pk"))
            .values_list("group", "count")
        )
        if ids
        else {}
    )
    for group in groups:
        found = counts.get(group.pk, {})
        for name in ("open_count", "processing_count", "info_count", "overdue_count"):
            setattr(group, name, found.get(name, 0))
        group.decided_recently = decided.get(group.pk, 0)
    return groups


def all_groups() -> QuerySet:
    """Every group, retired ones too (so that their open work is not forgotten), active ones
    first."""
    return HandlerGroup.objects.order_by("-is_active", "name")


def member_groups(user) -> QuerySet:
    """The groups ``user`` sits in, with the person's ``my_role``."""
    if not getattr(user, "is_authenticated", False):
        return HandlerGroup.objects.none()
    return (
        HandlerGroup.objects.filter(memberships__user=user)
        .annotate(my_role=F("memberships__role"))
        .order_by("name")
    )


def load_overview(*, now: datetime | None = None) -> list[HandlerGroup]:
    """Every group with its open, in-processing, information-requested, overdue and lately
    decided counts."""
    return with_load(all_groups(), now=now)


def groups_of(user, *, now: datetime | None = None) -> list[HandlerGroup]:
    """The groups ``user`` sits in, with their load and the person's ``my_role``."""
    return with_load(member_groups(user), now=now)


def triage_count() -> int:
    return Suggestion.objects.filter(group=None, state=State.RECEIVED).count()
