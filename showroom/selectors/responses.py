"""People's responses to listings, counted by query (never stored) and kept apart from the
label: interest, professionals' recommendations and visible feedback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from showroom.models import Feedback, FeedbackReport, Interest, Listing, Recommendation

FEEDBACK_SHOWN = 20


@dataclass
class ResponseCounts:
    interest: int = 0
    recommendations: int = 0
    feedback: int = 0


@dataclass
class Responses:
    """What the page shows of people's responses, and what the reader has done already."""

    counts: ResponseCounts
    feedback: list[Feedback] = field(default_factory=list)
    interested: bool = False
    recommended: bool = False


def response_counts(listing_ids: Iterable[int]) -> dict[int, ResponseCounts]:
    """The counts of each listing, in three grouped queries however many listings."""
    ids = list(listing_ids)
    counts = {pk: ResponseCounts() for pk in ids}
    if not ids:
        return counts
    for name, queryset in (
        ("interest", Interest.objects.all()),
        ("recommendations", Recommendation.objects.all()),
        ("feedback", Feedback.objects.visible()),
    ):
        rows = (
            queryset.filter(listing_id__in=ids)
            .values("listing_id")
            .annotate(n=Count("pk"))
            .values_list("listing_id", "n")
        )
        for listing_id, number in rows:
            setattr(counts[listing_id], name, number)
    return counts


def responses_for(user, listing: Listing, *, browser: str = "") -> Responses:
    """One listing's counts, its latest visible feedback and whether the reader showed
    interest or recommended it: five queries (four signed out)."""
    counts = response_counts([listing.pk])[listing.pk]
    feedback = list(
        Feedback.objects.visible()
        .filter(listing=listing)
        .select_related("user__stakeholder_group")
        .order_by("-created_at", "-id")[:FEEDBACK_SHOWN]
    )
    interested = recommended = False
    if getattr(user, "is_authenticated", False):
        interested = Interest.objects.filter(listing=listing, user=user).exists()
        recommended = Recommendation.objects.filter(listing=listing, user=user).exists()
    elif browser:
        interested = Interest.objects.filter(listing=listing, browser=browser).exists()
    return Responses(
        counts=counts, feedback=feedback, interested=interested, recommended=recommended
    )


def open_feedback_reports() -> list[FeedbackReport]:
    """Reports of feedback waiting for a moderator, oldest first (one query)."""
    return list(
        FeedbackReport.objects.filter(resolution=FeedbackReport.Resolution.OPEN)
        .select_related("feedback", "feedback__listing", "feedback__listing__published")
        .order_by("created_at", "id")
    )


def reports_of(feedback) -> list[FeedbackReport]:
    """The open reports of one experience, for its moderation page."""
    return list(
        FeedbackReport.objects.filter(
            feedback=feedback, resolution=FeedbackReport.Resolution.OPEN
        ).order_by("created_at", "id")
    )
