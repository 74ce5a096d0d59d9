import os

from celery import shared_task


@shared_task(name="popsote.core.ping")
def ping(token: str) -> dict:
    """Answer with the token and the process that ran it: proof that a worker is alive."""
    return {"token": token, "pid": os.getpid()}
