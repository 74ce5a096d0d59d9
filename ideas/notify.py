"""Who hears about what happens to a suggestion (issue 5 fills this in).

Services call ``suggestion_event(event)`` inside their transaction, right after writing the
event row, so that the notifications are written in the same transaction (the outbox).
"""

from __future__ import annotations


def suggestion_event(event) -> None:
    """Queue the notifications ``event`` causes, in the caller's transaction."""


def content_reported(report) -> None:
    """Tell the coordinators that content was reported, in the caller's transaction."""
