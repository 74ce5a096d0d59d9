"""Two handlers deciding the same suggestion at the same moment: exactly one wins, the other is
told that someone else acted first, and the timeline holds one decision.

Each thread has its own database connection (Django gives every thread one), so these are two
real PostgreSQL sessions competing for the row lock; the tests are transactional so that each
session sees what the other committed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import Suggestion, SuggestionEvent, Support
from ideas.services.community import suggestion_support
from ideas.services.transitions import suggestion_transition
from popsote.core.lifecycle import IllegalTransition
from popsote.taxonomy.models import DecisionReason
from tests.factories import make_group, submit
from tests.ideas.community import quick_user
from tests.ideas.test_api_helpers import api, url

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 30


@pytest.fixture
def handlers(reference_data):
    first, second = quick_user("first@example.fi"), quick_user("second@example.fi")
    make_group("oulu", areas=["oulu"], members=[first, second])
    return first, second


@pytest.fixture
def suggestion(handlers):
    suggestion = submit(quick_user("author@example.fi"), area="oulu").suggestion
    suggestion.refresh_from_db()
    assert suggestion.state == State.IN_PROCESSING
    return suggestion


def in_thread(work: Callable[[], object], results: list, start: threading.Barrier | None = None):
    """Run ``work`` in a thread of its own, on a connection of its own; its result or error
    goes to ``results``."""

    def run():
        try:
            if start is not None:
                start.wait(TIMEOUT)
            # The language is per thread: messages in English, as in every other test.
            with translation.override("en"):
                results.append(work())
        except Exception as error:  # the point is to collect what each side got
            results.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


class RowHeld:
    """Holds the suggestion's row lock from a third connection until released, so that both
    handlers are surely inside their transactions, waiting on the same row, before either can
    go on."""

    def __init__(self, suggestion: Suggestion):
        self.locked, self.release = threading.Event(), threading.Event()
        self.results: list = []
        self.thread = in_thread(lambda: self._hold(suggestion.pk), self.results)
        assert self.locked.wait(TIMEOUT)

    def _hold(self, pk: int) -> None:
        with transaction.atomic():
            Suggestion.objects.select_for_update().get(pk=pk)
            self.locked.set()
            self.release.wait(TIMEOUT)

    def until_waiting(self, count: int) -> None:
        deadline = time.monotonic() + TIMEOUT
        while waiting_for_locks() < count:
            assert time.monotonic() < deadline, "the handlers never reached the row lock"
            time.sleep(0.02)
        self.release.set()
        self.thread.join(TIMEOUT)


def decide(actor, suggestion, action: str, **details):
    return lambda: suggestion_transition(
        actor=actor,
        suggestion=suggestion,
        action=action,
        expected_state=State.IN_PROCESSING,
        **details,
    )


def assert_one_winner(results: list, suggestion: Suggestion) -> None:
    winners = [result for result in results if isinstance(result, Suggestion)]
    losers = [result for result in results if isinstance(result, IllegalTransition)]
    assert (len(winners), len(losers)) == (1, 1), results
    assert "Someone else changed this suggestion" in str(losers[0])
    suggestion.refresh_from_db()
    assert suggestion.state == winners[0].state
    decisions = SuggestionEvent.objects.filter(
        suggestion=suggestion, action__in=[Action.ACCEPT, Action.NOT_ADVANCE]
    )
    assert [event.to_state for event in decisions] == [suggestion.state]


def test_it_lets_one_of_two_handlers_deciding_at_once_win(suggestion, handlers):
    first, second = handlers
    reason = DecisionReason.objects.get(code="not-feasible")
    results: list = []
    start = threading.Barrier(2)

    threads = [
        in_thread(
            decide(first, suggestion, "accept", message="Otetaan kehitykseen."), results, start
        ),
        in_thread(
            decide(second, suggestion, "not_advance", message="Ei resursseja.", reason=reason),
            results,
            start,
        ),
    ]
    for thread in threads:
        thread.join(TIMEOUT)

    assert_one_winner(results, suggestion)


def test_it_makes_the_second_of_two_waiting_handlers_fail_once_the_first_committed(
    suggestion, handlers
):
    first, second = handlers
    reason = DecisionReason.objects.get(code="not-feasible")
    results: list = []
    held = RowHeld(suggestion)

    threads = [
        in_thread(decide(first, suggestion, "accept", message="Otetaan kehitykseen."), results),
        in_thread(
            decide(second, suggestion, "not_advance", message="Ei resursseja.", reason=reason),
            results,
        ),
    ]
    held.until_waiting(2)
    for thread in threads:
        thread.join(TIMEOUT)

    assert held.results == [None]
    assert_one_winner(results, suggestion)


def test_it_tells_the_second_handler_of_the_same_move_that_the_state_has_changed(
    suggestion, handlers
):
    # Without the state they saw, the loser learns that the move no longer fits the state.
    first, second = handlers
    results: list = []
    held = RowHeld(suggestion)

    threads = [
        in_thread(
            lambda actor=actor: suggestion_transition(
                actor=actor, suggestion=suggestion, action="accept", message="Kehitykseen."
            ),
            results,
        )
        for actor in (first, second)
    ]
    held.until_waiting(2)
    for thread in threads:
        thread.join(TIMEOUT)

    errors = [result for result in results if isinstance(result, IllegalTransition)]
    assert len(errors) == 1 and len(results) == 2
    assert "is not possible while the state is “Accepted for development”" in str(errors[0])
    assert SuggestionEvent.objects.filter(suggestion=suggestion, action="accept").count() == 1


def test_it_answers_the_second_api_request_with_409(suggestion, handlers):
    first, second = handlers
    results: list = []
    held = RowHeld(suggestion)

    def post(person, body):
        response = api(person, token=True).post(
            url("transitions", suggestion.reference),
            {"expected_state": "in_processing", **body},
            format="json",
        )
        return response.status_code, response.json()

    threads = [
        in_thread(lambda: post(first, {"action": "accept", "message": "Kyllä."}), results),
        in_thread(
            lambda: post(
                second, {"action": "not_advance", "message": "Ei.", "reason": "not-feasible"}
            ),
            results,
        ),
    ]
    held.until_waiting(2)
    for thread in threads:
        thread.join(TIMEOUT)

    assert sorted(status for status, _body in results) == [200, 409]
    conflict = next(body for status, body in results if status == 409)
    assert conflict["code"] == "illegal_transition"
    assert "Someone else changed this suggestion" in conflict["detail"]


def test_it_merges_only_one_way_when_two_handlers_merge_a_pair_into_each_other(handlers):
    first, second = handlers
    one = submit(quick_user("one@example.fi"), area="oulu").suggestion
    other = submit(quick_user("other@example.fi"), area="oulu").suggestion
    supporter = quick_user("supporter@example.fi")
    suggestion_support(actor=supporter, suggestion=one)
    results: list = []
    start = threading.Barrier(2)

    threads = [
        in_thread(
            decide(first, one, "merge", message="Sama asia.", target=other.reference),
            results,
            start,
        ),
        in_thread(
            decide(second, other, "merge", message="Sama asia.", target=one.reference),
            results,
            start,
        ),
    ]
    for thread in threads:
        thread.join(TIMEOUT)

    # No deadlock: the loser waited, then found its target merged (or its own row moved).
    assert [type(result) for result in results].count(Suggestion) == 1, results
    loser = next(result for result in results if not isinstance(result, Suggestion))
    assert isinstance(loser, (IllegalTransition, ValidationError)), loser
    states = sorted(Suggestion.objects.filter(pk__in=[one.pk, other.pk]).values_list("state"))
    assert states == [(State.IN_PROCESSING,), (State.MERGED,)]
    assert Support.objects.filter(user=supporter).count() == 1
