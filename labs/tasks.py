"""Thin Celery tasks of Labs: each calls a service."""

from celery import shared_task

from labs.services.notifications import remind_label_expiry


@shared_task(name="labs.remind_label_expiry")
def remind_label_expiry_task() -> int:
    """Daily: reminders to companies 90 and 30 days before a label expires, once each."""
    return remind_label_expiry()
