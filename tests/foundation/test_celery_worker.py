import os
import uuid

import pytest


@pytest.mark.worker
def test_it_runs_a_task_on_a_real_worker_through_redis(celery_worker):
    token = uuid.uuid4().hex

    result = celery_worker.app.send_task("popsote.core.ping", args=[token])
    answer = result.get(timeout=30)

    assert answer["token"] == token
    assert answer["pid"] == celery_worker.process.pid
    assert answer["pid"] != os.getpid()


def test_it_runs_tasks_inline_without_redis():
    from popsote.core.tasks import ping

    answer = ping.delay("inline").get(timeout=1)

    assert answer == {"token": "inline", "pid": os.getpid()}
