"""Measuring a benchmark: each request run many times, p50/p95 and the query count, printed
as a table. Shared by every ``benchmark_*`` command."""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass

from django.db import connection

# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    p50: float
    p95: float
    queries: int
    # Time PostgreSQL took for the queries of one request (the rest is Python and templates).
    database: float
    rows: int


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[index]


def production_like():
    """Settings as in production while measuring: no debug (templates and queries keep no
    debug records); static files named as they are, without the manifest that collectstatic
    writes."""
    from django.conf import settings
    from django.test.utils import override_settings

    return override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )


def client_for(user):
    """A test client signed in as ``user`` (signed out for None), for whole requests."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def answered_rows(name: str, response, pattern) -> int:
    """The rows the response shows: matches of ``pattern`` in a page, ``results`` of an API
    list. A case that does not answer 200, or shows nothing, measures nothing worth printing."""
    import json

    from django.core.management.base import CommandError

    if response.status_code != 200:
        raise CommandError(f"{name}: the page answered {response.status_code}.")
    if pattern is None:
        return len(json.loads(response.content)["results"])
    return len(pattern.findall(response.content))


def table(results: list[Result], *, width: int = 48) -> list[str]:
    """The report's lines: a heading and one line per case."""
    heading = f"{'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'db ms':>6} {'rows':>5}"
    lines = [f"{'case':<{width}} {heading}"]
    lines += [
        f"{result.name:<{width}} {result.p50:>8.1f} {result.p95:>8.1f} "
        f"{result.queries:>8} {result.database:>6.1f} {result.rows:>5}"
        for result in results
    ]
    return lines


def measure(name: str, request, *, runs: int, count_rows) -> Result:
    """Time ``request()`` (a whole request: middleware, view, queries, rendering) ``runs``
    times after up to three warm-ups, and count its queries once."""
    from django.test.utils import CaptureQueriesContext

    for _ in range(min(3, runs)):
        request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    # Read now: every request empties the connection's log when it starts.
    queries = len(captured.captured_queries)
    database = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    return Result(
        name=name,
        p50=statistics.median(timings),
        p95=percentile(timings, 0.95),
        queries=queries,
        database=database,
        rows=count_rows(response),
    )
