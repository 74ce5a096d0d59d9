"""Signed one-click unsubscribe links and the preferences link that e-mails carry.

A token says whom it unsubscribes from what: a person from categories (``{"u": 7, "c":
["followed"]}``) or a signed-out submitter's address from one topic (``{"a": <hash>, "t":
"suggestion:42"}``). It is signed with the site's secret and never expires: an unsubscribe link
in an old e-mail must still work. No address appears in it in clear, since URLs end up in logs.
"""

from __future__ import annotations

import hashlib

from django.core import signing
from django.urls import reverse
from django.utils import translation

from popsote.core.site import absolute_url

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


def unsubscribe_url(token: str, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def preferences_url(language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse("notifications:preferences"))
