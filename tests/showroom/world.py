"""One showroom world for a test module: people in every role of the matrices, companies A and
B with labels, and company A's listings in every state, built once through the services.

Besides the lifecycle's states: published listings whose change is being written, is in review
or was returned, and published listings no longer listed because their label expired, was
withdrawn or was superseded by a newer version's label (whose listing is listed)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from labs.models import Label
from showroom.lifecycle import State
from showroom.models import Listing
from tests.factories import PEOPLE, make_person
from tests.labs import factories as labs_factories
from tests.showroom.builders import make_label, make_listing

ROLES = [
    "anonymous",
    "company_a",
    "company_b",
    "resident",
    "professional",
    "editor",
    "labs_staff",
    "coordinator",
]
PUBLISHED_WRITING = "published_writing"
PUBLISHED_REVIEW = "published_review"
PUBLISHED_RETURNED = "published_returned"
CHANGES = {PUBLISHED_WRITING: "writing", PUBLISHED_REVIEW: "review", PUBLISHED_RETURNED: "returned"}
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
SUPERSEDED = "superseded"
# The states of the domain's matrices: the lifecycle's, and a change in each of its steps.
STATES = [
    State.DRAFT,
    State.IN_REVIEW,
    State.PUBLISHED,
    PUBLISHED_WRITING,
    PUBLISHED_REVIEW,
    PUBLISHED_RETURNED,
    State.ARCHIVED,
]
# The states the pages answer differently: the lifecycle's, a change in review, and the label's.
PAGE_STATES = [
    State.DRAFT,
    State.IN_REVIEW,
    State.PUBLISHED,
    PUBLISHED_REVIEW,
    State.ARCHIVED,
    EXPIRED,
    WITHDRAWN,
    SUPERSEDED,
]
# In the catalogue and taking responses.
LISTED = {State.PUBLISHED, PUBLISHED_WRITING, PUBLISHED_REVIEW, PUBLISHED_RETURNED}
# Anyone may open the page: every listing that was ever published.
PUBLIC_PAGE = {*LISTED, State.ARCHIVED, EXPIRED, WITHDRAWN, SUPERSEDED}


@dataclass
class World:
    people: dict
    companies: dict
    labels: dict
    listings: dict[str, int] = field(default_factory=dict)
    newer: int | None = None  # the listing of the label that superseded another

    def user(self, role: str):
        user = self.people[role]
        if user is None:
            return AnonymousUser()
        # A fresh object each time: the role and company caches live on the user object.
        return type(user).objects.get(pk=user.pk)

    def listing(self, state: str) -> Listing:
        return Listing.objects.select_related("label", "company", "published", "pending").get(
            pk=self.listings[state]
        )


def build_world() -> World:
    rep_a = labs_factories.make_user("company-a")
    rep_b = labs_factories.make_user("company-b")
    people = {
        "anonymous": None,
        "company_a": rep_a,
        "company_b": rep_b,
        "resident": make_person(**PEOPLE["resident"]),
        "professional": make_person(**PEOPLE["professional"]),
        "editor": make_person(**PEOPLE["showroom_editor"]),
        "labs_staff": make_person(**PEOPLE["labs_staff"]),
        "coordinator": make_person(**PEOPLE["coordinator"]),
    }
    company_a = labs_factories.make_company("Alfa Health Oy", representatives=[rep_a])
    company_b = labs_factories.make_company("Beta Care Oy", representatives=[rep_b])
    world = World(
        people=people,
        companies={"a": company_a, "b": company_b},
        labels={"a": make_label(company_a, rep_a), "b": make_label(company_b, rep_b)},
    )
    editor = people["editor"]
    today = timezone.localdate()
    for state in dict.fromkeys([*STATES, *PAGE_STATES]):
        label = make_label(company_a, rep_a, product_name=f"Ratkaisu {state}")
        target = state if state in (State.DRAFT, State.IN_REVIEW, State.ARCHIVED) else "published"
        listing = make_listing(
            label, rep_a, state=target, editor=editor, change=CHANGES.get(state, "")
        )
        world.listings[state] = listing.pk
        if state == EXPIRED:
            Label.objects.filter(pk=label.pk).update(
                granted_on=today - datetime.timedelta(days=3 * 365 + 10),
                valid_until=today - datetime.timedelta(days=10),
            )
        elif state == WITHDRAWN:
            Label.objects.filter(pk=label.pk).update(
                withdrawn_at=timezone.now(), withdrawn_reason="Tietoturvapuute korjaamatta."
            )
        elif state == SUPERSEDED:
            newer = make_label(
                company_a, rep_a, product_name=label.product_name, product_version="2.0"
            )
            world.newer = make_listing(
                newer, rep_a, state="published", editor=editor, name="Ratkaisu uudempi"
            ).pk
            Label.objects.filter(pk=label.pk).update(superseded_by=newer)
    return world
