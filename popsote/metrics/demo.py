"""The demo's figures: the other apps' demo steps write their rows through the services and then
move them back in time, which the rollups kept on commit cannot see, so the metrics are counted
again from the events once everything is in place (this app's step runs last)."""

from __future__ import annotations

from popsote.metrics import rollups
from popsote.metrics.models import SuggestionMonth


def seed(*, stdout) -> None:
    steps = rollups.rebuild()
    months = SuggestionMonth.objects.values("month").distinct().count()
    stdout.write(f"Metrics: counted {months} months again in {sum(steps.values()):.1f} s.")
