"""Forms of group work on suggestions: the queue's filters, triage, the handler panel of a
suggestion and the submitter's answer to an information request.

They check the shape of what was typed; the services decide and write. A service's
``ValidationError`` goes back onto the form with ``add_error(None, error)``, which puts each
message next to the field it names. Choices of groups, members and reasons are passed in as
lists, read once per page: a queue of fifty rows with a form in each still reads them once.
"""

from __future__ import annotations

import json
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.converters import ReferenceConverter
from ideas.lifecycle import Action

NOTE_HELP = _("Internal: only the group and the coordinators see it.")
MESSAGE_MAX = 5000
REFERENCE = re.compile(ReferenceConverter.regex)


class QueueFilterForm(forms.Form):
    """The queue's filters, in the address so that a filtered queue can be bookmarked."""

    OPEN = "open"
    ALL = "all"

    state = forms.ChoiceField(label=_("State"), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    mine = forms.BooleanField(label=_("Only assigned to me"), required=False)
    evaluation = forms.ChoiceField(
        label=_("My evaluation"),
        required=False,
        choices=[
            ("", _("Any")),
            ("done", _("Evaluated by me")),
            ("pending", _("Not yet evaluated by me")),
        ],
    )
    impact = forms.ChoiceField(
        label=_("Impact assessment"),
        required=False,
        choices=[("", _("Any")), ("due", _("Impact assessment due (deployed, not completed)"))],
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("Open (received, in processing, information requested)")),
            (self.ALL, _("All states")),
            *states,
        ]

    def filters(self) -> dict:
        """What was asked, leaving out anything that did not validate."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value
        }


class ReferencesField(forms.Field):
    """The references of the suggestions ticked in a list (each row's checkbox has the same
    name); each must look like one, so that nothing else reaches a query."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Choose at least one suggestion to send."),
        "invalid": _("“%(value)s” is not a suggestion reference."),
    }

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        for reference in values:
            if not REFERENCE.fullmatch(str(reference)):
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": reference}
                )
        return list(dict.fromkeys(values))


class RouteForm(forms.Form):
    """Triage: send the chosen suggestions to one group. The rows' checkboxes are the
    ``references`` field (the page draws them); the states they were seen in are read by the
    view; one select of every group serves the page."""

    references = ReferencesField()
    group = forms.ChoiceField(label=_("Send the chosen suggestions to"))
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=MESSAGE_MAX,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, groups, **kwargs):
        kwargs.setdefault("auto_id", "route_%s")
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Choose a group")), *groups]


class DecisionFields(forms.Form):
    """What a handler's decision carries besides the move itself, shared by the handler panel
    and a meeting's minutes (one agenda item each): the internal note and the fields that only
    some moves need. Each form adds its move field, its public message and the choices."""

    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )
    reason = forms.ChoiceField(
        label=_("Reason for not taking forward"),
        required=False,
        help_text=_("Needed when the suggestion is not taken forward."),
    )
    target = forms.CharField(
        label=_("Merge into (reference)"),
        required=False,
        max_length=16,
        help_text=_("Needed to merge: the reference of the other suggestion, like 2026-000123."),
    )
    link = forms.CharField(
        label=_("Link to the existing solution"),
        required=False,
        max_length=500,
        widget=forms.URLInput,
        help_text=_(
            "Needed when an existing solution answers the suggestion: its web address, for "
            "example a showroom page."
        ),
    )
    solution = forms.ChoiceField(
        label=_("Or choose the solution from the showroom"),
        required=False,
        help_text=_(
            "A solution listed in the showroom fills in the link to its page, and the "
            "solution's page shows that it answers this need."
        ),
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    # Which move needs which of the optional fields. With scripts, the page shows a field only
    # while its move is chosen in the ``MOVE_FIELD`` (static/js/handling.js reads both from
    # the form's data-needed-by and data-chosen-by); a field holding an error always shows.
    MOVE_FIELD: str
    NEEDED_BY = {
        "reason": (Action.NOT_ADVANCE,),
        "target": (Action.MERGE,),
        "link": (Action.EXISTING_SOLUTION,),
        "solution": (Action.EXISTING_SOLUTION,),
    }

    def __init__(self, *args, solutions=(), **kwargs):
        """``solutions``: the ``(address, name)`` pairs of ``ideas.extensions
        .existing_solution_choices``, read once per page; without any the field is left out."""
        super().__init__(*args, **kwargs)
        if solutions:
            self.fields["solution"].choices = [("", _("None chosen")), *solutions]
        else:
            del self.fields["solution"]

    def clean(self):
        """A chosen solution is the link; a typed link that says otherwise is a mistake to
        point out rather than to guess between."""
        cleaned = super().clean()
        chosen = cleaned.get("solution")
        if chosen:
            typed = (cleaned.get("link") or "").strip()
            if typed and typed != chosen:
                self.add_error(
                    "solution",
                    _("Either choose a solution or type a link: the two say different things."),
                )
            else:
                cleaned["link"] = chosen
        return cleaned

    def needed_by_json(self) -> str:
        return json.dumps(
            {
                self[name].auto_id: [str(action) for action in actions]
                for name, actions in self.NEEDED_BY.items()
                if name in self.fields
            }
        )

    @property
    def move_field(self) -> forms.BoundField:
        return self[self.MOVE_FIELD]


class HandlingForm(DecisionFields):
    """The handler's move: one action and what it needs. Without scripts every field shows,
    each saying which action needs it; the service decides what is missing."""

    field_order = ["action", "message", "note", "group", "reason", "target", "link", "solution"]

    action = forms.ChoiceField(label=_("Action"))
    message = forms.CharField(
        label=_("Public message"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Public: the submitter and everyone reading the suggestion see it. Needed for "
            "decisions, for an information request (the question) and for a transfer (or an "
            "internal note)."
        ),
    )
    group = forms.ChoiceField(
        label=_("Handler group"),
        required=False,
        help_text=_("Needed to route or transfer the suggestion."),
    )

    MOVE_FIELD = "action"
    NEEDED_BY = {"group": (Action.ROUTE, Action.TRANSFER), **DecisionFields.NEEDED_BY}

    def __init__(self, *args, actions, groups, reasons, solutions=(), **kwargs):
        # The suggestion page holds several forms: ids must not collide.
        kwargs.setdefault("auto_id", "handle_%s")
        super().__init__(*args, solutions=solutions, **kwargs)
        self.fields["action"].choices = [("", _("Choose the action")), *actions]
        self.fields["group"].choices = [("", _("No group chosen")), *groups]
        self.fields["reason"].choices = [("", _("No reason chosen")), *reasons]


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody")), *members]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
        error_messages={"required": _("Write the note first.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class AnswerForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Your answer joins the suggestion's timeline, where everyone who can see the "
            "suggestion reads it. Do not write patient or client details, or anyone's "
            "personal identity code."
        ),
        error_messages={"required": _("Write your answer.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)
