"""Evaluation of suggestions by group members: the service that saves a member's scores.

Members of the suggestion's group score every active criterion 1–5 with a comment, while the
suggestion is being processed; coordinators may too, standing in for a group. The scores are
internal: the public timeline never shows them. What the group sees of them is
``ideas.selectors.evaluation``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ideas import permissions
from ideas.lifecycle import LIFECYCLE, Action
from ideas.models import Evaluation, EvaluationScore, Suggestion, SuggestionEvent
from ideas.models.evaluation import SCORES, score_field
from ideas.permissions import EVALUABLE_STATES
from ideas.services.notifications import suggestion_event
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.taxonomy.models import EvaluationCriterion

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
        event = SuggestionEvent.record(
            locked,
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
        suggestion_event(event)
    return evaluation
