"""Who hears about what happens in Labs, through the outbox of ``popsote.notifications``.

Services call these inside their transaction, right after writing the event, so that the
notifications commit or roll back with it.

- The company's representatives hear of every public event of their application made by
  someone else (a colleague's move included), and of reminders before a label expires.
- Labs staff hear of new submissions and of companies' replies to a shared evaluation.
- The followers of a suggestion hear of a call to companies opened on it.
- An invited colleague gets the invitation link at the address it was sent to.

Nobody hears of what they did themselves. Texts name the product and the company, never a
person: the same words go to everyone who hears of the event.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideas.services.notifications import followers_of
from labs.lifecycle import Action
from labs.models import Application, Call, Label, Representative
from popsote.accounts.models import User
from popsote.accounts.roles import LABS_STAFF
from popsote.notifications.models import Category
from popsote.notifications.services import notify_address, notify_users, reminder_claim

# Labs staff hear of these: work that waits for them.
STAFF_ACTIONS = frozenset({Action.SUBMIT, Action.REPLY})


def topic_of(application: Application) -> str:
    return f"labs-application:{application.pk}"


def representatives_of(company_id: int) -> list[int]:
    return list(
        Representative.objects.filter(company_id=company_id, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def labs_staff_ids() -> list[int]:
    return list(
        User.objects.filter(groups__name=LABS_STAFF, is_active=True).values_list("pk", flat=True)
    )


def application_event(event) -> None:
    """Queue the notifications ``event`` causes, in the caller's transaction."""
    application = event.application
    action = event.action
    source = f"labs_event:{event.pk}"
    if event.is_public:
        notify_users(
            users=representatives_of(application.company_id),
            exclude=[event.actor_id],
            category=Category.LABS,
            kind=f"labs.application.{action}",
            render=_event_text(event, application),
            topic=topic_of(application),
            source=source,
        )
    if action in STAFF_ACTIONS:
        notify_users(
            users=labs_staff_ids(),
            exclude=[event.actor_id],
            category=Category.LABS,
            kind=f"labs.staff.{action}",
            render=_staff_text(event, application),
            topic=topic_of(application),
            source=source,
        )


def _action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def _event_text(event, application):
    def render():
        paragraphs = [
            _("The testing application for %(product)s is now “%(state)s”.")
            % {"product": str(application), "state": application.get_state_display()}
        ]
        if event.public_message:
            paragraphs.append(event.public_message)
        if event.action == Action.GRANT_LABEL and event.data.get("label"):
            paragraphs.append(
                _("The label's public code is %(code)s; anyone can verify it on the site.")
                % {"code": event.data["label"]}
            )
        if event.action == Action.SHARE_EVALUATION and application.reply_due_at:
            paragraphs.append(
                _(
                    "You may read the draft evaluation and answer it until %(date)s; your "
                    "answer stays on the record."
                )
                % {"date": date_format(timezone.localtime(application.reply_due_at))}
            )
        return {
            "title": _("%(product)s: %(what)s")
            % {"product": str(application), "what": _action_label(event.action)},
            "body": "\n\n".join(paragraphs),
            "url": application.get_absolute_url(),
        }

    return render


def _staff_text(event, application):
    def render():
        if event.action == Action.SUBMIT:
            title = _("New testing application: %(product)s by %(company)s")
        else:
            title = _("%(company)s replied to the evaluation of %(product)s")
        return {
            "title": title % {"product": str(application), "company": application.company.name},
            "body": event.public_message or application.summary,
            "url": application.get_absolute_url(),
        }

    return render


def invitation(*, email: str, company, url: str, language: str, inviter_id: int) -> None:
    def render():
        return {
            "title": _("You are invited to represent %(company)s in OuluHealth Labs")
            % {"company": company.name},
            "body": _(
                "A representative of %(company)s invited you to act for the company in "
                "OuluHealth Labs testing applications. Sign in with this e-mail address and "
                "open the link within %(days)d days."
            )
            % {"company": company.name, "days": settings.LABS_INVITATION_DAYS},
            "url": url,
        }

    notify_address(
        email=email,
        language=language,
        category=Category.LABS,
        kind="labs.invitation",
        render=render,
        topic=f"labs-company:{company.pk}",
        source=f"labs_invitation:{company.pk}:{inviter_id}",
    )


def call_opened(call: Call) -> None:
    """Whoever follows or supports a suggestion the call opens hears of it, once."""

    def render():
        return {
            "title": _("A suggestion you follow is now a call to companies: %(title)s")
            % {"title": call.title},
            "body": _("Companies may answer until %(deadline)s.")
            % {"deadline": date_format(timezone.localtime(call.deadline))},
            "url": call.get_absolute_url(),
        }

    notify_users(
        users=followers_of(call.suggestions.all()),
        exclude=[call.opened_by_id],
        category=Category.FOLLOWED,
        kind="labs.call.opened",
        render=render,
        topic=f"labs-call:{call.pk}",
        source=f"labs_call:{call.pk}",
    )


def remind_label_expiry(*, today: datetime.date | None = None) -> int:
    """Remind each company of its valid labels that expire within 90 and within 30 days
    (``LABS_LABEL_REMINDER_DAYS``), once each however often this runs; how many reminders went
    out. A label first seen inside both windows is reminded of once, by the nearer one."""
    today = today or timezone.localdate()
    windows = sorted(settings.LABS_LABEL_REMINDER_DAYS)
    horizon = today + datetime.timedelta(days=max(windows))
    labels = (
        Label.objects.valid(today)
        .filter(valid_until__lte=horizon)
        .select_related("company")
        .order_by("valid_until", "pk")
    )
    sent = 0
    for label in labels:
        left = (label.valid_until - today).days
        due = [days for days in windows if left <= days]
        with transaction.atomic():
            claimed = [
                reminder_claim(key=f"labs-label:{label.pk}:expiry", period=f"{days}d")
                for days in due
            ]
            # The nearest window speaks; the wider ones are spent with it.
            if not claimed[0]:
                continue
            notify_users(
                users=representatives_of(label.company_id),
                category=Category.LABS,
                kind=f"labs.label.expiry.{due[0]}",
                render=_expiry_text(label, left),
                topic=f"labs-label:{label.pk}",
                source=f"reminder:labs-label:{label.pk}:{due[0]}d",
            )
            sent += 1
    return sent


def _expiry_text(label: Label, left: int):
    def render():
        return {
            "title": ngettext(
                "The label %(code)s of %(product)s expires in %(days)d day",
                "The label %(code)s of %(product)s expires in %(days)d days",
                left,
            )
            % {"code": label.code, "product": label.product_name, "days": left},
            "body": _(
                "The OuluHealth Labs label of %(product)s %(version)s is valid until %(date)s. "
                "To keep a label, apply for a new evaluation in time."
            )
            % {
                "product": label.product_name,
                "version": label.product_version,
                "date": date_format(label.valid_until),
            },
            "url": label.get_absolute_url(),
        }

    return render
