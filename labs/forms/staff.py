"""The labs staff's moves on an application, its internal notes and the decision on the label.

Bound, the move form accepts any staff move so that one the state no longer allows reaches the
service and is refused there with 409; unbound it offers the moves the state allows.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.lifecycle import COMPANY_ACTIONS, DECISION_ACTIONS, LIFECYCLE, Action
from popsote.core.pii import no_identity_code

MESSAGE_MAX = 5000
NOTE_HELP = _("Internal: only the labs staff see it.")
# Moves with pages of their own (the decision form) are not offered on the move form.
STAFF_MOVES = [
    action
    for action in LIFECYCLE.moves
    if action not in COMPANY_ACTIONS and action not in DECISION_ACTIONS
]


def staff_move_choices(state: str | None) -> list[tuple[str, str]]:
    """The staff moves; only those ``state`` allows, unless ``state`` is None."""
    allowed = None if state is None else set(LIFECYCLE.actions_from(state))
    return [
        (action, Action(action).label)
        for action in STAFF_MOVES
        if allowed is None or action in allowed
    ]


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Move"))
    message = forms.CharField(
        label=_("Public message to the company"),
        required=False,
        max_length=MESSAGE_MAX,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the application's timeline. Required when not accepting."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=MESSAGE_MAX,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NOTE_HELP,
    )

    def __init__(self, *args, state: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = staff_move_choices(state)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=MESSAGE_MAX,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NOTE_HELP,
    )


class DecisionForm(forms.Form):
    GRANT = Action.GRANT_LABEL
    NONE = Action.NO_LABEL

    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(GRANT, _("Grant the label")), (NONE, _("No label"))],
    )
    level = forms.ChoiceField(label=_("Level of the label"), required=False)
    message = forms.CharField(
        label=_("Public reasons"),
        required=False,
        max_length=MESSAGE_MAX,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when no label is granted; shown to the company and on the report."),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("Choose a level")), *levels]

    def clean(self):
        data = super().clean()
        if data.get("action") == self.GRANT and not data.get("level"):
            self.add_error("level", _("Choose the level of the label."))
        if data.get("action") == self.NONE and not data.get("message"):
            self.add_error("message", _("Say publicly why no label is granted."))
        return data


class QueueFilterForm(forms.Form):
    """The queue's filter, in the address so that a filtered queue can be bookmarked."""

    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Open (not yet decided)")), *states]

    def chosen_state(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["state"]
        return ""
