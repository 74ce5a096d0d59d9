"""Who may do what with a listing, as matrices: role × state × action through the service,
and role × state for opening and editing. Each move cell is ``ok`` (made), ``denied``
(``PermissionDenied``: not this person's move) or ``illegal`` (``IllegalTransition``: the
state or the pending version stands in the way); a refusal changes nothing. The expectations
are written out as tables rather than derived from the permission functions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from popsote.core.lifecycle import IllegalTransition
from showroom import permissions, services
from showroom.lifecycle import LIFECYCLE, Action, State
from showroom.models import Listing, ListingEvent
from tests.showroom.world import (
    PUBLISHED_RETURNED,
    PUBLISHED_REVIEW,
    PUBLISHED_WRITING,
    ROLES,
    STATES,
)

pytestmark = pytest.mark.django_db

ACTIONS = list(LIFECYCLE.moves)
PUBLISHED_STATES = [State.PUBLISHED, PUBLISHED_WRITING, PUBLISHED_REVIEW, PUBLISHED_RETURNED]
COMPANY_MOVES = {Action.SUBMIT, Action.SUBMIT_CHANGE}
COMPANY_OK = {
    State.DRAFT: {Action.SUBMIT},
    PUBLISHED_WRITING: {Action.SUBMIT_CHANGE},
    PUBLISHED_RETURNED: {Action.SUBMIT_CHANGE},
}
EDITOR_OK = {
    State.IN_REVIEW: {Action.PUBLISH, Action.RETURN},
    State.PUBLISHED: {Action.ARCHIVE},
    PUBLISHED_WRITING: {Action.ARCHIVE},
    PUBLISHED_REVIEW: {Action.ARCHIVE, Action.PUBLISH_CHANGE, Action.RETURN_CHANGE},
    PUBLISHED_RETURNED: {Action.ARCHIVE},
    State.ARCHIVED: {Action.RESTORE},
}
MESSAGES = {Action.RETURN, Action.RETURN_CHANGE, Action.ARCHIVE}


def expected(role: str, state: str, action: str) -> str:
    if action in COMPANY_MOVES:
        if role != "company_a":
            return "denied"
        return "ok" if action in COMPANY_OK.get(state, set()) else "illegal"
    if role != "editor":
        return "denied"
    return "ok" if action in EDITOR_OK.get(state, set()) else "illegal"


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_move_matrix(world, role, state, action):
    listing = world.listing(state)
    user = world.user(role)
    outcome = expected(role, state, action)
    events = ListingEvent.objects.filter(listing=listing).count()
    message = "Syy." if action in MESSAGES else ""

    assert (permissions.transition_refusal(user, listing, action) is None) is (outcome == "ok")
    assert (action in permissions.allowed_actions(user, listing)) is (outcome == "ok")
    if outcome == "ok":
        services.listing_transition(actor=user, listing=listing, action=action, message=message)
        assert ListingEvent.objects.filter(listing=listing).count() > events
        return
    error = PermissionDenied if outcome == "denied" else IllegalTransition
    with pytest.raises(error):
        services.listing_transition(actor=user, listing=listing, action=action, message=message)
    fresh = Listing.objects.get(pk=listing.pk)
    assert (fresh.state, fresh.pending_id, fresh.published_id) == (
        listing.state,
        listing.pending_id,
        listing.published_id,
    )
    assert ListingEvent.objects.filter(listing=listing).count() == events


# Who opens the listing's page (and finds it in ``listings_visible_to``).
READS_ALL = {"company_a", "editor", "labs_staff", "coordinator"}
PUBLIC_STATES = {*PUBLISHED_STATES, State.ARCHIVED}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_view_matrix_agrees_with_the_list(world, role, state):
    listing = world.listing(state)
    user = world.user(role)
    may = role in READS_ALL or state in PUBLIC_STATES

    assert permissions.can_view(user, listing) is may
    assert permissions.listings_visible_to(user).filter(pk=listing.pk).exists() is may


# Only company A edits, and only a draft or a published listing whose change is not in review.
EDITABLE = {State.DRAFT, State.PUBLISHED, PUBLISHED_WRITING, PUBLISHED_RETURNED}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_matrix(world, role, state):
    listing = world.listing(state)
    user = world.user(role)
    may = role == "company_a" and state in EDITABLE

    assert permissions.can_edit(user, listing) is may
    if may:
        services.version_save(actor=user, listing=listing, data={"summary": "Muutettu."})
        return
    error = IllegalTransition if role == "company_a" else PermissionDenied
    with pytest.raises(error):
        services.version_save(actor=user, listing=listing, data={"summary": "Muutettu."})
    assert Listing.objects.get(pk=listing.pk).pending_id == listing.pending_id


def test_company_b_cannot_edit_submit_or_even_see_company_as_draft(world):
    b = world.user("company_b")
    draft = world.listing(State.DRAFT)

    assert not permissions.listings_visible_to(b).filter(pk=draft.pk).exists()
    with pytest.raises(PermissionDenied):
        services.version_save(actor=b, listing=draft, data={"name": "Kaapattu"})
    with pytest.raises(PermissionDenied):
        services.listing_transition(actor=b, listing=draft, action=Action.SUBMIT)
    assert Listing.objects.get(pk=draft.pk).pending.name != "Kaapattu"


def test_only_editors_publish_not_labs_staff_nor_coordinators_nor_the_company(world):
    listing = world.listing(State.IN_REVIEW)
    for role in ("company_a", "labs_staff", "coordinator", "professional"):
        with pytest.raises(PermissionDenied):
            services.listing_transition(
                actor=world.user(role), listing=listing, action=Action.PUBLISH
            )
    services.listing_transition(actor=world.user("editor"), listing=listing, action=Action.PUBLISH)
    assert Listing.objects.get(pk=listing.pk).state == State.PUBLISHED


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_listing_needs_a_company_with_a_valid_label(world, role):
    user = world.user(role)
    may = role in ("company_a", "company_b")

    assert permissions.can_create_listing(user) is may
    label = world.labels["a"]
    if role == "company_a":
        services.listing_create(actor=user, label=label, name="Uusi")
        return
    with pytest.raises(PermissionDenied):
        services.listing_create(actor=user, label=label, name="Uusi")


@pytest.mark.parametrize("role", ROLES)
def test_the_review_queue_and_categories_are_the_editors(world, role):
    assert permissions.can_review(world.user(role)) is (role == "editor")
    assert permissions.can_manage_categories(world.user(role)) is (role == "editor")
