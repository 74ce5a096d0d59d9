"""Versions: a change to a published listing is written in a new version while the published
one stays public and untouched until an editor publishes the change; a submission needs a
complete version and a valid label; images are re-encoded, need alt text and are copied with
their version."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from showroom import services
from showroom.lifecycle import Action, State
from showroom.models import Listing, ListingImage, ListingVersion
from showroom.selectors import catalogue, listing_page, version_diff
from tests.factories import PEOPLE, make_person
from tests.labs.factories import make_company, make_user
from tests.showroom.builders import make_label, make_listing, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    rep = make_user("company")
    return {
        "rep": rep,
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "company": make_company("Alfa Health Oy", representatives=[rep]),
    }


@pytest.fixture
def published(people):
    label = make_label(people["company"], people["rep"])
    return make_listing(label, people["rep"], state=State.PUBLISHED, editor=people["editor"])


def public_summary(listing) -> str:
    return catalogue().get(pk=listing.pk).published.summary


def test_a_change_keeps_the_published_version_public_until_it_is_published(people, published):
    rep, editor = people["rep"], people["editor"]
    original = published.published
    before = public_summary(published)

    services.version_save(actor=rep, listing=published, data={"summary": "Uusi teksti."})
    listing = Listing.objects.get(pk=published.pk)
    assert listing.pending_id not in (None, original.pk)
    assert listing.published_id == original.pk
    assert public_summary(listing) == before

    services.listing_transition(actor=rep, listing=listing, action=Action.SUBMIT_CHANGE)
    assert public_summary(listing) == before
    assert [change.field for change in version_diff(Listing.objects.get(pk=listing.pk))] == [
        "summary"
    ]

    services.listing_transition(actor=editor, listing=listing, action=Action.PUBLISH_CHANGE)
    listing = Listing.objects.get(pk=listing.pk)
    assert public_summary(listing) == "Uusi teksti."
    assert listing.pending_id is None
    # The version that was public is kept as it was reviewed.
    original.refresh_from_db()
    assert original.summary == before
    assert original.reviewed_at is not None


def test_a_returned_change_goes_back_with_the_message_and_is_never_edited_again(people, published):
    rep, editor = people["rep"], people["editor"]
    services.version_save(actor=rep, listing=published, data={"summary": "Ehdotus."})
    services.listing_transition(actor=rep, listing=published, action=Action.SUBMIT_CHANGE)
    services.listing_transition(
        actor=editor, listing=published, action=Action.RETURN_CHANGE, message="Lisää hinta."
    )
    returned = Listing.objects.get(pk=published.pk).pending
    assert returned.review_note == "Lisää hinta."
    assert public_summary(published) != "Ehdotus."

    version = services.version_save(actor=rep, listing=published, data={"cost_to_person": "5 €"})

    assert version.pk != returned.pk
    assert (version.summary, version.cost_to_person) == ("Ehdotus.", "5 €")
    returned.refresh_from_db()
    assert returned.cost_to_person != "5 €"


def test_the_company_sees_its_pending_change_the_public_only_the_published(people, published):
    services.version_save(actor=people["rep"], listing=published, data={"name": "Uusi nimi"})
    rep_page = listing_page(people["rep"], published.slug)
    public_page = listing_page(make_person(**PEOPLE["resident"]), published.slug)

    assert rep_page.pending.name == "Uusi nimi"
    assert rep_page.version.name != "Uusi nimi"
    assert public_page.pending is None
    assert public_page.version.name != "Uusi nimi"
    assert public_page.timeline == [] and rep_page.timeline


def test_submitting_names_every_missing_field(people):
    label = make_label(people["company"], people["rep"])
    listing = services.listing_create(actor=people["rep"], label=label, name="Keskeneräinen")

    with pytest.raises(ValidationError) as refused:
        services.listing_transition(actor=people["rep"], listing=listing, action=Action.SUBMIT)

    assert set(refused.value.message_dict) == {
        "audience",
        "summary",
        "description",
        "languages",
        "platforms",
        "price_model",
        "cost_to_person",
        "how_to_get",
        "categories",
    }
    assert Listing.objects.get(pk=listing.pk).state == State.DRAFT


def test_neither_a_submission_nor_a_publication_on_an_expired_label(people):
    label = make_label(people["company"], people["rep"])
    listing = make_listing(label, people["rep"])
    label.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    label.granted_on = label.valid_until - datetime.timedelta(days=10)
    label.save()

    with pytest.raises(ValidationError) as refused:
        services.listing_transition(actor=people["rep"], listing=listing, action=Action.SUBMIT)
    assert "label" in refused.value.message_dict


def test_a_listing_is_created_only_on_the_companys_own_valid_label(people):
    other_rep = make_user("other")
    other = make_company("Beta Care Oy", representatives=[other_rep])
    foreign = make_label(other, other_rep)
    make_label(people["company"], people["rep"])

    with pytest.raises(Exception, match="your company's labels"):
        services.listing_create(actor=people["rep"], label=foreign, name="Vieras")


def test_fields_are_checked_video_https_only_and_no_identity_codes(people):
    label = make_label(people["company"], people["rep"])
    listing = make_listing(label, people["rep"])

    with pytest.raises(ValidationError) as refused:
        services.version_save(
            actor=people["rep"],
            listing=listing,
            data={
                "video_url": "http://video.example.fi/x",
                "description": "Asiakas 131052-308T kokeili.",
                "platforms": ["smartwatch"],
            },
        )

    assert set(refused.value.message_dict) == {"video_url", "description", "platforms"}


def test_images_are_re_encoded_need_alt_text_and_are_copied_with_the_version(
    people, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    rep, editor = people["rep"], people["editor"]
    label = make_label(people["company"], rep)
    listing = make_listing(label, rep)

    with pytest.raises(ValidationError) as refused:
        services.version_save(actor=rep, listing=listing, data={}, new_images=[(png(), " ")])
    assert "images" in refused.value.message_dict
    assert not ListingImage.objects.exists()

    services.version_save(
        actor=rep, listing=listing, data={}, new_images=[(png(), "Vihreä laite pöydällä")]
    )
    (image,) = ListingImage.objects.all()
    assert image.content_type == "image/png"
    with image.file.open("rb") as stored:
        assert Image.open(stored).size == (32, 24)
    services.listing_transition(actor=rep, listing=listing, action=Action.SUBMIT)
    services.listing_transition(actor=editor, listing=listing, action=Action.PUBLISH)

    # A change that drops the picture copies the row first; the public keeps its picture.
    services.version_save(actor=rep, listing=listing, data={}, remove_images=[image.pk])
    listing = Listing.objects.get(pk=listing.pk)
    assert list(listing.published.images.values_list("alt_text", flat=True)) == [
        "Vihreä laite pöydällä"
    ]
    assert not listing.pending.images.exists()
    assert ListingVersion.objects.filter(listing=listing).count() == 2
