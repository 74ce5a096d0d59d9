"""Registering a company and inviting colleagues."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models.companies import normalise_business_id


class CompanyForm(forms.Form):
    name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    business_id = forms.CharField(
        label=_("Business ID (Y-tunnus)"),
        max_length=20,
        help_text=_("Seven digits, a dash and a check digit, for example 1234567-8."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def clean_business_id(self) -> str:
        # The checksum is checked here so that a typing error is told at once, by the field.
        return normalise_business_id(self.cleaned_data["business_id"])


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Your colleague's e-mail"),
        help_text=_(
            "They get a link that is valid for a week. To accept it they sign in with this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
