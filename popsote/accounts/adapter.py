from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from popsote.accounts.models import User
from popsote.core.client import client_address
from popsote.core.site import current_site, on_site

# Links that account e-mails carry; they open the site in the language of the e-mail.
MAIL_LINKS = ("activate_url", "password_reset_url", "signup_url")


def recipient_language(user, email: str) -> str:
    """The language to write to this person in: theirs when we know it, else the page's."""
    if user is None and email:
        # "Account already exists" mails name no user, but the address belongs to one.
        user = User.objects.filter(email__iexact=email).only("preferred_language").first()
    language = getattr(user, "preferred_language", None) or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return language


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # The sign-in limits count by the address the rest of the site counts by.
        return client_address(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        language = recipient_language(context.get("user"), email)
        # translate_url resolves a link in the language it was made in (the page's, still
        # active here), so translate the links before switching to the recipient's language.
        # allauth makes them, and names the site, from the request's Host: the configured
        # site address replaces it.
        context = {
            **context,
            "current_site": current_site(),
            **{
                key: on_site(translate_url(context[key], language))
                for key in MAIL_LINKS
                if key in context
            },
        }
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
