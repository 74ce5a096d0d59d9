"""Sign-in with OpenID Connect: the providers, read from ``OIDC_PROVIDERS`` at start-up.

``OIDC_PROVIDERS`` holds a JSON list, one object per provider (the README has examples)::

    [{"id": "suomifi", "name": "Suomi.fi", "issuer": "https://…", "client_id": "…",
      "secret": "…"}]

A mistake stops the site at start-up with a message that names the provider and the key, rather
than a sign-in button that fails in front of a resident. Nothing here touches the database: the
settings module calls it before the apps are loaded.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

REQUIRED = ("id", "name", "client_id", "secret")
OPTIONAL = ("issuer", "server_url", "scope", "token_auth_method", "stakeholder_group")
TOKEN_AUTH_METHODS = ("client_secret_basic", "client_secret_post")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _fail(position: int, message: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"OIDC_PROVIDERS, provider {position}: {message}")


def _text(entry: dict, key: str, position: int) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(position, f"{key!r} must be a non-empty string.")
    return value.strip()


def _issuer(entry: dict, position: int) -> str:
    if "issuer" in entry and "server_url" in entry:
        raise _fail(position, "give either 'issuer' or 'server_url', not both.")
    key = "issuer" if "issuer" in entry else "server_url"
    if key not in entry:
        raise _fail(position, "'issuer' (the provider's address) is missing.")
    url = _text(entry, key, position).rstrip("/")
    parsed = urlparse(url)
    # Tokens and the person's identity travel on this connection: plain HTTP only on loopback.
    if parsed.scheme != "https" and not (parsed.scheme == "http" and parsed.hostname in LOOPBACK):
        raise _fail(position, f"{key!r} must be an https:// address, not {url!r}.")
    return url


def _app(entry: object, position: int) -> dict:
    if not isinstance(entry, dict):
        raise _fail(position, "each provider must be a JSON object.")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(position, f"unknown key(s) {', '.join(unknown)}.")
    provider_id = _text(entry, "id", position)
    if not ID_PATTERN.match(provider_id):
        raise _fail(position, f"'id' {provider_id!r} must be lower-case letters, digits and '-'.")
    # PKCE on each app too, whatever a later change to the provider-wide setting does.
    app_settings: dict[str, object] = {
        "server_url": _issuer(entry, position),
        "oauth_pkce_enabled": True,
    }
    if "scope" in entry:
        scope = entry["scope"]
        if not (isinstance(scope, list) and all(isinstance(s, str) and s for s in scope)):
            raise _fail(position, "'scope' must be a list of strings.")
        if "openid" not in scope or "email" not in scope:
            raise _fail(position, "'scope' must include 'openid' and 'email'.")
        app_settings["scope"] = scope
    if "token_auth_method" in entry:
        method = entry["token_auth_method"]
        if method not in TOKEN_AUTH_METHODS:
            raise _fail(position, f"'token_auth_method' must be one of {TOKEN_AUTH_METHODS}.")
        app_settings["token_auth_method"] = method
    if "stakeholder_group" in entry:
        app_settings["stakeholder_group"] = _text(entry, "stakeholder_group", position)
    return {
        "provider_id": provider_id,
        "name": _text(entry, "name", position),
        "client_id": _text(entry, "client_id", position),
        "secret": _text(entry, "secret", position),
        "settings": app_settings,
    }


def oidc_apps(raw: str) -> list[dict]:
    """allauth's ``APPS`` for its ``openid_connect`` provider, from the variable's text."""
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {error}") from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured("OIDC_PROVIDERS must be a JSON list of providers.")
    apps = [_app(entry, position) for position, entry in enumerate(entries, start=1)]
    ids = [app["provider_id"] for app in apps]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"OIDC_PROVIDERS: the id {duplicates[0]!r} is used twice.")
    return apps
