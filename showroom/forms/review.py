"""The editors' forms: a message with a returned listing or change, a reason with an
archiving. Both are public: the company reads them, and an archived listing's page says why."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from popsote.core.pii import no_identity_code

MESSAGE_MAX = 5000


class ReturnForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the company"),
        max_length=MESSAGE_MAX,
        help_text=_("What to correct or add before the listing can be published."),
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tell the company what to correct.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is archived"),
        max_length=MESSAGE_MAX,
        help_text=_(
            "Public: the listing's page keeps saying since when and why it is no longer listed."
        ),
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Give the reason for archiving.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "archive_%s")
        super().__init__(*args, **kwargs)
