"""/groups/<slug>/: one group. Anyone may read what it covers and how fast it promises to
answer; who sits in it is for the group and the coordinators. (The list at /groups/, with each
group's load, is ``ideas.views.queue.group_list``.)
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from processing_groups import permissions, selectors
from processing_groups.models import HandlerGroup


def group_detail(request, slug: str):
    group = get_object_or_404(selectors.with_coverage(HandlerGroup.objects.all()), slug=slug)
    user = request.user
    sees_members = permissions.can_see_members(user, group)
    context = {
        "group": group,
        "members": list(selectors.members_of(group)) if sees_members else None,
        "can_view_queue": sees_members,
        "can_manage": permissions.can_manage_groups(user),
    }
    return render(request, "processing_groups/group_detail.html", context)
