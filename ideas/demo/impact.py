"""The demo's impact assessments: the groups complete those of the deployed suggestions that
have fallen due (and a few early ones) through the service, then the completions are moved to
the days they happened. Two are left open for the queue and the reminders to show: the one
that fell due last (still within ``IDEAS_IMPACT_OVERDUE_DAYS``), and the one longest overdue.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings

from ideas.demo.backdating import set_times
from ideas.models import ImpactAssessment, ImpactAssessmentEvent
from ideas.services.impact import impact_complete
from popsote.notifications.models import Notification
from processing_groups.models import Membership

# At least this many completed, early ones included when few have fallen due.
LEAST_COMPLETED = 3
UNREAD_DAYS = 10

INDICATORS = (
    ("Odotusaika ensimmäiseen käyntiin", "vrk", (9, 21), (0.45, 0.8), "Asiakastietojärjestelmä"),
    ("Asiakkaiden suositteluindeksi", "NPS", (10, 35), (1.2, 1.9), "Asiakaspalautekysely"),
    ("Peruuntuneet käynnit", "%", (6, 14), (0.5, 0.9), "Ajanvarausjärjestelmän raportti"),
    ("Hoitajan aika asiakkaan luona", "min/käynti", (18, 30), (1.1, 1.4), "Toiminnanohjaus"),
)
SUMMARIES = (
    "Muutos toimii: asiakkaat pääsevät nopeammin palveluun, ja henkilöstö pitää uutta tapaa "
    "selkeänä. Jatkamme samalla tavalla koko alueella.",
    "Muutos paransi asiakkaiden kokemusta selvästi. Kustannukset nousivat vähän, mutta hyöty "
    "on sen arvoinen.",
    "Vaikutus jäi pienemmäksi kuin toivoimme, mutta suunta on oikea. Seuraamme lukuja vielä "
    "puoli vuotta.",
)
EFFECT_TEXTS = {
    "effect_clients_text": "Asiakkaat kertovat palautteessa, että asiointi on helpompaa.",
    "effect_staff_text": "Työ on sujuvampaa, kun tieto on yhdessä paikassa.",
    "effect_quality_text": "Virheitä ja päällekkäistä työtä on vähemmän.",
    "effect_costs_text": "Arvio perustuu vuoden toteutuneisiin kuluihin.",
}


def assess(rng: random.Random, now: datetime) -> int:
    """Complete the demo's assessments as described above; how many were completed."""
    assessments = list(ImpactAssessment.objects.select_related("suggestion").order_by("due_at"))
    if len(assessments) < 2:
        return 0
    fallen = [a for a in assessments if a.due_at < now]
    overdue = fallen[0] if fallen else None
    grace = timedelta(days=settings.IDEAS_IMPACT_OVERDUE_DAYS)
    recent = [a for a in fallen[1:] if now - a.due_at < grace]
    # Due: the one that fell due last, or else the next to fall due.
    due = recent[-1] if recent else min(assessments, key=lambda a: abs(a.due_at - now))
    kept = {a.pk for a in (overdue, due) if a is not None}
    chosen = [a for a in assessments if a.due_at < now and a.pk not in kept]
    early = [a for a in assessments if a.due_at >= now and a.pk not in kept]
    chosen += early[: max(0, LEAST_COMPLETED - len(chosen))]
    actors = _members({a.suggestion.group_id for a in chosen})
    times = {}
    for assessment in chosen:
        actor = actors.get(assessment.suggestion.group_id)
        if actor is None:
            continue
        at = _completion_time(rng, assessment, now)
        impact_complete(
            actor=actor,
            assessment=assessment,
            data=_filled(rng, at.date()),
            indicators=_indicators(rng, assessment, at.date()),
        )
        times[assessment.pk] = at
    _backdate(times, now)
    return len(times)


def _members(group_ids) -> dict[int, object]:
    """A member of each group (its chair first) to complete its assessments."""
    found = {}
    memberships = Membership.objects.filter(group_id__in=group_ids).select_related("user")
    for membership in memberships.order_by("-role", "pk"):
        found.setdefault(membership.group_id, membership.user)
    return found


def _completion_time(rng, assessment, now) -> datetime:
    at = assessment.due_at + timedelta(days=rng.uniform(-25, 12))
    return max(min(at, now - timedelta(days=1)), assessment.opened_at + timedelta(days=30))


def _filled(rng, evaluated_on: date) -> dict:
    improved = rng.random() < 0.75
    data = {
        "evaluated_on": evaluated_on,
        "summary": rng.choice(SUMMARIES),
        "effect_clients": "improved" if improved else "no_change",
        "effect_staff": rng.choice(["improved", "no_change", "not_assessed"]),
        "effect_quality": "improved" if improved else "no_change",
        "effect_costs": rng.choice(["improved", "worsened", "no_change"]),
        "internal_note": "Luvut tarkistettu raportointitiimin kanssa.",
    }
    data.update(EFFECT_TEXTS)
    if data["effect_costs"] != "no_change":
        sign = -1 if data["effect_costs"] == "improved" else 1
        data["cost_per_year_eur"] = Decimal(sign * rng.randrange(5, 80) * 1000)
    return data


def _indicators(rng, assessment, measured_on: date) -> list[dict]:
    rows = []
    for name, unit, (low, high), (least, most), source in rng.sample(INDICATORS, 2):
        before = Decimal(rng.randint(low, high))
        after = (before * Decimal(str(round(rng.uniform(least, most), 2)))).quantize(Decimal("1"))
        opened = assessment.opened_at.date()
        rows.append(
            {
                "name": name,
                "unit": unit,
                "baseline_value": before,
                "baseline_period": f"{opened.month}/{opened.year - 1}–{opened.month}/{opened.year}",
                "result_value": after,
                "result_date": measured_on,
                "source": source,
            }
        )
    return rows


def _backdate(times: dict[int, datetime], now: datetime) -> None:
    """The completions, their events and the notifications they wrote, at their own times."""
    set_times(ImpactAssessment, ["completed_at"], list(times.items()))
    events = ImpactAssessmentEvent.objects.filter(assessment_id__in=times)
    event_times = {
        pk: times[assessment] for pk, assessment in events.values_list("pk", "assessment_id")
    }
    set_times(ImpactAssessmentEvent, ["created_at"], list(event_times.items()))
    rows = []
    sources = {f"impact_event:{pk}": at for pk, at in event_times.items()}
    for pk, source in Notification.objects.filter(source__in=sources).values_list("pk", "source"):
        at = sources[source]
        rows.append((pk, at, at if at < now - timedelta(days=UNREAD_DAYS) else None))
    set_times(Notification, ["created_at", "read_at"], rows)
