"""The rollups kept on every event equal a rebuild from the source tables, and both equal a
computation written here from the source rows, independently of the rollups' SQL."""

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ideas.lifecycle import OPEN_STATES, RESPONSE_ACTIONS
from ideas.models import Comment, Suggestion, SuggestionEvent, Support
from popsote.metrics import cells, rollups
from popsote.metrics.models import (
    ALL_GROUPS,
    CountyDuration,
    CountyMonth,
    CountyParticipants,
    DurationMonth,
    GroupService,
    OpenDue,
    Participation,
    StateMonth,
    SuggestionMonth,
)
from tests.factories import submit
from tests.labs.factories import at

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def kept(model) -> Counter:
    """The table's rows as a multiset of their keys (zero rows left out)."""
    fields = [
        f.attname for f in model._meta.fields if f.attname not in ("id", "count", "within_target")
    ]
    if model is not GroupService and any(f.attname == "within_target" for f in model._meta.fields):
        fields.append("within_target")
    found = Counter()
    for row in model.objects.values(*fields, *(["count"] if hasattr(model, "count") else [])):
        count = row.pop("count", 1)
        found[tuple(row[f] for f in fields)] += count
    return +found


def every_rollup() -> dict:
    # The deadline months gone by fold at night, and a rebuild folds them: fold first.
    cells.fold_open_due()
    return {model.__name__: kept(model) for model in rollups.ROLLUPS}


def month(moment):
    return moment.astimezone(HELSINKI).date().replace(day=1)


def four_cells(area, group):
    """The four cells of an area and a stakeholder group (0: all)."""
    return {(area, group), (0, group), (area, 0), (0, 0)}


def counted_events():
    """(suggestion, event, codes) along each timeline, walked in Python: the event's own
    action if counted, and "first_response" for the first answer."""
    for suggestion in Suggestion.objects.all():
        answered = False
        for event in suggestion.events.order_by("created_at", "id"):
            codes = []
            if event.action in rollups.COUNTED_ACTIONS:
                codes.append(event.action)
            if event.action in RESPONSE_ACTIONS and not answered:
                codes.append("first_response")
                answered = True
            yield suggestion, event, codes


def direct_suggestion_months() -> Counter:
    """SuggestionMonth (the groups' rows) from the events."""
    found = Counter()
    for suggestion, event, codes in counted_events():
        for code in codes:
            # Only what was received is kept by service area and kind.
            received = code in rollups.ARRIVALS_AND_SUBMIT
            if event.group_id is None:
                continue
            key = (
                month(event.created_at),
                code,
                suggestion.stakeholder_group_id,
                suggestion.area_id,
                suggestion.service_area_id if received else 0,
                suggestion.kind_id if received else 0,
                event.group_id,
            )
            found[key] += 1
    return found


def direct_county_months() -> Counter:
    """CountyMonth from the events: each in its four cells, submissions by service area and
    by kind too."""
    found = Counter()
    for suggestion, event, codes in counted_events():
        for code in codes:
            terms = [(0, 0)]
            if code == "submit":
                terms += [(suggestion.service_area_id, 0), (0, suggestion.kind_id)]
            for area, group in four_cells(suggestion.area_id, suggestion.stakeholder_group_id):
                for service_area, kind in terms:
                    found[(month(event.created_at), code, area, group, service_area, kind)] += 1
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


def direct_participation() -> set:
    """(month, person, area, stakeholder group) of every act in the county."""
    acts = set()
    for s in Suggestion.objects.all():
        submitted = s.events.get(action="submit").created_at
        person = s.submitter_id or s.submitter_email or f"suggestion {s.pk}"
        acts.add((month(submitted), person, s.area_id, s.stakeholder_group_id))
    for act in [*Support.objects.all(), *Comment.objects.all()]:
        person = getattr(act, "user_id", None) or getattr(act, "author_id", None)
        if person and act.stakeholder_group_id:
            acts.add(
                (month(act.created_at), person, act.suggestion.area_id, act.stakeholder_group_id)
            )
    return acts


def runs_count(start, end, area, group) -> int:
    """The people of ``start``–``end`` in a cell, added up from ``CountyParticipants``."""
    rows = CountyParticipants.objects.filter(
        area_id=area, stakeholder_group_id=group, month__gte=start, month__lte=end
    ).filter(Q(previous_month=None) | Q(previous_month__lt=start))
    return sum(rows.values_list("count", flat=True))


def assert_runs_equal_distinct_people() -> None:
    """For every run of months and every cell, the added-up runs are the distinct people."""
    acts = direct_participation()
    months = sorted({m for m, *_rest in acts})
    if not months:
        return
    span = [months[0].replace(year=months[0].year - 1), *months]
    every_cell = {cell for _m, _p, area, group in acts for cell in four_cells(area, group)}
    for i, start in enumerate(span):
        for end in span[i:]:
            for area, group in every_cell:
                people = {
                    person
                    for m, person, a, g in acts
                    if start <= m <= end and area in (0, a) and group in (0, g)
                }
                assert runs_count(start, end, area, group) == len(people), (start, end, area)


