"""Every model of the AADA showroom, one file per cluster; import them from here."""

from showroom.models.categories import Category
from showroom.models.listings import (
    CONTENT_FIELDS,
    FREE_PRICE_MODELS,
    REQUIRED_FIELDS,
    Audience,
    Language,
    Listing,
    ListingEvent,
    ListingImage,
    ListingQuerySet,
    ListingVersion,
    Platform,
    PriceModel,
    image_path,
    validate_https,
)
from showroom.models.responses import (
    Feedback,
    FeedbackReport,
    Interest,
    NeedAnswer,
    Recommendation,
    UsedAs,
)

__all__ = [
    "CONTENT_FIELDS",
    "FREE_PRICE_MODELS",
    "REQUIRED_FIELDS",
    "Audience",
    "Category",
    "Feedback",
    "FeedbackReport",
    "Interest",
    "Language",
    "Listing",
    "ListingEvent",
    "ListingImage",
    "ListingQuerySet",
    "ListingVersion",
    "NeedAnswer",
    "Platform",
    "PriceModel",
    "Recommendation",
    "UsedAs",
    "image_path",
    "validate_https",
]
