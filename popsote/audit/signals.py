"""Receivers that turn Django's and allauth's signals into account events.

Django's own signals cover every way of signing in (allauth's forms, OpenID Connect, the admin)
because they all end in ``django.contrib.auth.login`` and ``authenticate``. allauth's MFA signals
are connected only when ``allauth.mfa`` is installed.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete

from popsote.audit.models import AccountEvent
from popsote.audit.services import account_event_record, account_pseudonymise

Action = AccountEvent.Action


def signed_in(sender, request, user, **kwargs) -> None:
    account_event_record(action=Action.SIGNED_IN, user=user, request=request)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # The credentials are already cleansed of the password; the address typed is what is left.
    typed = credentials.get("email") or credentials.get("username") or ""
    account_event_record(action=Action.SIGN_IN_FAILED, email=str(typed), request=request)


def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        account_event_record(action=Action.SIGNED_OUT, user=user, request=request)


def _authenticator(action):
    def receiver(sender, request, user, authenticator, **kwargs) -> None:
        account_event_record(
            action=action, user=user, request=request, data={"type": authenticator.type}
        )

    return receiver


mfa_added = _authenticator(Action.MFA_ADDED)
mfa_removed = _authenticator(Action.MFA_REMOVED)
mfa_reset = _authenticator(Action.MFA_RESET)


def account_deleted(sender, instance, **kwargs) -> None:
    account_pseudonymise(user_id=instance.pk)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="audit_signed_in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit_sign_in_failed")
    user_logged_out.connect(signed_out, dispatch_uid="audit_signed_out")
    post_delete.connect(account_deleted, sender=get_user_model(), dispatch_uid="audit_erase")
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa import signals as mfa

        mfa.authenticator_added.connect(mfa_added, dispatch_uid="audit_mfa_added")
        mfa.authenticator_removed.connect(mfa_removed, dispatch_uid="audit_mfa_removed")
        mfa.authenticator_reset.connect(mfa_reset, dispatch_uid="audit_mfa_reset")