def direct_open_due(now, *, folded: bool = True) -> Counter:
    """OpenDue from the suggestions, deadline months before this one folded (or not yet)."""
    this_month = cells.this_month_utc(now)
    found = Counter()
    for s in Suggestion.objects.filter(state__in=OPEN_STATES, group__isnull=False):
        if s.due_at is None:
            due = None
        elif s.due_at < this_month and folded:
            due = datetime.date(1970, 1, 1)
        else:
            due = s.due_at.astimezone(datetime.UTC).date().replace(day=1)
        for area, group in four_cells(s.area_id, s.stakeholder_group_id):
            found[(s.group_id, s.state, due, area, group)] += 1
    return found


def test_the_kept_rollups_equal_a_rebuild_and_a_direct_count(world):
    incremental = every_rollup()
    steps = rollups.rebuild()

    assert every_rollup() == incremental
    assert set(steps) == {
        "empty",
        "events",
        "supports",
        "comments",
        "participant runs",
        "open",
    }
    assert kept(SuggestionMonth) == +direct_suggestion_months()
    assert kept(CountyMonth) == +direct_county_months()
    assert summed_states() == +direct_states_now()
    county = Participation.objects.filter(group_id=ALL_GROUPS)
    acts = direct_participation()
    assert county.values("month", "person_key").distinct().count() == len(
        {(m, p) for m, p, *_rest in acts}
    )
    assert_runs_equal_distinct_people()
    durations = Counter()
    for row in CountyDuration.objects.filter(area_id=0, stakeholder_group_id=0):
        durations[(row.measure, row.days)] += row.count
    assert durations == {
        ("first_response", 2): 1,
        ("first_response", 26): 1,
        ("first_response", 51): 1,
        ("decision", 26): 1,
        ("decision", 51): 1,
    }
    # Every cell of the county's histogram, and every group's summary, is its rows added up.
    by_cell, by_group = Counter(), Counter()
    for row in DurationMonth.objects.all():
        for area, group in four_cells(row.area_id, row.stakeholder_group_id):
            by_cell[(row.month, row.measure, area, group, row.days, row.within_target)] += row.count
            key = (row.group_id, row.month, row.measure, area, group)
            by_group[(*key, "count")] += row.count
            by_group[(*key, "within")] += row.count if row.within_target else 0
    assert kept(CountyDuration) == +by_cell
    summary = Counter()
    for row in GroupService.objects.all():
        key = (row.group_id, row.month, row.measure, row.area_id, row.stakeholder_group_id)
        summary[(*key, "count")] += row.count
        summary[(*key, "within")] += row.within_target
    assert +summary == +by_group
    assert kept(OpenDue) == +direct_open_due(timezone.now())


def test_runs_hold_when_a_person_takes_part_in_an_earlier_month_later(world):
    """A month that arrives before one already counted (a rebuild's order is by month, but a
    support can be written late) moves the later month's run: still each person once."""
    from ideas.services.community import comment_create
    from popsote.accounts.models import User
    from tests.metrics.world import frozen

    noora = User.objects.get(pk=world.people["noora"])
    s3 = Suggestion.objects.get(pk=world.s["s3"])
    with frozen(at(2025, 11, 20)):
        comment_create(actor=noora, suggestion=s3, body="Myöhässä kirjattu kommentti.")
    assert_runs_equal_distinct_people()
    incremental = kept(CountyParticipants)
    rollups.rebuild()
    assert kept(CountyParticipants) == incremental


def test_the_open_rollup_follows_every_way_a_suggestion_changes(world):
    """The triggers see bulk updates and deletes that no service writes an event for."""
    rows = Suggestion.objects.filter(state__in=OPEN_STATES, group__isnull=False)
    assert rows.exists()
    rollups.rebuild()
    rows.update(due_at=timezone.now() - datetime.timedelta(days=400))
    assert kept(OpenDue) != +direct_open_due(timezone.now())
    cells.fold_open_due()
    assert kept(OpenDue) == +direct_open_due(timezone.now())
    Suggestion.objects.filter(pk=world.s["s1"]).update(state="accepted", due_at=None)
    Suggestion.objects.filter(pk=world.s["s4"]).update(state="received")
    # The −1 of a month already folded lands on that month's row; folding adds it up.
    cells.fold_open_due()
    assert kept(OpenDue) == +direct_open_due(timezone.now())
    SuggestionEvent.objects.filter(suggestion_id=world.s["s3"]).delete()
    Suggestion.objects.filter(pk=world.s["s3"]).delete()
    cells.fold_open_due()
    assert kept(OpenDue) == +direct_open_due(timezone.now())


def test_each_event_is_counted_by_one_statement_in_its_transaction(world, monkeypatch):
    monkeypatch.setattr("ideas.services.submission.queue_indexing", lambda suggestion: None)
    with CaptureQueriesContext(connection) as captured:
        suggestion = submit(area="oulu").suggestion
    metrics = [q for q in captured.captured_queries if "metrics_suggestion_month" in q["sql"]]
    events = SuggestionEvent.objects.filter(suggestion=suggestion).count()

    # The submission and its routing: two events, two statements, nothing else.
    assert events == 2 and len(metrics) == 2
    assert all(q["sql"].lstrip().startswith("WITH ev AS") for q in metrics)
    assert CountyMonth.objects.filter(action="submit", area_id=0, stakeholder_group_id=0).exists()


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
