"""Queueing a task from a web request without waiting for a broker that is down.

Every task queued from a request has a sweep behind it (the outbox, the re-index), so a task
that cannot be queued is logged and left to its sweep. A broker that refuses or never answers
costs one short timeout; then the breaker skips it for a while, so the other tasks of that
request, and the requests after it, do not wait for it again.
"""

from __future__ import annotations

import logging

from popsote.core.breaker import Breaker

logger = logging.getLogger(__name__)

broker = Breaker("Celery broker", pause=30.0)


def enqueue(task, *args, countdown: float | None = None) -> bool:
    """Queue ``task(*args)``; False when it was not queued (its sweep will do the work)."""
    if broker.is_open:
        logger.info("Not queueing %s%r while the broker is down; its sweep will", task.name, args)
        return False
    try:
        # No result: nothing waits for one, and the result backend would ask Redis too.
        task.apply_async(args=args, countdown=countdown, retry=False, ignore_result=True)
    except Exception as error:
        if task.app.conf.task_always_eager:  # the task itself failed, inline: not the broker
            logger.exception("Task %s%r failed; its sweep will try again", task.name, args)
        else:
            broker.trip(error)
            logger.warning("Could not queue %s%r; its sweep will", task.name, args)
        return False
    return True
