"""What ``manage.py benchmark_metrics`` adds to the suggestions and groups of the existing
benchmarks (``ideas.benchmarks``): a timeline for every row that agrees with its state and
service levels, people, and their supports and comments, each in one set-based statement.
Every draw is a hash of the row's id, so that two runs build the same thing.

People are ``bench-person-<n>@bench.invalid`` (removed with the groups' people by
``group_work.remove``); supports and comments go with the rows they belong to.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from ideas.benchmarks.group_work import USER_DOMAIN, USER_PREFIX
from ideas.benchmarks.suggestions import BENCH_EMAIL

PERSON_PREFIX = f"{USER_PREFIX}person-"
SUPPORTED_SHARE = 0.6
COMMENTED_SHARE = 0.25


def _draw(seed: int, column: str = "s.id") -> str:
    return f"((hashint8extended({column}, {seed}) & 2147483647) / 2147483648.0)"


DECISION_OF = {
    "accepted": ("accept", "accepted"),
    "in_implementation": ("accept", "accepted"),
    "deployed": ("accept", "accepted"),
    "not_advanced": ("not_advance", "not_advanced"),
    "merged": ("merge", "merged"),
    "existing_solution": ("existing_solution", "existing_solution"),
}


def record_events() -> None:
    """Submission, routing, the first question (and its answer) or the decision, the
    implementation and the deployment, or the withdrawal, as the row's state says."""
    decision_action = " ".join(
        f"WHEN '{state}' THEN '{action}'" for state, (action, _) in DECISION_OF.items()
    )
    decision_state = " ".join(
        f"WHEN '{state}' THEN '{to}'" for state, (_, to) in DECISION_OF.items()
    )
    routed = "CASE WHEN s.state = 'received' THEN 'received' ELSE 'in_processing' END"
    asked = (
        "s.first_response_at IS NOT NULL "
        "AND s.first_response_at < COALESCE(s.decided_at, 'infinity')"
    )
    sql = f"""
        INSERT INTO ideas_suggestionevent (suggestion_id, group_id, created_at, action,
            from_state, to_state, public_message, internal_note, is_public, data)
        SELECT id, NULL, created_at, 'submit', '', 'received', '', '', true, '{{}}'::jsonb
        FROM bench
        UNION ALL
        SELECT id, group_id, created_at + interval '1 minute', 'route', 'received', {routed},
            '', '', true, '{{}}'::jsonb
        FROM bench s WHERE group_id IS NOT NULL
        UNION ALL
        SELECT id, group_id, first_response_at, 'request_info', 'in_processing',
            'info_requested', 'More?', '', true, '{{}}'::jsonb
        FROM bench s WHERE {asked}
        UNION ALL
        SELECT id, group_id, first_response_at + interval '1 day', 'answer_info',
            'info_requested', 'in_processing', 'Here.', '', true, '{{}}'::jsonb
        FROM bench s WHERE {asked} AND s.state <> 'info_requested'
        UNION ALL
        SELECT id, group_id, decided_at, CASE state {decision_action} END, 'in_processing',
            CASE state {decision_state} END, 'Decided.', '', true, '{{}}'::jsonb
        FROM bench s WHERE decided_at IS NOT NULL
        UNION ALL
        SELECT id, group_id, decided_at + interval '10 days', 'start_implementation',
            'accepted', 'in_implementation', '', '', true, '{{}}'::jsonb
        FROM bench s WHERE decided_at IS NOT NULL AND state IN ('in_implementation', 'deployed')
        UNION ALL
        SELECT id, group_id, decided_at + interval '40 days', 'mark_deployed',
            'in_implementation', 'deployed', '', '', true, '{{}}'::jsonb
        FROM bench s WHERE decided_at IS NOT NULL AND state = 'deployed'
        UNION ALL
        SELECT id, group_id, created_at + interval '5 days', 'withdraw',
            CASE WHEN group_id IS NULL THEN 'received' ELSE 'in_processing' END, 'withdrawn',
            '', '', true, '{{}}'::jsonb
        FROM bench s WHERE state = 'withdrawn'
    """  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench ON COMMIT DROP AS SELECT * FROM ideas_suggestion "
            "WHERE submitter_email = %s",
            [BENCH_EMAIL],
        )
        cursor.execute(sql)


def create_people(count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_user (password, is_superuser, email, name, show_name,
                organisation, preferred_language, is_staff, is_active, date_joined,
                stakeholder_group_id)
            SELECT %(password)s, false, %(prefix)s || n || %(domain)s, 'Bench ' || n, false,
                '', 'fi', false, true, %(now)s,
                (SELECT id FROM taxonomy_stakeholdergroup ORDER BY position, id
                 OFFSET (hashint8extended(n, 11) & 2147483647) %%
                    (SELECT COUNT(*) FROM taxonomy_stakeholdergroup) LIMIT 1)
            FROM generate_series(1, %(count)s) AS n
            """,
            {
                "password": make_password(None),
                "prefix": PERSON_PREFIX,
                "domain": USER_DOMAIN,
                "now": timezone.now(),
                "count": count,
            },
        )


def record_acts() -> None:
    """About one support for most rows and a comment for a quarter, each by a person drawn
    from the benchmark's people, a few days after submission."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_people ON COMMIT DROP AS "
            "SELECT row_number() OVER (ORDER BY id) AS n, id, stakeholder_group_id "
            "FROM accounts_user WHERE email LIKE %s",
            [f"{PERSON_PREFIX}%"],
        )
        cursor.execute("CREATE UNIQUE INDEX ON bench_people (n)")
        cursor.execute("SELECT COUNT(*) FROM bench_people")
        (people,) = cursor.fetchone()
        for table, person, share, seed, extra, values in (
            ("ideas_support", "user_id", SUPPORTED_SHARE, 21, "", ""),
            (
                "ideas_comment",
                "author_id",
                COMMENTED_SHARE,
                22,
                ", body, is_hidden, hidden_reason",
                ", 'Benchmark comment.', false, ''",
            ),
        ):
            cursor.execute(
                f"""
                INSERT INTO {table} (suggestion_id, {person}, stakeholder_group_id,
                    created_at{extra})
                SELECT s.id, p.id, p.stakeholder_group_id,
                    s.created_at + (1 + 20 * {_draw(seed + 1)}) * interval '1 day'{values}
                FROM bench s
                JOIN bench_people p ON p.n = 1 + (hashint8extended(s.id, {seed + 2})
                    & 2147483647) %% %(people)s
                WHERE {_draw(seed)} < %(share)s
                """,  # noqa: S608 (constants)
                {"people": people, "share": share},
            )


def remove_acts() -> None:
    """Supports and comments of the benchmark rows and people, set-based (the ORM's cascade
    would read them all first)."""
    with connection.cursor() as cursor:
        for table, person in (("ideas_support", "user_id"), ("ideas_comment", "author_id")):
            cursor.execute(
                f"DELETE FROM {table} t USING accounts_user u "  # noqa: S608 (constants)
                f"WHERE u.id = t.{person} AND u.email LIKE %s",
                [f"{PERSON_PREFIX}%"],
            )
