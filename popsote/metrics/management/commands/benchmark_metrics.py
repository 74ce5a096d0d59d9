"""Build N suggestions with their timelines, people and acts, rebuild the metrics, and time the
dashboard's figures for a set of filters.

    python manage.py benchmark_metrics                 # 1 000 000 suggestions, 1 000 groups
    python manage.py benchmark_metrics --quick         # a few hundred, to see it work

The suggestions come from ``benchmark_suggestions``' builder (COPY) and their groups and
service levels from ``benchmark_group_work``'s; this adds the events, people, supports and
comments (``popsote.metrics.benchmark``), runs ``rebuild_metrics`` and times
whole requests (middleware, view, queries, template) of ``/dashboard/`` for each filter, as a
coordinator and as a group's chair, and of ``/stats/`` and ``/api/v1/stats/``, over ``--runs``
runs after warm-ups: p50 and p95 ms, the queries and PostgreSQL's share of each case. With
``--keep`` a second run reuses the rows and counts the metrics again (to measure a change).
It refuses a database holding other suggestions unless ``--force`` and removes everything it
made unless ``--keep``.
"""

from __future__ import annotations

import json
import re
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ideas.benchmarks import group_work
from ideas.benchmarks.measuring import answered_rows, client_for, measure, production_like, table
from ideas.benchmarks.suggestions import bench_rows, other_rows
from ideas.management.commands.benchmark_suggestions import Command as SuggestionsCommand
from ideas.models import Suggestion
from popsote.metrics import benchmark, rollups
from popsote.metrics.selectors import MAX_MONTHS, add_months
from processing_groups.models import HandlerGroup


