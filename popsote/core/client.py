"""The address a request came from, as the site's own proxies saw it.

``X-Forwarded-For`` is a list that each proxy appends to: whatever the client wrote comes first,
then each proxy adds the address it received the request from. So only the addresses added by
proxies of our own can be trusted: with ``TRUSTED_PROXY_COUNT`` proxies in front of the site,
the N-th address from the right is the client's. Without proxies (0), the header is anyone's
to write and the connection's address is the one.

Our rate limits, the API throttles and allauth's sign-in limits all ask this one function.
"""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [address.strip() for address in header.split(",") if address.strip()]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
        # Fewer addresses than proxies: the request did not come through all of them (a probe
        # inside the network, say), so the nearest one we know is the connection's.
    return request.META.get("REMOTE_ADDR", "")
