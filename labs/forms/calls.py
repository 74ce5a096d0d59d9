"""The form that opens public suggestions as a call to companies.

It checks the shape of what was typed; who may open a call on which suggestion, and that the
deadline is ahead, are the service's rules (``labs.services.calls.call_create``).
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models import Suggestion

REFERENCE = re.compile(r"\d{4}-\d{6}")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CallForm(forms.Form):
    # Its fields stand on the suggestion's page beside the page's own forms.
    prefix = "call"

    title = forms.CharField(
        label=_("Title of the call"),
        max_length=200,
        help_text=_("Say the need in a few words, as a company would look for it."),
    )
    description = forms.CharField(
        label=_("What is asked of companies"),
        help_text=_(
            "The need, who has it, and what a solution would have to do. The call is public: "
            "do not write anyone's personal details."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    deadline = forms.DateField(
        label=_("Applications until"),
        help_text=_("The call takes applications until the end of this day."),
        widget=DateInput(),
    )
    references = forms.CharField(
        label=_("Suggestions the call answers"),
        help_text=_(
            "Their references, e.g. 2026-000123, one per line or separated by commas. Each must "
            "be public and one that you handle."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_deadline(self) -> datetime:
        # The end of the chosen day where the county is.
        day = self.cleaned_data["deadline"]
        return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))

    def clean_references(self) -> list[Suggestion]:
        text = self.cleaned_data["references"]
        references = list(dict.fromkeys(re.split(r"[\s,;]+", text.strip())))
        wrong = [reference for reference in references if not REFERENCE.fullmatch(reference)]
        if wrong:
            raise forms.ValidationError(
                _("“%(value)s” is not a suggestion reference (e.g. 2026-000123).")
                % {"value": wrong[0]}
            )
        found = {
            s.reference: s for s in Suggestion.objects.public().filter(reference__in=references)
        }
        missing = [reference for reference in references if reference not in found]
        if missing:
            raise forms.ValidationError(
                _("No public suggestion has the reference %(reference)s.")
                % {"reference": missing[0]}
            )
        return [found[reference] for reference in references]
