"""The editors' and the companies' work lists: the review queue, what a change changes, and a
company's own listings. Each in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from labs.models import Label
from labs.permissions import company_id_of
from showroom.models import CONTENT_FIELDS, Listing, ListingImage, ListingVersion


def review_queue() -> QuerySet[Listing]:
    """Listings whose pending version waits for an editor, oldest submission first: new
    listings and changes to published ones alike (``change_in_review`` tells them apart).
    One query (paginate it)."""
    return (
        Listing.objects.filter(
            pending__submitted_at__isnull=False, pending__reviewed_at__isnull=True
        )
        .select_related("pending", "published", "company", "label")
        .order_by("pending__submitted_at", "id")
    )


def review_count() -> int:
    return review_queue().count()


def company_listings(user) -> QuerySet[Listing]:
    """The listings of the company ``user`` represents, in every state, latest change first
    (none for anyone else). One query."""
    company_id = company_id_of(user)
    if company_id is None:
        return Listing.objects.none()
    return (
        Listing.objects.filter(company_id=company_id)
        .select_related("pending", "published", "label")
        .order_by("-updated_at", "-id")
    )


def labels_for_listing(user, *, today: datetime.date | None = None) -> QuerySet[Label]:
    """The labels valid today of the company ``user`` represents: what a new listing may rest
    on. One query."""
    company_id = company_id_of(user)
    if company_id is None:
        return Label.objects.none()
    return (
        Label.objects.valid(today or timezone.localdate())
        .filter(company_id=company_id)
        .order_by("product_name", "-granted_on")
    )


@dataclass(frozen=True)
class FieldChange:
    """One field a change alters: its name, its label, and the value before and after (as
    shown: choice labels, category names, image descriptions)."""

    field: str
    label: str
    before: object
    after: object


def _display(version: ListingVersion | None, name: str, categories, images):
    if version is None:
        return ""
    if name == "categories":
        return [category.label for category in categories.get(version.pk, [])]
    if name == "images":
        return [image.alt_text for image in images.get(version.pk, [])]
    value = getattr(version, name)
    field = ListingVersion._meta.get_field(name)
    choices = getattr(getattr(field, "base_field", None), "choices", None) or field.choices
    if choices:
        labels = dict(choices)
        if isinstance(value, list):
            return [str(labels.get(item, item)) for item in value]
        return str(labels.get(value, value)) if value else ""
    return value


def version_diff(
    listing: Listing, *, before: ListingVersion | None = None, after: ListingVersion | None = None
) -> list[FieldChange]:
    """What ``after`` (the pending version) changes against ``before`` (the published one;
    for a new listing every filled field is a change). Two queries (categories, images)."""
    before = before if before is not None else listing.published
    after = after if after is not None else listing.pending
    if after is None:
        return []
    versions = [version for version in (before, after) if version is not None]
    ids = [version.pk for version in versions]
    categories: dict[int, list] = {pk: [] for pk in ids}
    for through in (
        ListingVersion.categories.through.objects.filter(listingversion_id__in=ids)
        .select_related("category")
        .order_by("category__position", "category__code")
    ):
        categories[through.listingversion_id].append(through.category)
    images: dict[int, list] = {pk: [] for pk in ids}
    for image in ListingImage.objects.filter(version_id__in=ids).order_by("position", "id"):
        images[image.version_id].append(image)
    changes = []
    for name in (*CONTENT_FIELDS, "categories", "images"):
        old = _display(before, name, categories, images)
        new = _display(after, name, categories, images)
        if old != new:
            label = (
                ListingVersion._meta.get_field(name).verbose_name
                if name != "images"
                else ListingImage._meta.verbose_name_plural
            )
            changes.append(FieldChange(name, str(label), old, new))
    return changes


def returned_message(listing: Listing) -> str:
    """The editors' message of the latest return while the company works on what was returned
    (a new submission, or the publication of that version, ends it)."""
    pending = listing.pending
    if pending is not None and pending.submitted_at is not None and pending.reviewed_at is None:
        return ""  # in review again
    latest = (
        listing.versions.filter(reviewed_at__isnull=False)
        .only("review_note", "reviewed_at", "pk")
        .order_by("-reviewed_at", "-id")
        .first()
    )
    if latest is None or not latest.review_note or latest.pk == listing.published_id:
        return ""
    return latest.review_note
