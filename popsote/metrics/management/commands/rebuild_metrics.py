"""Count every rollup of the metrics again from the source tables, in one transaction.

    python manage.py rebuild_metrics

Needed after rows were written without the site's services (a bulk load, a restore), or when
the way a figure is counted changes. Readers see the old figures until it commits.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from popsote.metrics import rollups
from popsote.metrics.models import DurationMonth, Participation, StateMonth, SuggestionMonth


class Command(BaseCommand):
    help = "Recount the metrics rollups from the events, supports and comments."

    def handle(self, *args, **options):
        steps = rollups.rebuild()
        rollups.tidy()
        rows = ", ".join(
            f"{model._meta.db_table} {model.objects.count()}"
            for model in (SuggestionMonth, StateMonth, DurationMonth, Participation)
        )
        self.stdout.write(
            f"Rebuilt the metrics in {sum(steps.values()):.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
            + f"); rows: {rows}."
        )