class Command(BaseCommand):
    help = "Build N suggestions with events, rebuild the metrics and time the dashboard."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1_000_000, help="Suggestions (1 000 000).")
        parser.add_argument("--groups", type=int, default=1000, help="Handler groups (1 000).")
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per case (30).")
        parser.add_argument("--quick", action="store_true", help="300 rows, 5 groups, 3 runs.")
        parser.add_argument("--keep", action="store_true", help="Keep what was built.")
        parser.add_argument("--force", action="store_true", help="Run beside other rows.")

    def handle(self, *args, rows, groups, runs, quick, keep, force, **options):
        if quick:
            rows, groups, runs = 300, 5, 3
        if rows < 1 or groups < 1 or runs < 1:
            raise CommandError("--rows, --groups and --runs must be positive.")
        if other_rows().exists() and not force:
            raise CommandError(
                "This database has suggestions that are not the benchmark's. Run it on an "
                "empty database (or add --force: its rows are marked and removed afterwards)."
            )
        suggestions = SuggestionsCommand(stdout=self.stdout, stderr=self.stderr)
        try:
            self.build(suggestions, rows=rows, groups=groups)
            self.report(runs)
        finally:
            if not keep:
                self.clean(suggestions)

    def build(self, suggestions, *, rows: int, groups: int) -> None:
        if group_work.bench_groups().exists():
            self.stdout.write("The benchmark's rows are there already (--keep): using them.")
        else:
            self.create(suggestions, rows=rows, groups=groups)
        self.count_again()

    def create(self, suggestions, *, rows: int, groups: int) -> None:
        suggestions.build(rows)
        started = time.monotonic()
        with transaction.atomic():
            group_work._create_groups(groups)
            group_work._assign_rows(groups)
            grouped = time.monotonic()
            benchmark.record_events()
            benchmark.create_people(max(10, rows // 10))
            benchmark.record_acts()
        built = time.monotonic()
        group_work._analyze()
        self.stdout.write(
            f"Groups and service levels {grouped - started:.1f} s, events, people, supports "
            f"and comments {built - grouped:.1f} s."
        )

    def count_again(self) -> None:
        steps = rollups.rebuild()
        rollups.tidy()
        counts = ", ".join(
            f"{model._meta.db_table} {model.objects.count()}" for model in rollups.ROLLUPS
        )
        self.stdout.write(
            f"rebuild_metrics {sum(steps.values()):.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
            + f"); rows: {counts}."
        )

    def clean(self, suggestions) -> None:
        started = time.monotonic()
        with transaction.atomic():
            benchmark.remove_acts()
        group_work.remove()
        suggestions.clean()
        rollups.rebuild()
        self.stdout.write(f"Removed the metrics' rows in {time.monotonic() - started:.1f} s.")

    def cases(self) -> list[tuple[str, str, str]]:
        """(name, who, address): the dashboard for each filter as a coordinator and as the
        largest and the median group's chair, and the public statistics and their API."""
        setup = group_work.setup()
        newest = Suggestion.objects.order_by("-created_at").values_list("created_at", flat=True)
        last = newest.first()
        end = last.strftime("%Y-%m") if last else ""
        three_years = f"start={last.year - 3}-{last.month:02d}&end={end}" if last else ""
        # The longest period one may choose.
        ten_years = (
            f"start={add_months(last.date().replace(day=1), 1 - MAX_MONTHS):%Y-%m}&end={end}"
            if last
            else ""
        )
        first_area = Suggestion.objects.values_list("area__code", flat=True).first()
        stakeholder = Suggestion.objects.values_list("stakeholder_group__code", flat=True).first()
        filters = [
            ("default (13 months)", ""),
            ("one area", f"area={first_area}"),
            ("one stakeholder group", f"stakeholder_group={stakeholder}"),
            ("compare on", "compare=on"),
            ("a single month", f"start={end}&end={end}"),
            ("three years", three_years),
            ("three years, compare on", f"{three_years}&compare=on"),
            (
                "three years compared, one area and stakeholder group",
                f"{three_years}&compare=on&area={first_area}&stakeholder_group={stakeholder}",
            ),
            ("ten years, compare on", f"{ten_years}&compare=on"),
        ]
        return [
            *((f"dashboard, {name}", "coordinator", f"/en/dashboard/?{q}") for name, q in filters),
            (
                f"dashboard, largest group ({setup.rows['largest']} rows)",
                "coordinator",
                f"/en/dashboard/?group={setup.largest.slug}",
            ),
            (
                f"dashboard, median group ({setup.rows['median']} rows)",
                "coordinator",
                f"/en/dashboard/?group={setup.median.slug}",
            ),
            (
                "dashboard, largest group, three years compared",
                "coordinator",
                f"/en/dashboard/?group={setup.largest.slug}&{three_years}&compare=on",
            ),
            ("dashboard, largest group's chair", "chair", "/en/dashboard/"),
            *((f"stats, {name}", "public", f"/en/stats/?{q}") for name, q in filters),
            *((f"API stats, {name}", "public", f"/api/v1/stats/?{q}") for name, q in filters[:3]),
        ]

    def report(self, runs: int) -> None:
        setup = group_work.setup()
        with production_like():
            clients = {
                "coordinator": client_for(setup.coordinator),
                "chair": client_for(setup.chair),
                "public": client_for(None),
            }
            results = [
                measure(
                    name,
                    lambda client=clients[who], url=url: client.get(url),
                    runs=runs,
                    count_rows=lambda response, name=name: _figures(name, response),
                )
                for name, who, url in self.cases()
            ]
        self.stdout.write(
            f"\n{bench_rows().count()} rows, {HandlerGroup.objects.count()} groups, {runs} runs "
            "each (ms are server time per request; rows: the figures shown)"
        )
        for line in table(results, width=52):
            self.stdout.write(line)


# A figure on a page, and one in the API's answer.
FIGURE = re.compile(rb'<figure class="chart')


def _figures(name: str, response) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        count = len(json.loads(response.content)["figures"])
    else:
        count = answered_rows(name, response, FIGURE)
    if not count:
        raise CommandError(f"{name}: no figure was shown.")
    return count
