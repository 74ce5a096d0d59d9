"""The suggestion page: its content, state, timeline, supports, follows and comments.

The page reads everything in a fixed number of queries, however many comments, events and
supports the suggestion has: the person's own support and follow are annotations on the one
query that fetches the suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ideas import permissions, selectors
from ideas.forms_community import CommentForm
from ideas.lifecycle import Action, State
from ideas.models import Follow, Suggestion, Support
from ideas.permissions import DISCUSSABLE_STATES
from popsote.accounts.roles import is_coordinator

ACTION_LABELS = dict(Action.choices)
STATE_LABELS = dict(State.choices)


def suggestion_for(user, reference: str) -> Suggestion:
    """The suggestion as ``user`` may see it, or 404: the same answer for one that does not
    exist and one they may not see."""
    queryset = (
        Suggestion.objects.visible_to(user)
        .for_cards()
        .select_related("challenge", "merged_into", "submitter")
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            is_supported=Exists(Support.objects.filter(suggestion=OuterRef("pk"), user=user)),
            is_followed=Exists(Follow.objects.filter(suggestion=OuterRef("pk"), user=user)),
        )
    return get_object_or_404(queryset, reference=reference)


# --- Why an action is not offered ------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


def _closed(suggestion: Suggestion) -> Refusal:
    if suggestion.state == State.MERGED:
        message = _(
            "This suggestion was merged into another one. Support and discuss that one instead."
        )
    else:
        message = _(
            "This suggestion was withdrawn by its author and takes no more supports or comments."
        )
    # 409: the state, not the person, is what stands in the way.
    return Refusal(409, message)


def support_refusal(user, suggestion: Suggestion) -> Refusal | None:
    """None when ``user`` may support (or, signed out, could after signing in); otherwise the
    status and a sentence saying why not."""
    if permissions.can_support(user, suggestion):
        return None
    if not user.is_authenticated:
        return _closed(suggestion) if suggestion.state not in DISCUSSABLE_STATES else None
    if suggestion.submitter_id is not None and suggestion.submitter_id == user.pk:
        return Refusal(
            403,
            _(
                "This is your own suggestion: your need is already counted, so you cannot "
                "support it."
            ),
        )
    if suggestion.state not in DISCUSSABLE_STATES:
        return _closed(suggestion)
    return Refusal(403, _("Only public suggestions can be supported."))


def comment_refusal(user, suggestion: Suggestion) -> Refusal | None:
    if permissions.can_comment(user, suggestion):
        return None
    if not user.is_authenticated:
        return _closed(suggestion) if suggestion.state not in DISCUSSABLE_STATES else None
    if suggestion.state not in DISCUSSABLE_STATES:
        return _closed(suggestion)
    return Refusal(403, _("Only public suggestions can be discussed."))


def refuse(request, suggestion: Suggestion, refusal: Refusal):
    return render(
        request,
        "ideas/detail_refused.html",
        {"suggestion": suggestion, "message": refusal.message},
        status=refusal.status,
    )


# --- The page ---------------------------------------------------------------------------------


def comments_context(request, suggestion: Suggestion, *, form: CommentForm | None = None) -> dict:
    """The comment thread, each comment knowing whether this person may edit it."""
    user = request.user
    comments = list(suggestion.comments.select_related("author__stakeholder_group"))
    for comment in comments:
        comment.editable = comment.is_editable_by(user)
    return {
        "suggestion": suggestion,
        "comments": comments,
        "comment_form": form or CommentForm(),
        "comment_refusal": comment_refusal(user, suggestion),
        "can_moderate": permissions.can_moderate(user),
        "can_report": permissions.can_report(user, suggestion),
    }


def detail_context(request, suggestion: Suggestion, *, comment_form=None) -> dict:
    user = request.user
    internal = permissions.can_see_internal(user, suggestion)
    events = list(selectors.timeline_for(user, suggestion))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.to_label = STATE_LABELS.get(event.to_state, event.to_state)
    merged_into = suggestion.merged_into
    return {
        **comments_context(request, suggestion, form=comment_form),
        "themes": list(suggestion.themes.all()),
        "attachments": list(suggestion.attachments.all()),
        "events": events,
        "sees_internal": internal,
        "is_author": permissions.is_submitter(user, suggestion),
        "can_withdraw": permissions.can_withdraw(user, suggestion),
        "support_refusal": support_refusal(user, suggestion),
        "can_follow": permissions.can_follow(user, suggestion),
        "merged_into_visible": merged_into is not None and permissions.can_view(user, merged_into),
        "is_coordinator": is_coordinator(user),
    }


def detail(request, reference: str):
    suggestion = suggestion_for(request.user, reference)
    return render(request, "ideas/detail.html", detail_context(request, suggestion))
