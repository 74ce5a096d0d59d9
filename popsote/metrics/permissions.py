"""Who sees the dashboard, and of which groups: the coordinators every group and the county as
a whole; a handler group's members their own groups; nobody else."""

from __future__ import annotations

from popsote.accounts.roles import is_coordinator
from processing_groups.permissions import group_ids_of

# ``dashboard_groups`` of a person who sees everything.
EVERY_GROUP = None


def dashboard_groups(user) -> frozenset[int] | None:
    """The ids of the groups whose figures ``user`` may see: ``EVERY_GROUP`` (None) for a
    coordinator, who also sees the county's figures; their own groups for a member; an empty
    set for everybody else."""
    if is_coordinator(user):
        return EVERY_GROUP
    return group_ids_of(user)


def can_view_dashboard(user) -> bool:
    return dashboard_groups(user) is EVERY_GROUP or bool(dashboard_groups(user))


def can_choose_group(user, group_id: int) -> bool:
    groups = dashboard_groups(user)
    return groups is EVERY_GROUP or group_id in groups
