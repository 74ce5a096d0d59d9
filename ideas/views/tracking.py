"""What pages reached through a signed-out submitter's private tracking link share: finding
the suggestion by its token, keeping the page out of caches and referrers, and what the
tracking page shows (with the answer form while the group waits for information)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ideas import permissions
from ideas.forms.handling import AnswerForm
from ideas.lifecycle import Action, State
from ideas.models import Suggestion, token_hash
from ideas.selectors.suggestion import (
    answer_of,
    has_merged_into_this,
    merged_into_this,
    public_timeline,
)
from ideas.views.detail import info_question

MAX_TOKEN_LENGTH = 100
# Pages holding a tracking link send no path (so never the token) as a referrer, even to our
# own server. Not "no-referrer": browsers then send "Origin: null" with the page's forms, and
# Django's CSRF check (rightly) refuses them, which would break withdrawing and the language
# switch on these very pages.
REFERRER_POLICY = "strict-origin"


def private(response):
    """A page that holds a tracking link: not cached, not indexed, not leaked as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def by_token(token: str) -> Suggestion:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise Http404
    return get_object_or_404(
        Suggestion.objects.select_related(
            "kind",
            "area",
            "service_area",
            "stakeholder_group",
            "group",
            "merged_into",
            "not_advanced_reason",
        ).annotate(has_merged_into_this=has_merged_into_this()),
        tracking_token_hash=token_hash(token),
    )


def timeline_rows(events) -> list[dict]:
    actions, states = dict(Action.choices), dict(State.choices)
    return [
        {
            "at": event.created_at,
            "what": actions.get(event.action, event.action),
            "state": states.get(event.to_state, ""),
            "message": event.public_message,
        }
        for event in events
    ]


def track_context(request, suggestion: Suggestion, token: str, *, answer_form=None) -> dict:
    """What the tracking page shows: the state with the group's answer, where a merged
    suggestion continues and what was merged into it (those this person may open), and the
    answer form while information is requested."""
    user = request.user
    events = list(public_timeline(suggestion))
    merged_into = suggestion.merged_into
    answers = suggestion.state == State.INFO_REQUESTED
    return {
        "suggestion": suggestion,
        "token": token,
        "timeline": timeline_rows(events),
        "answer": answer_of(suggestion, events),
        "merged_into_visible": merged_into is not None and permissions.can_view(user, merged_into),
        "merged_into_this": (
            merged_into_this(user, suggestion) if suggestion.has_merged_into_this else []
        ),
        "can_withdraw": permissions.can_withdraw(user, suggestion, tracking_token=token),
        "attachments": suggestion.attachments.all(),
        "info_question": info_question(events) if answers else None,
        "answer_form": (answer_form or AnswerForm()) if answers else None,
    }
