"""With Redis down the site keeps taking suggestions, comments and sign-ins, quickly.

Each test configures the site as ``REDIS_URL`` does (the Redis cache, Celery publishing to a
broker for real), at an address where nothing answers: a closed port, and a port that accepts
connections and never replies. The rate limits count in the database and the mail, the
tracking mail too, waits in the outbox for the sweep.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.db import connection

from ideas.models import Comment, Suggestion
from popsote import celery
from popsote.core import cache as resilient_cache
from popsote.core import queue
from popsote.notifications.models import EmailState, Notification
from tests.factories import PASSWORD, make_group, submit
from tests.ideas.community import make_suggestion
from tests.ideas.community import url as page_url
from tests.ideas.test_api_helpers import api
from tests.ideas.test_api_helpers import url as api_url
from tests.ideas.test_submit_views import NEW, form_data

pytestmark = pytest.mark.django_db

# Well within gunicorn's 30 s; what a person waits for when Redis is down.
PATIENCE = 1.0


@contextmanager
def dead_redis(how: str) -> Iterator[str]:
    """The address of a Redis that refuses connections, or accepts them and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        if how == "silent":
            sock.listen()
            yield f"redis://127.0.0.1:{sock.getsockname()[1]}/4"
            return
        port = sock.getsockname()[1]
    yield f"redis://127.0.0.1:{port}/4"


