"""How often a person, or a signed-out address, may write: the same on the pages and in the API,
counted under the same keys, so that switching between the two gains nothing."""

from __future__ import annotations

from popsote.core.client import client_address
from popsote.core.ratelimit import Hit, Rate, hit

SUGGESTIONS_PER_PERSON = Rate(limit=10, period=3600)
SUGGESTIONS_PER_ADDRESS = Rate(limit=5, period=3600)
COMMENTS = Rate(limit=20, period=3600)
REPORTS = Rate(limit=20, period=3600)
# Submissions through the API, each request counted (the pages count only complete forms).
API_SUGGESTIONS = Rate(limit=10, period=3600)


def submit(request) -> Hit:
    """A suggestion: per person when signed in, else per client address."""
    if request.user.is_authenticated:
        return hit(f"suggest:person:{request.user.pk}", SUGGESTIONS_PER_PERSON)
    return hit(f"suggest:address:{client_address(request)}", SUGGESTIONS_PER_ADDRESS)


def comment(user) -> Hit:
    return hit(f"comment:{user.pk}", COMMENTS)


def report(user) -> Hit:
    return hit(f"report:{user.pk}", REPORTS)
