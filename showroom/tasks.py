"""Thin Celery tasks of the showroom: each calls a service. Services queue tasks; tasks import
only the service modules they run, never back into the ones that queue them."""

from __future__ import annotations

import logging

from celery import shared_task

from showroom.models import Listing
from showroom.services.indexing import index_listing as index_one
from showroom.services.indexing import index_listings
from showroom.services.notifications import tell_unlisted

logger = logging.getLogger(__name__)


@shared_task(name="showroom.index_listing", bind=True, acks_late=True)
def index_listing(self, listing_id: int) -> None:
    """Lemmatize a listing's published version into its search vector (idempotent). Run
    inline it would load the lemmatizer inside a web request, so it leaves the work to
    ``index_pending``: the listing keeps its quick vector meanwhile."""
    if self.request.is_eager:
        logger.info("Listing %s keeps its quick vector until a worker indexes it", listing_id)
        return
    listing = Listing.objects.select_related("published").filter(pk=listing_id).first()
    if listing is not None and listing.published_id:
        index_one(listing)


@shared_task(name="showroom.index_pending")
def index_pending(batch: int = 200) -> int:
    """Index the listings whose indexing task was lost or ran inline."""
    pending = (
        Listing.objects.filter(indexed_at=None, published__isnull=False)
        .select_related("published")
        .order_by("id")[:batch]
    )
    return index_listings(pending)


@shared_task(name="showroom.tell_unlisted")
def tell_unlisted_task() -> int:
    """Daily: tell editors and companies of listings whose label is no longer valid, once per
    listing and cause. The catalogue never waits for this: it reads the label itself."""
    return tell_unlisted()
