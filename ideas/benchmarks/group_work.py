"""Handler groups at county scale for ``manage.py benchmark_group_work``: groups, their people
and the benchmark suggestions given to them, built in a few set-based statements.

The rows are those ``benchmark_suggestions --keep`` left (``BENCH_EMAIL``); their states stay
as they are. Each gets a group drawn from a skewed distribution (group ``n`` of ``G`` takes
about ``(n/G)^(1/3) - ((n-1)/G)^(1/3)`` of them: with 1 000 groups the largest has a tenth of
all rows, the median one about 0.05 %), except about 0.5 % of all rows, received ones, which
stay in triage. The service-level fields follow ``ideas.services.transitions``: the targets
count from
submission with the group's days, ``first_response_at`` and ``decided_at`` are set for decided
rows (and for some open ones that were answered), and ``due_at`` is the next pending target of
an open row. Every draw is a hash of the row's id, so that two runs build the same thing.

Groups are marked by their slug (``bench-group-<n>``), people by their e-mail
(``bench-…@bench.invalid``); ``remove`` deletes both and gives the rows back to nobody.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ideas.benchmarks.suggestions import BENCH_EMAIL, bench_rows
from ideas.lifecycle import DECIDED_STATES, OPEN_STATES, State
from ideas.models import Evaluation, EvaluationScore, Suggestion, SuggestionEvent
from popsote.accounts.models import User
from popsote.accounts.roles import COORDINATOR
from popsote.taxonomy.models import Area, ServiceArea
from processing_groups.models import HandlerGroup, Membership

GROUP_PREFIX = "bench-group-"
USER_PREFIX = "bench-"
USER_DOMAIN = "@bench.invalid"
COORDINATOR_EMAIL = f"{USER_PREFIX}coordinator{USER_DOMAIN}"
MEMBERS = 3  # besides the chair
TRIAGE_SHARE = 0.005
# Group n of G gets the rows whose draw u has floor(G * u ** SKEW) == n - 1.
SKEW = 3
ASSIGNED_SHARE = 0.35
EVALUATED_SHARE = 0.4
TARGETS = [(14, 60), (7, 30), (21, 90)]  # (first response, decision) days, by group
TYPES = [HandlerGroup.Type.REGIONAL, HandlerGroup.Type.STAKEHOLDER, HandlerGroup.Type.REGION_WIDE]


def bench_groups():
    return HandlerGroup.objects.filter(slug__startswith=GROUP_PREFIX)


def bench_users():
    return User.objects.filter(email__startswith=USER_PREFIX, email__endswith=USER_DOMAIN)


def member_email(number: int, index: int) -> str:
    """The chair is index 0."""
    role = "chair" if index == 0 else f"member-{index}"
    return f"{USER_PREFIX}group-{number}-{role}{USER_DOMAIN}"


@dataclass
class Setup:
    """What the measurements need to know of what was built."""

    largest: HandlerGroup
    median: HandlerGroup
    chair: User
    median_chair: User
    member: User
    coordinator: User
    reference: str
    rows: dict[str, int]


# --- Building ---------------------------------------------------------------------------------


def build(*, groups: int) -> dict[str, float]:
    """Groups, people, the rows' groups and service levels, evaluations and events; the
    seconds each step took."""
    steps: dict[str, float] = {}
    started = time.monotonic()
    with transaction.atomic():
        _create_groups(groups)
        steps["groups and people"] = time.monotonic() - started
        _assign_rows(groups)
        steps["rows to groups"] = time.monotonic() - started - sum(steps.values())
        largest = bench_groups().get(slug=f"{GROUP_PREFIX}1")
        _evaluate(largest)
        _record_events([largest.pk, median_group().pk])
        steps["evaluations and events"] = time.monotonic() - started - sum(steps.values())
    _analyze()
    steps["VACUUM ANALYZE"] = time.monotonic() - started - sum(steps.values())
    return steps


def _create_groups(count: int) -> None:
    areas = list(Area.objects.values_list("pk", flat=True))
    service_areas = list(ServiceArea.objects.values_list("pk", flat=True))
    created = HandlerGroup.objects.bulk_create(
        HandlerGroup(
            name=f"Benchmark group {number:04d}",
            slug=f"{GROUP_PREFIX}{number}",
            type=TYPES[number % len(TYPES)],
            description="A group of the benchmark.",
            first_response_days=TARGETS[number % len(TARGETS)][0],
            decision_days=TARGETS[number % len(TARGETS)][1],
        )
        for number in range(1, count + 1)
    )
    # Some coverage, so that lists which show it read it as they would in use.
    HandlerGroup.areas.through.objects.bulk_create(
        HandlerGroup.areas.through(handlergroup_id=group.pk, area_id=areas[n % len(areas)])
        for n, group in enumerate(created)
        if areas
    )
    HandlerGroup.service_areas.through.objects.bulk_create(
        HandlerGroup.service_areas.through(
            handlergroup_id=group.pk, servicearea_id=service_areas[n % len(service_areas)]
        )
        for n, group in enumerate(created)
        if service_areas and n % 2
    )
    password = make_password(None)
    people = User.objects.bulk_create(
        User(email=member_email(number, index), name=f"Bench {number}-{index}", password=password)
        for number in range(1, count + 1)
        for index in range(MEMBERS + 1)
    )
    Membership.objects.bulk_create(
        Membership(
            group=group,
            user=people[n * (MEMBERS + 1) + index],
            role=Membership.Role.CHAIR if index == 0 else Membership.Role.MEMBER,
        )
        for n, group in enumerate(created)
        for index in range(MEMBERS + 1)
    )
    coordinator = User.objects.create(
        email=COORDINATOR_EMAIL, name="Bench coordinator", password=password
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))


def _draw(seed: int) -> str:
    """A uniform number in [0, 1) from the row's id: the same for every run."""
    return f"((hashint8extended(id, {seed}) & 2147483647) / 2147483648.0)"


