"""Reads of impact assessments: what the suggestion page and the API show of one, in a fixed
number of queries however many indicators it has."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats

from ideas import permissions
from ideas.models import ImpactAssessment, ImpactIndicator, Suggestion


@dataclass
class ImpactView:
    """An assessment as ``user`` may see it: ``internal`` says whether the draft, the internal
    note and the link to the form are theirs to see."""

    assessment: ImpactAssessment
    indicators: list[ImpactIndicator] = field(default_factory=list)
    internal: bool = False
    can_edit: bool = False

    @property
    def is_public(self) -> bool:
        return self.assessment.is_completed


def assessment_of(suggestion: Suggestion) -> ImpactAssessment | None:
    """The suggestion's assessment, with no query when the suggestion was read with
    ``select_related("impact_assessment")``."""
    try:
        return suggestion.impact_assessment
    except ImpactAssessment.DoesNotExist:
        return None


def impact_for(user, suggestion: Suggestion) -> ImpactView | None:
    """What ``user`` sees of the suggestion's impact assessment, or None: the completed public
    part for whoever may see the suggestion, the draft too for the group and the
    coordinators. One query for the indicators, none when there is nothing to show."""
    assessment = assessment_of(suggestion)
    if not permissions.can_see_impact(user, suggestion, assessment):
        return None
    indicators = list(assessment.indicators.all())
    for indicator in indicators:
        indicator.before = plain_number(indicator.baseline_value)
        indicator.after = plain_number(indicator.result_value)
    return ImpactView(
        assessment=assessment,
        indicators=indicators,
        internal=permissions.can_see_impact_internal(user, suggestion),
        can_edit=permissions.can_edit_impact(user, suggestion),
    )


def plain_number(value: Decimal | None) -> str:
    """``Decimal("12.5000")`` as the page's language writes 12.5; empty for None."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return formats.number_format(Decimal(text), use_l10n=True)


def public_impact(view: ImpactView | None) -> dict | None:
    """The completed assessment's public part as the API answers it; None until completed.
    Never the internal note, nor who completed it."""
    if view is None or not view.is_public:
        return None
    assessment = view.assessment
    return {
        "evaluated_on": assessment.evaluated_on,
        "completed": assessment.completed_at,
        "summary": assessment.summary,
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "baseline_value": indicator.baseline_value,
                "baseline_period": indicator.baseline_period,
                "result_value": indicator.result_value,
                "result_date": indicator.result_date,
                "source": indicator.source,
            }
            for indicator in view.indicators
        ],
        "effects": [
            {"area": effect["code"], "effect": effect["value"], "description": effect["text"]}
            for effect in assessment.effects()
        ],
        "cost_per_year_eur": assessment.cost_per_year_eur,
    }
