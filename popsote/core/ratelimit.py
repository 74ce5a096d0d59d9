"""Counting rate limits in the database, shared by every process of the site.

A fixed window per key: simple, and enough to stop floods from one person or address. The
count is one atomic upsert, so two workers counting the same key at once never lose a hit, and
it does not depend on Redis: when Redis is down, the limits hold and nobody gets a 500.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from popsote.core.models import RateCounter


@dataclass(frozen=True)
class Rate:
    """``limit`` hits per ``period`` seconds."""

    limit: int
    period: int


@dataclass(frozen=True)
class Hit:
    allowed: bool
    # Seconds until the window ends and the key may be counted again.
    retry_after: int


# The table of RateCounter.
_UPSERT = """
    INSERT INTO core_rate_counter AS counter (key, hits, window_ends_at)
    VALUES (%(key)s, 1, %(ends)s)
    ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN counter.window_ends_at <= %(now)s THEN 1 ELSE counter.hits + 1 END,
        window_ends_at = CASE
            WHEN counter.window_ends_at <= %(now)s THEN EXCLUDED.window_ends_at
            ELSE counter.window_ends_at
        END
    RETURNING hits, window_ends_at
"""


def hit(key: str, rate: Rate, *, now: datetime | None = None) -> Hit:
    """Count one more hit for ``key``; not allowed once more than ``rate.limit`` hits fell in
    the current window of ``rate.period`` seconds."""
    now = now or timezone.now()
    params = {"key": key[:200], "now": now, "ends": now + timedelta(seconds=rate.period)}
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, params)
        hits, window_ends_at = cursor.fetchone()
    retry_after = max(math.ceil((window_ends_at - now).total_seconds()), 1)
    return Hit(allowed=hits <= rate.limit, retry_after=0 if hits <= rate.limit else retry_after)


def allow(key: str, rate: Rate) -> bool:
    return hit(key, rate).allowed


def sweep(*, now: datetime | None = None) -> int:
    """Forget the counters whose window has ended (each would start again at 1 anyway)."""
    deleted, _ = RateCounter.objects.filter(window_ends_at__lte=now or timezone.now()).delete()
    return deleted


class RateLimited(Exception):
    """A service refused an action counted over its limit: the page answers 429 with the
    message, the API with ``Retry-After`` set to ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
