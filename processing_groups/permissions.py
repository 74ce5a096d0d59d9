"""Who may do what with handler groups: plain functions, used by views and templates.

Coordinators manage groups and members and see every group's work; a member sees their own
group's queue. What a group covers and its service-level targets are public: people may want
to know who handles their suggestion.
"""

from __future__ import annotations

from popsote.accounts.roles import is_coordinator
from processing_groups.models import HandlerGroup, Membership


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage_groups(user) -> bool:
    """Create and edit groups, their coverage, targets and members."""
    return is_coordinator(user)


def can_triage(user) -> bool:
    """Place what routing could not: the coordinators' queue."""
    return is_coordinator(user)


def group_ids_of(user) -> frozenset[int]:
    """The ids of the groups ``user`` sits in: read once per user object (a request's) and
    cached on it, as the roles are, because one page asks many times."""
    if not _signed_in(user):
        return frozenset()
    cached = getattr(user, "_popsote_group_ids", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user).values_list("group_id", flat=True))
        user._popsote_group_ids = cached
    return cached


def membership_of(user, group: HandlerGroup) -> Membership | None:
    if not _signed_in(user):
        return None
    return Membership.objects.filter(group=group, user=user).first()


def is_member(user, group: HandlerGroup) -> bool:
    return group.pk in group_ids_of(user)


def can_view_queue(user, group: HandlerGroup) -> bool:
    """The group's members, and the coordinators who stand in for any group."""
    return is_coordinator(user) or is_member(user, group)


def can_see_members(user, group: HandlerGroup) -> bool:
    """Who sits in a group is for the group and the coordinators; the public sees what the
    group covers and how fast it promises to answer."""
    return can_view_queue(user, group)
