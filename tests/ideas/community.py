"""Builders for the tests of the suggestion page, supports, comments, moderation and challenges.

Suggestions are made by the real service; a state other than ``received`` is then set
directly, as the handlers' moves would leave it (those moves have tests of their own).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone, translation

from ideas.lifecycle import State
from ideas.models import Challenge, Comment, ContentReport, Suggestion
from popsote.taxonomy.models import StakeholderGroup
from tests.factories import submit


def make_suggestion(
    *,
    submitter=None,
    state: str = State.RECEIVED,
    title: str = "Kotihoidon käynnit iltaisin",
    description: str = "Kotihoidon iltakäynnit ovat liian lyhyitä.",
    is_private: bool = False,
    is_hidden: bool = False,
    **extra,
) -> Suggestion:
    submitted = submit(
        submitter,
        title=title,
        description=description,
        is_private=is_private,
        **extra,
    )
    suggestion = submitted.suggestion
    changes: dict = {}
    if state != State.RECEIVED:
        changes["state"] = state
    if state == State.MERGED:
        changes["merged_into"] = make_suggestion(title="Iltakäyntien pituus kotihoidossa")
    if is_hidden:
        changes["is_hidden"] = True
    if changes:
        Suggestion.objects.filter(pk=suggestion.pk).update(**changes)
        suggestion.refresh_from_db()
    return suggestion


def quick_user(email: str):
    """A participant without a password: hashing one costs more than the rest of a test."""
    from popsote.accounts.models import User

    return User.objects.create(
        email=email, stakeholder_group=StakeholderGroup.objects.get(code="resident")
    )


def make_comment(suggestion: Suggestion, author, body: str = "Sama kokemus meillä.", *, age=None):
    comment = Comment.objects.create(suggestion=suggestion, author=author, body=body)
    if age is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - age)
        comment.refresh_from_db()
    Suggestion.objects.filter(pk=suggestion.pk).update(comment_count=suggestion.comments.count())
    return comment


def make_report(*, reporter, reason="Asiaton", suggestion=None, comment=None) -> ContentReport:
    return ContentReport.objects.create(
        reporter=reporter, reason=reason, suggestion=suggestion, comment=comment
    )


def make_challenge(
    *, slug="kotihoito-2026", opens_in=timedelta(days=-1), closes_in=timedelta(days=30)
):
    now = timezone.now()
    return Challenge.objects.create(
        title="Kotihoito 2026",
        slug=slug,
        description="Miten kotihoitoa voisi parantaa?",
        opens_at=now + opens_in,
        deadline=now + closes_in,
    )


def url(name: str, *args, language: str = "en") -> str:
    """The address of a page in ``language``: English unless a test says otherwise, so that
    tests can read the source strings. Finnish (the default language) has no prefix.

    Requests leave their language active in the test's thread; addresses must not follow it.
    """
    with translation.override(language):
        return reverse(f"ideas:{name}", args=args)


def detail_url(suggestion: Suggestion, *, language: str = "en") -> str:
    return url("detail", suggestion.reference, language=language)


def login_url(next_path: str, *, language: str = "en") -> str:
    """Where a signed-out person is sent: sign in, then back to ``next_path``."""
    with translation.override(language):
        return f"{reverse('account_login')}?next={quote(next_path)}"
