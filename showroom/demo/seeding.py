"""Seeding the showroom demo; see ``showroom.demo``."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from labs.models import Label
from popsote.notifications.services import quiet
from showroom import services
from showroom.demo import texts
from showroom.lifecycle import Action
from showroom.models import Category, Feedback, Listing
from showroom.services.indexing import index_listings

COMPANY_SIGN_IN = "company@demo.popsote.fi"
EDITOR_SIGN_IN = "editor@demo.popsote.fi"
# Who responds: the demo sign-ins of a resident and of two professionals.
RESPONDERS = {
    "resident": "resident@demo.popsote.fi",
    "staff": "staff@demo.popsote.fi",
    "handler": "handler@demo.popsote.fi",
}
BROWSERS = 6


def seed(*, stdout) -> None:
    if Listing.objects.exists():
        stdout.write("Demo showroom: already there")
        return
    users = {
        user.email: user
        for user in get_user_model().objects.filter(email__endswith="@demo.popsote.fi")
    }
    editor = users.get(EDITOR_SIGN_IN)
    labels = _labels()
    if editor is None or not labels:
        stdout.write("Demo showroom: the demo sign-ins or labels are missing; nothing seeded")
        return
    categories = {category.code: category for category in Category.objects.all()}
    # History, not news: the site's notifications are written, nobody is e-mailed.
    with quiet():
        listings = {}
        for entry in texts.ENTRIES:
            label = labels.get((entry.product, entry.version))
            if label is None:
                continue
            listings[entry.name] = _listing(entry, label, editor, categories)
        _change_in_review(listings.get(texts.CHANGED_PRODUCT), editor)
        _responses(listings, users)
        services.tell_unlisted()
    index_listings(Listing.objects.filter(published__isnull=False).select_related("published"))
    listed = Listing.objects.listed().count()
    stdout.write(
        f"Demo showroom: {len(listings)} listings, {listed} listed, "
        f"{Feedback.objects.count()} feedback"
    )


def _labels() -> dict[tuple[str, str], Label]:
    return {
        (label.product_name, label.product_version): label
        for label in Label.objects.select_related("company")
    }


def _representative(label: Label):
    return label.company.representatives.select_related("user").order_by("joined_at").first().user


def _image(entry) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), entry.colour).save(buffer, format="PNG")
    return SimpleUploadedFile("kuva.png", buffer.getvalue(), content_type="image/png")


def _listing(entry, label: Label, editor, categories) -> Listing:
    """Made and published through the services. A label the labs demo has since aged
    (expired, withdrawn, superseded) is made valid for the moment it takes, so the listing
    was published as the rules require and leaves the catalogue as the label did."""
    representative = _representative(label)
    with transaction.atomic(), _valid_for_a_moment(label):
        listing = services.listing_create(actor=representative, label=label, name=entry.name)
        data = {
            "summary": entry.summary,
            "description": entry.description,
            "audience": list(entry.audience),
            "languages": list(entry.languages),
            "platforms": list(entry.platforms),
            "price_model": entry.price_model,
            "cost_to_person": entry.cost_to_person,
            "how_to_get": entry.how_to_get,
            "in_use_at": entry.in_use_at,
            "accessibility_notes": entry.accessibility_notes,
            "video_url": entry.video_url,
            "categories": [categories[code] for code in entry.categories],
        }
        images = [(_image(entry), entry.image_alt)] if entry.image_alt else []
        services.version_save(actor=representative, listing=listing, data=data, new_images=images)
        services.listing_transition(actor=representative, listing=listing, action=Action.SUBMIT)
        services.listing_transition(actor=editor, listing=listing, action=Action.PUBLISH)
    return listing


class _valid_for_a_moment:
    """Give ``label`` back its validity inside the block and its history after it."""

    def __init__(self, label: Label):
        self.label = label
        self.saved = (label.valid_until, label.withdrawn_at, label.superseded_by_id)

    def __enter__(self):
        if not self.label.is_valid():
            Label.objects.filter(pk=self.label.pk).update(
                valid_until=self.label.granted_on.replace(year=self.label.granted_on.year + 50),
                withdrawn_at=None,
                superseded_by=None,
            )
            self.label.refresh_from_db()
        return self.label

    def __exit__(self, *exc):
        valid_until, withdrawn_at, superseded_by_id = self.saved
        Label.objects.filter(pk=self.label.pk).update(
            valid_until=valid_until, withdrawn_at=withdrawn_at, superseded_by_id=superseded_by_id
        )
        self.label.refresh_from_db()
        return False


def _change_in_review(listing: Listing | None, editor) -> None:
    """One published listing whose change was returned once and now waits again."""
    if listing is None:
        return
    representative = _representative(listing.label)
    services.version_save(actor=representative, listing=listing, data=texts.CHANGE)
    services.listing_transition(actor=representative, listing=listing, action=Action.SUBMIT_CHANGE)
    services.listing_transition(
        actor=editor,
        listing=listing,
        action=Action.RETURN_CHANGE,
        message=texts.RETURN_MESSAGE,
    )
    services.version_save(
        actor=representative,
        listing=listing,
        data={"cost_to_person": "Maksuton kotikuntoutuksen aikana; sen jälkeen 5 € kuukaudessa."},
    )
    services.listing_transition(actor=representative, listing=listing, action=Action.SUBMIT_CHANGE)


def _responses(listings: dict[str, Listing], users: dict) -> None:
    people = {key: users.get(email) for key, email in RESPONDERS.items()}
    listed = [listing for listing in listings.values() if listing.is_listed()]
    for number, listing in enumerate(listed):
        for browser in range(number % BROWSERS + 1):
            services.interest_register(
                actor=None,
                listing=listing,
                browser=f"demo-browser-{browser}",
                address=f"demo-{browser}",
            )
        if people["resident"] is not None and number % 2 == 0:
            services.interest_register(actor=people["resident"], listing=listing)
        for key in ("staff", "handler")[: number % 3]:
            if people[key] is not None:
                services.recommendation_add(actor=people[key], listing=listing)
    for name, who, text, used_as in texts.FEEDBACK:
        listing = listings.get(name)
        if listing is not None and people.get(who) is not None and listing.is_listed():
            services.feedback_create(actor=people[who], listing=listing, text=text, used_as=used_as)
    name, who, text, used_as, reason = texts.HIDDEN_FEEDBACK
    listing, editor = listings.get(name), users.get(EDITOR_SIGN_IN)
    if listing is not None and people.get(who) is not None and listing.is_listed():
        feedback = services.feedback_create(
            actor=people[who], listing=listing, text=text, used_as=used_as
        )
        reporter = people["resident"]
        if reporter is not None:
            services.feedback_report(actor=reporter, feedback=feedback, reason=reason)
        services.feedback_hide(actor=editor, feedback=feedback, reason=reason)
