"""The evaluation form: a fieldset of radio buttons for each active criterion, and a comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas.models.evaluation import SCORES, score_field

# --- The form and the suggestion page's panel -------------------------------------------------


class EvaluationForm(forms.Form):
    """A fieldset of radio buttons 1–5 for each active criterion, and a comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Seen by the group and the coordinators, not by the public."),
    )

    def __init__(self, *args, criteria, **kwargs):
        # Its own ids: the suggestion page has other forms with a comment field.
        kwargs.setdefault("auto_id", "evaluation-%s")
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        comment = self.fields.pop("comment")
        for criterion in criteria:
            self.fields[score_field(criterion)] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[(score, str(score)) for score in SCORES],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 is the weakest, 5 the strongest."),
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
        self.fields["comment"] = comment

    def scores(self) -> dict:
        return {c: self.cleaned_data[score_field(c)] for c in self.criteria}

    def criterion_fields(self):
        return [self[score_field(criterion)] for criterion in self.criteria]
