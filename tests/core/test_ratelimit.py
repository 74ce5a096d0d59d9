"""Fixed-window rate limits counted in the database, shared by every process of the site."""

from __future__ import annotations

import threading
from datetime import timedelta

import psycopg2
import pytest
from django.db import connections
from django.utils import timezone

from popsote.core.models import RateCounter
from popsote.core.ratelimit import Rate, allow, hit, sweep
from tests.conftest import database_url_of_test_database

pytestmark = pytest.mark.django_db

THREE_A_MINUTE = Rate(limit=3, period=60)


def test_it_allows_up_to_the_limit_and_refuses_after_it():
    answers = [allow("test:person:1", THREE_A_MINUTE) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_it_counts_each_key_on_its_own():
    for _ in range(3):
        allow("test:person:1", THREE_A_MINUTE)

    assert allow("test:person:1", THREE_A_MINUTE) is False
    assert allow("test:person:2", THREE_A_MINUTE) is True


def test_it_says_how_long_until_the_window_ends():
    start = timezone.now()
    for _ in range(3):
        hit("test:wait", THREE_A_MINUTE, now=start)

    refused = hit("test:wait", THREE_A_MINUTE, now=start + timedelta(seconds=20))

    assert (refused.allowed, refused.retry_after) == (False, 40)
    assert hit("test:other", THREE_A_MINUTE, now=start).retry_after == 0


def test_it_allows_again_when_the_window_has_passed():
    start = timezone.now()
    for _ in range(4):
        hit("test:window", THREE_A_MINUTE, now=start)

    later = start + timedelta(seconds=61)

    assert hit("test:window", THREE_A_MINUTE, now=later).allowed
    assert RateCounter.objects.get(key="test:window").hits == 1


def test_the_sweep_forgets_only_the_windows_that_ended():
    start = timezone.now()
    hit("test:old", Rate(limit=1, period=60), now=start - timedelta(minutes=5))
    hit("test:current", Rate(limit=1, period=60), now=start)

    assert sweep(now=start) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["test:current"]


def separate_connection():
    """A connection of its own to the test database, as another worker process has."""
    return psycopg2.connect(database_url_of_test_database())


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_count_and_lose_no_hit(reference_data):
    """Two processes (here: two database connections, each in its own thread) counting the
    same key at once: the limit holds across them, and no hit is lost in a race."""
    rate = Rate(limit=20, period=3600)
    answers: list[bool] = []
    lock = threading.Lock()

    def worker():
        try:
            for _ in range(15):
                allowed = allow("test:shared", rate)
                with lock:
                    answers.append(allowed)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers.count(True) == 20
    assert answers.count(False) == 10
    # A third process sees the same count.
    with separate_connection() as other, other.cursor() as cursor:
        cursor.execute("SELECT hits FROM core_rate_counter WHERE key = 'test:shared'")
        assert cursor.fetchone() == (30,)
    RateCounter.objects.all().delete()


def test_it_needs_no_cache_at_all(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    answers = [allow("test:nocache", Rate(limit=1, period=60)) for _ in range(2)]

    assert answers == [True, False]
