"""A solution's page, ``/showroom/<slug>/``: everything of the version the public reads, the
evidence box drawn from the label, people's responses apart from it, the needs it answers;
since when and why a listing is no longer listed. The company and the editors see their tools
and the timeline here too, and a preview of a listing not yet published.

The page reads a fixed number of queries (``showroom.selectors.listing.listing_page``),
however many pictures, experiences or needs it has.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from labs.models import LabelRule
from showroom import permissions
from showroom.forms.responses import FeedbackForm
from showroom.models import Audience, Language, Platform
from showroom.selectors.listing import ListingPage, listing_page
from showroom.services.responses import browser_token
from showroom.views import display


def tools_for(user, page: ListingPage) -> dict | None:
    """What the company's representatives and the editors may do from the page."""
    listing = page.listing
    is_company = permissions.is_listing_company(user, listing)
    editor = permissions.can_review(user)
    if not (is_company or editor or permissions.reads_everything(user)):
        return None
    return {
        "is_company": is_company,
        "change_in_review": listing.change_in_review,
        "edit_url": reverse("showroom:edit", kwargs={"slug": listing.slug, "section": "solution"})
        if permissions.can_edit(user, listing)
        else None,
        "review_url": reverse("showroom:review", kwargs={"slug": listing.slug}) if editor else None,
    }


def solution_context(request, slug: str, *, feedback_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    browser = "" if user.is_authenticated else browser_token(request)
    page = listing_page(user, slug, today=today, browser=browser)
    listing, version, label = page.listing, page.version, page.label
    # What labs/public/_status.html reads.
    label.status = page.label_status
    tools = tools_for(user, page)
    is_preview = listing.published_id is None
    context = {
        "listing": listing,
        "version": version,
        "is_preview": is_preview,
        "listed": page.is_listed,
        "unlisted": page.unlisted,
        "images": page.images,
        "audience": display.words(Audience, version.audience),
        "languages": display.words(Language, version.languages),
        "platforms": display.words(Platform, version.platforms),
        "categories": [category.label for category in page.categories],
        "price": display.price_text(version),
        "video_site": urlsplit(version.video_url).hostname if version.video_url else "",
        "label": label,
        "level_rule": LabelRule.objects.filter(code=label.level).first(),
        "evidence": page.evidence,
        "call": label.application.call,
        "needs": page.needs,
        "tools": tools,
        "events": page.timeline if tools else None,
        "sees_internal": permissions.can_see_all_events(user, listing),
        "may_moderate": permissions.can_moderate_feedback(user),
        "interest_count": page.responses.counts.interest,
        "recommendation_count": page.responses.counts.recommendations,
        "interested": page.responses.interested,
        "recommended": page.responses.recommended,
        "feedback": page.responses.feedback,
    }
    if page.is_listed:
        context["may_interest"] = permissions.interest_refusal(user, listing, today) is None
        context["may_recommend"] = permissions.recommend_refusal(user, listing, today) is None
        if permissions.feedback_refusal(user, listing, today) is None:
            context["feedback_form"] = feedback_form or FeedbackForm()
    return context


@require_GET
def detail(request, slug: str):
    return render(request, "showroom/solution.html", solution_context(request, slug))


def detail_with_errors(request, slug: str, **forms):
    """The page once more, with the form that needs correcting and what was typed in it."""
    context = solution_context(request, slug, **forms)
    return render(request, "showroom/solution.html", context, status=400)
