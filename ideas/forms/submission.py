"""The suggestion form, with the robots' trap. It reads and checks what a person typed; the
service decides and writes (``ideas.services.submission``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ideas.models import Challenge, Suggestion
from ideas.selectors.challenges import open_challenges
from ideas.services.submission import OFFLINE_CHANNELS
from popsote.core.pii import no_identity_code
from popsote.core.uploads import ACCEPT, MAX_BYTES, MAX_FILES, MultipleFileField, MultipleFileInput
from popsote.taxonomy.models import (
    Area,
    ServiceArea,
    StakeholderGroup,
    StrategyTheme,
    SuggestionKind,
)

# The trap for robots. A person never sees it (nor does a screen reader); a form robot fills
# every field it finds. The name is one that browsers' autofill does not recognise.
HONEYPOT = "homepage"


class SuggestionForm(forms.Form):
    """The submission form, for signed-in and signed-out people alike.

    ``user`` decides which of the last fields there are: a signed-in person may show their name
    or enter the suggestion on someone's behalf; a signed-out one may leave an e-mail.
    """

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        validators=[no_identity_code],
        help_text=_("A short summary, for example “Evening appointments at the health centre”."),
    )
    description = forms.CharField(
        label=_("The need or problem"),
        max_length=10_000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is the problem or need? Whom does it affect, where, and how often?"),
    )
    proposed_solution = forms.CharField(
        label=_("Your proposed solution"),
        required=False,
        max_length=10_000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("If you have an idea of how to solve it, tell us."),
    )
    beneficiaries = forms.CharField(
        label=_("Who would benefit"),
        required=False,
        max_length=2_000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example families with children, home care staff, people in the area."),
    )
    kind = forms.ModelChoiceField(
        label=_("What kind of suggestion is it?"),
        queryset=SuggestionKind.objects.active(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.active(),
        empty_label=_("Choose an area"),
        help_text=_("Where does this matter? Choose “Whole county” if it concerns everyone."),
    )
    service_area = forms.ModelChoiceField(
        label=_("Service area"),
        queryset=ServiceArea.objects.active(),
        empty_label=_("Choose a service area"),
        help_text=_("Choose “Other / don't know” if you are not sure."),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("I make this suggestion as"),
        queryset=StakeholderGroup.objects.active(),
        empty_label=_("Choose one"),
        help_text=_("Others see this instead of your name."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Strategy themes of the county"),
        queryset=StrategyTheme.objects.active(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick the themes your suggestion serves, if any."),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("Not part of a challenge"),
        help_text=_("Answering an open call for suggestions? Choose it here."),
        error_messages={
            "invalid_choice": _(
                "This challenge no longer takes suggestions. Choose another one or none."
            )
        },
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=settings.LANGUAGES)
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    is_private = forms.BooleanField(
        label=_("Only for the handlers: do not show it publicly"),
        required=False,
        help_text=_(
            "Suggestions are public so that others can support them. A private one is seen only "
            "by the handlers and the coordinators."
        ),
    )
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = bool(getattr(user, "is_authenticated", False))
        self.fields["challenge"].queryset = open_challenges()
        # Formatted per request: a lazy string formatted at import would freeze its language.
        self.fields["attachments"].help_text = gettext(
            "Pictures (JPEG, PNG, WebP) or PDF documents: at most %(count)d files, "
            "%(size)d MB each. Pictures lose their location and camera details."
        ) % {"count": MAX_FILES, "size": MAX_BYTES // (1024 * 1024)}
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if self.signed_in:
            self.fields["show_submitter_name"] = forms.BooleanField(
                label=_("Show my name with the suggestion"),
                required=False,
                help_text=_("Otherwise others see only your stakeholder group."),
            )
            self.fields["on_behalf"] = forms.BooleanField(
                label=_("I am entering this on behalf of someone else"),
                required=False,
                help_text=_(
                    "For contact persons who heard the suggestion at an event, by phone or on "
                    "a paper form. The suggestion will not be yours: its author follows it with "
                    "the tracking link."
                ),
            )
            self.fields["channel"] = forms.ChoiceField(
                label=_("How did the suggestion reach you?"),
                required=False,
                choices=[("", _("Choose one"))]
                + [
                    (value, label)
                    for value, label in Suggestion.Channel.choices
                    if value in OFFLINE_CHANNELS
                ],
            )
            email_label = _("The person's e-mail")
            email_help = _(
                "If they want the reference and the tracking link by e-mail, and a message "
                "with the same link whenever the handling moves on."
            )
        else:
            email_label = _("Your e-mail")
            email_help = _(
                "We send you the reference and your private tracking link, and a message with "
                "the same link whenever the handling moves on; nothing else. Nobody else sees "
                "your address."
            )
        self.fields["email"] = forms.EmailField(
            label=email_label,
            required=False,
            help_text=email_help,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not data.get("channel"):
            self.add_error("channel", _("Choose how the suggestion reached you."))
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        """Show the service's refusal next to the fields it names."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)

    def service_arguments(self) -> dict:
        """``cleaned_data`` as the keyword arguments of ``suggestion_submit``."""
        data = dict(self.cleaned_data)
        data.pop(HONEYPOT, None)
        data["channel"] = data.get("channel") or Suggestion.Channel.ONLINE
        return data
