"""Who must use two-step verification, and which pages stay open to them until they have it.

Staff roles must (handler-group members, coordinators, labs staff, showroom editors, and anyone
who reaches the Django admin); everybody else may. The requirement is the setting
``STAFF_MFA_REQUIRED``: always on without debug.

Handler groups belong to a domain app, which this foundation does not import: an app says that
a person works as staff in it through a ``requires_mfa(user)`` method on its AppConfig
(handler groups: their members).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.apps import apps as django_apps
from django.conf import settings

from popsote.accounts.roles import role_names

# A second factor of one's own: recovery codes alone are a fallback, not one.
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)

# Pages a person without the second factor their role needs may still open, signed in: the
# way to set one up (allauth's ``mfa_*`` pages, by prefix), the sessions list, sign-out, the
# e-mail address the setup needs verified, and the site's plumbing.
SETUP_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
        "usersessions_list",
        "session_end",
        "set_language",
        "javascript-catalog",
        "healthz",
    }
)
SETUP_URL_PREFIXES = ("mfa_",)

# The public site, by URL name: served as everybody sees it (signed out), because the same
# address shows staff more (a suggestion's internal notes to its handlers, say). ``True``
# marks pages, which say why the person's staff tools are not shown.
PUBLIC_URL_NAMES = {
    "home": True,
    "ideas:board": True,
    "ideas:similar": True,
    "ideas:detail": True,
    "ideas:challenges": True,
    "ideas:challenge": True,
    "labs:index": True,
    "labs:labels": True,
    "labs:label": True,
    "labs:label_qr": False,
    "showroom:catalogue": True,
    "showroom:detail": True,
    "showroom:image": False,
    "metrics:stats": True,
    "metrics:stats_figure": False,
    "open_data:csv": False,
    "open_data:metadata": False,
    "open_data:dcat": False,
}


def works_as_staff(user) -> bool:
    """Whether ``user`` holds a role that must use two-step verification."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser or role_names(user):
        return True
    for config in django_apps.get_app_configs():
        provider = getattr(config, "requires_mfa", None)
        if provider is not None and provider(user):
            return True
    return False


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=FACTORS).exists()


def needs_mfa_setup(user) -> bool:
    """A person whose role requires a second factor and who has none yet."""
    return settings.STAFF_MFA_REQUIRED and works_as_staff(user) and not has_second_factor(user)


def open_during_setup(url_name: str | None) -> bool:
    return bool(url_name) and (
        url_name in SETUP_URL_NAMES or url_name.startswith(SETUP_URL_PREFIXES)
    )
