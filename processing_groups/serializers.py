"""Shapes of the groups API: a group, what it covers and its service-level targets.

What a group is working on (its queue, its counts) is read in ``ideas``; the counts arrive
here as annotations (``open_count``, ``overdue_count``) on the groups the view reads.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from processing_groups.models import HandlerGroup, Membership


def _codes(terms) -> list[str]:
    # ``.all()`` reads the prefetched terms: no query per group.
    return [term.code for term in terms.all()]


class CoverageSerializer(serializers.Serializer):
    """Taxonomy codes (see /api/v1/taxonomy/); an empty list means "any"."""

    areas = serializers.SerializerMethodField()
    service_areas = serializers.SerializerMethodField()
    kinds = serializers.SerializerMethodField()
    stakeholder_groups = serializers.SerializerMethodField()

    def get_areas(self, group) -> list[str]:
        return _codes(group.areas)

    def get_service_areas(self, group) -> list[str]:
        return _codes(group.service_areas)

    def get_kinds(self, group) -> list[str]:
        return _codes(group.kinds)

    def get_stakeholder_groups(self, group) -> list[str]:
        return _codes(group.stakeholder_groups)


class TargetsSerializer(serializers.Serializer):
    first_response_days = serializers.IntegerField(
        help_text="Days from submission to the group's first answer."
    )
    decision_days = serializers.IntegerField(help_text="Days from submission to a decision.")


class CountsSerializer(serializers.Serializer):
    open = serializers.IntegerField(
        source="open_count", help_text="Received, in processing or information requested."
    )
    overdue = serializers.IntegerField(
        source="overdue_count", help_text="Open ones past their next target."
    )


class GroupSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=HandlerGroup.Type.choices)
    type_label = serializers.CharField(
        source="get_type_display", help_text="In the language of Accept-Language."
    )
    description = serializers.CharField()
    is_active = serializers.BooleanField(help_text="A retired group gets no new suggestions.")
    coverage = CoverageSerializer(source="*")
    targets = TargetsSerializer(source="*")
    counts = CountsSerializer(source="*")
    my_role = serializers.ChoiceField(
        choices=Membership.Role.choices,
        allow_null=True,
        help_text="Your role in the group; null when you are not a member (a coordinator).",
    )
    queue = serializers.SerializerMethodField(help_text="The group's queue in this API.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_queue(self, group) -> str:
        path = reverse("api:groups:queue", kwargs={"slug": group.slug})
        return self.context["request"].build_absolute_uri(path)


class GroupPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GroupSerializer(many=True)
