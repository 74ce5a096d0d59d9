"""``GET /api/v1/stats/``: the public figures as data, for anyone (aggregates only).

Each figure's rows are objects keyed by its columns, with the row's ``code`` (an area's or a
stakeholder group's code, a state, a month as YYYY-MM, a stage of the funnel) where it has one,
so that a program need not read the labels of one language; a row holding a withheld count has
that count and what is computed from it as ``null`` and ``suppressed: true``. Bad filters are a 400
that names each field, as elsewhere in the API.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from popsote.core.site import absolute_url
from popsote.metrics.registry import METRICS, SMALL_CELL
from popsote.metrics.selectors import Choices, Filters, deployed_solutions, public_statistics


def figure_data(figure) -> dict:
    metric = METRICS[figure.code]
    keys = [column.key for column in figure.columns]
    counts = [
        index for index, column in enumerate(figure.columns) if column.numeric and column.counts
    ]

    codes = figure.keys or ()

    def rows(values, *, coded: bool):
        if values is None:
            return None
        return [
            {
                **({"code": codes[index]} if coded and index < len(codes) else {}),
                **dict(zip(keys, row, strict=True)),
                "suppressed": any(row[column] is None for column in counts),
            }
            for index, row in enumerate(values)
        ]

    return {
        "code": figure.code,
        "name": str(metric.name),
        "definition": str(metric.definition),
        "computed": str(metric.computed),
        "unit": str(metric.unit),
        "takeaway": figure.takeaway,
        "columns": [{"key": column.key, "label": column.label} for column in figure.columns],
        "rows": rows(figure.rows, coded=True),
        "previous_rows": rows(figure.previous, coded=False),
    }


def _month(day) -> str:
    return day.strftime("%Y-%m")


class StatsPeriodSerializer(serializers.Serializer):
    start = serializers.CharField(help_text="First month, YYYY-MM.")
    end = serializers.CharField(help_text="Last month, YYYY-MM.")


class StatsView(APIView):
    """Aggregated public statistics of the whole county: suggestions by stakeholder group,
    area, service area, kind, month and state, what became of them, participants and the
    latest deployed solutions (`deployed_more`: there are more on the board). A count of fewer
    than five is `null` with `suppressed: true`."""

    authentication_classes: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("start", OpenApiTypes.STR, description="First month, YYYY-MM."),
            OpenApiParameter("end", OpenApiTypes.STR, description="Last month, YYYY-MM."),
            OpenApiParameter("area", OpenApiTypes.STR, description="An area's code."),
            OpenApiParameter(
                "stakeholder_group", OpenApiTypes.STR, description="A stakeholder group's code."
            ),
            OpenApiParameter(
                "compare", OpenApiTypes.BOOL, description="Add the previous period's rows."
            ),
        ],
        responses=inline_serializer(
            "Stats",
            {
                "period": StatsPeriodSerializer(),
                "previous_period": StatsPeriodSerializer(allow_null=True),
                "area": serializers.CharField(),
                "stakeholder_group": serializers.CharField(),
                "small_cell": serializers.IntegerField(),
                "figures": serializers.ListField(child=serializers.DictField()),
                "deployed": serializers.ListField(child=serializers.DictField()),
                "deployed_more": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request):
        choices = Choices.public()
        filters = Filters.from_params(request.query_params, choices=choices)
        if filters.errors:
            raise ValidationError(filters.errors)
        previous = filters.previous() if filters.compare else None
        deployed, more = deployed_solutions(filters=filters, choices=choices)
        return Response(
            {
                "period": {"start": _month(filters.start), "end": _month(filters.end)},
                "previous_period": (
                    {"start": _month(previous.start), "end": _month(previous.end)}
                    if previous
                    else None
                ),
                "area": filters.area,
                "stakeholder_group": filters.stakeholder_group,
                "small_cell": SMALL_CELL,
                "figures": [figure_data(f) for f in public_statistics(filters, choices=choices)],
                "deployed": [_deployed(assessment) for assessment in deployed],
                "deployed_more": more,
            }
        )


def _deployed(assessment) -> dict:
    suggestion = assessment.suggestion
    return {
        "reference": suggestion.reference,
        "title": suggestion.title,
        "url": absolute_url(reverse("ideas:detail", args=[suggestion.reference])),
        "deployed": timezone.localdate(assessment.opened_at).isoformat(),
        "group": suggestion.group.name if suggestion.group_id else None,
        "impact_summary": assessment.summary if assessment.completed_at else None,
    }
