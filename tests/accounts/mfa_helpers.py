"""Signing in the way a person does, with an authenticator app whose codes the test computes
from the secret (allauth's own TOTP functions, the ones an app implements)."""

from __future__ import annotations

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.factories import PASSWORD


def totp_code(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or ``step`` periods from now)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step))


def give_totp(user) -> str:
    """An authenticator app and recovery codes for ``user``; returns the app's secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(instance).get_unused_codes()


def password_sign_in(client, user, *, password: str = PASSWORD, **extra):
    return client.post("/en/accounts/login/", {"login": user.email, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session
