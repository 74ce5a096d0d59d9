"""Handler actions on the suggestion page: moves, assignment, internal notes, and the
submitter's answer to an information request.

Every endpoint takes a POST from a plain form and answers with a redirect to the page it came
from (POST-redirect-GET). A form that does not validate shows the suggestion page again with
what was typed and an error summary (400); a move the state no longer allows, or one that
someone else's move overtook, is refused with 409 and changes nothing. A suggestion the person
may not see is a 404; one they see but may not handle, a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideas import permissions
from ideas.forms.handling import AnswerForm, AssignForm, NoteForm
from ideas.lifecycle import Action
from ideas.models import Suggestion
from ideas.permissions import Refusal
from ideas.services.handling import suggestion_add_note, suggestion_assign
from ideas.services.transitions import suggestion_transition
from ideas.views.detail import (
    ACTION_LABELS,
    STATE_LABELS,
    detail_context,
    handling_form_for,
    refuse,
    suggestion_for,
    suggestion_page,
)
from ideas.views.tracking import by_token, private, track_context
from popsote.core.forms import add_service_errors
from popsote.core.lifecycle import IllegalTransition
from popsote.core.redirects import local_url
from popsote.core.refused import refuses_illegal_transitions
from popsote.taxonomy.models import DecisionReason
from processing_groups.models import HandlerGroup
from processing_groups.selectors import member_choices


def _handled(request, reference: str) -> Suggestion:
    suggestion = suggestion_for(request.user, reference)
    if not permissions.is_handler(request.user, suggestion):
        raise PermissionDenied
    return suggestion


def _detail_with_errors(request, suggestion: Suggestion, **forms):
    """The suggestion page once more, with the form that needs correcting."""
    return render(
        request, "ideas/detail.html", detail_context(request, suggestion, **forms), status=400
    )


@require_POST
@refuses_illegal_transitions(back=suggestion_page)
def transition(request, reference: str):
    suggestion = _handled(request, reference)
    form = handling_form_for(suggestion, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = suggestion_transition(
                actor=request.user,
                suggestion=suggestion,
                action=data["action"],
                message=data["message"],
                note=data["note"],
                group=HandlerGroup.objects.filter(slug=data["group"]).first()
                if data["group"]
                else None,
                target=data["target"],
                reason=DecisionReason.objects.filter(code=data["reason"]).first()
                if data["reason"]
                else None,
                link=data["link"],
                expected_state=data["expected_state"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: %(action)s. The suggestion is now “%(state)s”.")
                % {
                    "action": ACTION_LABELS[data["action"]],
                    "state": STATE_LABELS[moved.state],
                },
            )
            return redirect(moved)
    return _detail_with_errors(request, suggestion, handling_form=form)


@require_POST
def assign(request, reference: str):
    suggestion = _handled(request, reference)
    if not permissions.can_assign(request.user, suggestion):
        raise PermissionDenied
    form = AssignForm(request.POST, members=member_choices(suggestion.group))
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        assignee = get_user_model().objects.get(pk=chosen) if chosen else None
        try:
            suggestion_assign(actor=request.user, suggestion=suggestion, assignee=assignee)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if assignee is None:
                text = _("%(reference)s is assigned to nobody.")
            else:
                text = _("%(reference)s is assigned to %(person)s.")
            person = assignee and (assignee.name or assignee.email)
            messages.success(request, text % {"reference": suggestion.reference, "person": person})
            return redirect(_next(request) or suggestion.get_absolute_url())
    return _detail_with_errors(request, suggestion, assign_form=form)


@require_POST
def note(request, reference: str):
    suggestion = _handled(request, reference)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            suggestion_add_note(
                actor=request.user, suggestion=suggestion, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The internal note was saved."))
            return redirect(f"{suggestion.get_absolute_url()}#timeline")
    return _detail_with_errors(request, suggestion, note_form=form)


@require_POST
def answer(request, reference: str):
    """The signed-in submitter answers the group's question. Anyone else: 404, as for
    withdrawing."""
    if not request.user.is_authenticated:
        raise Http404
    suggestion = suggestion_for(request.user, reference)
    if not permissions.is_submitter(request.user, suggestion):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            suggestion_transition(
                actor=request.user,
                suggestion=suggestion,
                action=Action.ANSWER_INFO,
                message=form.cleaned_data["message"],
            )
        except IllegalTransition as error:
            # Caught here rather than by the shared refusal: the submitter is told first that
            # their answer was not saved, then why.
            return refuse(request, suggestion, Refusal(_answer_refused(error), by_state=True))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _answer_sent())
            return redirect(suggestion)
    return _detail_with_errors(request, suggestion, answer_form=form)


@require_POST
def track_answer(request, token: str):
    """The same answer through the private tracking link: the token in the address is the
    proof of authorship, and the page keeps it out of referrers and caches."""
    suggestion = by_token(token)
    form = AnswerForm(request.POST)
    status = 400
    refused = ""
    if form.is_valid():
        try:
            suggestion_transition(
                actor=request.user,
                suggestion=suggestion,
                action=Action.ANSWER_INFO,
                message=form.cleaned_data["message"],
                tracking_token=token,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except IllegalTransition as error:
            # The tracking page again, with the refusal above the answer: a signed-out author
            # has no other page to go back to.
            refused, status = _answer_refused(error), 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _answer_sent())
            return private(redirect("ideas:track", token=token))
    suggestion.refresh_from_db()
    context = track_context(request, suggestion, token, answer_form=form)
    context["answer_refused"] = refused
    return private(render(request, "ideas/track.html", context, status=status))


def _answer_sent() -> str:
    return _("Thank you! Your answer was sent to the handler group, who continue the handling.")


def _answer_refused(error: IllegalTransition) -> str:
    return _(
        "Your answer was not saved: the handlers are no longer waiting for information. %(why)s"
    ) % {"why": error}


def _next(request) -> str | None:
    """Where a form from another page (the queue) asked to return, if it is on this site."""
    return local_url(request, request.POST.get("next"))
