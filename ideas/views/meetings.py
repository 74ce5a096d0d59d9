"""Group meetings: agenda, minutes whose decisions apply the transitions, printable minutes.

Members and the chair of a group run its meetings; coordinators may run any group's. Anyone
else gets the same 404 as for a group or meeting that does not exist.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ideas import extensions
from ideas.forms.handling import MESSAGE_MAX, DecisionFields
from ideas.lifecycle import Action, MeetingAction
from ideas.models import AgendaItem, Meeting, Suggestion
from ideas.permissions import can_run_meetings
from ideas.selectors.meetings import MEETING_DECISIONS, agenda_candidates, decisions_for
from ideas.services.meetings import (
    MinutesRefused,
    agenda_add,
    agenda_remove,
    agenda_reorder,
    meeting_cancel,
    minutes_record,
    not_begun,
)
from ideas.services.meetings import meeting_create as create_meeting
from popsote.core import confirm
from popsote.core.refused import Back, refused, refuses_illegal_transitions
from popsote.taxonomy.models import DecisionReason
from processing_groups.models import HandlerGroup

MEETINGS_PER_PAGE = 50
ACTION_LABELS = dict(Action.choices)
MEETING_ACTION_LABELS = dict(MeetingAction.choices)


# --- Access -----------------------------------------------------------------------------------


def _group_for(user, slug: str) -> HandlerGroup:
    group = get_object_or_404(HandlerGroup, slug=slug)
    if not can_run_meetings(user, group):
        raise Http404
    return group


def _meeting_for(user, slug: str, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk, group__slug=slug)
    if not can_run_meetings(user, meeting.group):
        raise Http404
    return meeting


def meeting_page(request, slug: str, pk: int) -> Back:
    """Back to the meeting: where a refused change of it was asked for."""
    return Back(
        reverse("groups:meeting", kwargs={"slug": slug, "pk": pk}), _("Back to the meeting")
    )


def _refused(request, meeting: Meeting, message: str, *, status: int = 409):
    """An action the meeting's state (or its date) does not allow: 409 and nothing changed."""
    return refused(
        request, message, back=meeting_page(request, meeting.group.slug, meeting.pk), status=status
    )


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.select_related("suggestion", "reason").order_by("position", "id"))


# --- Forms ------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    location = forms.CharField(
        label=gettext_lazy("Place or video link"), max_length=200, required=False
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"), max_length=500, required=False
    )


class AgendaAddForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference of the suggestion"),
        max_length=16,
        help_text=gettext_lazy("For example 2026-000123."),
    )


