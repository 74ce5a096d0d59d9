"""Shapes of the suggestions API: input serializers validate what comes in, output serializers
describe what goes out. None of them writes: views hand validated data to ``ideas.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ideas.lifecycle import LIFECYCLE, Action, State
from ideas.models import Challenge, Suggestion
from ideas.selectors import DEFAULT_ORDERING, FILTER_FIELDS, ORDERINGS, BoardQuery
from popsote.core.pii import no_identity_code
from popsote.taxonomy.models import (
    Area,
    DecisionReason,
    ServiceArea,
    StakeholderGroup,
    StrategyTheme,
    SuggestionKind,
)
from processing_groups.models import HandlerGroup

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _term(model, help_text: str, **extra):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model.objects.active(), help_text=help_text, **extra
    )


# --- Input ----------------------------------------------------------------------------------


class BoardParamsSerializer(serializers.Serializer):
    """Query parameters of the list; an empty value means "no filter", as on the HTML board."""

    area = serializers.SlugField(required=False, allow_blank=True, help_text="Area code.")
    service_area = serializers.SlugField(
        required=False, allow_blank=True, help_text="Service area code."
    )
    kind = serializers.SlugField(required=False, allow_blank=True, help_text="Kind code.")
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)
    stakeholder_group = serializers.SlugField(
        required=False, allow_blank=True, help_text="Stakeholder group code."
    )
    challenge = serializers.SlugField(
        required=False, allow_blank=True, help_text="Slug of a challenge."
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Full text in Finnish, Swedish or English; inflected forms find each other.",
    )
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False, allow_blank=True)
    cursor = serializers.CharField(
        required=False, allow_blank=True, help_text="Opaque; taken from `next` or `previous`."
    )

    def board_query(self) -> BoardQuery:
        data = self.validated_data
        return BoardQuery(
            filters={name: data[name] for name in FILTER_FIELDS if data.get(name)},
            search=data.get("search", "").strip(),
            ordering=data.get("ordering") or DEFAULT_ORDERING,
            cursor=data.get("cursor", ""),
        )


class SimilarParamsSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=2000, help_text="What the person has typed so far: a title, a description."
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The typed title, when known apart from the text: it weighs more.",
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string", "minLength": 1}},
            {"type": "string", "description": "One code; empty for none."},
        ]
    }
)
class ThemeCodesField(serializers.ListField):
    """Strategy themes: a list of codes, or one code on its own."""

    child = serializers.SlugRelatedField(slug_field="code", queryset=StrategyTheme.objects.active())

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data] if data else []
        return super().to_internal_value(data)


class SuggestionSubmitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, validators=[no_identity_code])
    description = serializers.CharField(
        max_length=10000, help_text="The need or problem.", validators=[no_identity_code]
    )
    proposed_solution = serializers.CharField(
        max_length=10000,
        required=False,
        allow_blank=True,
        default="",
        validators=[no_identity_code],
    )
    benefit = serializers.CharField(
        max_length=5000,
        validators=[no_identity_code],
        required=False,
        allow_blank=True,
        default="",
        help_text="Who would benefit, and how.",
    )
    kind = _term(SuggestionKind, "Kind code (see /api/v1/taxonomy/).")
    area = _term(Area, "Area code.")
    service_area = _term(ServiceArea, "Service area code.")
    stakeholder_group = _term(
        StakeholderGroup,
        "The submitter's stakeholder group code; a signed-in person's own group when left out.",
        required=False,
    )
    theme = ThemeCodesField(required=False, default=list, help_text="Strategy theme codes.")
    challenge = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Challenge.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of an open challenge this answers.",
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text="Language of the text; the language of Accept-Language when left out.",
    )
    is_private = serializers.BooleanField(
        default=False, help_text="Only the handlers and coordinators see a private suggestion."
    )
    show_name = serializers.BooleanField(
        default=False, help_text="Show the signed-in submitter's name publicly."
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Signed out: where to send the tracking link (optional).",
    )
    on_behalf = serializers.BooleanField(
        default=False,
        help_text="A signed-in contact person enters this for someone else; see `channel`.",
    )
    channel = serializers.ChoiceField(
        choices=Suggestion.Channel.choices, default=Suggestion.Channel.ONLINE
    )

    def validate(self, attrs):
        if attrs.get("stakeholder_group") is None:
            user = self.context["request"].user
            own = getattr(user, "stakeholder_group", None)
            if own is None or attrs.get("on_behalf"):
                raise serializers.ValidationError(
                    {"stakeholder_group": _("Choose who you are submitting as.")}
                )
            attrs["stakeholder_group"] = own
        return attrs

    def service_arguments(self) -> dict:
        data = self.validated_data
        language = data.get("language") or (get_language() or "fi")[:2]
        return {
            "title": data["title"],
            "description": data["description"],
            "proposed_solution": data["proposed_solution"],
            "beneficiaries": data["benefit"],
            "kind": data["kind"],
            "area": data["area"],
            "service_area": data["service_area"],
            "stakeholder_group": data["stakeholder_group"],
            "themes": data["theme"],
            "challenge": data["challenge"],
            "language": language if language in LANGUAGE_CODES else "fi",
            "is_private": data["is_private"],
            "show_submitter_name": data["show_name"],
            "email": data["email"],
            "on_behalf": data["on_behalf"],
            "channel": data["channel"],
        }


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, validators=[no_identity_code])


TRANSITION_ACTIONS = [(action, Action(action).label) for action in LIFECYCLE.moves]


class TransitionInputSerializer(serializers.Serializer):
    """What a move needs; the service says which of these each move requires and names the
    field (``message``, ``group``, ``target``, ``reason``, ``link``) when one is missing."""

    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    message = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Public: the submitter and everyone see it. Required for every decision (accept, "
            "not_advance, merge, existing_solution), for request_info (the question) and "
            "answer_info (the answer); transfer needs a reason here or in `note`."
        ),
    )
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Internal: only the group and the coordinators see it.",
    )
    group = serializers.SlugRelatedField(
        slug_field="slug",
        # Every group, so that a retired one is refused by name rather than as unknown.
        queryset=HandlerGroup.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of the handler group (route, transfer).",
        error_messages={"does_not_exist": _("No handler group has this short name.")},
    )
    target = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference of the suggestion this is merged into (merge).",
    )
    reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=DecisionReason.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Decision reason code (not_advance; see `decision_reasons` in the taxonomy).",
        error_messages={"does_not_exist": _("No reason has this code.")},
    )
    link = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Web address of the solution that already answers it (existing_solution).",
    )
    expected_state = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "The state you saw (a `state` value): when someone else has moved the suggestion "
            "since, the answer is 409 and nothing changes."
        ),
        error_messages={"invalid_choice": _("No state has this name.")},
    )
    tracking_token = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="A signed-out author's private tracking token (withdraw, answer_info).",
    )

    def service_arguments(self) -> dict:
        data = self.validated_data
        return {
            "action": data["action"],
            "message": data["message"],
            "note": data["note"],
            "group": data["group"],
            "target": data["target"],
            "reason": data["reason"],
            "link": data["link"],
            "expected_state": data["expected_state"] or None,
            "tracking_token": data["tracking_token"] or None,
        }


# --- Output ---------------------------------------------------------------------------------


class SuggestionCardSerializer(serializers.Serializer):
    """One row of a list. Every field reads what ``Suggestion.objects.for_cards()`` loads."""

    reference = serializers.CharField(help_text="Like 2026-000123.")
    title = serializers.CharField()
    description = serializers.CharField(help_text="The need or problem, in full.")
    kind = serializers.CharField(source="kind.code")
    area = serializers.CharField(source="area.code")
    service_area = serializers.CharField(source="service_area.code")
    stakeholder_group = serializers.CharField(source="stakeholder_group.code")
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(
        source="get_state_display", help_text="In the language of Accept-Language."
    )
    supports = serializers.IntegerField(source="support_count")
    comments = serializers.IntegerField(source="comment_count")
    challenge = serializers.CharField(
        source="challenge.slug", allow_null=True, help_text="Slug of the challenge, or null."
    )
    created = serializers.DateTimeField(source="created_at")
    url = serializers.SerializerMethodField(help_text="The suggestion's page.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, suggestion) -> str:
        return self.context["request"].build_absolute_uri(suggestion.get_absolute_url())


class SimilarSuggestionSerializer(SuggestionCardSerializer):
    score = serializers.SerializerMethodField(help_text="0–1: higher is more alike.")

    def get_score(self, suggestion) -> float:
        return round(float(suggestion.score), 4)


class EventSerializer(serializers.Serializer):
    """A timeline row. ``note`` and ``public`` appear only for the group and coordinators."""

    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    message = serializers.CharField(source="public_message")
    created = serializers.DateTimeField(source="created_at")
    note = serializers.CharField(source="internal_note", required=False)
    public = serializers.BooleanField(source="is_public", required=False)

    def get_action_label(self, event) -> str:
        try:
            return str(Action(event.action).label)
        except ValueError:
            return event.action

    def to_representation(self, event):
        data = super().to_representation(event)
        if not self.context.get("internal"):
            data.pop("note")
            data.pop("public")
        return data


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.name or user.email


# What only the group and the coordinators see of a suggestion: who has it and its deadlines.
HANDLING_FIELDS = (
    "assignee",
    "first_response",
    "decided",
    "response_due",
    "decision_due",
    "next_due",
    "deadline",
)


class SuggestionDetailSerializer(SuggestionCardSerializer):
    """One suggestion. The handling fields (``assignee``, ``first_response``, ``decided``,
    ``response_due``, ``decision_due``, ``next_due``, ``deadline``) appear only for the group
    and the coordinators."""

    proposed_solution = serializers.CharField()
    benefit = serializers.CharField(source="beneficiaries")
    themes = serializers.SerializerMethodField()
    language = serializers.CharField()
    group = serializers.CharField(
        source="group.slug", allow_null=True, help_text="Slug of the handler group, or null."
    )
    author = serializers.CharField(
        source="public_author",
        help_text="The stakeholder group, or the name when the submitter chose to show it.",
    )
    is_private = serializers.BooleanField()
    merged_into = serializers.CharField(
        source="merged_into.reference",
        allow_null=True,
        help_text="Merged: the reference of the suggestion this continues in; else null.",
    )
    merged_into_url = serializers.SerializerMethodField(
        help_text="Merged: the API address of the suggestion this continues in; else null."
    )
    solution_link = serializers.CharField(
        help_text="Answered by an existing solution: where it is; else empty."
    )
    not_advanced_reason = serializers.CharField(
        source="not_advanced_reason.code",
        allow_null=True,
        help_text="Not taken forward: the reason code (see `decision_reasons`); else null.",
    )
    not_advanced_reason_label = serializers.CharField(
        source="not_advanced_reason.label", allow_null=True
    )
    updated = serializers.DateTimeField(source="updated_at")
    timeline = serializers.SerializerMethodField()
    assignee = PersonSerializer(allow_null=True, required=False, help_text="Handlers only.")
    first_response = serializers.DateTimeField(
        source="first_response_at", allow_null=True, required=False, help_text="Handlers only."
    )
    decided = serializers.DateTimeField(
        source="decided_at", allow_null=True, required=False, help_text="Handlers only."
    )
    response_due = serializers.DateTimeField(
        source="response_due_at",
        allow_null=True,
        required=False,
        help_text="Handlers only: the first-response target.",
    )
    decision_due = serializers.DateTimeField(
        source="decision_due_at",
        allow_null=True,
        required=False,
        help_text="Handlers only: the decision target.",
    )
    next_due = serializers.DateTimeField(
        source="due_at",
        allow_null=True,
        required=False,
        help_text="Handlers only: the next pending target; null when none is pending.",
    )
    deadline = serializers.CharField(
        source="deadline_state",
        required=False,
        help_text="Handlers only: `overdue`, `soon` (within three days) or empty.",
    )

    def get_themes(self, suggestion) -> list[str]:
        return [theme.code for theme in suggestion.themes.all()]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_merged_into_url(self, suggestion) -> str | None:
        if suggestion.merged_into_id is None:
            return None
        path = reverse(
            "api:suggestion-detail", kwargs={"reference": suggestion.merged_into.reference}
        )
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(EventSerializer(many=True))
    def get_timeline(self, suggestion):
        return EventSerializer(self.context["timeline"], many=True, context=self.context).data

    def to_representation(self, suggestion):
        data = super().to_representation(suggestion)
        if not self.context.get("internal"):
            for name in HANDLING_FIELDS:
                data.pop(name)
        return data


class SubmittedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()
    url = serializers.URLField(help_text="The suggestion's page.")
    tracking_token = serializers.CharField(
        allow_null=True, help_text="Signed out only: shown once; keep it to follow or withdraw."
    )
    tracking_url = serializers.URLField(allow_null=True, help_text="Signed out only.")


class SupportStateSerializer(serializers.Serializer):
    supported = serializers.BooleanField(help_text="Whether you now support it.")
    supports = serializers.IntegerField(help_text="How many support it now.")


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField(help_text="Plain text.")
    author = serializers.SerializerMethodField(
        help_text="The commenter's stakeholder group, or their name when they chose to show it."
    )
    created = serializers.DateTimeField(source="created_at")
    edited = serializers.DateTimeField(source="edited_at", allow_null=True)

    def get_author(self, comment) -> str:
        author = comment.author
        if author is None:
            return ""
        if author.show_name and author.name:
            return author.name
        return author.stakeholder_group.label if author.stakeholder_group_id else ""


class SuggestionPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Exact up to a cap; see `count_capped`.")
    count_capped = serializers.BooleanField(help_text="True: there are more than `count`.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SuggestionCardSerializer(many=True)


class SimilarPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True, help_text="Always null: one page of at most 5.")
    previous = serializers.URLField(allow_null=True, help_text="Always null.")
    results = SimilarSuggestionSerializer(many=True)
