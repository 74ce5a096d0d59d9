"""The listing's lifecycle table as data, and the moves through the service: every legal move
lands where the table says and is an event; an illegal one raises and changes nothing."""

from __future__ import annotations

import pytest

from popsote.core.lifecycle import IllegalTransition
from showroom import services
from showroom.lifecycle import LIFECYCLE, Action, State
from showroom.models import ListingEvent
from tests.showroom.builders import make_listing

pytestmark = pytest.mark.django_db

TABLE = {
    Action.SUBMIT: ({State.DRAFT}, State.IN_REVIEW),
    Action.RETURN: ({State.IN_REVIEW}, State.DRAFT),
    Action.PUBLISH: ({State.IN_REVIEW}, State.PUBLISHED),
    Action.SUBMIT_CHANGE: ({State.PUBLISHED}, State.PUBLISHED),
    Action.PUBLISH_CHANGE: ({State.PUBLISHED}, State.PUBLISHED),
    Action.RETURN_CHANGE: ({State.PUBLISHED}, State.PUBLISHED),
    Action.ARCHIVE: ({State.PUBLISHED}, State.ARCHIVED),
    Action.RESTORE: ({State.ARCHIVED}, State.DRAFT),
}


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("action", list(TABLE))
def test_the_table_allows_exactly_the_moves_of_the_design(action, state):
    sources, target = TABLE[action]

    assert LIFECYCLE.allows(action=action, state=state) is (state in sources)
    if state in sources:
        assert LIFECYCLE.target(action=action, state=state) == target
    else:
        with pytest.raises(IllegalTransition):
            LIFECYCLE.move(action=action, state=state)


def test_the_table_has_no_other_moves():
    assert set(LIFECYCLE.moves) == set(TABLE)


def test_a_listing_goes_from_draft_to_published_and_back_through_archive(world):
    rep, editor = world.user("company_a"), world.user("editor")
    listing = make_listing(world.labels["a"], rep)
    steps = [
        (rep, Action.SUBMIT, "", State.IN_REVIEW),
        (editor, Action.RETURN, "Lisää hinta.", State.DRAFT),
        (rep, Action.SUBMIT, "", State.IN_REVIEW),
        (editor, Action.PUBLISH, "", State.PUBLISHED),
        (editor, Action.ARCHIVE, "Tuote poistunut.", State.ARCHIVED),
        (editor, Action.RESTORE, "", State.DRAFT),
    ]
    for actor, action, message, state in steps:
        event = services.listing_transition(
            actor=actor, listing=listing, action=action, message=message
        )
        listing.refresh_from_db()
        assert listing.state == state
        assert (event.action, event.to_state, event.public_message) == (action, state, message)

    moves = ListingEvent.objects.filter(listing=listing).exclude(action__in=["create", "save"])
    assert [e.action for e in moves.order_by("id")] == [a for _, a, _, _ in steps]


def test_an_illegal_move_raises_and_changes_nothing(world):
    listing = world.listing(State.DRAFT)
    before = ListingEvent.objects.filter(listing=listing).count()

    with pytest.raises(IllegalTransition):
        services.listing_transition(
            actor=world.user("editor"), listing=listing, action=Action.PUBLISH
        )

    listing.refresh_from_db()
    assert listing.state == State.DRAFT
    assert ListingEvent.objects.filter(listing=listing).count() == before


def test_a_stale_form_is_refused_with_the_state_someone_else_left(world):
    listing = world.listing(State.IN_REVIEW)
    services.listing_transition(actor=world.user("editor"), listing=listing, action=Action.PUBLISH)

    with pytest.raises(IllegalTransition, match="Someone else changed"):
        services.listing_transition(
            actor=world.user("editor"),
            listing=listing,
            action=Action.RETURN,
            message="Korjaa.",
            expected_state=State.IN_REVIEW,
        )
