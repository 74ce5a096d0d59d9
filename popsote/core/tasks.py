import os

from celery import shared_task

from popsote.core import ratelimit


@shared_task(name="popsote.core.ping")
def ping(token: str) -> dict:
    """Answer with the token and the process that ran it: proof that a worker is alive."""
    return {"token": token, "pid": os.getpid()}


@shared_task(name="popsote.core.sweep_rate_counters")
def sweep_rate_counters() -> int:
    """Delete the rate-limit counters whose window has ended."""
    return ratelimit.sweep()
