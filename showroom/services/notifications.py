"""Who hears about what happens in the showroom, through the outbox of
``popsote.notifications`` (category ``showroom``).

Services call these inside their transaction, right after writing the event, so that the
notifications commit or roll back with it.

- The editors hear of work that waits for them: a listing or a change submitted for review,
  and a company asking for its listing to be archived.
- The company's representatives hear of every public event of their listing made by someone
  else: returned, published, archived, restored.
- Both hear, once per listing and cause, when a published listing leaves the catalogue
  because its label expired, was withdrawn or was superseded (``tell_unlisted``). The
  catalogue never waits for this job: the publishing rule reads the label itself.

Nobody hears of what they did themselves. Texts name the solution and the company, never a
person.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from labs.models import Label, LabelStatus
from labs.services.notifications import representatives_of
from popsote.accounts.models import User
from popsote.accounts.roles import SHOWROOM_EDITOR
from popsote.notifications.models import Category
from popsote.notifications.services import notify_users, reminder_claim
from showroom.lifecycle import Action, State
from showroom.models import Listing, ListingEvent

# The editors hear of these: work that waits for them.
EDITOR_ACTIONS = frozenset({Action.SUBMIT, Action.SUBMIT_CHANGE, Action.ARCHIVE_REQUESTED})
# The company hears of these public events of its listing.
COMPANY_ACTIONS = frozenset(
    {
        Action.RETURN,
        Action.PUBLISH,
        Action.PUBLISH_CHANGE,
        Action.RETURN_CHANGE,
        Action.ARCHIVE,
        Action.RESTORE,
    }
)


def topic_of(listing: Listing) -> str:
    return f"showroom-listing:{listing.pk}"


def editor_ids() -> list[int]:
    return list(
        User.objects.filter(groups__name=SHOWROOM_EDITOR, is_active=True).values_list(
            "pk", flat=True
        )
    )


def _name(listing: Listing) -> str:
    version = listing.pending or listing.published
    return version.name if version else listing.slug


def listing_event(event) -> None:
    """Queue the notifications ``event`` causes, in the caller's transaction."""
    listing = event.listing
    source = f"showroom_event:{event.pk}"
    if event.action in EDITOR_ACTIONS:
        notify_users(
            users=editor_ids(),
            exclude=[event.actor_id],
            category=Category.SHOWROOM,
            kind=f"showroom.editor.{event.action}",
            render=_editor_text(event, listing),
            topic=topic_of(listing),
            source=source,
        )
    if event.action in COMPANY_ACTIONS and event.is_public:
        notify_users(
            users=representatives_of(listing.company_id),
            exclude=[event.actor_id],
            category=Category.SHOWROOM,
            kind=f"showroom.listing.{event.action}",
            render=_company_text(event, listing),
            topic=topic_of(listing),
            source=source,
        )


def _editor_text(event, listing):
    def render():
        titles = {
            Action.SUBMIT: _("New listing for review: %(name)s by %(company)s"),
            Action.SUBMIT_CHANGE: _("A change for review: %(name)s by %(company)s"),
            Action.ARCHIVE_REQUESTED: _("%(company)s asks to archive %(name)s"),
        }
        return {
            "title": titles[event.action]
            % {"name": _name(listing), "company": listing.company.name},
            "body": event.public_message,
            "url": listing.get_absolute_url(),
        }

    return render


def _company_text(event, listing):
    def render():
        paragraphs = [
            _("The showroom listing of %(name)s: %(what)s.")
            % {"name": _name(listing), "what": Action(event.action).label}
        ]
        if event.public_message:
            paragraphs.append(event.public_message)
        return {
            "title": _("%(name)s: %(what)s")
            % {"name": _name(listing), "what": Action(event.action).label},
            "body": "\n\n".join(paragraphs),
            "url": listing.get_absolute_url(),
        }

    return render


def _cause(label: Label, today: datetime.date) -> str:
    return label.status_on(today)


def tell_unlisted(*, today: datetime.date | None = None) -> int:
    """Tell the editors and the company's representatives of each published listing whose
    label is no longer valid on ``today``, once per listing and cause however often this runs
    (a ``Reminder`` row claimed in the same transaction); how many listings were told of."""
    today = today or timezone.localdate()
    invalid_labels = Label.objects.filter(
        Q(withdrawn_at__isnull=False) | Q(superseded_by__isnull=False) | Q(valid_until__lt=today)
    )
    listings = (
        Listing.objects.filter(
            state=State.PUBLISHED, published__isnull=False, label__in=invalid_labels.values("pk")
        )
        .select_related("label", "company", "published")
        .order_by("pk")
    )
    editors = None
    told = 0
    for listing in listings:
        cause = _cause(listing.label, today)
        if cause == LabelStatus.VALID:
            continue
        with transaction.atomic():
            if not reminder_claim(
                key=f"showroom-unlisted:{listing.pk}", period=f"{cause}:{listing.label_id}"
            ):
                continue
            event = ListingEvent.record(
                listing,
                actor=None,
                action=Action.UNLISTED,
                data={"cause": cause, "label": listing.label.code},
            )
            editors = editor_ids() if editors is None else editors
            representatives = representatives_of(listing.company_id)
            notify_users(
                users=sorted(set(editors) | set(representatives)),
                category=Category.SHOWROOM,
                kind=f"showroom.unlisted.{cause}",
                render=_unlisted_text(listing, cause, today),
                topic=topic_of(listing),
                source=f"showroom_event:{event.pk}",
            )
            told += 1
    return told


def _unlisted_text(listing: Listing, cause: str, today: datetime.date):
    label = listing.label

    def render():
        reasons = {
            LabelStatus.EXPIRED: _("its OuluHealth Labs label %(code)s expired on %(date)s")
            % {"code": label.code, "date": date_format(label.valid_until)},
            LabelStatus.WITHDRAWN: _("its OuluHealth Labs label %(code)s was withdrawn")
            % {"code": label.code},
            LabelStatus.SUPERSEDED: _(
                "its OuluHealth Labs label %(code)s was superseded by the label of a newer version"
            )
            % {"code": label.code},
        }
        return {
            "title": _("%(name)s is no longer listed in the showroom")
            % {"name": listing.published.name},
            "body": _(
                "The listing is no longer shown in the showroom because %(reason)s. Its page "
                "stays reachable and says why. A solution with a valid label can be listed "
                "anew."
            )
            % {"reason": reasons[cause]},
            "url": listing.get_absolute_url(),
        }

    return render
