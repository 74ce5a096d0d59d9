"""The rollups kept on every event equal a rebuild from the source tables, and both equal a
computation written here from the source rows, independently of the rollups' SQL."""

from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.lifecycle import RESPONSE_ACTIONS
from ideas.models import Comment, Suggestion, SuggestionEvent, Support
from popsote.metrics import rollups
from popsote.metrics.models import (
    ALL_GROUPS,
    DurationMonth,
    Participation,
    StateMonth,
    SuggestionMonth,
)
from tests.factories import submit

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def kept(model) -> Counter:
    """The table's rows as a multiset of their keys (zero rows left out)."""
    fields = [f.attname for f in model._meta.fields if f.attname not in ("id", "count")]
    found = Counter()
    for row in model.objects.values(*fields, *(["count"] if hasattr(model, "count") else [])):
        count = row.pop("count", 1)
        found[tuple(row[f] for f in fields)] += count
    return +found


def every_rollup() -> dict:
    return {model.__name__: kept(model) for model in rollups.ROLLUPS}


def month(moment):
    return moment.astimezone(HELSINKI).date().replace(day=1)


def direct_suggestion_months() -> Counter:
    """SuggestionMonth from the events, walking each timeline in Python."""
    found = Counter()
    for suggestion in Suggestion.objects.all():
        answered = False
        for event in suggestion.events.order_by("created_at", "id"):
            codes = []
            if event.action in rollups.COUNTED_ACTIONS:
                codes.append(event.action)
            if event.action in RESPONSE_ACTIONS and not answered:
                codes.append("first_response")
                answered = True
            for code in codes:
                # Only what was received is kept by service area and kind.
                received = code in rollups.ARRIVALS_AND_SUBMIT
                for group in {ALL_GROUPS, event.group_id} - {None}:
                    key = (
                        month(event.created_at),
                        code,
                        suggestion.stakeholder_group_id,
                        suggestion.area_id,
                        suggestion.service_area_id if received else 0,
                        suggestion.kind_id if received else 0,
                        group,
                    )
                    found[key] += 1
    return found


def direct_states_now() -> Counter:
    """How many suggestions are in each state now, county and group: what the state rollup
    must add up to over all months."""
    found = Counter()
    for s in Suggestion.objects.all():
        for group in {ALL_GROUPS, s.group_id} - {None}:
            found[(s.state, s.stakeholder_group_id, s.area_id, group)] += 1
    return found


def summed_states() -> Counter:
    found = Counter()
    for row in StateMonth.objects.all():
        found[(row.state, row.stakeholder_group_id, row.area_id, row.group_id)] += row.count
    return +found


def direct_participants() -> set:
    """(month, person) of every act in the county's rows."""
    people = set()
    for s in Suggestion.objects.all():
        submitted = s.events.get(action="submit").created_at
        person = s.submitter_id or s.submitter_email or f"suggestion {s.pk}"
        people.add((month(submitted), person))
    for act in [*Support.objects.all(), *Comment.objects.all()]:
        people.add((month(act.created_at), getattr(act, "user_id", None) or act.author_id))
    return people


def test_the_kept_rollups_equal_a_rebuild_and_a_direct_count(world):
    incremental = every_rollup()
    steps = rollups.rebuild()

    assert every_rollup() == incremental
    assert set(steps) == {"empty", "events", "supports", "comments"}
    assert kept(SuggestionMonth) == +direct_suggestion_months()
    assert summed_states() == +direct_states_now()
    county = Participation.objects.filter(group_id=ALL_GROUPS)
    assert county.values("month", "person_key").distinct().count() == len(direct_participants())
    durations = Counter()
    for row in DurationMonth.objects.filter(group_id=ALL_GROUPS):
        durations[(row.measure, row.days)] += row.count
    assert durations == {
        ("first_response", 2): 1,
        ("first_response", 26): 1,
        ("first_response", 51): 1,
        ("decision", 26): 1,
        ("decision", 51): 1,
    }


def test_each_event_is_counted_by_one_statement_in_its_transaction(world, monkeypatch):
    monkeypatch.setattr("ideas.services.submission.queue_indexing", lambda suggestion: None)
    with CaptureQueriesContext(connection) as captured:
        suggestion = submit(area="oulu").suggestion
    metrics = [q for q in captured.captured_queries if "metrics_suggestion_month" in q["sql"]]
    events = SuggestionEvent.objects.filter(suggestion=suggestion).count()

    # The submission and its routing: two events, two statements, nothing else.
    assert events == 2 and len(metrics) == 2
    assert all(q["sql"].lstrip().startswith("WITH ev AS") for q in metrics)
    assert SuggestionMonth.objects.filter(action="submit", group_id=ALL_GROUPS).exists()


def test_a_rolled_back_event_is_not_counted(world):
    before = every_rollup()
    with pytest.raises(RuntimeError), connection.cursor():
        from django.db import transaction

        with transaction.atomic():
            submit(area="lakeus")
            raise RuntimeError
    assert every_rollup() == before


def test_a_withdrawn_support_still_took_part_until_a_rebuild(world):
    from ideas.services.community import suggestion_unsupport
    from popsote.accounts.models import User

    noora = User.objects.get(pk=world.people["noora"])
    s1 = Suggestion.objects.get(pk=world.s["s1"])
    suggestion_unsupport(actor=noora, suggestion=s1)
    # Her January support is gone, her January comment is not: she still took part.
    assert Participation.objects.filter(person_key=noora.pk).exists()
