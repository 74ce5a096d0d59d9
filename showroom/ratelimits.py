"""How often a person, or a signed-out browser's address, may respond to listings: the same on
the pages and in the API, counted under the same keys by the services themselves."""

from __future__ import annotations

from ideas import ratelimits as ideas_ratelimits
from popsote.core.ratelimit import Hit, Rate, hit

# Interest is one click; many in a minute from one place is a script, not a person browsing.
INTERESTS_PER_PERSON = Rate(limit=30, period=3600)
INTERESTS_PER_ADDRESS = Rate(limit=30, period=3600)
FEEDBACK = Rate(limit=10, period=3600)
RECOMMENDATIONS = Rate(limit=30, period=3600)


def interest(user, address: str) -> Hit:
    if getattr(user, "is_authenticated", False):
        return hit(f"showroom:interest:person:{user.pk}", INTERESTS_PER_PERSON)
    return hit(f"showroom:interest:address:{address}", INTERESTS_PER_ADDRESS)


def feedback(user) -> Hit:
    return hit(f"showroom:feedback:{user.pk}", FEEDBACK)


def recommendation(user) -> Hit:
    return hit(f"showroom:recommend:{user.pk}", RECOMMENDATIONS)


# Reports of feedback count with reports of suggestions and comments: one limit per person.
report = ideas_ratelimits.report
