"""The suggestion page: its content, state and answer, timeline, supports, follows and comments.

The page reads everything in a fixed number of queries, however many comments, events and
supports the suggestion has: the person's own support and follow, and whether anything was
merged into it, are annotations on the one query that fetches the suggestion; its answer is
read off the timeline.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ideas import extensions, permissions
from ideas.forms.community import CommentForm
from ideas.forms.handling import AnswerForm, AssignForm, HandlingForm, NoteForm
from ideas.forms.widgets import quick_select
from ideas.lifecycle import LIFECYCLE, Action, State
from ideas.models import Follow, Suggestion, Support
from ideas.permissions import SUBMITTER_ACTIONS, Refusal
from ideas.selectors.impact import impact_for
from ideas.selectors.suggestion import (
    answer_of,
    has_merged_into_this,
    merged_into_this,
    timeline_for,
)
from ideas.views.evaluation import panel_for
from popsote.accounts.roles import is_coordinator
from popsote.core.refused import Back, refused
from popsote.taxonomy.models import DecisionReason
from processing_groups.selectors import group_choices, member_choices

ACTION_LABELS = dict(Action.choices)
STATE_LABELS = dict(State.choices)
# Every move a handler may attempt; the lifecycle says which the state allows.
HANDLER_ACTIONS = [
    (action, ACTION_LABELS[action]) for action in LIFECYCLE.moves if action not in SUBMITTER_ACTIONS
]


def suggestion_for(user, reference: str) -> Suggestion:
    """The suggestion as ``user`` may see it, or 404: the same answer for one that does not
    exist and one they may not see."""
    queryset = (
        Suggestion.objects.visible_to(user)
        .for_cards()
        .select_related(
            "challenge", "merged_into", "submitter", "not_advanced_reason", "impact_assessment"
        )
        .annotate(has_merged_into_this=has_merged_into_this())
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            is_supported=Exists(Support.objects.filter(suggestion=OuterRef("pk"), user=user)),
            is_followed=Exists(Follow.objects.filter(suggestion=OuterRef("pk"), user=user)),
        )
    return get_object_or_404(queryset, reference=reference)


# --- Why an action is not offered ------------------------------------------------------------


def suggestion_page(request, reference: str, *args, **kwargs) -> Back:
    """Back to the suggestion: where a refused action on it was asked for."""
    return Back(
        reverse("ideas:detail", kwargs={"reference": reference}),
        _("Back to the suggestion %(reference)s") % {"reference": reference},
    )


def refuse(request, suggestion: Suggestion, refusal: Refusal):
    return refused(
        request,
        refusal.message,
        back=suggestion_page(request, suggestion.reference),
        status=409 if refusal.by_state else 403,
    )


# --- The page ---------------------------------------------------------------------------------


def comments_context(request, suggestion: Suggestion, *, form: CommentForm | None = None) -> dict:
    """The comment thread, each comment knowing whether this person may edit and report it."""
    user = request.user
    comments = list(
        suggestion.comments.select_related("author__stakeholder_group", "stakeholder_group")
    )
    for comment in comments:
        comment.editable = comment.is_editable_by(user)
        comment.reportable = permissions.can_report(user, suggestion, comment=comment)
    return {
        "suggestion": suggestion,
        "comments": comments,
        "comment_form": form or CommentForm(),
        "comment_refusal": permissions.comment_refusal(user, suggestion),
        "can_moderate": permissions.can_moderate(user),
    }


def reason_choices() -> list[tuple[str, str]]:
    return [(reason.code, reason.label) for reason in DecisionReason.objects.active()]


def handling_form_for(suggestion: Suggestion, *, data=None) -> HandlingForm:
    """The handler's form: bound (``data``) it accepts any handler move, so that a move the
    state no longer allows reaches the service and is refused there with 409; unbound it
    offers the moves the state allows and carries the state the handler saw."""
    allowed = LIFECYCLE.actions_from(suggestion.state)
    actions = [(a, label) for a, label in HANDLER_ACTIONS if data is not None or a in allowed]
    offered = {action for action, _label in actions}
    # Read the groups and reasons only when a move offered needs them.
    needs_group = offered & {Action.ROUTE, Action.TRANSFER}
    form = HandlingForm(
        data,
        actions=actions,
        groups=group_choices() if needs_group else [],
        reasons=reason_choices() if Action.NOT_ADVANCE in offered else [],
        solutions=extensions.existing_solution_choices()
        if Action.EXISTING_SOLUTION in offered
        else (),
        initial={"expected_state": suggestion.state},
    )
    # Every active group is a choice: drawn by a template per option, 1 000 take 0.25 s.
    return quick_select(form, "group")


def handling_context(
    request, suggestion: Suggestion, *, handling_form=None, note_form=None, assign_form=None
) -> dict:
    """What the handler panel needs: the moves the state allows, with the groups and reasons
    they choose from, the group's members to assign and the internal-note form. Empty for
    anyone who is not a handler."""
    user = request.user
    if not permissions.is_handler(user, suggestion):
        return {"is_handler": False}
    allowed = {a for a, _label in HANDLER_ACTIONS} & set(LIFECYCLE.actions_from(suggestion.state))
    if handling_form is None and allowed:
        handling_form = handling_form_for(suggestion)
    elif handling_form is not None:
        # Shown again after an error: offer what the state allows, as on the first showing.
        handling_form.fields["action"].choices = [
            choice
            for choice in handling_form.fields["action"].choices
            if not choice[0] or choice[0] in allowed
        ]
    can_assign = permissions.can_assign(user, suggestion)
    if can_assign and assign_form is None:
        assign_form = AssignForm(
            members=member_choices(suggestion.group),
            initial={"assignee": suggestion.assignee_id or ""},
        )
    return {
        "is_handler": True,
        "handling_form": handling_form,
        "assign_form": assign_form if can_assign else None,
        "note_form": note_form or NoteForm(),
    }


def info_question(events):
    """The latest information request of ``events`` (a timeline, oldest first)."""
    return next((e for e in reversed(events) if e.action == Action.REQUEST_INFO), None)


def detail_context(
    request,
    suggestion: Suggestion,
    *,
    comment_form=None,
    handling_form=None,
    note_form=None,
    assign_form=None,
    answer_form=None,
    evaluation_form=None,
) -> dict:
    user = request.user
    internal = permissions.can_see_internal(user, suggestion)
    events = list(timeline_for(user, suggestion))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.to_label = STATE_LABELS.get(event.to_state, event.to_state)
    merged_into = suggestion.merged_into
    is_author = permissions.is_submitter(user, suggestion)
    answers = is_author and suggestion.state == State.INFO_REQUESTED
    return {
        **comments_context(request, suggestion, form=comment_form),
        **handling_context(
            request,
            suggestion,
            handling_form=handling_form,
            note_form=note_form,
            assign_form=assign_form,
        ),
        "themes": list(suggestion.themes.all()),
        "attachments": list(suggestion.attachments.all()),
        "events": events,
        "sees_internal": internal,
        "is_author": is_author,
        "can_withdraw": permissions.can_withdraw(user, suggestion),
        "support_refusal": permissions.support_refusal(user, suggestion),
        "can_follow": permissions.can_follow(user, suggestion),
        "can_report": permissions.can_report(user, suggestion),
        "merged_into_visible": merged_into is not None and permissions.can_view(user, merged_into),
        "merged_into_this": (
            merged_into_this(user, suggestion) if suggestion.has_merged_into_this else []
        ),
        "answer": answer_of(suggestion, events),
        "is_coordinator": is_coordinator(user),
        "evaluation": panel_for(user, suggestion, form=evaluation_form),
        "impact": impact_for(user, suggestion),
        "info_question": info_question(events) if answers else None,
        "answer_form": (answer_form or AnswerForm()) if answers else None,
        "extension_panels": extensions.suggestion_page_panels(request, suggestion),
    }


def detail(request, reference: str):
    suggestion = suggestion_for(request.user, reference)
    return render(request, "ideas/detail.html", detail_context(request, suggestion))
