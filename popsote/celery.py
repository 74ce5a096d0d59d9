"""Celery on Redis from ``REDIS_URL``; without it, tasks run inline (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "popsote.settings")

app = Celery("popsote")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
