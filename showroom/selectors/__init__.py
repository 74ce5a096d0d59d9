"""Every read of the showroom of more than a row, one file per feature: the catalogue, one
listing's page, people's responses, and the review and company work lists."""

from showroom.selectors.catalogue import (
    CatalogueQuery,
    answering,
    catalogue,
    filter_categories,
    for_cards,
    highlights,
    solution_choices,
)
from showroom.selectors.listing import (
    Cause,
    ListingPage,
    Unlisted,
    listing_for_slug,
    listing_page,
    listing_timeline,
    needs_answered,
    unlisted_reason,
)
from showroom.selectors.responses import (
    ResponseCounts,
    Responses,
    open_feedback_reports,
    reports_of,
    response_counts,
    responses_for,
)
from showroom.selectors.review import (
    FieldChange,
    company_listings,
    labels_for_listing,
    returned_message,
    review_count,
    review_queue,
    version_diff,
)

__all__ = [
    "CatalogueQuery",
    "Cause",
    "FieldChange",
    "ListingPage",
    "ResponseCounts",
    "Responses",
    "Unlisted",
    "answering",
    "catalogue",
    "company_listings",
    "filter_categories",
    "for_cards",
    "highlights",
    "labels_for_listing",
    "listing_for_slug",
    "listing_page",
    "listing_timeline",
    "needs_answered",
    "open_feedback_reports",
    "reports_of",
    "response_counts",
    "responses_for",
    "returned_message",
    "review_count",
    "review_queue",
    "solution_choices",
    "unlisted_reason",
    "version_diff",
]
