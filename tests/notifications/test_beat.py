"""The periodic jobs are code: every entry of the beat schedule names a task a worker
registers, with arguments the task takes — a typo would otherwise fail silently in
production, where beat only publishes names."""

from __future__ import annotations

import inspect

import pytest
from celery.schedules import crontab
from django.conf import settings

from popsote.celery import app


@pytest.fixture(scope="module")
def registered():
    # What a worker imports at start: CELERY_IMPORTS and every app's tasks module.
    app.loader.import_default_modules()
    return app.tasks


@pytest.mark.parametrize("name", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_each_periodic_job_names_a_registered_task_with_arguments_it_takes(registered, name):
    entry = settings.CELERY_BEAT_SCHEDULE[name]

    assert entry["task"] in registered, f"{name}: no task {entry['task']!r}"
    task = registered[entry["task"]]
    signature = inspect.signature(task.run)
    signature.bind(*entry.get("args", ()), **entry.get("kwargs", {}))
    assert isinstance(entry["schedule"], crontab)


def test_it_runs_the_outbox_sweep_digests_and_reminders():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "notifications.deliver_pending",
        "notifications.send_digests",
        "ideas.remind_overdue",
        "ideas.index_pending",
    } <= tasks
    digests = [
        entry.get("args", [None])[0]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "notifications.send_digests"
    ]
    assert sorted(digests) == ["daily", "weekly"]
