"""Who may do what to a suggestion: plain functions, used by views, the API and templates.

``Suggestion.objects.visible_to(user)`` answers "which ones"; these answer "this one". Both
read the same facts, so a list and a detail page never disagree. Next to a ``can_*`` whose
"no" a person needs explained is its ``*_refusal``: None when the answer is yes, otherwise
why not, in one sentence that the page and the API both show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ideas.lifecycle import LIFECYCLE, OPEN_STATES, Action, ImpactState, State
from ideas.models import (
    token_hash,
)
from popsote.accounts.roles import is_coordinator
from processing_groups.models import HandlerGroup
from processing_groups.permissions import can_view_queue, group_ids_of


@dataclass(frozen=True)
class Refusal:
    """Why not, in a sentence for the person. ``by_state``: the suggestion's state stands in
    the way rather than who the person is (a page answers 409 then, 403 otherwise)."""

    message: str
    by_state: bool = False


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


def withdraw_refusal(suggestion) -> Refusal | None:
    """Why its author can no longer withdraw the suggestion; None while they can."""
    if LIFECYCLE.allows(action=Action.WITHDRAW, state=suggestion.state):
        return None
    if suggestion.state == State.WITHDRAWN:
        message = _("The suggestion %(reference)s has already been withdrawn.") % {
            "reference": suggestion.reference
        }
    else:
        message = _(
            "A suggestion can be withdrawn only until it has been decided. The suggestion "
            "%(reference)s is now “%(state)s”, so its handling goes on as decided."
        ) % {"reference": suggestion.reference, "state": suggestion.get_state_display()}
    return Refusal(message, by_state=True)


def can_support(user, suggestion) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and suggestion.is_public
        and suggestion.state in DISCUSSABLE_STATES
        and suggestion.submitter_id != user.pk
    )


def support_refusal(user, suggestion) -> Refusal | None:
    """None when ``user`` may support (or, signed out, could after signing in)."""
    if can_support(user, suggestion):
        return None
    if not getattr(user, "is_authenticated", False):
        return _closed(suggestion) if suggestion.state not in DISCUSSABLE_STATES else None
    if suggestion.submitter_id is not None and suggestion.submitter_id == user.pk:
        return Refusal(
            _(
                "This is your own suggestion: your need is already counted, so you cannot "
                "support it."
            )
        )
    if suggestion.state not in DISCUSSABLE_STATES:
        return _closed(suggestion)
    return Refusal(_("Only public suggestions can be supported."))


def can_comment(user, suggestion) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and suggestion.is_public
        and suggestion.state in DISCUSSABLE_STATES
    )


def comment_refusal(user, suggestion) -> Refusal | None:
    """None when ``user`` may comment (or, signed out, could after signing in)."""
    if can_comment(user, suggestion):
        return None
    if suggestion.state not in DISCUSSABLE_STATES:
        return _closed(suggestion)
    if not getattr(user, "is_authenticated", False):
        return None
    return Refusal(_("Only public suggestions can be discussed."))


def comment_edit_refusal(user, comment) -> Refusal | None:
    """Why ``user`` may not edit ``comment`` (``Comment.is_editable_by`` says whether)."""
    if comment.is_editable_by(user):
        return None
    if comment.author_id != user.pk:
        return Refusal(_("Only the author of a comment can edit it."))
    if comment.is_hidden:
        return Refusal(_("A moderator has removed this comment; it cannot be edited."))
    return Refusal(
        _(
            "A comment can be edited for %(minutes)s minutes after it was written; "
            "that time is over."
        )
        % {"minutes": comment.EDIT_WINDOW_MINUTES}
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


def report_refusal(user, suggestion, comment=None) -> Refusal | None:
    if can_report(user, suggestion, comment=comment):
        return None
    if comment is not None and comment.author_id == user.pk:
        return Refusal(_("This is your own comment: you can edit it, not report it."))
    if comment is None and suggestion.submitter_id == user.pk:
        return Refusal(_("This is your own suggestion: you cannot report it."))
    return Refusal(_("Only public content can be reported."))


def can_moderate(user) -> bool:
    return is_coordinator(user)


def can_manage_challenges(user) -> bool:
    return is_coordinator(user)


def is_open_for_submitter(suggestion) -> bool:
    return suggestion.state in OPEN_STATES


def _closed(suggestion) -> Refusal:
    if suggestion.state == State.MERGED:
        message = _(
            "This suggestion was merged into another one. Support and discuss that one instead."
        )
    else:
        message = _(
            "This suggestion was withdrawn by its author and takes no more supports or comments."
        )
    return Refusal(message, by_state=True)


# --- Evaluation ----------------------------------------------------------------------------

# While the group still weighs the suggestion; a decided one keeps its evaluations as record.
EVALUABLE_STATES = frozenset({State.IN_PROCESSING, State.INFO_REQUESTED})


def can_see_evaluations(user, suggestion) -> bool:
    """The group and the coordinators; nobody else learns that evaluations exist."""
    return is_handler(user, suggestion)


def can_evaluate(user, suggestion) -> bool:
    """The right and the state: a handler, while the suggestion is being processed."""
    return suggestion.state in EVALUABLE_STATES and is_handler(user, suggestion)


# --- Meetings ------------------------------------------------------------------------------


def can_run_meetings(user, group: HandlerGroup) -> bool:
    """Members and the chair of the group; coordinators for any group: the same people who
    work its queue."""
    return can_view_queue(user, group)


# --- Impact assessment ---------------------------------------------------------------------


def can_edit_impact(user, suggestion) -> bool:
    """The suggestion's group and the coordinators assess its impact, once it is deployed (the
    deployment opened the assessment)."""
    return suggestion.state == State.DEPLOYED and is_handler(user, suggestion)


def can_see_impact(user, suggestion, assessment) -> bool:
    """The public part (summary, indicators, effects) of a completed assessment: whoever may
    see the suggestion. The group and the coordinators see the draft too."""
    if assessment is None:
        return False
    if assessment.state == ImpactState.COMPLETED:
        return can_view(user, suggestion)
    return is_handler(user, suggestion)


def can_see_impact_internal(user, suggestion) -> bool:
    """The assessment's internal note never leaves the group and the coordinators."""
    return is_handler(user, suggestion)


def impact_refusal(user, suggestion, assessment) -> Refusal | None:
    """Why ``user`` may not work on the impact assessment of ``suggestion``; None when they
    may."""
    if not is_handler(user, suggestion):
        return Refusal(
            _("Only the suggestion's handler group and the coordinators assess its impact.")
        )
    if assessment is None or suggestion.state != State.DEPLOYED:
        return Refusal(_("The impact is assessed once the solution is deployed."), by_state=True)
    return None
