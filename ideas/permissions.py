"""Who may do what to a suggestion: plain functions, used by views, the API and templates.

``Suggestion.objects.visible_to(user)`` answers "which ones"; these answer "this one". Both
read the same facts, so a list and a detail page never disagree.
"""

from __future__ import annotations

from ideas.lifecycle import LIFECYCLE, OPEN_STATES, Action, State
from ideas.models import token_hash
from popsote.accounts.roles import is_coordinator
from processing_groups.permissions import group_ids_of

# Moves the submitter makes; every other move is the handlers'.
SUBMITTER_ACTIONS = frozenset({Action.WITHDRAW, Action.ANSWER_INFO})
# States in which people may still support or comment.
DISCUSSABLE_STATES = frozenset(set(State) - {State.WITHDRAWN, State.MERGED})


def is_submitter(user, suggestion, *, tracking_token: str | None = None) -> bool:
    """The author: the signed-in submitter, or whoever holds the private tracking link."""
    if tracking_token and suggestion.tracking_token_hash:
        return token_hash(tracking_token) == suggestion.tracking_token_hash
    return bool(getattr(user, "is_authenticated", False) and suggestion.submitter_id == user.pk)


def is_handler(user, suggestion) -> bool:
    """A member of the suggestion's handler group, or a coordinator standing in for one."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    if suggestion.group_id is None:
        return False
    return suggestion.group_id in group_ids_of(user)


def is_group_member(user, group_id) -> bool:
    if not getattr(user, "is_authenticated", False) or group_id is None:
        return False
    return group_id in group_ids_of(user)


def can_assign(user, suggestion) -> bool:
    """Handlers share out their group's work; a suggestion in triage has no group to share."""
    return suggestion.group_id is not None and is_handler(user, suggestion)


def can_view(user, suggestion, *, tracking_token: str | None = None) -> bool:
    return (
        suggestion.is_public
        or is_submitter(user, suggestion, tracking_token=tracking_token)
        or is_handler(user, suggestion)
    )


def can_see_internal(user, suggestion) -> bool:
    """Internal notes are for the group and the coordinators."""
    return is_handler(user, suggestion)


def can_transition(user, suggestion, action: str, *, tracking_token: str | None = None) -> bool:
    """The right to attempt ``action``; whether the state allows it is the lifecycle's answer."""
    if action in SUBMITTER_ACTIONS:
        return is_submitter(user, suggestion, tracking_token=tracking_token)
    return is_handler(user, suggestion)


def can_withdraw(user, suggestion, *, tracking_token: str | None = None) -> bool:
    return can_transition(
        user, suggestion, Action.WITHDRAW, tracking_token=tracking_token
    ) and LIFECYCLE.allows(action=Action.WITHDRAW, state=suggestion.state)


def can_support(user, suggestion) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and suggestion.is_public
        and suggestion.state in DISCUSSABLE_STATES
        and suggestion.submitter_id != user.pk
    )


def can_comment(user, suggestion) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and suggestion.is_public
        and suggestion.state in DISCUSSABLE_STATES
    )


def can_follow(user, suggestion) -> bool:
    return getattr(user, "is_authenticated", False) and can_view(user, suggestion)


def can_report(user, suggestion, comment=None) -> bool:
    """Report public content to the moderators: a comment when ``comment`` is given, else the
    suggestion; never one's own."""
    if not getattr(user, "is_authenticated", False) or not suggestion.is_public:
        return False
    author_id = comment.author_id if comment is not None else suggestion.submitter_id
    return author_id != user.pk


def can_moderate(user) -> bool:
    return is_coordinator(user)


def can_manage_challenges(user) -> bool:
    return is_coordinator(user)


def is_open_for_submitter(suggestion) -> bool:
    return suggestion.state in OPEN_STATES
