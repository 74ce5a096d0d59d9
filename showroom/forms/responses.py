"""People's responses to a listed solution: feedback after use (and its report, the
suggestions' own report form). Interest and recommendations are a button each and need no
form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.forms.community import ModerationForm, ReportForm
from popsote.core.pii import no_identity_code
from showroom.models import Feedback, UsedAs

__all__ = ["FeedbackForm", "FeedbackModerationForm", "ReportForm"]


class FeedbackForm(forms.Form):
    used_as = forms.ChoiceField(
        label=_("How do you know it?"),
        choices=UsedAs.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you know the solution.")},
    )
    text = forms.CharField(
        label=_("Your experience"),
        max_length=Feedback._meta.get_field("text").max_length,
        help_text=_(
            "Public: tell what it was like to use. Do not write anyone's health details or "
            "personal identity code."
        ),
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write about your experience first.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback_%s")
        super().__init__(*args, **kwargs)


class FeedbackModerationForm(ModerationForm):
    """The moderators' choice for one experience: the suggestions' moderation form, with the
    record it is kept in named."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Kept in the record of the listing. Needed for hiding and restoring; optional when "
            "the reports need no action."
        )
