"""Moving the demo's history into the past: the services write every event now, and these
rewrite the times afterwards so the timeline, the service levels and the notifications look
like months of work."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection

from ideas.lifecycle import DECIDED_STATES, RESPONSE_ACTIONS, Action
from ideas.models import Evaluation, ImpactAssessment, Suggestion, SuggestionEvent
from ideas.services.transitions import impact_due_after
from popsote.notifications.models import Notification


@dataclass
class Handling:
    """One suggestion on its way: the times of its events, in the order they were written."""

    suggestion: Suggestion
    path: str
    age: timedelta
    steps: list[tuple[str, float]] = field(default_factory=list)  # (step, gap in seconds)
    times: list[datetime] = field(default_factory=list)
    group_id: int | None = None
    assignee = None


def _schedule(handling: Handling) -> None:
    """The time of each step: the gaps after submission, squeezed to fit before today."""
    total = sum(gap for _, gap in handling.steps)
    room = handling.age.total_seconds() * 0.95
    scale = room / total if total > room else 1.0
    at = handling.suggestion.created_at
    for _, gap in handling.steps:
        at += timedelta(seconds=gap * scale)
        handling.times.append(at)


def last_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def backdate(handlings: list[Handling], log, marker: int) -> dict[int, datetime]:
    """Give the events, service-level times and impact assessments the planned dates; the
    events' new times by id in return."""
    for handling in handlings:
        _schedule(handling)
    events = SuggestionEvent.objects.filter(pk__gt=marker).order_by("pk")
    position = defaultdict(int)
    times, first_response, decided, deployed, evaluated = {}, {}, {}, {}, {}
    rows = events.values_list("pk", "action", "to_state", "actor_id")
    for (event_pk, action, to_state, actor_id), (handling, _) in zip(rows, log, strict=True):
        pk = handling.suggestion.pk
        at = times[event_pk] = handling.times[position[pk]]
        position[pk] += 1
        # The same rules as the services' own (``_advance_service_levels``), at the new times.
        if action in RESPONSE_ACTIONS:
            first_response.setdefault(pk, at)
        if to_state in DECIDED_STATES:
            decided.setdefault(pk, at)
        if action == Action.MARK_DEPLOYED:
            deployed[pk] = at
        if action == Action.EVALUATE:
            evaluated[pk, actor_id] = at
    set_times(SuggestionEvent, ["created_at"], list(times.items()))
    set_times(
        Suggestion,
        ["first_response_at", "decided_at"],
        [(pk, first_response.get(pk), decided.get(pk)) for pk in first_response | decided],
    )
    after = impact_due_after()
    set_times(
        ImpactAssessment,
        ["opened_at", "due_at"],
        [
            (pk, deployed[suggestion_id], deployed[suggestion_id] + after)
            for pk, suggestion_id in ImpactAssessment.objects.filter(
                suggestion_id__in=deployed
            ).values_list("pk", "suggestion_id")
        ],
    )
    scored = Evaluation.objects.filter(suggestion_id__in={pk for pk, _ in evaluated})
    set_times(
        Evaluation,
        ["created_at", "updated_at"],
        [
            (pk, evaluated[suggestion_id, evaluator_id], evaluated[suggestion_id, evaluator_id])
            for pk, suggestion_id, evaluator_id in scored.values_list(
                "pk", "suggestion_id", "evaluator_id"
            )
            if (suggestion_id, evaluator_id) in evaluated
        ],
    )
    return times


# Notifications of the last days stay unread, so that the demo people find some news.
UNREAD_DAYS = 10


def backdate_notifications(now, times: dict[int, datetime], marker: int) -> None:
    """The handling notified submitters, followers and groups as the site does (quietly: no
    e-mail, see ``seed``); those rows are history now. They get their event's time and the
    older ones count as read."""
    written = Notification.objects.filter(pk__gt=marker)
    rows = []
    for pk, source in written.values_list("pk", "source"):
        _, _, event_pk = source.partition("suggestion_event:")
        at = times.get(int(event_pk)) if event_pk.isdigit() else None
        if at is not None:
            read = at if at < now - timedelta(days=UNREAD_DAYS) else None
            rows.append((pk, at, read))
    set_times(Notification, ["created_at", "read_at"], rows)


def set_times(model, columns: list[str], rows: list[tuple]) -> None:
    """Set ``columns`` (date-times) of many rows, ``(id, *values)``, in one statement a
    thousand: an ``update`` per row would be a query per row."""
    if not rows:
        return
    from psycopg2.extras import execute_values

    table = model._meta.db_table
    assignments = ", ".join(f"{column} = v.{column}::timestamptz" for column in columns)
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor,
            f"UPDATE {table} AS t SET {assignments} "  # noqa: S608 (names from our models)
            f"FROM (VALUES %s) AS v(id, {', '.join(columns)}) WHERE t.id = v.id",
            rows,
            page_size=1000,
        )
