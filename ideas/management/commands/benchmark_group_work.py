"""Give the benchmark suggestions to handler groups and measure the groups' pages on them.

    python manage.py benchmark_suggestions --rows 1000000 --keep
    python manage.py benchmark_group_work --groups 1000

It needs the rows a kept ``benchmark_suggestions`` run left and refuses without them. It
creates ``--groups`` groups (``bench-group-<n>``), each with a chair and three members, and a
coordinator, all at ``bench.invalid``; gives the rows to the groups (skewed: the largest group
has about a tenth of them, ~0.5 % stay in triage) with service levels, assignees, and
evaluations and timelines in the largest and the median group; then times whole requests as
each person makes them, debug off, as ``benchmark_suggestions`` does. At the end it removes the
groups and people and gives the rows back to nobody, unless ``--keep``; a later run uses the
groups a kept one left.
"""

from __future__ import annotations

import re
import time

from django.core.management.base import BaseCommand, CommandError

from ideas.benchmarks import group_work
from ideas.benchmarks.measuring import answered_rows, client_for, measure, production_like, table
from ideas.benchmarks.suggestions import bench_rows

QUEUE_ROW = re.compile(rb'class="queue-row"')
LOAD_ROW = re.compile(rb'<th scope="row">')
CARD = re.compile(rb'<li class="card">')
HEADING = re.compile(rb"<h1[ >]")


class Command(BaseCommand):
    help = "Give the benchmark suggestions to N handler groups and time the groups' pages."

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=1000, help="Groups (1 000).")
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per case (30).")
        parser.add_argument("--keep", action="store_true", help="Keep the groups afterwards.")

    def handle(self, *args, groups, runs, keep, **options):
        if groups < 1 or runs < 1:
            raise CommandError("--groups and --runs must be positive.")
        if not bench_rows().exists():
            raise CommandError(
                "There are no benchmark suggestions. Make them first and keep them: "
                "manage.py benchmark_suggestions --rows 1000000 --keep"
            )
        try:
            self.build(groups)
            self.report(runs)
        finally:
            if not keep:
                self.clean()

    def build(self, groups: int) -> None:
        existing = group_work.bench_groups().count()
        if existing:
            self.stdout.write(f"{existing} benchmark groups are there already.")
            return
        started = time.monotonic()
        steps = group_work.build(groups=groups)
        self.stdout.write(
            f"Gave {bench_rows().count()} rows to {groups} groups in "
            f"{time.monotonic() - started:.1f} s: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items())
            + "."
        )

    def clean(self) -> None:
        started = time.monotonic()
        group_work.remove()
        self.stdout.write(
            f"Removed the benchmark groups and people in {time.monotonic() - started:.1f} s."
        )

    def report(self, runs: int) -> None:
        setup = group_work.setup()
        with production_like():
            clients = {
                person: client_for(user)
                for person, user in (
                    ("chair", setup.chair),
                    ("median chair", setup.median_chair),
                    ("member", setup.member),
                    ("coordinator", setup.coordinator),
                    ("public", None),
                )
            }
            results = [
                measure(
                    name,
                    lambda client=clients[person], url=url: client.get(url),
                    runs=runs,
                    count_rows=lambda response, name=name, count=count: answered_rows(
                        name, response, count
                    ),
                )
                for name, person, url, count in self.cases(setup)
            ]
            for client in clients.values():
                client.logout()
        self.stdout.write(
            f"\n{bench_rows().count()} rows, {group_work.bench_groups().count()} groups; "
            f"largest {setup.largest.slug} {setup.rows['largest']} rows, median "
            f"{setup.median.slug} {setup.rows['median']}, triage {setup.rows['triage']}; "
            f"{runs} runs each (ms are server time per request)"
        )
        for line in table(results):
            self.stdout.write(line)

    def cases(self, setup) -> list[tuple[str, str, str, object]]:
        """(name, who, address, how to count its rows)."""
        largest = f"/en/groups/{setup.largest.slug}/queue/"
        median = f"/en/groups/{setup.median.slug}/queue/"
        suggestion = f"/en/suggestions/{setup.reference}/"
        return [
            ("queue, largest group, chair", "chair", largest, QUEUE_ROW),
            ("queue, largest group, overdue", "chair", f"{largest}?overdue=on", QUEUE_ROW),
            ("queue, largest group, mine", "chair", f"{largest}?mine=on", QUEUE_ROW),
            (
                "queue, largest group, evaluation pending",
                "chair",
                f"{largest}?evaluation=pending",
                QUEUE_ROW,
            ),
            ("queue, largest group, page 2", "chair", f"{largest}?page=2", QUEUE_ROW),
            ("queue, median group, chair", "median chair", median, QUEUE_ROW),
            ("groups, coordinator (every group's load)", "coordinator", "/en/groups/", LOAD_ROW),
            ("groups, member", "member", "/en/groups/", CARD),
            ("triage, coordinator", "coordinator", "/en/triage/", QUEUE_ROW),
            ("suggestion page, handler (chair)", "chair", suggestion, HEADING),
            ("suggestion page, public", "public", suggestion, HEADING),
            ("API groups, coordinator", "coordinator", "/api/v1/groups/", None),
            (
                "API queue, largest group, chair",
                "chair",
                f"/api/v1/groups/{setup.largest.slug}/queue/",
                None,
            ),
        ]
