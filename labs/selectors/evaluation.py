"""Reads of an application's evaluation: the protocol grouped by domain, and the submitted
evaluations side by side with the company's replies and the decision, for the labs staff, the
company (once shared) and the printable report."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Prefetch

from labs.lifecycle import Action
from labs.models import (
    Application,
    Evaluation,
    EvaluationCriterion,
    EvaluationDomain,
    EvaluationScore,
)


def protocol() -> list[EvaluationDomain]:
    """The active domains, each with its active criteria, in order: two queries."""
    return list(
        EvaluationDomain.objects.active().prefetch_related(
            Prefetch(
                "criteria",
                queryset=EvaluationCriterion.objects.active()
                .select_related("domain")
                .order_by("position", "code"),
            )
        )
    )


def submitted_evaluations(application: Application) -> list[Evaluation]:
    """The submitted evaluations, each with its scores and their criteria: two queries."""
    return list(
        application.evaluations.filter(submitted_at__isnull=False)
        .select_related("evaluator")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=EvaluationScore.objects.select_related("criterion__domain"),
            )
        )
        .order_by("submitted_at", "id")
    )


@dataclass
class CriterionRow:
    criterion: EvaluationCriterion
    # One per submitted evaluation, in their order; None where that evaluator has no score.
    scores: list[EvaluationScore | None] = field(default_factory=list)

    @property
    def mean(self) -> float | None:
        numbers = [s.score for s in self.scores if s is not None and s.score is not None]
        return round(mean(numbers), 1) if numbers else None


@dataclass
class EvaluationSummary:
    evaluations: list[Evaluation]
    domains: list[tuple[EvaluationDomain, list[CriterionRow]]]
    replies: list
    decision: object | None

    @property
    def overall(self) -> float | None:
        means = [row.mean for _d, rows in self.domains for row in rows if row.mean is not None]
        return round(mean(means), 1) if means else None


def evaluation_summary(application: Application) -> EvaluationSummary:
    """Per domain, per criterion: every evaluator's score, evidence and provenance and their
    mean; a criterion retired after it was scored stays. With the company's replies and the
    decision: what the company sees in its right of reply, and what the report prints. Five
    queries, however many evaluators and criteria."""
    evaluations = submitted_evaluations(application)
    by_evaluation = [{s.criterion_id: s for s in e.scores.all()} for e in evaluations]
    criteria = [c for domain in protocol() for c in domain.criteria.all()]
    listed = {c.pk for c in criteria}
    for scores in by_evaluation:
        for score in scores.values():
            if score.criterion_id not in listed:
                criteria.append(score.criterion)
                listed.add(score.criterion_id)
    domains: dict[int, tuple[EvaluationDomain, list[CriterionRow]]] = {}
    for criterion in criteria:
        row = CriterionRow(criterion, [scores.get(criterion.pk) for scores in by_evaluation])
        domains.setdefault(criterion.domain_id, (criterion.domain, []))[1].append(row)
    events = list(
        application.events.filter(
            action__in=[Action.REPLY, Action.GRANT_LABEL, Action.NO_LABEL], is_public=True
        ).select_related("actor")
    )
    replies = [e for e in events if e.action == Action.REPLY]
    decision = next((e for e in reversed(events) if e.action != Action.REPLY), None)
    return EvaluationSummary(evaluations, list(domains.values()), replies, decision)
