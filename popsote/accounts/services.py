"""Writes to a person's account. Sign-up, sign-in and passwords are allauth's."""

from __future__ import annotations

from popsote.accounts.models import User

PROFILE_FIELDS = frozenset(
    {"name", "show_name", "stakeholder_group", "organisation", "area", "preferred_language"}
)


def profile_update(*, user: User, **changes) -> User:
    """Change the person's own details; only the fields of the profile may change here."""
    unknown = set(changes) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not a profile field: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(user, field, value)
    user.save(update_fields=sorted(changes))
    return user
