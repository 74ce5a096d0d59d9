"""Builders for the impact assessment tests: a suggestion deployed through the real move (which
opens its assessment), and what a completed assessment holds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from ideas.lifecycle import Action, State
from ideas.models import ImpactAssessment
from ideas.services.impact import impact_complete
from ideas.services.transitions import suggestion_transition
from tests.groups.meeting_helpers import group_suggestion

FILLED = {
    "evaluated_on": date(2026, 1, 15),
    "summary": "Iltakäynnit pitenivät, ja asiakkaat odottavat vähemmän.",
    "internal_note": "Luvut saatiin kotihoidon raportointijärjestelmästä.",
    "effect_clients": "improved",
    "effect_clients_text": "Asiakkaat kertovat, että kiire on vähentynyt.",
    "effect_staff": "no_change",
    "effect_staff_text": "",
    "effect_quality": "improved",
    "effect_quality_text": "",
    "effect_costs": "worsened",
    "effect_costs_text": "Yksi lisävuoro illassa.",
    "cost_per_year_eur": Decimal("42000.00"),
}


def indicator(number: int = 1, **fields) -> dict:
    row = {
        "name": f"Odotusaika {number}",
        "unit": "min",
        "baseline_value": Decimal("35"),
        "baseline_period": "1–3/2025",
        "result_value": Decimal("12.5"),
        "result_date": date(2025, 12, 31),
        "source": "Kotihoidon toiminnanohjaus",
    }
    row.update(fields)
    return row


def deployed(group, coordinator, **extra) -> ImpactAssessment:
    """A suggestion of ``group`` deployed by ``coordinator``: its assessment, as the move opened
    it."""
    suggestion = group_suggestion(group, state=State.IN_IMPLEMENTATION, **extra)
    suggestion_transition(
        actor=coordinator, suggestion=suggestion, action=Action.MARK_DEPLOYED, message="Käytössä."
    )
    return ImpactAssessment.objects.get(suggestion=suggestion)


def completed(assessment, actor, *, indicators: int = 1) -> ImpactAssessment:
    return impact_complete(
        actor=actor,
        assessment=assessment,
        data=FILLED,
        indicators=[indicator(n) for n in range(1, indicators + 1)],
    )


def impact_url(assessment, *, language: str = "en") -> str:
    with translation.override(language):
        return reverse("ideas:impact", kwargs={"reference": assessment.suggestion.reference})


def form_post(data: dict | None = None, rows: list[dict] | None = None, **extra) -> dict:
    """What the form posts: the fields as strings, the indicator rows as a formset."""
    data = FILLED if data is None else data
    rows = [indicator()] if rows is None else rows
    post = {name: "" if value is None else str(value) for name, value in data.items()}
    post.update(
        {
            "indicators-TOTAL_FORMS": str(len(rows)),
            "indicators-INITIAL_FORMS": "0",
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "30",
        }
    )
    for index, row in enumerate(rows):
        for name, value in row.items():
            post[f"indicators-{index}-{name}"] = "" if value is None else str(value)
    post.update(extra)
    return post
