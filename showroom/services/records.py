"""What every showroom write shares: the listing's lock and its event row."""

from __future__ import annotations

from showroom.models import Listing, ListingEvent


def lock_listing(listing: Listing | int) -> Listing:
    """The listing's row, locked until the caller's transaction ends: an editor publishing and
    a representative editing at once wait for each other, and each sees what the other left."""
    pk = listing if isinstance(listing, int) else listing.pk
    return (
        Listing.objects.select_for_update(of=("self",))
        .select_related("company", "label", "published", "pending")
        .get(pk=pk)
    )


def write_event(
    listing: Listing,
    *,
    actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    public_message: str = "",
    internal_note: str = "",
    is_public: bool = True,
    data: dict | None = None,
) -> ListingEvent:
    """The row of the listing's timeline for what just happened. ``is_public``: the company's
    representatives see it (editors see every row)."""
    return ListingEvent.objects.create(
        listing=listing,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state or listing.state,
        to_state=to_state or listing.state,
        public_message=public_message,
        internal_note=internal_note,
        is_public=is_public,
        data=data or {},
    )
