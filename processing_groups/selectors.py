"""Reads of the groups themselves: members, coverage, choices for forms. One query each.

What groups do with suggestions (queues, triage, load) is read in ``ideas.selectors.queues``.
"""

from __future__ import annotations

from django.db.models import QuerySet

from processing_groups.models import HandlerGroup, Membership


def member_choices(group: HandlerGroup) -> list[tuple[str, str]]:
    """(user id, name) of the group's members, for assignment: one query."""
    memberships = (
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    return [(str(m.user_id), m.user.name or m.user.email) for m in memberships]


def group_choices() -> list[tuple[str, str]]:
    """(slug, name) of the active groups, for routing and transfer: one query."""
    return list(HandlerGroup.objects.active().order_by("name").values_list("slug", "name"))


def with_coverage(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related("areas", "service_areas", "kinds", "stakeholder_groups")


def public_groups() -> QuerySet:
    """The active groups and what they cover: what anyone may know."""
    return with_coverage(HandlerGroup.objects.active().order_by("name"))


def members_of(group: HandlerGroup) -> QuerySet:
    """Chairs first, then by name."""
    return (
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )
