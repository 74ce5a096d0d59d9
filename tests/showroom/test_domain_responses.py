"""People's responses: interest once per person or browser and rate-limited, feedback from
signed-in people with personal data refused, professionals' recommendations, and reports of
feedback moderated as comments are. Responses are taken only while the listing is listed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from popsote.core.ratelimit import Rate, RateLimited
from popsote.notifications.models import Notification
from showroom import permissions, ratelimits, services
from showroom.lifecycle import Action
from showroom.models import Feedback, FeedbackReport, Interest, ListingEvent, Recommendation
from showroom.selectors import responses_for
from tests.showroom.world import ROLES, STATES

pytestmark = pytest.mark.django_db

LISTED = {"published", "published_writing", "published_review", "published_returned"}


@pytest.fixture
def listed(world):
    return world.listing("published")


def test_interest_counts_once_per_person(world, listed):
    resident = world.user("resident")

    assert services.interest_register(actor=resident, listing=listed) is True
    assert services.interest_register(actor=resident, listing=listed) is False
    assert Interest.objects.filter(listing=listed).count() == 1
    assert responses_for(resident, listed).interested


def test_interest_counts_once_per_browser_when_signed_out(listed):
    anonymous = AnonymousUser()
    first = services.interest_register(
        actor=anonymous, listing=listed, browser="token-1", address="10.0.0.1"
    )
    again = services.interest_register(
        actor=anonymous, listing=listed, browser="token-1", address="10.0.0.1"
    )
    other = services.interest_register(
        actor=anonymous, listing=listed, browser="token-2", address="10.0.0.1"
    )

    assert (first, again, other) == (True, False, True)
    assert Interest.objects.filter(listing=listed).count() == 2
    assert responses_for(anonymous, listed, browser="token-1").interested
    assert not responses_for(anonymous, listed, browser="token-3").interested


def test_a_signed_out_browser_without_its_cookie_is_not_counted(listed):
    with pytest.raises(ValidationError):
        services.interest_register(actor=AnonymousUser(), listing=listed, address="10.0.0.1")
    assert not Interest.objects.filter(listing=listed).exists()


def test_interest_is_rate_limited_per_address_and_per_person(world, listed, monkeypatch):
    monkeypatch.setattr(ratelimits, "INTERESTS_PER_ADDRESS", Rate(limit=2, period=3600))
    monkeypatch.setattr(ratelimits, "INTERESTS_PER_PERSON", Rate(limit=1, period=3600))
    for token in ("a", "b"):
        services.interest_register(
            actor=AnonymousUser(), listing=listed, browser=token, address="10.9.9.9"
        )
    with pytest.raises(RateLimited) as limited:
        services.interest_register(
            actor=AnonymousUser(), listing=listed, browser="c", address="10.9.9.9"
        )
    assert limited.value.retry_after > 0
    # Another address is counted apart.
    services.interest_register(actor=AnonymousUser(), listing=listed, browser="c", address="10.1")

    professional = world.user("professional")
    services.interest_register(actor=professional, listing=listed)
    with pytest.raises(RateLimited):
        services.interest_register(actor=professional, listing=world.listing("published_review"))
    assert Interest.objects.filter(listing=listed).count() == 4


# Who may respond to a listed listing: interest anyone but the company; feedback the signed-in
# but the company; a recommendation the professionals (editors, labs staff and coordinators of
# the world are professionals by stakeholder group).
PROFESSIONALS = {"professional", "editor", "labs_staff", "coordinator"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_response_matrix(world, role, state):
    listing = world.listing(state)
    user = world.user(role)
    listed = state in LISTED

    interest = listed and role != "company_a"
    feedback = listed and role not in ("anonymous", "company_a")
    recommend = listed and role in PROFESSIONALS

    assert permissions.can_register_interest(user, listing) is interest
    assert permissions.can_give_feedback(user, listing) is feedback
    assert permissions.can_recommend(user, listing) is recommend
    if not recommend:
        with pytest.raises(PermissionDenied):
            services.recommendation_add(actor=user, listing=listing)
    else:
        assert services.recommendation_add(actor=user, listing=listing) is True
        assert services.recommendation_add(actor=user, listing=listing) is False
    if not feedback:
        with pytest.raises(PermissionDenied):
            services.feedback_create(actor=user, listing=listing, text="Hyvä", used_as="resident")


def test_feedback_refuses_identity_codes_and_an_unknown_use(world, listed):
    with pytest.raises(ValidationError) as refused:
        services.feedback_create(
            actor=world.user("resident"),
            listing=listed,
            text="Äitini 131052-308T käyttää tätä.",
            used_as="neighbour",
        )
    assert set(refused.value.message_dict) == {"text", "used_as"}
    assert not Feedback.objects.filter(listing=listed).exists()


def test_feedback_is_rate_limited(world, listed, monkeypatch):
    monkeypatch.setattr(ratelimits, "FEEDBACK", Rate(limit=1, period=3600))
    resident = world.user("resident")
    services.feedback_create(actor=resident, listing=listed, text="Hyvä.", used_as="resident")

    with pytest.raises(RateLimited):
        services.feedback_create(actor=resident, listing=listed, text="Taas.", used_as="resident")
    assert Feedback.objects.filter(listing=listed).count() == 1


def test_feedback_is_reported_once_and_an_editor_hides_it_with_a_reason(world, listed):
    feedback = services.feedback_create(
        actor=world.user("resident"), listing=listed, text="Mainos!", used_as="resident"
    )
    reporter = world.user("professional")
    services.feedback_report(actor=reporter, feedback=feedback, reason="Mainos.")
    with pytest.raises(services.AlreadyReported):
        services.feedback_report(actor=reporter, feedback=feedback, reason="Taas.")
    with pytest.raises(PermissionDenied):
        services.feedback_report(actor=world.user("resident"), feedback=feedback, reason="Oma.")
    assert Notification.objects.filter(
        kind="showroom.feedback.reported", recipient=world.people["editor"]
    ).exists()

    with pytest.raises(PermissionDenied):
        services.feedback_hide(actor=world.user("resident"), feedback=feedback, reason="Pois.")
    services.feedback_hide(actor=world.user("editor"), feedback=feedback, reason="Mainos.")

    assert not Feedback.objects.visible().filter(pk=feedback.pk).exists()
    assert feedback not in responses_for(AnonymousUser(), listed).feedback
    report = FeedbackReport.objects.get(feedback=feedback)
    assert report.resolution == FeedbackReport.Resolution.HIDDEN
    event = ListingEvent.objects.filter(listing=listed, action=Action.FEEDBACK_HIDDEN).get()
    assert (event.is_public, event.internal_note) == (False, "Mainos.")

    services.feedback_restore(actor=world.user("coordinator"), feedback=feedback, reason="OK.")
    assert Feedback.objects.visible().filter(pk=feedback.pk).exists()


def test_a_recommendation_is_removed_by_its_professional(world, listed):
    professional = world.user("professional")
    services.recommendation_add(actor=professional, listing=listed)

    assert services.recommendation_remove(actor=professional, listing=listed) is True
    assert not Recommendation.objects.filter(listing=listed).exists()
