"""The retention jobs (``CELERY_BEAT_SCHEDULE``): thin, idempotent, each calling a service."""

from celery import shared_task

from popsote.privacy import services


@shared_task(name="privacy.erase_submitter_emails")
def erase_submitter_emails() -> int:
    return services.submitter_emails_erase()


@shared_task(name="privacy.inactive_accounts")
def inactive_accounts() -> dict:
    return services.inactive_accounts()


@shared_task(name="privacy.clear_expired_sessions")
def clear_expired_sessions() -> int:
    return services.sessions_clear_expired()
