"""/healthz: what docker compose and load balancers ask before sending people to the site."""

from __future__ import annotations

import socket
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_it_answers_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_it_checks_redis_too_where_redis_is_configured(client, settings, redis_url):
    settings.REDIS_URL = redis_url

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_it_answers_503_naming_redis_when_redis_is_down(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/9"

    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


def test_it_gives_up_on_a_redis_that_accepts_but_never_answers(client, settings):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.REDIS_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/9"

        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started

    # Within the probe's own timeout (compose gives it 10 s, gunicorn's worker 30 s).
    assert elapsed < 4
    assert response.status_code == 503
    assert response.json()["redis"] == "unavailable"


def test_it_answers_503_when_the_database_does_not_answer(client, settings, monkeypatch):
    settings.REDIS_URL = ""

    def unreachable():
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


def test_it_answers_plain_http_probes_when_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.REDIS_URL = ""

    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