@pytest.fixture(params=["refused", "silent"])
def redis_down(request, settings):
    from popsote import settings as site_settings

    with dead_redis(request.param) as redis_url:
        # The settings REDIS_URL gives, with the cache and broker options of production.
        settings.CACHES = {
            "default": {
                **site_settings.CACHES.get("default", {}),
                "BACKEND": "popsote.core.cache.ResilientRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": "popsote",
                "FALLBACK": "database",
                "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
            },
            "database": site_settings.DATABASE_CACHE,
        }
        conf = celery.app.conf
        before = {key: conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
        conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
        forget_connections()
        yield redis_url
        conf.update(before)
        forget_connections()


def forget_connections() -> None:
    """Celery keeps its broker connections, and the breakers what they saw: start afresh."""
    celery.app._pool = None
    celery.app.amqp._producer_pool = None
    resilient_cache._breakers.clear()
    queue.broker.reset()


@contextmanager
def timed() -> Iterator[list[float]]:
    elapsed: list[float] = []
    started = time.monotonic()
    yield elapsed
    elapsed.append(time.monotonic() - started)


def test_the_cache_is_really_the_dead_redis(redis_down):
    cache = caches["default"]

    assert isinstance(cache, resilient_cache.ResilientRedisCache)
    assert cache.add("probe", 1) is True  # stored in the database cache instead
    assert cache.get("probe") == 1
    assert caches["database"].get("probe") == 1
    assert cache.breaker.is_open


def test_a_signed_out_person_can_submit_the_form(
    client, redis_down, django_capture_on_commit_callbacks
):
    client.get(NEW)  # the first request of a process has more to load
    with django_capture_on_commit_callbacks(execute=True), timed() as elapsed:
        response = client.post(NEW, form_data(email="maija@example.fi"))

    assert response.status_code == 302, response.content[:2000]
    assert elapsed[0] < PATIENCE
    assert Suggestion.objects.get().title == form_data()["title"]


def test_a_signed_out_person_can_submit_through_the_api(
    redis_down, django_capture_on_commit_callbacks
):
    body = {
        "title": "Iltavastaanotto terveysasemalle",
        "description": "Töissä käyvät eivät ehdi terveysasemalle virka-aikana.",
        "kind": "idea",
        "area": "oulu",
        "service_area": "older-people",
        "stakeholder_group": "resident",
    }
    client = api()
    client.get(api_url("list"))  # the first request of a process has more to load
    with django_capture_on_commit_callbacks(execute=True), timed() as elapsed:
        response = client.post(api_url("list"), body, format="json")

    assert response.status_code == 201, response.content
    assert elapsed[0] < PATIENCE
    assert Suggestion.objects.filter(reference=response.json()["reference"]).exists()


def test_a_person_can_sign_in(client, resident, redis_down):
    client.get("/en/accounts/login/")
    with timed() as elapsed:
        response = client.post(
            "/en/accounts/login/", {"login": resident.email, "password": PASSWORD}
        )

    assert response.status_code == 302
    assert elapsed[0] < PATIENCE
    assert client.session.get("_auth_user_id") == str(resident.pk)


def test_a_person_can_comment(
    client_for, resident, other_resident, redis_down, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(submitter=resident)
    client = client_for(other_resident)
    client.get(suggestion.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True), timed() as elapsed:
        response = client.post(
            page_url("comment", suggestion.reference), {"body": "Sama kokemus meillä."}
        )

    assert response.status_code == 302
    assert elapsed[0] < PATIENCE
    assert Comment.objects.filter(author=other_resident, suggestion=suggestion).exists()


def test_a_decision_that_tells_several_people_waits_for_the_broker_only_once(
    make_user, coordinator, redis_down, django_capture_on_commit_callbacks, caplog
):
    suggestion = submit().suggestion  # before the group exists, so that it waits for triage
    members = [make_user(f"member{n}@example.fi", stakeholder="professional") for n in range(3)]
    group = make_group(members=members)
    client = api(coordinator, token=True)
    client.get(api_url("list"))  # the first request of a process has more to load

    with django_capture_on_commit_callbacks(execute=True), timed() as elapsed:
        response = client.post(
            api_url("transitions", suggestion.reference),
            {"action": "route", "group": group.slug},
            format="json",
        )

    assert response.status_code == 200, response.content
    assert elapsed[0] < PATIENCE
    waiting = Notification.objects.filter(recipient__in=members, email_state=EmailState.PENDING)
    assert waiting.count() == len(members)
    # One try at the broker for the whole request, not one per mail.
    tries = [r for r in caplog.records if r.getMessage().startswith("Could not queue")]
    assert len(tries) == 1


def test_the_sweep_sends_what_waited_once_the_mail_can_go(
    make_user, coordinator, redis_down, django_capture_on_commit_callbacks, mailoutbox
):
    from popsote.notifications import delivery

    suggestion = submit().suggestion
    members = [make_user(f"member{n}@example.fi", stakeholder="professional") for n in range(2)]
    group = make_group(members=members)
    with django_capture_on_commit_callbacks(execute=True):
        api(coordinator, token=True).post(
            api_url("transitions", suggestion.reference),
            {"action": "route", "group": group.slug},
            format="json",
        )

    delivery.deliver_pending()

    assert {to for message in mailoutbox for to in message.to} >= {m.email for m in members}


def test_the_sweep_sends_the_tracking_mail_that_could_not_be_queued(
    client, redis_down, django_capture_on_commit_callbacks, mailoutbox
):
    from popsote.notifications import delivery

    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW, form_data(email="maija@example.fi"))

    assert mailoutbox == []
    assert delivery.deliver_pending() == {"sent": 1}
    (message,) = mailoutbox
    suggestion = Suggestion.objects.get()
    assert message.to == ["maija@example.fi"]
    assert suggestion.reference in message.subject
    assert f"/en/track/{suggestion.tracking_token()}/" in message.body


def test_the_rate_limits_still_hold(client, redis_down):
    from ideas.ratelimits import SUGGESTIONS_PER_ADDRESS

    for _ in range(SUGGESTIONS_PER_ADDRESS.limit):
        assert client.post(NEW, form_data()).status_code == 302

    refused = client.post(NEW, form_data(title="Yksi liikaa"))

    assert refused.status_code == 429
    with connection.cursor() as cursor:
        cursor.execute("SELECT hits FROM core_rate_counter WHERE key LIKE 'suggest:address:%%'")
        assert cursor.fetchone()[0] == SUGGESTIONS_PER_ADDRESS.limit + 1


def test_a_redis_that_answers_is_used_and_used_again_after_an_outage(settings, redis_url):
    import redis

    from popsote import settings as site_settings

    settings.CACHES = {
        "default": {
            "BACKEND": "popsote.core.cache.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "popsote",
            "FALLBACK": "database",
        },
        "database": site_settings.DATABASE_CACHE,
    }
    resilient_cache._breakers.clear()
    cache = caches["default"]
    server = redis.Redis.from_url(redis_url)

    cache.set("answer", 42)
    assert server.exists(cache.make_key("answer"))
    assert caches["database"].get("answer") is None

    cache.breaker.trip(ConnectionError("a moment ago"))
    assert cache.get("answer") is None  # the database cache, while the breaker is open

    cache.breaker.reset()  # the pause is over
    assert cache.get("answer") == 42
    cache.delete("answer")