class DecisionForm(DecisionFields):
    """One agenda item's decision in the minutes. The choices are given per item: only the
    decisions its suggestion's state allows."""

    field_order = ["decision", "message", "note", "reason", "target", "link", "solution"]
    MOVE_FIELD = "decision"

    decision = forms.ChoiceField(label=gettext_lazy("Decision"), required=False)
    message = forms.CharField(
        label=gettext_lazy("Public message"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to the submitter and the public. Every decision needs one."),
    )

    def __init__(self, *args, item: AgendaItem, reasons: list, **kwargs):
        super().__init__(*args, prefix=f"item-{item.pk}", **kwargs)
        self.item = item
        self.reasons = {str(reason.pk): reason for reason in reasons}
        allowed = decisions_for(item.suggestion.state)
        # A decision that was offered when the form was loaded but that the state no longer
        # allows goes through to the service, which answers that someone else acted (409).
        posted = self.data.get(self.add_prefix("decision")) if self.is_bound else None
        if posted in MEETING_DECISIONS and posted not in allowed:
            allowed.append(posted)
        self.fields["decision"].choices = [("", _("Discussed, no decision"))] + [
            (action, ACTION_LABELS[action]) for action in allowed
        ]
        self.fields["reason"].choices = [("", "—")] + [
            (str(reason.pk), reason.label) for reason in reasons
        ]
        self.fields["expected_state"].initial = item.suggestion.state

    def as_decision(self) -> dict:
        data = dict(self.cleaned_data)
        data["reason"] = self.reasons.get(data.get("reason") or "")
        return data


class MinutesForm(forms.Form):
    attendees = forms.CharField(
        label=gettext_lazy("Attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Optional; printed on the minutes."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary of the meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _decision_forms(request, items, reasons):
    data = request.POST if request.method == "POST" else None
    # Read once for the page, and only when some item can be answered with a solution.
    solutions = (
        extensions.existing_solution_choices()
        if any(Action.EXISTING_SOLUTION in decisions_for(item.suggestion.state) for item in items)
        else ()
    )
    return [DecisionForm(data, item=item, reasons=reasons, solutions=solutions) for item in items]


def _show_refusal(forms_by_item: dict, minutes_form, error: ValidationError) -> None:
    """Put the service's ``item-<id>-<field>`` errors on the fields that caused them."""
    for key, errors in error.message_dict.items():
        if key in minutes_form.fields:
            minutes_form.add_error(key, errors)
            continue
        _, item_id, field = [*key.split("-", 2), "", ""][:3]
        form = forms_by_item.get(item_id)
        if form is None:
            minutes_form.add_error(None, errors)
        else:
            form.add_error(field if field in form.fields else None, errors)


# --- Views ------------------------------------------------------------------------------------


@login_required
def meeting_list(request, slug):
    group = _group_for(request.user, slug)
    held = group.meetings.annotate(item_count=Count("items")).order_by("-starts_at", "-id")
    page = Paginator(held, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "ideas/meeting_list.html", {"group": group, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    group = _group_for(request.user, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = create_meeting(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The meeting is planned. Now put suggestions on its agenda.")
            )
            return redirect("groups:meeting", slug=group.slug, pk=meeting.pk)
    return render(request, "ideas/meeting_form.html", {"group": group, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
@refuses_illegal_transitions(back=meeting_page)
def meeting_detail(request, slug, pk):
    meeting = _meeting_for(request.user, slug, pk)
    add_form = AgendaAddForm(request.POST if request.POST.get("op") == "add" else None)
    if request.method == "POST":
        cancelling = request.POST.get("op") == "cancel" and meeting.state == Meeting.State.PLANNED
        if cancelling and not confirm.confirmed(request):
            return _ask_cancellation(request, meeting)
        place = _agenda_change(request, meeting, add_form)
        if place is not None:
            # Back to the item that changed, not to the top of a long page.
            url = reverse("groups:meeting", kwargs={"slug": slug, "pk": pk})
            return redirect(f"{url}#{place}" if place else url)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "items": _items(meeting),
        "add_form": add_form,
        "candidates": (
            list(agenda_candidates(meeting)) if meeting.state == Meeting.State.PLANNED else []
        ),
        "events": _history(meeting),
    }
    return render(request, "ideas/meeting_detail.html", context)


def _ask_cancellation(request, meeting: Meeting):
    return confirm.ask(
        request,
        question=_("Cancel the meeting “%(title)s”?") % {"title": meeting.title},
        consequence=_(
            "A cancelled meeting cannot be held or planned again, and its agenda can no longer "
            "be changed. Its suggestions stay as they are; take them up at another meeting."
        ),
        confirm_label=_("Yes, cancel the meeting"),
        cancel_url=reverse("groups:meeting", kwargs={"slug": meeting.group.slug, "pk": meeting.pk}),
        fields=[("op", "cancel"), ("reason", request.POST.get("reason", ""))],
    )


def _history(meeting: Meeting) -> list:
    events = list(meeting.events.select_related("actor").order_by("created_at", "id"))
    for event in events:
        event.label = MEETING_ACTION_LABELS.get(event.action, event.action)
    return events


def _agenda_change(request, meeting: Meeting, add_form) -> str | None:
    """One change of the agenda (or the meeting's cancellation) from the detail page's forms.

    Returns where on the page to go back to (the id of the item that changed; "" for the top),
    or None when nothing was changed and the form shows why. Raises ``IllegalTransition`` when
    the meeting is no longer planned.
    """
    op, user = request.POST.get("op"), request.user
    if op == "cancel":
        form = CancelForm(request.POST)
        if not form.is_valid():  # only a hand-made post: the page's input cannot be invalid
            raise BadRequest(form.errors.as_text())
        meeting_cancel(actor=user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The meeting was cancelled."))
        return ""
    if op == "add":
        if not add_form.is_valid():
            return None
        reference = add_form.cleaned_data["reference"].strip()
        suggestion = Suggestion.objects.filter(reference=reference, group=meeting.group).first()
        if suggestion is None:
            add_form.add_error("reference", _("The group has no suggestion with this reference."))
            return None
        try:
            item = agenda_add(actor=user, meeting=meeting, suggestion=suggestion)
        except ValidationError as error:
            add_form.add_error("reference", error.message_dict.get("suggestion", error.messages))
            return None
        messages.success(request, _("%(reference)s is on the agenda.") % {"reference": reference})
        return agenda_row_id(item)
    item_id = request.POST.get("item", "")
    item = meeting.items.filter(pk=item_id).first() if item_id.isdigit() else None
    if item is None or op not in ("remove", "up", "down"):
        return "agenda"  # gone already (a double click) or nothing asked: the agenda again
    if op == "remove":
        agenda_remove(actor=user, meeting=meeting, item=item)
        messages.success(request, _("The item was removed from the agenda."))
        return "agenda"
    agenda_reorder(actor=user, meeting=meeting, item=item, offset=-1 if op == "up" else 1)
    return agenda_row_id(item)


def agenda_row_id(item: AgendaItem) -> str:
    """The id of an item's row on the meeting page (templates/ideas/meeting_detail.html)."""
    return f"agenda-item-{item.pk}"


@login_required
@require_http_methods(["GET", "POST"])
@refuses_illegal_transitions(back=meeting_page)
def minutes(request, slug, pk):
    meeting = _meeting_for(request.user, slug, pk)
    if meeting.state != Meeting.State.PLANNED:
        if request.method == "POST":
            return _refused(
                request,
                meeting,
                _("The minutes of this meeting are already recorded, or it was cancelled."),
            )
        return redirect("groups:minutes_print", slug=slug, pk=pk)
    if refusal := not_begun(meeting):
        # Nothing to write yet: say so before the secretary fills in a form that would be
        # refused.
        return _refused(request, meeting, refusal, status=409 if request.method == "POST" else 200)
    items = _items(meeting)
    reasons = list(DecisionReason.objects.active())
    decision_forms = _decision_forms(request, items, reasons)
    minutes_form = MinutesForm(request.POST or None)
    status = 200
    if request.method == "POST":
        valid = minutes_form.is_valid() & all(form.is_valid() for form in decision_forms)
        if valid:
            try:
                minutes_record(
                    actor=request.user,
                    meeting=meeting,
                    decisions={form.item.pk: form.as_decision() for form in decision_forms},
                    **minutes_form.cleaned_data,
                )
            except MinutesRefused as error:
                forms_by_item = {str(form.item.pk): form for form in decision_forms}
                _show_refusal(forms_by_item, minutes_form, error)
                status = 409 if error.conflict else 200
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("The minutes were recorded and the decisions applied."))
                return redirect("groups:minutes_print", slug=slug, pk=pk)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "decision_forms": decision_forms,
        "minutes_form": minutes_form,
        "has_errors": any(form.errors for form in decision_forms) or bool(minutes_form.errors),
    }
    return render(request, "ideas/minutes_form.html", context, status=status)


@login_required
def minutes_print(request, slug, pk):
    meeting = _meeting_for(request.user, slug, pk)
    items = _items(meeting)
    for item in items:
        item.decision_label = ACTION_LABELS.get(item.decision, "")
    context = {"meeting": meeting, "group": meeting.group, "items": items}
    return render(request, "ideas/minutes_print.html", context)
