"""Builders of showroom test data: labels of the companies' products and listings brought to
any state through the real services, so every check, event and notification runs as in use."""

from __future__ import annotations

import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from labs.models import Label, label_valid_until, new_label_code
from showroom import services
from showroom.lifecycle import Action, State
from showroom.models import Category, Listing
from tests.labs import factories as labs_factories

_products = itertools.count(1)


def make_label(company, actor, *, level: str = "tested", granted_on=None, **fields) -> Label:
    """A label of a product of ``company``, granted ``granted_on`` (today by default), on an
    application of its own (the label's evidence is drawn from it)."""
    number = next(_products)
    product = fields.pop("product_name", f"Tuote {number}")
    application = labs_factories.make_application(company, actor, answered=False)
    granted_on = granted_on or timezone.localdate()
    return Label.objects.create(
        code=new_label_code(),
        application=application,
        company=company,
        product_name=product,
        product_version=fields.pop("product_version", "1.0"),
        level=level,
        granted_on=granted_on,
        valid_until=fields.pop("valid_until", label_valid_until(granted_on)),
        **fields,
    )


def content(**overrides) -> dict:
    """Every field a submission needs, in Finnish."""
    data = {
        "summary": "Muistuttaa asiakasta lääkkeistä.",
        "description": "Pöytälaite: puhuu ja vilkuttaa valoa lääkkeen aikaan.",
        "audience": ["residents", "professionals"],
        "languages": ["fi", "sv"],
        "platforms": ["device"],
        "price_model": "county_pays",
        "cost_to_person": "Maksuton asiakkaille.",
        "how_to_get": "Kysy hoitajalta.",
        "categories": [Category.objects.get(code="health")],
    }
    data.update(overrides)
    return data


def png(colour=(10, 120, 200), name: str = "kuva.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_listing(
    label: Label,
    representative,
    *,
    state: str = State.DRAFT,
    editor=None,
    name: str | None = None,
    change: str = "",
    **fields,
) -> Listing:
    """A listing of ``label`` in ``state`` through the services. ``change`` for a published
    one: ``"writing"`` (a change saved, not submitted), ``"review"`` (submitted) or
    ``"returned"``."""
    listing = services.listing_create(
        actor=representative, label=label, name=name or label.product_name
    )
    services.version_save(actor=representative, listing=listing, data=content(**fields))
    if state == State.DRAFT:
        return _fresh(listing)
    services.listing_transition(actor=representative, listing=listing, action=Action.SUBMIT)
    if state == State.IN_REVIEW:
        return _fresh(listing)
    services.listing_transition(actor=editor, listing=listing, action=Action.PUBLISH)
    if state == State.ARCHIVED:
        services.listing_transition(
            actor=editor, listing=listing, action=Action.ARCHIVE, message="Ei enää myynnissä."
        )
        return _fresh(listing)
    if change:
        services.version_save(
            actor=representative, listing=listing, data={"summary": "Uusi tiivistelmä."}
        )
        if change in ("review", "returned"):
            services.listing_transition(
                actor=representative, listing=listing, action=Action.SUBMIT_CHANGE
            )
        if change == "returned":
            services.listing_transition(
                actor=editor, listing=listing, action=Action.RETURN_CHANGE, message="Tarkenna."
            )
    return _fresh(listing)


def _fresh(listing: Listing) -> Listing:
    return Listing.objects.select_related("label", "company", "published", "pending").get(
        pk=listing.pk
    )


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
