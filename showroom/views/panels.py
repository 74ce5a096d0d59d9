"""What the showroom adds to pages of other apps, asked through ``ShowroomConfig``: the
suggestion page's panel of the listed solutions that answer the need, and the front page's
highlights. Both read through the publishing rule, in a fixed number of queries."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from showroom.selectors.catalogue import answering, highlights
from showroom.views import display

HIGHLIGHTS = 3


def suggestion_page_panels(request, suggestion) -> list[str]:
    """The listed solutions that answer ``suggestion``; nothing for a suggestion that is not
    public, or that no listed solution answers (a handler's answer with a listing's address
    records the ``NeedAnswer`` these are read through)."""
    # Only a suggestion answered with an existing solution has one; the others cost no query.
    if not suggestion.is_public or not suggestion.solution_link:
        return []
    solutions = display.cards(answering(suggestion, today=timezone.localdate()))
    if not solutions:
        return []
    context = {"suggestion": suggestion, "solutions": solutions}
    return [render_to_string("showroom/_suggestion_panel.html", context, request=request)]


def front_page_context(request) -> dict:
    """The front page's "showroom highlights": a few listed solutions, or nothing."""
    cards = display.cards(highlights(count=HIGHLIGHTS, today=timezone.localdate()))
    return {"showroom_highlights": cards} if cards else {}
