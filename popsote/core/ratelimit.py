"""Counting rate limits on the shared cache (Redis in production)."""

from django.core.cache import cache


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one more hit for ``key``; False once more than ``limit`` hits fell in ``period``
    seconds. A fixed window: simple, and enough to stop floods from one person or address."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count <= limit


def client_address(request) -> str:
    # Behind the proxy that DJANGO_BEHIND_TLS_PROXY trusts, the first forwarded address is the
    # client's; otherwise REMOTE_ADDR.
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
