"""Sign-in with OpenID Connect: who an identity from a provider becomes here.

An identity signs in to an existing account only through an e-mail address that both sides have
verified: the provider says so in ``email_verified``, and the account confirmed it here. Anything
less could hand someone else's account to whoever controls the provider's record (or to whoever
registered the address here without owning it). A new account gets what the sign-up form gives
one; what the provider does not tell (how the person takes part) is asked on the sign-up page.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils.translation import get_language

from popsote.taxonomy.models import StakeholderGroup


def _verified_claim(value: object) -> bool:
    # Some providers send the claim as the string "true"; anything but a plain yes is a no.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def configured_stakeholder_group(sociallogin) -> StakeholderGroup | None:
    """The group a provider's configuration gives its people (the staff directory: staff)."""
    code = sociallogin.provider.app.settings.get("stakeholder_group")
    if not code:
        return None
    return StakeholderGroup.objects.active().filter(code=code).first()


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def authenticate_by_email(self, sociallogin):
        # allauth reads the claim as Python truth, so "false" would count as verified.
        for address in sociallogin.email_addresses:
            address.verified = _verified_claim(address.verified)
        return super().authenticate_by_email(sociallogin)

    def can_authenticate_by_email(self, login, email: str) -> bool:
        verified_here = EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
        return verified_here and super().can_authenticate_by_email(login, email)

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # Without the page only when the provider's configuration names the stakeholder group
        # and the provider vouches for the address; otherwise the person completes the page.
        verified = any(a.verified for a in sociallogin.email_addresses)
        return verified and configured_stakeholder_group(sociallogin) is not None

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.name = (data.get("name") or "").strip()[:150]
        user.preferred_language = _language()
        user.stakeholder_group = configured_stakeholder_group(sociallogin)
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        user = sociallogin.user
        initial["name"] = user.name
        if user.stakeholder_group_id:
            initial["stakeholder_group"] = user.stakeholder_group_id
        return initial
