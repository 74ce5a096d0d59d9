"""The benchmark command runs end to end on a small table, so that it cannot rot."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ideas.benchmarks.suggestions import BENCH_EMAIL, bench_rows
from ideas.models import Challenge, Suggestion
from tests.search.factories import make_suggestion

pytestmark = pytest.mark.django_db


def run(**options) -> str:
    out = StringIO()
    call_command("benchmark_suggestions", rows=200, runs=1, stdout=out, **options)
    return out.getvalue()


def figures(output: str, case: str) -> tuple[float, float, int, int]:
    line = next(line for line in output.splitlines() if line.startswith(case))
    p50, p95, queries, database, rows = line[len(case) :].split()
    assert 0 <= float(database) <= float(p95) * 3
    return float(p50), float(p95), int(queries), int(rows)


def test_it_builds_measures_every_case_and_cleans_up():
    output = run()

    assert "Built 200 rows (200 in all)" in output
    for case in (
        "board, newest, first page",
        "board, oldest, first page",
        "board, most supported, first page",
        "board, area+kind, first page",
        "board, newest, cursor from the middle",
        "search, common word (asiakas)",
        "search, inflected (kotihoidossa)",
    ):
        p50, p95, queries, rows = figures(output, case)
        assert 0 < p50 <= p95
        assert queries > 0
        assert rows > 0, case
    # A case whose rows are too few to show anything still counts its queries.
    assert figures(output, "similar, title and description")[2] > 0
    assert not Suggestion.objects.exists()
    assert not Challenge.objects.filter(slug__startswith="bench-").exists()


def test_it_keeps_its_rows_when_asked_and_adds_only_what_is_missing():
    run(keep=True)

    assert bench_rows().count() == 200
    # The rows are real suggestions to the rest of the code: searchable and public mostly.
    assert Suggestion.objects.filter(search_vector__isnull=False).count() == 200
    assert "200 benchmark rows are there already" in run(keep=True)


def test_it_refuses_a_database_with_other_suggestions():
    make_suggestion(index=False)

    with pytest.raises(CommandError, match="not the benchmark's"):
        run()

    assert not Suggestion.objects.filter(submitter_email=BENCH_EMAIL).exists()


def test_it_runs_beside_other_suggestions_when_forced_and_removes_only_its_own():
    mine = make_suggestion(index=False)

    run(force=True)

    assert list(Suggestion.objects.all()) == [mine]
