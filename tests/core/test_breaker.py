"""The breaker: after a failure, callers skip the service for a pause, and hear of it once."""

from __future__ import annotations

import logging

from popsote.core.breaker import Breaker


def test_it_stays_closed_until_a_failure():
    assert not Breaker("Test service").is_open


def test_it_opens_on_a_failure_and_logs_it_once_per_pause(caplog, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("popsote.core.breaker.time.monotonic", lambda: clock[0])
    breaker = Breaker("Test service", pause=10)

    with caplog.at_level(logging.WARNING, logger="popsote.core.breaker"):
        breaker.trip(ConnectionError("refused"))
        clock[0] += 5
        breaker.trip(ConnectionError("refused"))  # another thread, at the same outage

    assert breaker.is_open
    assert len(caplog.records) == 1
    assert "Test service is unavailable (ConnectionError: refused)" in caplog.text


def test_it_lets_one_call_try_again_when_the_pause_is_over(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("popsote.core.breaker.time.monotonic", lambda: clock[0])
    breaker = Breaker("Test service", pause=10)
    breaker.trip(TimeoutError("no answer"))

    clock[0] += 10.5

    assert not breaker.is_open
