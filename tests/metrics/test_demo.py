"""The demo's dashboard tells the demo's story: its figures are counted as of the back-dated
events, so they equal what the suggestions and their timelines say."""

import pytest
from django.db.models import Min
from django.http import QueryDict
from django.utils import timezone

from ideas.lifecycle import Action
from ideas.models import Suggestion, SuggestionEvent
from popsote.accounts.models import User
from popsote.metrics.selectors import Choices, Filters, dashboard

pytestmark = pytest.mark.django_db


def test_the_demo_dashboard_counts_the_demo_as_it_happened(seeded_demo):
    coordinator = User.objects.get(email="coordinator@demo.popsote.fi")
    first = Suggestion.objects.aggregate(first=Min("created_at"))["first"]
    start = timezone.localtime(first).strftime("%Y-%m")
    end = timezone.localdate().strftime("%Y-%m")
    choices = Choices.for_user(coordinator)
    filters = Filters.from_params(QueryDict(f"start={start}&end={end}"), choices=choices)
    figures = {f.code: f for f in dashboard(filters, user=coordinator, choices=choices)}

    by_month = dict(figures["suggestions_by_month"].rows)
    assert sum(by_month.values()) == Suggestion.objects.count()
    # The suggestions were spread over months by the demo, and so are the figures.
    assert len([count for count in by_month.values() if count]) > 1
    funnel = dict(figures["funnel"].rows)
    deployed = SuggestionEvent.objects.filter(action=Action.MARK_DEPLOYED).count()
    assert deployed and list(funnel.values())[-1] == deployed
    assert "Metrics: counted" in seeded_demo
