"""The metrics benchmark runs end to end on a small table, so that it cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from ideas.models import Suggestion, SuggestionEvent, Support
from popsote.metrics.models import SuggestionMonth
from processing_groups.models import HandlerGroup

pytestmark = pytest.mark.django_db


def test_it_builds_rebuilds_measures_every_case_and_cleans_up():
    out = StringIO()
    call_command("benchmark_metrics", quick=True, stdout=out)
    output = out.getvalue()

    assert "rebuild_metrics" in output and "metrics_suggestion_month" in output
    cases = (
        "dashboard, default (13 months)",
        "dashboard, largest group",
        "dashboard, median group",
        "dashboard, compare on",
        "dashboard, largest group's chair",
        "stats, one area",
        "API stats, default (13 months)",
    )
    for case in cases:
        line = next(line for line in output.splitlines() if line.startswith(case))
        p50, p95, queries, _database, figures = (float(value) for value in line.split()[-5:])
        assert 0 < p50 <= p95
        assert queries > 0 and figures > 0
    assert not Suggestion.objects.exists()
    assert not SuggestionEvent.objects.exists() and not Support.objects.exists()
    assert not HandlerGroup.objects.filter(slug__startswith="bench-").exists()
    assert not SuggestionMonth.objects.exists()
