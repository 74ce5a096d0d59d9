"""Fill the lexicon with simplemma's whole dictionaries, so that a query word becomes its lemma
even when no suggestion has used that form yet (``kotihoitoa`` → ``kotihoito``).

Run it once per installation (and after upgrading simplemma), never in a web process: loading
the Finnish dictionary takes seconds and hundreds of megabytes. Rows are streamed to PostgreSQL
with COPY into a temporary table and merged in one statement; forms learned from suggestions
are kept.
"""

from __future__ import annotations

import io
import itertools
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from popsote.search.models import LexiconEntry
from popsote.search.text import HAS_LETTER, LANGUAGES, WORD

BATCH = 200_000
MAX_LENGTH = 100


def dictionary_rows(language: str, limit: int | None = None):
    """(form, lemma) of the dictionary, lower-cased, each form once; forms that are their own
    lemma are left out (a word stands for itself anyway)."""
    from simplemma.strategies import DefaultDictionaryFactory

    seen = set()
    for form, lemma in DefaultDictionaryFactory().get_dictionary(language).items():
        form, lemma = form.lower(), lemma.lower()
        if (
            form == lemma
            or form in seen
            or not lemma
            or len(form) > MAX_LENGTH
            or len(lemma) > MAX_LENGTH
            or not WORD.fullmatch(form)
            or not HAS_LETTER.search(form)
            or len(form) < 2
        ):
            continue
        seen.add(form)
        yield form, lemma
        if limit and len(seen) >= limit:
            return


def _copy_text(language: str, rows) -> io.StringIO:
    buffer = io.StringIO()
    for form, lemma in rows:
        clean = lemma.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")
        buffer.write(f"{language}\t{form}\t{clean}\n")
    buffer.seek(0)
    return buffer


class Command(BaseCommand):
    help = "Load simplemma's Finnish, Swedish and English dictionaries into the search lexicon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            action="append",
            choices=LANGUAGES,
            help="A language to load (repeatable); all three by default.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many forms per language."
        )

    def handle(self, *args, language=None, limit=None, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number.")
        started = time.monotonic()
        before = self._rows()
        with transaction.atomic(), connection.cursor() as cursor:
            # Dropped on commit; dropped here too when an outer transaction (a test) goes on.
            cursor.execute("DROP TABLE IF EXISTS lexicon_load")
            cursor.execute(
                "CREATE TEMPORARY TABLE lexicon_load (language varchar(2), form varchar(100), "
                "lemma varchar(100)) ON COMMIT DROP"
            )
            for code in language or LANGUAGES:
                read = time.monotonic()
                rows = dictionary_rows(code, limit)
                count = 0
                while True:
                    batch = list(itertools.islice(rows, BATCH))
                    if not batch:
                        break
                    cursor.cursor.copy_expert(
                        "COPY lexicon_load (language, form, lemma) FROM STDIN",
                        _copy_text(code, batch),
                    )
                    count += len(batch)
                self.stdout.write(
                    f"{code}: {count} forms read and copied in {time.monotonic() - read:.1f} s"
                )
            merge = time.monotonic()
            cursor.execute(
                "INSERT INTO search_lexiconentry (language, form, lemma) "
                "SELECT language, form, lemma FROM lexicon_load "
                "ON CONFLICT (language, form) DO NOTHING"
            )
            self.stdout.write(f"merged in {time.monotonic() - merge:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_lexiconentry")
            cursor.execute(
                "SELECT pg_size_pretty(pg_relation_size('search_lexiconentry')), "
                "pg_size_pretty(pg_total_relation_size('search_lexiconentry'))"
            )
            table, total = cursor.fetchone()
        after = self._rows()
        self.stdout.write(
            self.style.SUCCESS(
                f"Lexicon: {after - before} new forms, {after} in all; "
                f"table {table}, with its indexes {total}; {time.monotonic() - started:.1f} s"
            )
        )

    def _rows(self) -> int:
        return LexiconEntry.objects.count()
