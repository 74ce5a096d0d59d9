"""Reminders to the groups, each claimed through the generic ``Reminder`` row (unique key and
period) in the same transaction as the notification it allows, so that a job that runs twice,
or two at once, remind once.

- Service levels: each chair of a group with overdue suggestions hears once per ISO week,
  however many suggestions are overdue (``ideas.remind_overdue``).
- Impact assessments: the members of the group of a deployed suggestion hear once when its
  assessment falls due and once more when it is ``IDEAS_IMPACT_OVERDUE_DAYS`` overdue
  (``ideas.remind_impact_due``); a completed one is never reminded of.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.models import ImpactAssessment, Suggestion
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


# --- Impact assessments -----------------------------------------------------------------------

# The two steps of an assessment's reminders: the period of its ``Reminder`` row.
IMPACT_DUE, IMPACT_OVERDUE = "due", "overdue"


def remind_impact_due(*, now=None) -> int:
    """Tell each group of an open impact assessment that has fallen due, once per step (due,
    then overdue by ``IDEAS_IMPACT_OVERDUE_DAYS``); how many reminders went out. One found
    already overdue hears only that it is overdue."""
    now = now or timezone.now()
    overdue_at = now - timedelta(days=settings.IDEAS_IMPACT_OVERDUE_DAYS)
    assessments = list(
        ImpactAssessment.objects.open()
        .filter(due_at__lte=now, suggestion__group__is_active=True)
        .values_list(
            "pk",
            "due_at",
            "suggestion_id",
            "suggestion__reference",
            "suggestion__title",
            "suggestion__group_id",
        )
        .order_by("due_at", "pk")
    )
    members: dict[int, list[int]] = {}
    for group_id, user_id in Membership.objects.filter(
        group_id__in={row[-1] for row in assessments}, user__is_active=True
    ).values_list("group_id", "user_id"):
        members.setdefault(group_id, []).append(user_id)
    reminded = 0
    for pk, due_at, suggestion_id, reference, title, group_id in assessments:
        step = IMPACT_OVERDUE if due_at <= overdue_at else IMPACT_DUE
        with transaction.atomic():
            # Claimed even without members to tell: a group that gets members later is not
            # told of an old deadline as if it were news.
            claimed = reminder_claim(key=f"impact:{pk}", period=step)
            if step == IMPACT_OVERDUE:
                # The due step is spent too: an assessment first seen overdue hears only that.
                reminder_claim(key=f"impact:{pk}", period=IMPACT_DUE)
            if not claimed or not members.get(group_id):
                continue
            notify_users(
                users=members[group_id],
                category=Category.GROUP_WORK,
                kind=f"suggestion.impact_{step}",
                render=_impact_text(step, reference, title, due_at),
                topic=f"suggestion:{suggestion_id}",
                source=f"reminder:impact:{pk}:{step}",
            )
            reminded += 1
    return reminded


def _impact_text(step: str, reference: str, title: str, due_at):
    def render():
        if step == IMPACT_DUE:
            heading = _("The impact assessment of %(reference)s is due")
        else:
            heading = _("The impact assessment of %(reference)s is overdue")
        return {
            "title": heading % {"reference": reference},
            "body": _(
                "“%(title)s” was deployed, and its assessment was due on %(date)s: fill in the "
                "indicators before and after, the effects and a summary for the public."
            )
            % {"title": title, "date": formats.date_format(timezone.localdate(due_at))},
            "url": reverse("ideas:impact", kwargs={"reference": reference}),
        }

    return render
