"""One listing's page: the version to show, its images, the evidence box drawn from the label,
people's responses apart from it, the needs it answers, and, when it is not listed, since when
and why. In a fixed number of queries however many images, feedback or needs it has."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ideas.models import Suggestion
from labs.models import Label, LabelStatus
from labs.selectors.labels import Verification, verification
from showroom import permissions
from showroom.lifecycle import Action, State
from showroom.models import (
    Category,
    Listing,
    ListingEvent,
    ListingImage,
    ListingVersion,
)
from showroom.selectors.responses import Responses, responses_for

ACTION_LABELS = dict(Action.choices)
STATE_LABELS = dict(State.choices)


class Cause:
    """Why a listing is not in the catalogue."""

    ARCHIVED = "archived"
    EXPIRED = LabelStatus.EXPIRED.value
    WITHDRAWN = LabelStatus.WITHDRAWN.value
    SUPERSEDED = LabelStatus.SUPERSEDED.value
    NOT_PUBLISHED = "not_published"


@dataclass
class Unlisted:
    """Since when and why a listing is not listed. ``reason``: the public reason given
    (archiving, withdrawal); ``newer_label`` and ``newer_listing`` for a superseded label."""

    cause: str
    since: datetime.date | None = None
    reason: str = ""
    label: Label | None = None
    newer_label: Label | None = None
    newer_listing: Listing | None = None

    @property
    def sentence(self) -> str:
        """The page's plain words."""
        day = date_format(self.since) if self.since else ""
        if self.cause == Cause.ARCHIVED:
            return _("Not listed since %(date)s: the listing was archived.") % {"date": day}
        if self.cause == Cause.EXPIRED:
            return _("Not listed since %(date)s: its OuluHealth Labs label %(code)s expired.") % {
                "date": day,
                "code": self.label.code,
            }
        if self.cause == Cause.WITHDRAWN:
            return _(
                "Not listed since %(date)s: its OuluHealth Labs label %(code)s was withdrawn."
            ) % {"date": day, "code": self.label.code}
        if self.cause == Cause.SUPERSEDED:
            return _(
                "Not listed since %(date)s: its label %(code)s was superseded by the label of "
                "version %(version)s."
            ) % {
                "date": day,
                "code": self.label.code,
                "version": self.newer_label.product_version if self.newer_label else "",
            }
        return _("Not published in the showroom.")


def unlisted_reason(listing: Listing, *, today: datetime.date | None = None) -> Unlisted | None:
    """None when ``listing`` is listed on ``today``; otherwise since when and why not. A
    superseded label reads the newer label and its listing (two queries), others none."""
    today = today or timezone.localdate()
    label = listing.label
    if listing.state == State.ARCHIVED:
        since = timezone.localdate(listing.archived_at) if listing.archived_at else None
        return Unlisted(Cause.ARCHIVED, since, listing.archived_reason, label=label)
    if listing.state != State.PUBLISHED or listing.published_id is None:
        return Unlisted(Cause.NOT_PUBLISHED, label=label)
    status = label.status_on(today)
    if status == LabelStatus.VALID:
        return None
    if status == LabelStatus.WITHDRAWN:
        return Unlisted(
            Cause.WITHDRAWN, timezone.localdate(label.withdrawn_at), label.withdrawn_reason, label
        )
    if status == LabelStatus.SUPERSEDED:
        newer = Label.objects.filter(pk=label.superseded_by_id).first()
        newer_listing = (
            Listing.objects.listed(today).filter(label=newer).select_related("published").first()
            if newer
            else None
        )
        return Unlisted(
            Cause.SUPERSEDED,
            newer.granted_on if newer else None,
            label=label,
            newer_label=newer,
            newer_listing=newer_listing,
        )
    return Unlisted(Cause.EXPIRED, label.valid_until + datetime.timedelta(days=1), label=label)


@dataclass
class ListingPage:
    """Everything the listing's page shows. ``version`` is what the reader sees: the
    published one, or for the company and the editors a listing's only version before it
    is published; ``pending`` the change being written or reviewed (company, editors)."""

    listing: Listing
    version: ListingVersion
    categories: list[Category]
    images: list[ListingImage]
    label: Label
    label_status: str
    evidence: Verification
    responses: Responses
    needs: list[Suggestion]
    unlisted: Unlisted | None
    is_listed: bool
    pending: ListingVersion | None = None
    timeline: list[ListingEvent] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def listing_for_slug(user, slug: str) -> Listing:
    """The listing ``user`` may open at ``slug``, with what every page of it needs, or 404."""
    listing = (
        permissions.listings_visible_to(user)
        .select_related("company", "label", "label__application__call", "published", "pending")
        .filter(slug=slug)
        .first()
    )
    if listing is None:
        raise Http404
    return listing


def listing_timeline(user, listing: Listing) -> list[ListingEvent]:
    """The listing's events for ``user``: every row for editors, labs staff and coordinators,
    the public rows for the company, none for anyone else. Each row carries ``label`` and
    ``to_label`` for ``includes/_timeline.html``."""
    if permissions.can_see_all_events(user, listing):
        events = listing.events.all()
    elif permissions.is_listing_company(user, listing):
        events = listing.events.filter(is_public=True)
    else:
        return []
    rows = list(events.select_related("actor").order_by("created_at", "id"))
    for event in rows:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.to_label = STATE_LABELS.get(event.to_state, "") if event.to_state else ""
    return rows


def needs_answered(listing: Listing, evidence: Verification) -> list[Suggestion]:
    """The public needs the listing answers: those a handler answered with it, and those its
    label's application and call answered. One query."""
    recorded = list(
        Suggestion.objects.public()
        .filter(showroom_answers__listing=listing)
        .only("reference", "title", "language")
        .order_by("reference")
    )
    seen = {suggestion.pk for suggestion in recorded}
    return recorded + [need for need in evidence.needs if need.pk not in seen]


def listing_page(
    user, slug: str, *, today: datetime.date | None = None, browser: str = ""
) -> ListingPage:
    """The page of the listing at ``slug`` for ``user`` (``browser``: the signed-out reader's
    interest token), or 404 when they may not open it."""
    today = today or timezone.localdate()
    listing = listing_for_slug(user, slug)
    insider = permissions.reads_everything(user) or permissions.is_listing_company(user, listing)
    version = listing.published or listing.pending
    if version is None or (listing.published is None and not insider):
        raise Http404
    categories = list(version.categories.order_by("position", "code"))
    images = list(version.images.order_by("position", "id"))
    label = listing.label
    evidence = verification(label)
    unlisted = unlisted_reason(listing, today=today)
    return ListingPage(
        listing=listing,
        version=version,
        categories=categories,
        images=images,
        label=label,
        label_status=label.status_on(today),
        evidence=evidence,
        responses=responses_for(user, listing, browser=browser),
        needs=needs_answered(listing, evidence),
        unlisted=unlisted,
        is_listed=unlisted is None,
        pending=listing.pending if insider and listing.published_id else None,
        timeline=listing_timeline(user, listing) if insider else [],
        actions=permissions.allowed_actions(user, listing) if insider else [],
    )
