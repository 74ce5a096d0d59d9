"""Forms of the suggestion page's community (comments, reports), moderation and challenges.

They check the shape of what was typed; the rules (who may, personal data, deadlines) are the
services'. A service's ``ValidationError`` goes back onto the form with ``add_error(None, …)``,
which puts each message next to the field it names.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.models import Challenge, Comment, ContentReport

PERSONAL_DATA_HELP = _(
    "Comments are public. Do not write patient or client details, or anyone's personal "
    "identity code."
)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        help_text=PERSONAL_DATA_HELP,
        max_length=Comment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a comment first.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this inappropriate?"),
        help_text=_(
            "Tell the moderators what is wrong, for example: personal details, insults or "
            "advertising. Only the moderators see this."
        ),
        max_length=ContentReport._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell the moderators what is wrong.")},
    )


class ModerationForm(forms.Form):
    HIDE, RESTORE, DISMISS = "hide", "restore", "dismiss"

    action = forms.ChoiceField(
        label=_("Action"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the actions shown.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Kept in the record of the suggestion. Needed for hiding and restoring; optional "
            "when the reports need no action."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, is_hidden: bool, has_reports: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the moves that make sense for the content as it is now.
        choices = [
            (self.RESTORE, _("Restore: show it to everyone again"))
            if is_hidden
            else (self.HIDE, _("Hide: remove it from the public"))
        ]
        if has_reports:
            choices.append((self.DISMISS, _("No action needed: close the reports")))
        self.fields["action"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("action") in {self.HIDE, self.RESTORE} and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason; it is kept in the record."))
        return data


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


DATETIME_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class ChallengeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        help_text=_(
            "Lower-case letters, numbers and hyphens, for example “kotihoito-2026”. "
            "The challenge's page will be /challenges/<short name>/."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What kind of suggestions are you asking for, and why?"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        help_text=_("Leave empty to open it at once."),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_LOCAL_FORMATS,
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        help_text=_("After this moment the challenge takes no more suggestions."),
        widget=DateTimeLocalInput(),
        input_formats=DATETIME_LOCAL_FORMATS,
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if Challenge.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("Another challenge already uses this short name."))
        return slug
