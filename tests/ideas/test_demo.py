"""Demo suggestions: varied, discussed, searchable, fast to create and created only once."""

import pytest
from django.db.models import Count, F

from ideas.lifecycle import OPEN_STATES, State
from ideas.models import Comment, Suggestion, SuggestionEvent, Support
from ideas.selectors.board import BoardQuery, board
from tests.conftest import seed_demo

pytestmark = pytest.mark.django_db


def test_it_creates_a_few_hundred_suggestions_across_the_taxonomies(seeded_demo):
    suggestions = Suggestion.objects.all()

    assert 250 <= suggestions.count() <= 500
    assert suggestions.values("area").distinct().count() == 7
    assert suggestions.values("service_area").distinct().count() >= 11
    assert set(suggestions.values_list("kind__code", flat=True)) == {
        "need",
        "idea",
        "collaboration",
        "invention",
        "feedback",
    }
    assert suggestions.values("stakeholder_group").distinct().count() == 7
    assert suggestions.filter(challenge__isnull=False).count() >= 10
    assert "Demo suggestions: " in seeded_demo


def test_it_writes_mostly_finnish_and_some_swedish_and_english(seeded_demo):
    languages = dict(Suggestion.objects.values_list("language").annotate(n=Count("id")).order_by())

    assert languages["fi"] > 200
    assert languages["sv"] >= 5
    assert languages["en"] >= 5


def test_it_keeps_a_good_share_open_with_a_timeline_that_agrees(seeded_demo):
    states = dict(Suggestion.objects.values_list("state").annotate(n=Count("id")).order_by())
    total = sum(states.values())

    # The handling itself is tested with the demo groups (tests/groups/test_demo.py).
    assert sum(states.get(state, 0) for state in OPEN_STATES) >= 0.3 * total
    assert states[State.IN_PROCESSING] == max(states.values())
    assert states.get(State.WITHDRAWN, 0) > 0
    # Every suggestion has its submission on record, and the last move ends in its state.
    for suggestion in Suggestion.objects.prefetch_related("events"):
        moves = [event for event in suggestion.events.all() if event.from_state != event.to_state]
        assert moves[0].action == "submit"
        assert moves[-1].to_state == suggestion.state, suggestion.reference
    assert SuggestionEvent.objects.filter(action="submit").count() == total


def test_it_comes_from_people_signed_in_signed_out_and_on_someones_behalf(seeded_demo):
    suggestions = Suggestion.objects.all()

    assert suggestions.filter(submitter__isnull=False).count() > 150
    assert suggestions.filter(submitter__isnull=True, entered_by__isnull=True).count() > 20
    assert suggestions.filter(entered_by__isnull=False).exclude(channel="online").exists()
    assert suggestions.filter(submitter__email="resident@demo.popsote.fi").exists()
    # Private and hidden ones exist, to show that the board leaves them out.
    assert suggestions.filter(is_private=True).exists()
    assert suggestions.filter(is_hidden=True).count() == 1


def test_it_counts_supports_and_comments_as_the_rows_say(seeded_demo):
    counted = Suggestion.objects.annotate(
        support_rows=Count("supports", distinct=True),
        comment_rows=Count("comments", distinct=True),
    )

    assert Support.objects.count() > 100
    assert Comment.objects.count() > 50
    for suggestion in counted:
        assert suggestion.support_count == suggestion.support_rows, suggestion.reference
        assert suggestion.comment_count == suggestion.comment_rows, suggestion.reference
    # Nobody supports their own suggestion.
    assert not Support.objects.filter(user_id=F("suggestion__submitter_id")).exists()


def test_it_indexes_every_suggestion_so_that_inflected_forms_are_found(seeded_demo):
    assert not Suggestion.objects.filter(indexed_at=None).exists()

    found = board(query=BoardQuery(search="kotihoito"))

    assert found.count >= 3
    assert all(
        "kotihoi" in (row.title + row.description + row.proposed_solution).lower()
        for row in found.rows
    )
    assert any("kotihoidon" in row.title.lower() for row in found.rows)


def test_it_creates_nothing_new_the_second_time(seeded_demo):
    counts = (Suggestion.objects.count(), Support.objects.count(), Comment.objects.count())

    output = seed_demo(force=True)

    assert (
        Suggestion.objects.count(),
        Support.objects.count(),
        Comment.objects.count(),
    ) == counts
    assert "Demo suggestions: already there" in output