def _states(states) -> str:
    return ", ".join(f"'{state}'" for state in sorted(states))


def _assign_rows(groups: int) -> None:
    """Two statements: a table of the groups' slots, and one UPDATE of every row."""
    counts = bench_rows().aggregate(
        received=Count("pk", filter=Q(state=State.RECEIVED)), total=Count("pk")
    )
    received, total = counts["received"], counts["total"]
    # This many received rows stay in triage: 0.5 % of all rows, and at least one (a count,
    # not a chance per row, so that a small table has its triage too).
    triage = min(received, max(1, round(TRIAGE_SHARE * total)))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_slots ON COMMIT DROP AS "
            "SELECT substring(g.slug FROM %s)::int AS number, g.id AS group_id, "
            "g.first_response_days, g.decision_days, "
            "array_agg(m.user_id ORDER BY m.role, m.user_id) AS members "
            "FROM processing_groups_handlergroup g "
            "JOIN processing_groups_membership m ON m.group_id = g.id "
            "WHERE g.slug LIKE %s GROUP BY g.id",
            [f"^{GROUP_PREFIX}([0-9]+)$", f"{GROUP_PREFIX}%"],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_slots (number)")
        cursor.execute("ANALYZE bench_slots")
        decided, open_ = _states(DECIDED_STATES), _states(OPEN_STATES)
        cursor.execute(
            f"""
            WITH drawn AS (
                SELECT id, created_at, state,
                    1 + floor(%(groups)s * power({_draw(1)}, {SKEW}))::int AS number,
                    row_number() OVER (
                        PARTITION BY state = %(received)s ORDER BY {_draw(2)}, id
                    ) AS triage_rank,
                    {_draw(3)} AS u_assign, {_draw(4)} AS u_member,
                    {_draw(5)} AS u_response, {_draw(6)} AS u_decision
                FROM ideas_suggestion WHERE submitter_email = %(email)s
            ), placed AS (
                SELECT d.*, g.group_id, g.members,
                    d.created_at + g.first_response_days * interval '1 day' AS response_due,
                    d.created_at + g.decision_days * interval '1 day' AS decision_due,
                    CASE WHEN d.state IN ({decided}) THEN LEAST(%(now)s, d.created_at
                        + (0.2 + 1.3 * d.u_decision) * g.decision_days * interval '1 day')
                    END AS decided,
                    CASE WHEN d.state IN ({decided}) OR d.state = %(info)s
                        OR (d.state = %(processing)s AND d.u_response < 0.15)
                        THEN LEAST(%(now)s, d.created_at
                            + (0.2 + 1.3 * d.u_response) * g.first_response_days
                            * interval '1 day')
                    END AS responded
                FROM drawn d JOIN bench_slots g ON g.number = d.number
                WHERE NOT (d.state = %(received)s AND d.triage_rank <= %(triage)s)
            )
            UPDATE ideas_suggestion s SET
                group_id = p.group_id,
                assignee_id = CASE WHEN p.u_assign < %(assigned)s THEN p.members[
                    1 + floor(p.u_member * array_length(p.members, 1))::int] END,
                response_due_at = p.response_due,
                decision_due_at = p.decision_due,
                decided_at = p.decided,
                first_response_at = LEAST(p.responded, p.decided),
                due_at = CASE WHEN p.state NOT IN ({open_}) THEN NULL
                    WHEN p.responded IS NULL THEN p.response_due ELSE p.decision_due END
            FROM placed p WHERE s.id = p.id
            """,  # noqa: S608 (constants and states, not input)
            {
                "groups": groups,
                "email": BENCH_EMAIL,
                "now": timezone.now(),
                "info": State.INFO_REQUESTED,
                "processing": State.IN_PROCESSING,
                "received": State.RECEIVED,
                "triage": triage,
                "assigned": ASSIGNED_SHARE,
            },
        )


