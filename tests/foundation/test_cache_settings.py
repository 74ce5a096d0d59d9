"""What REDIS_URL and DJANGO_TRUSTED_PROXY_COUNT turn into, as the site really loads them."""

from __future__ import annotations

from tests.foundation.test_settings import loaded_settings

SECRET = "test-only-secret-key-not-for-production-use-0123456789"
NAMES = ["CACHES", "CELERY_TASK_ALWAYS_EAGER", "CELERY_TASK_PUBLISH_RETRY"]


def test_without_redis_every_process_shares_the_database_cache():
    loaded = loaded_settings(NAMES, DJANGO_SECRET_KEY=SECRET, REDIS_URL="")

    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert loaded["CACHES"]["default"]["LOCATION"] == "core_cache"
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is True


def test_with_redis_the_cache_turns_to_the_database_when_redis_does_not_answer():
    loaded = loaded_settings(NAMES, DJANGO_SECRET_KEY=SECRET, REDIS_URL="redis://redis:6379/0")

    default = loaded["CACHES"]["default"]
    assert default["BACKEND"] == "popsote.core.cache.ResilientRedisCache"
    assert loaded["CACHES"][default["FALLBACK"]]["LOCATION"] == "core_cache"
    assert default["OPTIONS"]["socket_timeout"] < 1
    assert loaded["CELERY_TASK_ALWAYS_EAGER"] is False
    assert loaded["CELERY_TASK_PUBLISH_RETRY"] is False


def test_the_trusted_proxy_count_reaches_drf_and_allauth_too():
    names = ["TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT", "REST_FRAMEWORK"]
    default = loaded_settings(names, DJANGO_SECRET_KEY=SECRET)
    two = loaded_settings(names, DJANGO_SECRET_KEY=SECRET, DJANGO_TRUSTED_PROXY_COUNT="2")

    assert (default["TRUSTED_PROXY_COUNT"], default["REST_FRAMEWORK"]["NUM_PROXIES"]) == (0, 0)
    assert two["TRUSTED_PROXY_COUNT"] == two["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    assert two["REST_FRAMEWORK"]["NUM_PROXIES"] == 2
