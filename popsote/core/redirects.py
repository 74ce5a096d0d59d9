"""Where a form asked to go back to (``next``), if that is a page of this site."""

from __future__ import annotations

import re

from django.utils.http import url_has_allowed_host_and_scheme

# Control characters cannot stand in a Location header (Django refuses a line break there, a
# WSGI server any of them), and no address the site makes holds one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def local_url(request, candidate: str | None) -> str | None:
    """``candidate`` when it is an address on this site that a redirect can carry; else None."""
    if not candidate or _CONTROL.search(candidate):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate
