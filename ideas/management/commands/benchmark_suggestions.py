"""Build N suggestions quickly and measure the board, search and similar suggestions on them.

    python manage.py benchmark_suggestions --rows 100000
    python manage.py benchmark_suggestions --rows 1000000 --keep

Rows are added to those a kept earlier run left (so 100 000 then 1 000 000 adds 900 000). It
refuses a database holding other suggestions unless ``--force``, and removes its rows at the
end unless ``--keep``. Each figure is a whole request through the test client (middleware,
view, queries, template) as the anonymous public makes it: p50 and p95 over ``--runs`` runs
after three warm-ups, the number of queries and the database's share of one request. Debug is
off while measuring, as in production, whatever ``DJANGO_DEBUG`` says.
"""

from __future__ import annotations

import re
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from ideas.benchmarks.measuring import measure, production_like, table
from ideas.benchmarks.suggestions import (
    CHALLENGE_PREFIX,
    Builder,
    bench_rows,
    compounds,
    other_rows,
    secondary_indexes,
)
from ideas.models import Challenge
from ideas.selectors.board import BoardQuery, _encode_cursor, board

# Above this many new rows the secondary indexes are dropped and built again after the load:
# building an index at once is many times faster than keeping it up to date row by row.
REBUILD_INDEXES_FROM = 50_000
CARD = re.compile(rb'class="(?:suggestion-card__reference|similar-suggestion__link)"')


class Command(BaseCommand):
    help = "Build N benchmark suggestions and print p50/p95 times and query counts."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="Rows to have (100 000).")
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per case (30).")
        parser.add_argument("--keep", action="store_true", help="Keep the rows afterwards.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database has suggestions that are not the benchmark's.",
        )

    def handle(self, *args, rows, runs, keep, force, **options):
        if rows < 1 or runs < 1:
            raise CommandError("--rows and --runs must be positive.")
        if other_rows().exists() and not force:
            raise CommandError(
                "This database has suggestions that are not the benchmark's. Run it on an "
                "empty database (or add --force: its rows are marked and removed afterwards)."
            )
        try:
            self.build(rows)
            self.report(runs)
        finally:
            if not keep:
                self.clean()

    # --- Building ---------------------------------------------------------------------------

    def build(self, wanted: int) -> None:
        existing = bench_rows().count()
        if existing >= wanted:
            self.stdout.write(f"{existing} benchmark rows are there already.")
            return
        started = time.monotonic()
        builder = Builder(seed=existing)
        prepared = time.monotonic()
        count = wanted - existing
        rebuild = count >= REBUILD_INDEXES_FROM
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            indexes = secondary_indexes() if rebuild else []
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            builder.copy(start=existing, count=count)
            # Check the foreign keys now: an index cannot be built while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            copied = time.monotonic()
            for _, definition in indexes:
                cursor.execute(definition)
        indexed = time.monotonic()
        with connection.cursor() as cursor:
            # VACUUM (for index-only scans) cannot run inside a transaction, as in tests.
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{vacuum} ideas_suggestion")
            cursor.execute(
                "SELECT pg_size_pretty(pg_table_size('ideas_suggestion')), "
                "pg_size_pretty(pg_indexes_size('ideas_suggestion'))"
            )
            table, index_size = cursor.fetchone()
        self.stdout.write(
            f"Built {count} rows ({existing + count} in all) in "
            f"{time.monotonic() - started:.1f} s: vocabulary {prepared - started:.1f} s, "
            f"generate and COPY {copied - prepared:.1f} s"
            + (f", indexes {indexed - copied:.1f} s" if rebuild else "")
            + f", VACUUM ANALYZE {time.monotonic() - indexed:.1f} s. "
            f"Table {table}, indexes {index_size}."
        )

    def clean(self) -> None:
        started = time.monotonic()
        # TRUNCATE cannot follow inserts in the same transaction (a test's, say).
        truncate = not connection.in_atomic_block and not other_rows().exists()
        with transaction.atomic(), connection.cursor() as cursor:
            if not truncate:
                bench_rows().delete()
            else:
                # Only benchmark rows: everything that points at suggestions is theirs too.
                cursor.execute("TRUNCATE ideas_suggestion CASCADE")
            Challenge.objects.filter(slug__startswith=CHALLENGE_PREFIX).delete()
        self.stdout.write(f"Removed the benchmark rows in {time.monotonic() - started:.1f} s.")

    # --- Measuring --------------------------------------------------------------------------

    def report(self, runs: int) -> None:
        with production_like():
            client = Client()
            results = [
                measure(name, lambda url=url: client.get(url), runs=runs, count_rows=_cards)
                for name, url in self.cases()
            ]
        total = bench_rows().count()
        self.stdout.write(f"\n{total} rows, {runs} runs each (ms are server time per request)")
        for line in table(results):
            self.stdout.write(line)

    def cases(self) -> list[tuple[str, str]]:
        board = "/suggestions/"
        words = compounds()
        filtered = "area=oulu&kind=need"
        cases = [
            ("board, newest, first page", board),
            ("board, oldest, first page", f"{board}?ordering=created"),
            ("board, most supported, first page", f"{board}?ordering=-supports"),
            ("board, area+kind, first page", f"{board}?{filtered}"),
        ]
        for label, params in (
            ("newest", "ordering=-created"),
            ("oldest", "ordering=created"),
            ("most supported", "ordering=-supports"),
            ("area+kind, newest", filtered),
        ):
            cursor = _cursor_after(params, pages=50)
            if cursor:
                cases.append((f"board, {label}, page 51", f"{board}?{params}&cursor={cursor}"))
        middle = _middle_cursor()
        if middle:
            cases.append(("board, newest, cursor from the middle", f"{board}?cursor={middle}"))
        cases += [
            ("search, common word (asiakas)", f"{board}?search=asiakas"),
            ("search, common word, most supported", f"{board}?search=asiakas&ordering=-supports"),
            ("search, inflected (kotihoidossa)", f"{board}?search=kotihoidossa"),
            (f"search, rare word ({words[-1]})", f"{board}?search={words[-1]}"),
            ("search, two words + area", f"{board}?search=kotihoito+{words[10]}&area=oulu"),
            (
                "similar, title and description",
                "/suggestions/similar/?title=Kotihoidon+iltakäynnit+liian+aikaisin"
                "&description=Äitini+kotihoidon+iltakäynti+on+jo+kello+17,+ja+ilta+on+pitkä.",
            ),
            (
                "similar, title only",
                "/suggestions/similar/?title=Takaisinsoittopalvelu+terveysasemalle",
            ),
            (
                "similar, misspelt title (trigram search)",
                "/suggestions/similar/?title=Takaisinsoitopalvelu+terveysasemale",
            ),
        ]
        return cases


def _cursor_after(params: str, *, pages: int) -> str | None:
    """The cursor of page ``pages + 1``, walking the pages as a person would."""
    from django.http import QueryDict

    query = BoardQuery.from_params(QueryDict(params))
    cursor = ""
    for _ in range(pages):
        page = board(query=BoardQuery(**{**vars(query), "cursor": cursor}))
        if page.next_cursor is None:
            return None
        cursor = page.next_cursor
    return cursor


def _middle_cursor() -> str | None:
    row = (
        bench_rows()
        .filter(is_private=False, is_hidden=False)
        .order_by("created_at", "id")
        .values("created_at", "id")
    )
    total = row.count()
    if total < 3:
        return None
    middle = row[total // 2]
    return _encode_cursor([middle["created_at"].isoformat(), middle["id"]])


def _cards(response) -> int:
    return len(CARD.findall(response.content))
