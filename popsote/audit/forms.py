from django import forms
from django.utils.translation import gettext_lazy as _

from popsote.audit.selectors import Filters
from popsote.audit.sources import SOURCES


def _action_choices():
    grouped = [(source.label, list(source.actions.items())) for source in SOURCES]
    return [("", _("Any action")), *grouped]


class AuditFilterForm(forms.Form):
    """The filters of the audit list, read from the page's address."""

    kind = forms.MultipleChoiceField(
        label=_("Kind of object"),
        required=False,
        choices=[(source.kind, source.label) for source in SOURCES],
        widget=forms.CheckboxSelectMultiple,
    )
    ref = forms.CharField(
        label=_("Object"),
        required=False,
        max_length=254,
        help_text=_(
            "A suggestion's reference, an application's number, a listing's or group's short "
            "name, an account's e-mail address or an id in the admin."
        ),
    )
    actor = forms.CharField(
        label=_("Who acted"),
        required=False,
        max_length=254,
        help_text=_("Part of a name or an e-mail address."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False, choices=_action_choices)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot come before the start date."))
        return data

    def filters(self) -> Filters:
        """The filters that were valid; an invalid one narrows nothing."""
        data = self.cleaned_data if self.is_bound else {}
        return Filters(
            kinds=tuple(data.get("kind") or ()),
            ref=(data.get("ref") or "").strip(),
            actor=(data.get("actor") or "").strip(),
            action=data.get("action") or "",
            start=data.get("start"),
            end=data.get("end") if "end" not in self.errors else None,
        )
