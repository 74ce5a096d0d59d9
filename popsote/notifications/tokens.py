"""Signed one-click unsubscribe links, and the absolute addresses e-mails carry.

A token says whom it unsubscribes from what: a person from categories (``{"u": 7, "c":
["followed"]}``) or a signed-out submitter's address from one topic (``{"a": <hash>, "t":
"suggestion:42"}``). It is signed with the site's secret and never expires: an unsubscribe link
in an old e-mail must still work. No address appears in it in clear, since URLs end up in logs.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "popsote.notifications.unsubscribe"


def address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def for_user(user_id: int, categories: list[str]) -> str:
    return signing.dumps({"u": user_id, "c": sorted(categories)}, salt=SALT)


def for_address(email: str, topic: str) -> str:
    return signing.dumps({"a": address_hash(email), "t": topic}, salt=SALT)


def read(token: str) -> dict | None:
    """The token's payload, or None when the signature or the shape is wrong."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if isinstance(payload.get("u"), int) and isinstance(payload.get("c"), list):
        return payload
    if isinstance(payload.get("a"), str) and isinstance(payload.get("t"), str):
        return payload
    return None


def site_url() -> str:
    """The site's public address for links in e-mails: ``SITE_URL``, else the first allowed
    host over HTTPS."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    if hosts:
        scheme = "http" if settings.DEBUG else "https"
        return f"{scheme}://{hosts[0]}"
    return "http://localhost:8000"


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}{path}"


def unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return absolute(reverse("notifications:unsubscribe", kwargs={"token": token}))


def preferences_url(language: str) -> str:
    with translation.override(language):
        return absolute(reverse("notifications:preferences"))