def _evaluate(group: HandlerGroup) -> None:
    """Members' evaluations of some of the group's rows that are being processed, each with a
    score for every active criterion."""
    evaluable = _states({State.IN_PROCESSING, State.INFO_REQUESTED})
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO ideas_evaluation (suggestion_id, evaluator_id, comment, created_at,
                updated_at)
            SELECT s.id, m.user_id, '', %(now)s, %(now)s
            FROM ideas_suggestion s JOIN processing_groups_membership m ON m.group_id = s.group_id
            WHERE s.group_id = %(group)s AND s.state IN ({evaluable})
                AND ((hashint8extended(s.id * 31 + m.user_id, 7) & 2147483647)
                    / 2147483648.0) < %(share)s
            """,  # noqa: S608 (states, not input)
            {"now": timezone.now(), "group": group.pk, "share": EVALUATED_SHARE},
        )
        cursor.execute(
            """
            INSERT INTO ideas_evaluationscore (evaluation_id, criterion_id, score)
            SELECT e.id, c.id, 1 + (hashint8extended(e.id * 31 + c.id, 8) & 2147483647) %% 5
            FROM ideas_evaluation e JOIN ideas_suggestion s ON s.id = e.suggestion_id
            CROSS JOIN taxonomy_evaluationcriterion c
            WHERE s.group_id = %s AND c.is_active
            """,
            [group.pk],
        )


def _record_events(group_ids: list[int]) -> None:
    """A timeline for the rows of these groups: the submission, the group's question when it
    answered and the answer for those back in processing."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ideas_suggestionevent (suggestion_id, created_at, action, from_state,
                to_state, public_message, internal_note, is_public, data)
            SELECT id, created_at, 'submit', '', 'received', '', '', true, '{}'::jsonb
            FROM ideas_suggestion WHERE group_id = ANY(%(groups)s)
            UNION ALL
            SELECT id, first_response_at, 'request_info', 'in_processing', 'info_requested',
                'Could you tell us more?', '', true, '{}'::jsonb
            FROM ideas_suggestion
            WHERE group_id = ANY(%(groups)s) AND first_response_at IS NOT NULL
            UNION ALL
            SELECT id, first_response_at + interval '1 day', 'answer_info', 'info_requested',
                'in_processing', 'Here is more.', '', true, '{}'::jsonb
            FROM ideas_suggestion
            WHERE group_id = ANY(%(groups)s) AND first_response_at IS NOT NULL
                AND state = 'in_processing'
            """,
            {"groups": group_ids},
        )


def _analyze() -> None:
    tables = [
        Suggestion._meta.db_table,
        SuggestionEvent._meta.db_table,
        Evaluation._meta.db_table,
        EvaluationScore._meta.db_table,
        HandlerGroup._meta.db_table,
        Membership._meta.db_table,
    ]
    # VACUUM (for index-only scans) cannot run inside a transaction, as in tests.
    vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for name in tables:
            cursor.execute(f"{vacuum} {name}")


# --- Reading what was built -------------------------------------------------------------------


def median_group() -> HandlerGroup:
    """The group in the middle when they are ordered by their number of rows."""
    counts = list(
        Suggestion.objects.filter(group__slug__startswith=GROUP_PREFIX)
        .order_by()
        .values("group")
        .annotate(rows=Count("pk"))
        .values_list("group", "rows")
    )
    counts.sort(key=lambda pair: (pair[1], pair[0]))
    return HandlerGroup.objects.get(pk=counts[len(counts) // 2][0])


def setup() -> Setup:
    largest = bench_groups().get(slug=f"{GROUP_PREFIX}1")
    number = int(median_group().slug.removeprefix(GROUP_PREFIX))
    median = bench_groups().get(slug=f"{GROUP_PREFIX}{number}")
    row = (
        Suggestion.objects.public()
        .filter(group=largest, state=State.IN_PROCESSING, assignee__isnull=False)
        .order_by("id")
        .values_list("reference", flat=True)
        .first()
    ) or Suggestion.objects.filter(group=largest).order_by("id").values_list(
        "reference", flat=True
    ).first()
    return Setup(
        largest=largest,
        median=median,
        chair=User.objects.get(email=member_email(1, 0)),
        median_chair=User.objects.get(email=member_email(number, 0)),
        member=User.objects.get(email=member_email(1, 1)),
        coordinator=User.objects.get(email=COORDINATOR_EMAIL),
        reference=row,
        rows={
            "largest": Suggestion.objects.filter(group=largest).count(),
            "median": Suggestion.objects.filter(group=median).count(),
            "triage": Suggestion.objects.filter(group=None, state=State.RECEIVED).count(),
        },
    )


# --- Removing ---------------------------------------------------------------------------------


def remove() -> None:
    """Everything ``build`` made, and the rows back to nobody (as ``benchmark_suggestions``
    made them)."""
    with transaction.atomic():
        rows = bench_rows().filter(group__isnull=False) | bench_rows().filter(
            response_due_at__isnull=False
        )
        rows.update(
            group=None,
            assignee=None,
            first_response_at=None,
            decided_at=None,
            response_due_at=None,
            decision_due_at=None,
            due_at=None,
        )
        with connection.cursor() as cursor:
            # Set-based: the ORM's delete would read every evaluation and event first.
            cursor.execute(
                "DELETE FROM ideas_suggestionevent e USING ideas_suggestion s "
                "WHERE e.suggestion_id = s.id AND s.submitter_email = %s",
                [BENCH_EMAIL],
            )
            evaluations = (
                "SELECT e.id FROM ideas_evaluation e JOIN accounts_user u ON u.id = e.evaluator_id "
                "WHERE u.email LIKE %s"
            )
            pattern = [f"{USER_PREFIX}%{USER_DOMAIN}"]
            cursor.execute(
                f"DELETE FROM ideas_evaluationscore WHERE evaluation_id IN ({evaluations})",  # noqa: S608
                pattern,
            )
            cursor.execute(
                f"DELETE FROM ideas_evaluation WHERE id IN ({evaluations})",  # noqa: S608
                pattern,
            )
        bench_groups().delete()
        bench_users().delete()
    _analyze()
