"""Every address of the site, as every kind of person: who may open it, who is refused, and
that a POST from someone who may not act writes nothing, and that no page shows anyone a
secret that is not theirs (``world.SECRETS``: hidden and private
suggestions, internal notes, a question to a submitter, other companies' applications and
unpublished listings).

The addresses come from the URL configuration, so a new one without a rule in ``rules``
fails; the expectations are written out by hand. The Django admin's own pages are checked
apart: only staff reach them.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from popsote.accounts.models import User
from tests.security.rules import RULES
from tests.security.world import ROLES, SECRETS

pytestmark = pytest.mark.django_db


def patterns(resolvers=None, namespace=""):
    """(name, pattern) of every named address outside the admin."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", str(entry.pattern)


def test_every_address_has_a_rule():
    names = {name for name, _pattern in patterns()}
    assert sorted(names - set(RULES)) == [], "addresses without a rule in tests/security/rules"
    assert sorted(set(RULES) - names) == [], "rules for addresses that no longer exist"


def address(world, name: str, **override) -> str:
    rule = RULES[name]
    named = {**rule.kwargs, **override}
    kwargs = {key: world.ids.get(value, value) for key, value in named.items()}
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    return f"{url}?{rule.query}" if rule.query else url


def refused(response) -> bool:
    # 400, 409: a link or state that does not serve this person (a bad token, a move that does
    # not apply) — refused as well, with nothing shown.
    if response.status_code in (400, 401, 403, 404, 405, 409):
        return True
    # Sent to the sign-in page: the anonymous to sign in, anyone to start again (nothing shown).
    location = response.get("Location", "")
    return response.status_code in (302, 303) and "/login/" in location


def opened(response) -> bool:
    if response.status_code == 200:
        return True
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303) and "/login/" not in location


# What a refused request may still write: the session, the rate limits' counters, the cache.
BOOKKEEPING = ("django_session", "core_rate_counter", "core_cache")
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def writes(captured) -> list[str]:
    """The tables a request wrote to, beyond bookkeeping."""
    found = []
    for query in captured.captured_queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in BOOKKEEPING:
            found.append(match.group(2))
    return found


def client_for(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(User.objects.get(pk=world.people[role]))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_person_opens_what_is_theirs_and_nothing_else(client, world, role):
    client_for(client, world, role)
    wrong, leaked = [], []
    for name, rule in sorted(RULES.items()):
        cache.clear()  # rate limits count per test, not across this walk
        url = address(world, name)
        if rule.get is not None:
            response = client.get(url, headers={"accept-language": "en"})
            expected = role in rule.get
            if expected and not opened(response):
                wrong.append(f"GET {name} {url}: {response.status_code}, should open")
            if not expected and not refused(response):
                wrong.append(f"GET {name} {url}: {response.status_code}, should refuse")
            body = getattr(response, "content", b"").decode(errors="replace")
            for secret, allowed in SECRETS.items():
                if role not in allowed and secret in body:
                    leaked.append(f"GET {name} {url} shows {secret!r}")
        if role not in rule.post:
            with CaptureQueriesContext(connection) as captured:
                response = client.post(url, {})
            written = writes(captured)
            if written or response.status_code >= 500:
                wrong.append(f"POST {name} {url}: {response.status_code}, wrote {written}")
    assert not leaked, "\n".join(leaked)
    assert not wrong, "\n".join(wrong)


# Where each secret shows to someone entitled: without this, a secret that no page shows at all
# would make the leak check above pass for nothing.
SHOWN = {
    "PRIVATE_TITLE": ("resident_a", "ideas:mine"),
    "HIDDEN_TITLE": ("coordinator", "ideas:detail", {"reference": "hidden"}),
    "INTERNAL_NOTE": ("handler_x", "ideas:detail"),
    "EVALUATION": ("handler_x", "ideas:detail"),
    "APPLICATION_A": ("company_a", "labs:application"),
    "APPLICATION_B": ("company_b", "labs:application", {"pk": "application_b"}),
    "DRAFT_LISTING": ("company_a", "showroom:edit"),
    "NOTIFICATION": ("resident_a", "notifications:list"),
}


@pytest.mark.parametrize("secret", sorted(SHOWN))
def test_each_secret_is_there_for_someone_entitled(client, world, secret):
    from tests.security import world as built

    role, name, *kwargs = SHOWN[secret]
    text = getattr(built, secret)
    assert role in SECRETS[text]
    client_for(client, world, role)
    url = address(world, name, **(kwargs[0] if kwargs else {}))
    page = client.get(url, headers={"accept-language": "en"})
    assert text in page.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_reach_the_admin(client, world, role):
    client_for(client, world, role)
    response = client.get("/admin/")
    staff = role != "anonymous" and User.objects.get(pk=world.people[role]).is_staff
    assert response.status_code == (200 if staff else 302)
    if not staff:
        assert "/login/" in response["Location"]
    assert staff == (role == "coordinator")
