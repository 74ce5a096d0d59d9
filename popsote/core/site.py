"""The site's public address, for every absolute link the platform sends out.

A link in an e-mail, or one a person is told to keep, must not depend on the request that made
it: the Host header is the client's to choose (any port of an allowed host passes), and a
worker has no request at all. ``SITE_URL`` is the address; without it, the first allowed host
over HTTPS (HTTP with debug on).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """``https://kehitys.example.fi``: scheme and host, no trailing slash."""
    configured = getattr(settings, "SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
    if hosts:
        scheme = "http" if settings.DEBUG else "https"
        return f"{scheme}://{hosts[0]}"
    return "http://localhost:8000"


def absolute_url(path: str) -> str:
    """``path`` on the site's address; a link that is absolute already stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url()}{path}"


def on_site(url: str) -> str:
    """A link a library made from the request (an account e-mail's), moved to the site's
    address: only its path, query and fragment are kept."""
    return absolute_url(urlsplit(url)._replace(scheme="", netloc="").geturl())


def site_domain() -> str:
    """The host name alone, as in a Message-ID."""
    return urlsplit(site_url()).hostname or ""


@dataclass(frozen=True)
class Site:
    """What ``django.contrib.sites`` would give templates (``current_site``), from
    ``SITE_URL`` instead of the request."""

    domain: str
    name: str


def current_site() -> Site:
    domain = urlsplit(site_url()).netloc
    return Site(domain=domain, name=domain)
