"""The only writes of the audit: account events, appended by the receivers of the sign-in and
MFA signals (``popsote.audit.signals``), and the erasure of one account's personal data in
them. Nothing else writes these rows; the trigger of migration 0002 refuses any other change."""

from __future__ import annotations

from django.db import connection

from popsote.audit.models import AccountEvent
from popsote.core.client import client_address


def account_event_record(
    *, action: str, user=None, email: str = "", request=None, data: dict | None = None
) -> AccountEvent:
    """One row for what just happened to an account, with the client's address as the site's
    rate limits see it (behind the proxies named by ``TRUSTED_PROXY_COUNT``)."""
    address = client_address(request) if request is not None else ""
    agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    if user is not None and not email:
        email = user.email
    return AccountEvent.objects.create(
        action=action,
        user=user,
        email=email[:254],
        address=address or None,
        user_agent=agent[:300],
        data=data or {},
    )


def account_pseudonymise(*, user_id: int) -> None:
    """Replace the personal data of ``user_id``'s rows by a pseudonym, keeping the rows: the
    one change the trigger lets through, made by the database function that it trusts."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_pseudonymise_account(%s)", [user_id])
