"""What the site holds about one person: the "download my data" export (GDPR art. 15 and 20).

One section per kind of data, each one query whatever its number of rows (``values()`` read
with a server-side cursor), written out as JSON while it is read: the download is streamed,
and its memory does not grow with a long history.

What a section holds is the person's own: rows that name them (their suggestions, comments,
supports, follows, notifications, showroom responses, reports, memberships) and the Labs
applications of the company they represent. Suggestions sent signed out count as theirs when
the address given is one the person has verified on their account: whoever controls the
address already reads every message about them. Nobody else's personal data is in it: of a
suggestion the person only commented on, the export names its reference and title.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from ideas.models import Comment, ContentReport, Follow, Suggestion, Support
from labs.models import MANY_TO_MANY_ANSWERS, QUESTIONS, Application, Representative
from popsote.accounts.models import User
from popsote.notifications.models import Notification, Preference
from processing_groups.models import Membership
from showroom.models import Feedback, Interest, Recommendation

FORMAT = "popsote-personal-data/1"
CHUNK = 500

SUGGESTION_FIELDS = (
    "reference",
    "title",
    "description",
    "proposed_solution",
    "beneficiaries",
    "state",
    "language",
    "is_private",
    "show_submitter_name",
    "channel",
    "created_at",
    "decided_at",
)


def verified_addresses(user: User) -> QuerySet:
    """The person's verified addresses, lower-cased: a subquery."""
    return (
        EmailAddress.objects.filter(user=user, verified=True)
        .annotate(address=Lower("email"))
        .values("address")
    )


def own_signed_out_suggestions(user: User) -> QuerySet:
    """Suggestions sent without signing in from an address the person has verified."""
    return Suggestion.objects.filter(
        submitter=None, submitter_email__in=verified_addresses(user)
    ).exclude(submitter_email="")


def _is(condition: Q) -> Case:
    """True or false, never null (a comparison with a null column is null)."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def profile_of(user: User) -> dict:
    row = (
        User.objects.filter(pk=user.pk)
        .values(
            "email",
            "name",
            "show_name",
            "organisation",
            "preferred_language",
            "date_joined",
            "last_login",
            stakeholder_group_code=F("stakeholder_group__code"),
            area_code=F("area__code"),
        )
        .get()
    )
    return row


def sections(user: User) -> list[tuple[str, QuerySet]]:
    """Each list of the export: its name and the query that reads it (not yet run)."""
    suggestion = {
        "reference": F("suggestion__reference"),
        "suggestion_title": F("suggestion__title"),
    }
    own = Q(submitter=user) | Q(pk__in=own_signed_out_suggestions(user).values("pk"))
    application_fields = [q.code for q in QUESTIONS if q.code not in MANY_TO_MANY_ANSWERS]
    return [
        (
            "email_addresses",
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary"),
        ),
        ("roles", user.groups.order_by("name").values("name")),
        (
            "notification_preferences",
            Preference.objects.filter(user=user).values("category", "frequency", "updated_at"),
        ),
        (
            "suggestions",
            Suggestion.objects.filter(own)
            .order_by("created_at", "id")
            .values(
                *SUGGESTION_FIELDS,
                submitted_as=F("stakeholder_group__code"),
                kind_code=F("kind__code"),
                area_code=F("area__code"),
                service_area_code=F("service_area__code"),
                signed_in=_is(Q(submitter=user)),
            ),
        ),
        (
            "suggestions_entered_for_others",
            Suggestion.objects.filter(entered_by=user)
            .order_by("created_at", "id")
            .values("reference", "title", "channel", "created_at"),
        ),
        (
            "comments",
            Comment.objects.filter(author=user)
            .order_by("created_at", "id")
            .values("body", "created_at", "edited_at", "is_hidden", **suggestion),
        ),
        (
            "supports",
            Support.objects.filter(user=user)
            .order_by("created_at", "id")
            .values(
                "created_at", stakeholder_group_code=F("stakeholder_group__code"), **suggestion
            ),
        ),
        (
            "follows",
            Follow.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", **suggestion),
        ),
        (
            "content_reports",
            ContentReport.objects.filter(reporter=user)
            .order_by("created_at", "id")
            .values(
                "reason",
                "created_at",
                "resolution",
                suggestion_reference=F("suggestion__reference"),
                comment_on=F("comment__suggestion__reference"),
            ),
        ),
        (
            "notifications",
            Notification.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values("created_at", "category", "kind", "texts", "read_at", "email_state", "sent_at"),
        ),
        (
            "handler_groups",
            Membership.objects.filter(user=user)
            .order_by("joined_at", "id")
            .values("role", "joined_at", group_name=F("group__name")),
        ),
        (
            "labs_company",
            Representative.objects.filter(user=user).values(
                "joined_at",
                company_name=F("company__name"),
                business_id=F("company__business_id"),
            ),
        ),
        (
            "labs_applications",
            Application.objects.filter(company__representatives__user=user)
            .order_by("created_at", "id")
            .values(
                "id",
                "state",
                "created_at",
                "submitted_at",
                "decided_at",
                "not_applicable",
                *application_fields,
                company_name=F("company__name"),
                created_by_me=_is(Q(created_by=user)),
            ),
        ),
        (
            "showroom_interests",
            Interest.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", listing_slug=F("listing__slug")),
        ),
        (
            "showroom_feedback",
            Feedback.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("text", "used_as", "created_at", "is_hidden", listing_slug=F("listing__slug")),
        ),
        (
            "showroom_recommendations",
            Recommendation.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("created_at", listing_slug=F("listing__slug")),
        ),
    ]


def export_chunks(user: User, *, now=None) -> Iterator[str]:
    """The export as pieces of one JSON document, each read from the database as it is
    written: a fixed number of queries (one per section), and memory bounded by ``CHUNK``."""
    encode = DjangoJSONEncoder(ensure_ascii=False).encode
    header = {"format": FORMAT, "exported_at": now or timezone.now(), "profile": profile_of(user)}
    yield encode(header)[:-1]
    for name, rows in sections(user):
        yield f", {encode(name)}: ["
        yield from _rows(rows, encode)
        yield "]"
    yield "}\n"


def _rows(rows: QuerySet, encode) -> Iterable[str]:
    for index, row in enumerate(rows.iterator(chunk_size=CHUNK)):
        yield ("," if index else "") + encode(row)


def export_data(user: User) -> dict:
    """The whole export as one object (for tests and the admin's use)."""
    return json.loads("".join(export_chunks(user)))
