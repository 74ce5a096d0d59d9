"""What every showroom write shares: the listing's lock (each writes its row with
``ListingEvent.record``)."""

from __future__ import annotations

from showroom.models import Listing


def lock_listing(listing: Listing | int) -> Listing:
    """The listing's row, locked until the caller's transaction ends: an editor publishing and
    a representative editing at once wait for each other, and each sees what the other left."""
    pk = listing if isinstance(listing, int) else listing.pk
    return (
        Listing.objects.select_for_update(of=("self",))
        .select_related("company", "label", "published", "pending")
        .get(pk=pk)
    )
