"""The e-mails of the privacy jobs, through the notifications outbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from popsote.accounts.models import User
from popsote.notifications.models import Category, Notification
from popsote.notifications.services import notify_address

INACTIVITY_KIND = "privacy.inactivity_warning"


def inactivity_warning(user: User) -> Notification | None:
    """Tell the person that their unused account will be removed, and how to keep it.

    Sent to the account's address whatever the person chose for their notifications: it is
    not news of the site but notice of what will happen to their data, which they may not
    miss. In the caller's transaction; the mail goes after the commit."""
    days = settings.PRIVACY_INACTIVE_GRACE_DAYS

    def render():
        return {
            "title": _("Your account will be removed unless you sign in"),
            "body": _(
                "You have not signed in to the co-development service for a long time. To "
                "protect your data, your account will be removed in %(days)s days unless you "
                "sign in before then. Your public suggestions and comments will stay, shown "
                "only with your stakeholder group. To keep your account, just sign in."
            )
            % {"days": days},
            "url": reverse("account_login"),
        }

    return notify_address(
        email=user.email,
        language=user.preferred_language or settings.LANGUAGE_CODE,
        category=Category.MY_SUGGESTIONS,
        kind=INACTIVITY_KIND,
        render=render,
        topic=f"account:{user.pk}",
    )
