"""Helpers shared by the suggestions API tests (this module holds no tests of its own)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ideas.lifecycle import State
from ideas.models import Challenge, Suggestion
from ideas.services.transitions import suggestion_transition
from processing_groups.models import HandlerGroup
from tests.factories import make_group

# A checksum-valid personal identity code (the tax administration's published example).
IDENTITY_CODE = "131052-308T"


def url(name: str, reference: str | None = None) -> str:
    kwargs = {"reference": reference} if reference else None
    return reverse(f"api:suggestion-{name}", kwargs=kwargs)


def api(user=None, *, token: bool = False, **defaults) -> APIClient:
    """A client signed in as ``user``: by token (``Authorization: Token …``) or by session.

    It asks for English unless told otherwise, so that messages can be compared as written.
    """
    client = APIClient(**{"HTTP_ACCEPT_LANGUAGE": "en", **defaults})
    if user is not None and token:
        key, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key.key}")
    elif user is not None:
        client.force_login(user)
    return client


def put_in_state(suggestion: Suggestion, state: str, *, coordinator, author) -> Suggestion:
    """Move a fresh suggestion (waiting in triage) to ``state`` the way people would, through
    the service."""
    if state == State.IN_PROCESSING:
        group = HandlerGroup.objects.filter(slug="oulu").first() or make_group("oulu")
        suggestion_transition(actor=coordinator, suggestion=suggestion, action="route", group=group)
    elif state == State.WITHDRAWN:
        suggestion_transition(actor=author, suggestion=suggestion, action="withdraw")
    suggestion.refresh_from_db()
    assert suggestion.state == state
    return suggestion


def open_challenge(slug: str = "kotona-pidempaan", *, days: int = 30) -> Challenge:
    now = timezone.now()
    return Challenge.objects.create(
        title="Kotona pidempään",
        slug=slug,
        description="Miten asua kotona pidempään?",
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=days),
    )


def add_supports(suggestion: Suggestion, count: int) -> None:
    # Test setup only: the support count a list orders by, without creating people.
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") + count)
