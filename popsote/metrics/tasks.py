"""The metrics' one scheduled job: the rollups themselves are kept in each writing transaction."""

from __future__ import annotations

from celery import shared_task

from popsote.metrics import cells


@shared_task(name="metrics.fold_open_due")
def fold_open_due() -> None:
    cells.fold_open_due()
