"""How a listing reads on a page: its version's choices in words, the card of the catalogue
and the front page, the fields of a version side by side with the published one. Pure shaping
of rows the selectors read; no queries of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

from showroom.forms.listings import field_label, section_of
from showroom.models import Listing, Platform, PriceModel


def words(choices, values) -> list[str]:
    """The labels of ``values`` in the order of the choices, unknown codes left as they are."""
    labels = dict(choices.choices)
    known = [labels[code] for code, _label in choices.choices if code in (values or [])]
    return known + [value for value in values or [] if value not in labels]


def price_text(version) -> str:
    """What it costs, in the words a resident looks for: the model and the person's share."""
    model = dict(PriceModel.choices).get(version.price_model, "")
    if version.cost_to_person and model:
        return gettext("%(model)s: %(cost)s") % {"model": model, "cost": version.cost_to_person}
    return version.cost_to_person or model


@dataclass
class Card:
    """One solution on the catalogue and the front page: what a card shows, read off the
    listing, its published version and its label (selected with them)."""

    listing: Listing
    name: str
    summary: str
    company: str
    level: str
    level_label: str
    price: str
    platforms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    def get_absolute_url(self) -> str:
        return self.listing.get_absolute_url()

    @property
    def label(self):
        return self.listing.label


def card(listing: Listing) -> Card:
    version = listing.published
    return Card(
        listing=listing,
        name=version.name,
        summary=version.summary,
        company=listing.company.name,
        level=listing.label.level,
        level_label=listing.label.get_level_display(),
        price=price_text(version),
        platforms=words(Platform, version.platforms),
        categories=[category.label for category in version.categories.all()],
    )


def cards(listings) -> list[Card]:
    return [card(listing) for listing in listings]


def text_of(value) -> str:
    """A value of ``showroom.selectors.review.version_diff`` as text (lists joined)."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


@dataclass
class Change:
    label: str
    before: str
    after: str


def change_rows(changes) -> list[Change]:
    """The diff's fields as text, for the review page."""
    return [
        Change(str(change.label).capitalize(), text_of(change.before), text_of(change.after))
        for change in changes
    ]


def missing(version) -> list[dict]:
    """The required fields still empty, each with the section to fill it in."""
    rows = []
    for name in version.missing_fields():
        label = gettext("Categories") if name == "categories" else field_label(name)
        rows.append({"name": name, "label": label, "section": section_of(name)})
    return rows


@dataclass(frozen=True)
class CompanyRow:
    listing: Listing
    name: str
    listed: bool
    change_in_review: bool
    returned: bool


def company_row(listing: Listing, *, today=None) -> CompanyRow:
    """One row of the company's list, read off the listing and its versions."""
    pending = listing.pending
    version = pending or listing.published
    return CompanyRow(
        listing=listing,
        name=version.name if version else listing.slug,
        listed=listing.is_listed(today),
        change_in_review=listing.change_in_review,
        returned=bool(pending and pending.reviewed_at and pending.review_note),
    )


def with_label_status(listings, *, today=None) -> list[Listing]:
    """``listings`` with each label's status for ``today`` set as ``label.status``, which
    ``labs/public/_status.html`` reads."""
    rows = list(listings)
    for listing in rows:
        listing.label.status = listing.label.status_on(today)
    return rows
