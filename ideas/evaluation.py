"""Evaluation of suggestions by group members: the service that saves a member's scores and
what the group sees of them (averages, who has not yet evaluated).

Members of the suggestion's group score every active criterion 1–5 with a comment, while the
suggestion is being processed; coordinators may too, standing in for a group. The scores are
internal: the public timeline never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas import notify, permissions
from ideas.lifecycle import LIFECYCLE, Action, State
from ideas.models import Evaluation, EvaluationScore, Suggestion, SuggestionEvent
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.taxonomy.models import EvaluationCriterion
from processing_groups.models import Membership

# While the group still weighs the suggestion; a decided one keeps its evaluations as record.
EVALUABLE_STATES = frozenset({State.IN_PROCESSING, State.INFO_REQUESTED})
SCORES = range(1, 6)


def score_field(criterion) -> str:
    """The form field (and ``ValidationError`` key) of one criterion: ``score_<code>``."""
    return f"score_{criterion.code}"


# --- Permissions ------------------------------------------------------------------------------


def can_see_evaluations(user, suggestion) -> bool:
    """The group and the coordinators; nobody else learns that evaluations exist."""
    return permissions.is_handler(user, suggestion)


def can_evaluate(user, suggestion) -> bool:
    """The right and the state: a handler, while the suggestion is being processed."""
    return suggestion.state in EVALUABLE_STATES and permissions.is_handler(user, suggestion)


# --- Service ----------------------------------------------------------------------------------


def _criterion_code(key) -> str:
    return getattr(key, "code", key)


def evaluation_save(
    *, actor, suggestion: Suggestion, scores: dict, comment: str = ""
) -> Evaluation:
    """Save ``actor``'s evaluation of ``suggestion`` (a new one or a change of their own), and
    record it as an internal event on the timeline, in one transaction.

    ``scores`` maps criteria (``EvaluationCriterion`` or its code) to 1–5; every active
    criterion needs one. Raises ``PermissionDenied`` for someone who is not a handler,
    ``IllegalTransition`` when the state no longer takes evaluations, or ``ValidationError``
    naming ``score_<code>`` or ``comment``. In every case nothing changes.
    """
    comment = comment.strip()
    given = {_criterion_code(key): value for key, value in scores.items()}
    with transaction.atomic():
        # The lock orders this save after a decision that is being made at the same moment.
        locked = Suggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)
        if not permissions.is_handler(actor, locked):
            raise PermissionDenied
        if locked.state not in EVALUABLE_STATES:
            state = LIFECYCLE.labels.get(locked.state, locked.state)
            raise IllegalTransition(
                action=Action.EVALUATE,
                state=state,
                message=_(
                    "Suggestions are evaluated while they are being processed; this one is now "
                    "“%(state)s”. Nothing was saved."
                )
                % {"state": state},
            )
        criteria = list(EvaluationCriterion.objects.active())
        errors: dict[str, str] = {}
        clean: dict[EvaluationCriterion, int] = {}
        for criterion in criteria:
            value = given.get(criterion.code)
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = None
            if value not in SCORES:
                errors[score_field(criterion)] = _("Give a score from 1 to 5.")
            else:
                clean[criterion] = value
        errors.update(identity_code_errors(comment=comment))
        if errors:
            raise ValidationError(errors)

        evaluation, created = Evaluation.objects.update_or_create(
            suggestion=locked, evaluator=actor, defaults={"comment": comment}
        )
        EvaluationScore.objects.bulk_create(
            [
                EvaluationScore(evaluation=evaluation, criterion=criterion, score=value)
                for criterion, value in clean.items()
            ],
            update_conflicts=True,
            unique_fields=["evaluation", "criterion"],
            update_fields=["score"],
        )
        event = SuggestionEvent.objects.create(
            suggestion=locked,
            actor=actor,
            action=Action.EVALUATE,
            from_state=locked.state,
            to_state=locked.state,
            internal_note=comment,
            is_public=False,
            data={
                "scores": {criterion.code: value for criterion, value in clean.items()},
                "changed": not created,
            },
        )
        notify.suggestion_event(event)
    return evaluation


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


# --- The form and the suggestion page's panel -------------------------------------------------


class EvaluationForm(forms.Form):
    """A fieldset of radio buttons 1–5 for each active criterion, and a comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Seen by the group and the coordinators, not by the public."),
    )

    def __init__(self, *args, criteria, **kwargs):
        # Its own ids: the suggestion page has other forms with a comment field.
        kwargs.setdefault("auto_id", "evaluation-%s")
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        comment = self.fields.pop("comment")
        for criterion in criteria:
            self.fields[score_field(criterion)] = forms.TypedChoiceField(
                label=criterion.label,
                choices=[(score, str(score)) for score in SCORES],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 is the weakest, 5 the strongest."),
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
        self.fields["comment"] = comment

    def scores(self) -> dict:
        return {c: self.cleaned_data[score_field(c)] for c in self.criteria}

    def criterion_fields(self):
        return [self[score_field(criterion)] for criterion in self.criteria]


def panel_for(user, suggestion: Suggestion, *, form: EvaluationForm | None = None) -> dict | None:
    """What the suggestion page's evaluation panel shows ``user``, or None when they may not
    evaluate or see evaluations. A fixed number of queries: the criteria, the averages, the
    evaluations with their scores, the group's members.

    ``form`` is a bound form to show again with its errors (the evaluate view passes it)."""
    if not can_see_evaluations(user, suggestion):
        return None
    criteria = list(EvaluationCriterion.objects.active())
    result = summary(suggestion, criteria=criteria)
    mine = next((e for e in result.evaluations if e.evaluator_id == user.pk), None)
    may_evaluate = suggestion.state in EVALUABLE_STATES
    if form is None and may_evaluate:
        initial = {"comment": mine.comment} if mine else {}
        if mine is not None:
            by_id = {criterion.pk: criterion for criterion in criteria}
            for score in mine.scores.all():
                if score.criterion_id in by_id:
                    initial[score_field(by_id[score.criterion_id])] = score.score
        form = EvaluationForm(criteria=criteria, initial=initial)
    return {
        "suggestion": suggestion,
        "summary": result,
        "mine": mine,
        "form": form if may_evaluate else None,
        "can_evaluate": may_evaluate,
    }
