"""What the group sees of its evaluations: averages per criterion, who has evaluated, and which
suggestions the person has evaluated (for the queue's badge).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum

from ideas.models import Evaluation, EvaluationScore, Suggestion
from popsote.taxonomy.models import EvaluationCriterion
from processing_groups.models import Membership

# --- Selectors --------------------------------------------------------------------------------


def evaluated_suggestion_ids(user):
    """The ids of the suggestions ``user`` has evaluated, as a subquery:
    ``Suggestion.objects.filter(pk__in=evaluated_suggestion_ids(user))``."""
    if not getattr(user, "is_authenticated", False):
        return Evaluation.objects.none().values("suggestion_id")
    return Evaluation.objects.filter(evaluator=user).values("suggestion_id")


def is_evaluated_by(user):
    """An ``Exists`` for annotating a suggestion queryset: has ``user`` evaluated the row?
    ``queryset.annotate(evaluated_by_me=is_evaluated_by(request.user))``."""
    if not getattr(user, "is_authenticated", False):
        return Exists(Evaluation.objects.none())
    return Exists(Evaluation.objects.filter(suggestion=OuterRef("pk"), evaluator=user))


@dataclass
class CriterionAverage:
    criterion: EvaluationCriterion
    average: float | None
    count: int


@dataclass
class Summary:
    criteria: list[CriterionAverage]
    overall: float | None
    count: int
    evaluations: list[Evaluation]
    # Members of the group who have not evaluated yet (coordinators are not expected to).
    missing: list = field(default_factory=list)

    @property
    def evaluator_ids(self) -> set[int]:
        return {evaluation.evaluator_id for evaluation in self.evaluations}


def summary(suggestion: Suggestion, *, criteria: list | None = None) -> Summary:
    """Averages per criterion and overall, the evaluations with their comments and the members
    who have not evaluated: four queries however many members and evaluations (three when the
    caller passes the active criteria)."""
    if criteria is None:
        criteria = list(EvaluationCriterion.objects.active())
    rows = {
        row["criterion_id"]: row
        for row in EvaluationScore.objects.filter(evaluation__suggestion=suggestion)
        .values("criterion_id")
        .annotate(total=Sum("score"), count=Count("id"))
    }
    averages = [
        CriterionAverage(
            criterion=criterion,
            average=_ratio(rows.get(criterion.pk, {}).get("total"), rows.get(criterion.pk)),
            count=rows.get(criterion.pk, {}).get("count", 0),
        )
        for criterion in criteria
    ]
    # Retired criteria stay out of the table but not out of the overall average: the scores
    # were given on the criteria of their day.
    total = sum(row["total"] for row in rows.values())
    count = sum(row["count"] for row in rows.values())
    evaluations = list(
        Evaluation.objects.filter(suggestion=suggestion)
        .select_related("evaluator")
        .prefetch_related("scores")
        .order_by("created_at", "id")
    )
    evaluated = {evaluation.evaluator_id for evaluation in evaluations}
    missing = []
    if suggestion.group_id is not None:
        members = (
            Membership.objects.filter(group_id=suggestion.group_id)
            .select_related("user")
            .order_by("user__name", "user__email")
        )
        missing = [m.user for m in members if m.user_id not in evaluated]
    return Summary(
        criteria=averages,
        overall=round(total / count, 2) if count else None,
        count=len(evaluations),
        evaluations=evaluations,
        missing=missing,
    )


def _ratio(total, row) -> float | None:
    if not row or not row["count"]:
        return None
    return round(total / row["count"], 2)
