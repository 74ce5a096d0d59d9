"""Fixed-window rate limits on the shared cache, and the client address they count by."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from popsote.core.ratelimit import allow, client_address


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_allows_up_to_the_limit_and_refuses_after_it():
    answers = [allow("test:person:1", limit=3, period=60) for _ in range(5)]

    assert answers == [True, True, True, False, False]


def test_it_counts_each_key_on_its_own():
    for _ in range(2):
        allow("test:person:1", limit=2, period=60)

    assert allow("test:person:1", limit=2, period=60) is False
    assert allow("test:person:2", limit=2, period=60) is True


def test_it_allows_again_when_the_window_has_passed(monkeypatch):
    clock = [1_000.0]
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: clock[0])
    assert allow("test:window", limit=1, period=60)
    assert not allow("test:window", limit=1, period=60)

    clock[0] += 61

    assert allow("test:window", limit=1, period=60)


def test_it_starts_a_new_window_when_the_count_vanished_between_add_and_incr(monkeypatch):
    def incr_of_an_expired_key(key, delta=1, version=None):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", incr_of_an_expired_key)

    assert allow("test:race", limit=1, period=60) is True
    assert cache.get("ratelimit:test:race") == 1


def test_it_takes_the_client_address_from_the_connection_by_default(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="1.2.3.4")

    # Without a trusted proxy a forwarded header is anyone's to write.
    assert client_address(request) == "192.0.2.7"


def test_it_takes_the_first_forwarded_address_behind_the_trusted_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.4, 10.0.0.1"
    )

    assert client_address(request) == "198.51.100.4"
