"""Every write of the showroom, one file per topic; each locks, checks the right, records an
event and notifies in one transaction. Import the functions from here."""

from showroom.services.listings import copy_version, listing_create, version_save
from showroom.services.needs import listing_for_link, need_answer_record
from showroom.services.notifications import tell_unlisted
from showroom.services.responses import (
    BROWSER_COOKIE,
    BROWSER_COOKIE_AGE,
    BROWSER_SALT,
    AlreadyReported,
    RateLimited,
    browser_token,
    feedback_create,
    feedback_hide,
    feedback_report,
    feedback_restore,
    interest_register,
    new_browser_token,
    recommendation_add,
    recommendation_remove,
    report_dismiss,
)
from showroom.services.transitions import (
    listing_note,
    listing_request_archive,
    listing_transition,
)

__all__ = [
    "BROWSER_COOKIE",
    "BROWSER_COOKIE_AGE",
    "BROWSER_SALT",
    "AlreadyReported",
    "RateLimited",
    "browser_token",
    "copy_version",
    "feedback_create",
    "feedback_hide",
    "feedback_report",
    "feedback_restore",
    "interest_register",
    "listing_create",
    "listing_for_link",
    "listing_note",
    "listing_request_archive",
    "listing_transition",
    "need_answer_record",
    "new_browser_token",
    "recommendation_add",
    "recommendation_remove",
    "report_dismiss",
    "tell_unlisted",
    "version_save",
]
