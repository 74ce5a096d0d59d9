"""Reads of notifications: a person's inbox and unread count, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

from popsote.notifications.models import Notification


def inbox(user) -> QuerySet[Notification]:
    """The person's in-site notifications, newest first (their own only)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()
