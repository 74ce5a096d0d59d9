"""Challenges open for suggestions now."""

from __future__ import annotations

from django.utils import timezone

from ideas.models import Challenge


def open_challenges():
    now = timezone.now()
    return Challenge.objects.filter(opens_at__lte=now, deadline__gt=now).order_by("deadline")
