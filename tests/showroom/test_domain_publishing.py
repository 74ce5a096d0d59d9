"""The publishing rule across time: a published listing is in the catalogue exactly while its
label is valid, on a frozen clock and with no job running; its page stays reachable and says
since when and why it is not listed. ``tell_unlisted`` tells editors and the company once per
listing and cause, and the catalogue never waits for it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from labs.services import label_withdraw
from popsote.notifications.models import Notification
from showroom import permissions, services
from showroom.lifecycle import Action, State
from showroom.models import Listing, ListingEvent
from showroom.selectors import Cause, catalogue, listing_page, unlisted_reason
from tests.factories import PEOPLE, make_person
from tests.labs.factories import at, frozen, make_company, make_user
from tests.showroom.builders import make_label, make_listing

pytestmark = pytest.mark.django_db

GRANTED = datetime.date(2026, 3, 2)
LAST_DAY = datetime.date(2029, 3, 2)


@pytest.fixture
def people(db):
    rep = make_user("company")
    return {
        "rep": rep,
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "staff": make_person(**PEOPLE["labs_staff"]),
        "company": make_company("Alfa Health Oy", representatives=[rep]),
    }


@pytest.fixture
def published(people):
    """A listing published on its grant day, its label valid through ``LAST_DAY``."""
    with frozen(at(2026, 3, 2)):
        label = make_label(people["company"], people["rep"], granted_on=GRANTED)
        return make_listing(label, people["rep"], state=State.PUBLISHED, editor=people["editor"])


def in_catalogue(listing) -> bool:
    return catalogue().filter(pk=listing.pk).exists()


def test_listed_the_day_before_and_on_the_last_day_gone_the_day_after(published):
    assert published.label.valid_until == LAST_DAY
    for moment, listed in ((at(2029, 3, 1), True), (at(2029, 3, 2), True), (at(2029, 3, 3), False)):
        with frozen(moment):
            assert in_catalogue(published) is listed, moment
            assert Listing.objects.listed().filter(pk=published.pk).exists() is listed
            assert Listing.objects.get(pk=published.pk).is_listed() is listed
    # Nothing ran in between: no event, no job.
    assert not ListingEvent.objects.filter(listing=published, action=Action.UNLISTED).exists()


def test_after_expiry_the_page_stays_and_says_since_when_and_why(published):
    with frozen(at(2029, 3, 3)):
        assert permissions.can_view(AnonymousUser(), published)
        page = listing_page(AnonymousUser(), published.slug)

    assert not page.is_listed
    assert page.unlisted.cause == Cause.EXPIRED
    assert page.unlisted.since == datetime.date(2029, 3, 3)
    assert published.label.code in page.unlisted.sentence


def test_a_withdrawn_label_takes_the_listing_out_at_once_with_its_public_reason(people, published):
    with frozen(at(2027, 5, 10)):
        assert in_catalogue(published)
        label_withdraw(actor=people["staff"], label=published.label, reason="Turvallisuushuoli.")
        listing = Listing.objects.select_related("label").get(pk=published.pk)

        assert not in_catalogue(listing)
        reason = unlisted_reason(listing)

    assert (reason.cause, reason.since, reason.reason) == (
        Cause.WITHDRAWN,
        datetime.date(2027, 5, 10),
        "Turvallisuushuoli.",
    )


def test_a_superseded_label_points_to_the_newer_versions_listing(people, published):
    with frozen(at(2027, 1, 15)):
        newer = make_label(
            people["company"],
            people["rep"],
            product_name=published.label.product_name,
            product_version="2.0",
        )
        published.label.superseded_by = newer
        published.label.save(update_fields=["superseded_by"])
        successor = make_listing(
            newer, people["rep"], state=State.PUBLISHED, editor=people["editor"], name="Uusi"
        )
        listing = Listing.objects.select_related("label").get(pk=published.pk)

        assert not in_catalogue(listing)
        assert in_catalogue(successor)
        reason = unlisted_reason(listing)

    assert reason.cause == Cause.SUPERSEDED
    assert reason.since == datetime.date(2027, 1, 15)
    assert reason.newer_label == newer
    assert reason.newer_listing == successor
    assert "2.0" in reason.sentence


def test_an_archived_listing_is_out_with_its_date_and_reason(people, published):
    with frozen(at(2027, 2, 1)):
        services.listing_transition(
            actor=people["editor"], listing=published, action=Action.ARCHIVE, message="Poistunut."
        )
        listing = Listing.objects.select_related("label").get(pk=published.pk)
        assert not in_catalogue(listing)
        assert permissions.can_view(AnonymousUser(), listing)
        reason = unlisted_reason(listing)

    assert (reason.cause, reason.since, reason.reason) == (
        Cause.ARCHIVED,
        datetime.date(2027, 2, 1),
        "Poistunut.",
    )


def test_a_draft_or_a_listing_in_review_is_never_listed(people):
    label = make_label(people["company"], people["rep"])
    draft = make_listing(label, people["rep"])
    in_review = make_listing(
        make_label(people["company"], people["rep"]), people["rep"], state=State.IN_REVIEW
    )

    assert not in_catalogue(draft) and not in_catalogue(in_review)
    assert not permissions.can_view(AnonymousUser(), draft)


def test_tell_unlisted_tells_editors_and_the_company_once_per_listing_and_cause(people, published):
    with frozen(at(2029, 3, 3)):
        assert services.tell_unlisted() == 1
        assert services.tell_unlisted() == 0

    told = Notification.objects.filter(kind="showroom.unlisted.expired")
    assert set(told.values_list("recipient_id", flat=True)) == {
        people["rep"].pk,
        people["editor"].pk,
    }
    assert ListingEvent.objects.filter(listing=published, action=Action.UNLISTED).count() == 1
    # A later cause (the expired label withdrawn as well) is news again, once.
    with frozen(at(2029, 3, 4)):
        label_withdraw(actor=people["staff"], label=published.label, reason="Vanhentunut.")
        assert services.tell_unlisted() == 1
        assert services.tell_unlisted() == 0


def test_tell_unlisted_leaves_listed_ones_alone(published):
    with frozen(at(2028, 1, 1)):
        assert services.tell_unlisted() == 0
    assert not Notification.objects.filter(kind__startswith="showroom.unlisted").exists()
