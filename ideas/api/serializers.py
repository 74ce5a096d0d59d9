"""What the suggestions API answers with (what it reads is checked in ``inputs``). None of
these writes: views hand validated data to ``ideas.services``.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ideas.lifecycle import Action, State
from ideas.models import EFFECTS, Effect
from popsote.core.api import TimelineEventSerializer

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


class EventSerializer(TimelineEventSerializer):
    """A timeline row. ``note`` and ``public`` appear only for the group and coordinators."""

    actions = Action


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.name or user.email


class ImpactIndicatorSerializer(serializers.Serializer):
    name = serializers.CharField()
    unit = serializers.CharField(help_text="Days, %, euros…; may be empty.")
    baseline_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    baseline_period = serializers.CharField(help_text="When the value before was measured.")
    result_value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    result_date = serializers.DateField(allow_null=True, help_text="When the value after was.")
    source = serializers.CharField(help_text="Where the figures come from, how measured.")


class ImpactEffectSerializer(serializers.Serializer):
    area = serializers.ChoiceField(choices=[code.removeprefix("effect_") for code, _ in EFFECTS])
    effect = serializers.ChoiceField(choices=Effect.choices)
    description = serializers.CharField()


class ImpactSerializer(serializers.Serializer):
    """The public part of a completed impact assessment; never its internal note."""

    evaluated_on = serializers.DateField()
    completed = serializers.DateTimeField()
    summary = serializers.CharField(help_text="What the change did, in plain language.")
    indicators = ImpactIndicatorSerializer(many=True)
    effects = ImpactEffectSerializer(many=True)
    cost_per_year_eur = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="Estimated effect on costs, euros a year: a saving is negative.",
    )


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
    impact = serializers.SerializerMethodField(
        help_text="Deployed: the completed impact assessment's public part; null until then."
    )
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

    @extend_schema_field(ImpactSerializer(allow_null=True))
    def get_impact(self, suggestion):
        impact = self.context.get("impact")
        return None if impact is None else ImpactSerializer(impact, context=self.context).data

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
        if author is None:  # a deleted account: the group the comment was written in
            return comment.stakeholder_group.label if comment.stakeholder_group_id else ""
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
