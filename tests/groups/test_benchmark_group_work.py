"""The group-work benchmark runs end to end on a small table, so that it cannot rot."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from ideas.benchmarks.group_work import GROUP_PREFIX, bench_groups, bench_users
from ideas.benchmarks.suggestions import bench_rows
from ideas.lifecycle import DECIDED_STATES, OPEN_STATES, State
from ideas.models import Evaluation, EvaluationScore, SuggestionEvent
from processing_groups.models import Membership

pytestmark = pytest.mark.django_db

ROWS = 600
CASES = (
    "queue, largest group, chair",
    "queue, largest group, overdue",
    "queue, largest group, mine",
    "queue, largest group, evaluation pending",
    "queue, largest group, page 2",
    "queue, median group, chair",
    "groups, coordinator (every group's load)",
    "groups, member",
    "triage, coordinator",
    "suggestion page, handler (chair)",
    "suggestion page, public",
    "API groups, coordinator",
    "API queue, largest group, chair",
)


@pytest.fixture
def rows():
    call_command("benchmark_suggestions", rows=ROWS, runs=1, keep=True, stdout=StringIO())


def run(**options) -> str:
    out = StringIO()
    call_command("benchmark_group_work", groups=5, runs=1, stdout=out, **options)
    return out.getvalue()


def figures(output: str, case: str) -> tuple[float, float, int, int]:
    line = next(line for line in output.splitlines() if line.startswith(case))
    p50, p95, queries, database, found = line[len(case) :].split()
    assert 0 <= float(database) <= float(p95) * 3
    return float(p50), float(p95), int(queries), int(found)


def test_it_builds_measures_every_case_and_cleans_up(rows):
    output = run()

    assert f"Gave {ROWS} rows to 5 groups" in output
    assert "case" in output and "p95 ms" in output
    for case in CASES:
        p50, p95, queries, found = figures(output, case)
        assert 0 < p50 <= p95, case
        assert queries > 0, case
        assert found > 0, case
    assert figures(output, "groups, coordinator (every group's load)")[3] == 5
    assert "Removed the benchmark groups and people" in output
    assert not bench_groups().exists()
    assert not bench_users().exists()
    assert not SuggestionEvent.objects.exists()
    assert not Evaluation.objects.exists()
    # The rows are as benchmark_suggestions made them.
    assert bench_rows().count() == ROWS
    assert not bench_rows().filter(group__isnull=False).exists()
    assert not bench_rows().filter(assignee__isnull=False).exists()
    assert not bench_rows().filter(response_due_at__isnull=False).exists()
    assert not bench_rows().filter(due_at__isnull=False).exists()


def test_it_refuses_without_benchmark_rows():
    with pytest.raises(CommandError, match="no benchmark suggestions"):
        run()

    assert not bench_groups().exists()


def test_it_gives_the_rows_to_groups_as_the_services_would_when_kept(rows):
    run(keep=True)

    assert bench_groups().count() == 5
    assert Membership.objects.filter(group__slug__startswith=GROUP_PREFIX).count() == 20
    counts = dict(
        bench_rows().filter(group__isnull=False).values_list("group__slug").annotate(n=Count("pk"))
    )
    # Skewed: the first group holds far more than the last.
    assert counts[f"{GROUP_PREFIX}1"] > 3 * counts[f"{GROUP_PREFIX}5"]
    # A few received ones wait in triage; nothing else is without a group.
    triage = bench_rows().filter(group=None)
    assert 0 < triage.count() < ROWS * 0.03
    assert set(triage.values_list("state", flat=True)) == {State.RECEIVED}
    for row in bench_rows().filter(group__isnull=False).select_related("group"):
        group = row.group
        assert (row.response_due_at - row.created_at).days == group.first_response_days
        assert (row.decision_due_at - row.created_at).days == group.decision_days
        if row.state in OPEN_STATES:
            pending = row.response_due_at if row.first_response_at is None else row.decision_due_at
            assert row.due_at == pending
            assert row.decided_at is None
        else:
            assert row.due_at is None
        if row.state in DECIDED_STATES:
            assert row.first_response_at <= row.decided_at
        if row.assignee_id:
            assert Membership.objects.filter(group=group, user=row.assignee_id).exists()
    assert Evaluation.objects.filter(suggestion__group__slug=f"{GROUP_PREFIX}1").exists()
    assert EvaluationScore.objects.exists()
    assert SuggestionEvent.objects.filter(action="submit").exists()

    # A second run uses what the first one kept, and removes it.
    output = run()
    assert "5 benchmark groups are there already" in output
    assert not bench_groups().exists()


@pytest.mark.parametrize("value", ["", "b&c", "missing"])
@pytest.mark.parametrize("required", [True, False])
def test_the_quick_select_draws_what_djangos_select_draws(value, required):
    from django import forms

    from ideas.forms.widgets import quick_select

    choices = [
        ("", "Choose a group"),
        ("a", "Oulun <ikäihmiset>"),
        ("b&c", 'Lakeus "perhe"'),
        ("Older", [("d", "Koillismaa"), ("e", "Rannikko & co")]),
    ]

    class Plain(forms.Form):
        group = forms.ChoiceField(label="Group", choices=choices, required=required)

    def drawn(form) -> str:
        return str(form["group"])

    data = {"group": value}
    quick = quick_select(Plain(data, auto_id="id_row_7_%s"), "group")
    assert drawn(quick) == drawn(Plain(data, auto_id="id_row_7_%s"))
    assert drawn(quick_select(Plain(), "group")) == drawn(Plain())
    # Rows of one page share the options drawn once; each keeps its own id and value.
    shared: dict = {}
    for row, row_data in enumerate([None, data, None, data]):
        row_id = f"id_row_{row}_%s"
        quick = quick_select(Plain(row_data, auto_id=row_id), "group", drawn=shared)
        assert drawn(quick) == drawn(Plain(row_data, auto_id=row_id))
    assert len(shared) == (1 if value == "" else 2)
