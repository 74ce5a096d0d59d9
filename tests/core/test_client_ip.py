"""The client's address: the one the outermost of our own proxies saw, never what a client
wrote into X-Forwarded-For. Our limits, the API throttles and allauth ask the same helper."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from popsote.core.client import client_address
from tests.ideas.test_api_helpers import api, url

LIST = "/api/v1/suggestions/"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        # No proxy of ours: the header is anyone's to write.
        (0, "192.0.2.7", "1.2.3.4", "192.0.2.7"),
        (0, "192.0.2.7", None, "192.0.2.7"),
        # One proxy: it appended the address it saw; whatever came before is the client's own.
        (1, "10.0.0.1", "198.51.100.4", "198.51.100.4"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.4", "198.51.100.4"),
        (1, "10.0.0.1", "6.6.6.6,198.51.100.4 ", "198.51.100.4"),
        # Two proxies: the outer one's entry is second from the right.
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.4, 10.0.0.1", "198.51.100.4"),
        # Fewer entries than proxies: not through all of them; the connection is what we know.
        (2, "10.0.0.2", "198.51.100.4", "10.0.0.2"),
        (1, "10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_it_takes_the_address_the_outermost_trusted_proxy_saw(
    settings, proxies, remote, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(request_from(remote, forwarded)) == client


def test_allauth_counts_sign_ins_by_the_same_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.1", "6.6.6.6, 198.51.100.4")

    assert get_adapter(request).get_client_ip(request) == "198.51.100.4"


@pytest.mark.django_db
def test_made_up_forwarded_addresses_do_not_reset_the_api_limit(settings):
    """Behind one proxy, a client that varies the header it sends still counts as itself."""
    settings.TRUSTED_PROXY_COUNT = 1
    client = api()
    statuses = [
        client.post(
            url("list"), {}, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.4"
        ).status_code
        for n in range(12)
    ]

    assert statuses == [400] * 10 + [429] * 2
    # Another client behind the same proxy is not held back.
    other = client.post(url("list"), {}, format="json", HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert other.status_code == 400
