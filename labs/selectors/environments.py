"""Reads of the test environments: public, active ones only."""

from __future__ import annotations

from django.db.models import QuerySet

from labs.models import TestEnvironment


def environments(*, area=None, service_area=None) -> QuerySet[TestEnvironment]:
    """The active test environments, optionally of one area (code) and service area (code)."""
    queryset = TestEnvironment.objects.active().for_cards()
    if area:
        queryset = queryset.filter(area__code=area)
    if service_area:
        queryset = queryset.filter(service_area__code=service_area)
    return queryset.order_by("name", "id")
