"""From needs to solutions: a handler answers a suggestion with an existing solution whose
link is a showroom listing, and the listing records that it answers that need."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction

from popsote.core.site import site_domain
from showroom.models import Listing, NeedAnswer

# The listing's own page, in any of the site's languages (Finnish has no prefix).
LISTING_PATH = re.compile(r"^/(?:(?:sv|en)/)?showroom/(?P<slug>[-a-zA-Z0-9_]+)/?$")


def _our_hosts() -> set[str]:
    hosts = {host.lower() for host in settings.ALLOWED_HOSTS if host and host != "*"}
    hosts.add(site_domain().lower())
    return hosts


def listing_for_link(link: str) -> Listing | None:
    """The listing whose page ``link`` is (on this site), or None."""
    parts = urlsplit((link or "").strip())
    if parts.scheme not in ("http", "https") or (parts.hostname or "").lower() not in _our_hosts():
        return None
    match = LISTING_PATH.match(parts.path)
    if match is None:
        return None
    return Listing.objects.public_page().filter(slug=match["slug"]).first()


def need_answer_record(*, suggestion, link: str, actor) -> NeedAnswer | None:
    """Record that the listing at ``link`` answers ``suggestion`` (once per pair), in the
    caller's transaction; None when the link is not a listing of this site."""
    listing = listing_for_link(link)
    if listing is None:
        return None
    try:
        with transaction.atomic():
            answer, _ = NeedAnswer.objects.get_or_create(
                listing=listing,
                suggestion=suggestion,
                defaults={
                    "created_by": actor if getattr(actor, "is_authenticated", False) else None
                },
            )
    except IntegrityError:  # recorded by a concurrent answer of the same pair
        return NeedAnswer.objects.filter(listing=listing, suggestion=suggestion).first()
    return answer
