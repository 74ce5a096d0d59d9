"""Service-level reminders: each chair of a group with overdue suggestions hears once a week.

One reminder per chair and group per ISO week, however many suggestions are overdue and
however often the job runs: the generic ``Reminder`` row (unique key and period) is claimed in
the same transaction as the notification it allows. The beat job is ``ideas.remind_overdue``.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.models import Suggestion
from popsote.notifications.models import Category, week_period
from popsote.notifications.services import notify_users, reminder_claim
from processing_groups.models import Membership


def remind_overdue(*, now=None) -> int:
    """Remind the chairs of every group with overdue suggestions; how many were reminded."""
    now = now or timezone.now()
    period = week_period(now)
    overdue = dict(
        Suggestion.objects.filter(due_at__lt=now, group__isnull=False)
        .values("group_id")
        .annotate(count=Count("id"))
        .values_list("group_id", "count")
    )
    if not overdue:
        return 0
    chairs = Membership.objects.filter(
        group_id__in=overdue,
        role=Membership.Role.CHAIR,
        group__is_active=True,
        user__is_active=True,
    ).values_list("group_id", "group__name", "group__slug", "user_id")
    reminded = 0
    for group_id, name, slug, user_id in chairs:
        with transaction.atomic():
            if not reminder_claim(key=f"overdue:group:{group_id}:user:{user_id}", period=period):
                continue
            notify_users(
                users=[user_id],
                category=Category.GROUP_WORK,
                kind="suggestion.overdue",
                render=_overdue_text(name, slug, overdue[group_id]),
                source=f"reminder:overdue:{group_id}:{period}",
            )
            reminded += 1
    return reminded


def _overdue_text(name: str, slug: str, count: int):
    def render():
        return {
            "title": ngettext(
                "%(group)s has %(count)d overdue suggestion",
                "%(group)s has %(count)d overdue suggestions",
                count,
            )
            % {"group": name, "count": count},
            "body": _(
                "They have passed their first-response or decision target. The queue shows "
                "them first."
            ),
            "url": reverse("groups:queue", kwargs={"slug": slug}),
        }

    return render
