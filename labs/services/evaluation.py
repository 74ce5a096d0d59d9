"""The evaluators' work: declaring interests, scoring each criterion with its evidence and
provenance, submitting; and what the ``evaluate`` move needs of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labs import permissions
from labs.lifecycle import Action
from labs.models import (
    Application,
    ApplicationEvent,
    Evaluation,
    EvaluationCriterion,
    EvaluationScore,
    Provenance,
    Recommendation,
)
from labs.services.records import lock_application
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors

MIN_EVALUATIONS = 2


def readiness_errors(application: Application) -> dict[str, str]:
    """What the ``evaluate`` move still lacks: a test report, two submitted evaluations whose
    evaluators declared their interests."""
    errors = {}
    if not hasattr(application, "test_report"):
        errors["test_report"] = _("Record the test report first.")
    submitted = application.evaluations.filter(
        submitted_at__isnull=False, conflict_declared_at__isnull=False
    ).count()
    if submitted < MIN_EVALUATIONS:
        errors["evaluations"] = _(
            "At least %(count)d evaluators must submit their evaluations; %(done)d have."
        ) % {"count": MIN_EVALUATIONS, "done": submitted}
    return errors


def _refuse(actor, application: Application) -> None:
    refusal = permissions.evaluation_refusal(actor, application)
    if refusal is None:
        return
    if refusal.by_state:
        raise IllegalTransition(
            action=Action.EVALUATION_SUBMITTED,
            state=application.get_state_display(),
            message=refusal.message,
        )
    raise PermissionDenied(refusal.message)


def evaluation_declare(*, actor, application: Application, statement: str) -> Evaluation:
    """The evaluator declares their interests (that they have no conflict); no score is saved
    before this."""
    statement = (statement or "").strip()
    with transaction.atomic():
        locked = lock_application(application)
        _refuse(actor, locked)
        if not statement:
            raise ValidationError(
                {"statement": _("Declare your interests: state that you have no conflict.")}
            )
        evaluation, _created = Evaluation.objects.select_for_update().get_or_create(
            application=locked, evaluator=actor
        )
        if evaluation.is_submitted:
            raise ValidationError(
                {"statement": _("Your evaluation is submitted and can no longer change.")}
            )
        evaluation.conflict_statement = statement
        evaluation.conflict_declared_at = timezone.now()
        evaluation.save()
    return evaluation


def evaluation_save(
    *,
    actor,
    application: Application,
    scores: Iterable[Mapping] | Mapping,
    recommendation: str = "",
    summary: str = "",
    submit: bool = False,
) -> Evaluation:
    """Save the evaluator's scores (a working copy, or ``submit`` it: then every active
    criterion must be scored or marked not assessed with a reason, and a recommendation given).

    ``scores``: one mapping per criterion with ``criterion`` (the criterion, its id or code),
    ``score`` (0–5, none when not assessed), ``evidence``, ``provenance`` and
    ``not_assessed_reason``; or a mapping of criterion to such a mapping."""
    if isinstance(scores, Mapping):
        scores = [{"criterion": key, **value} for key, value in scores.items()]
    scores = list(scores)
    summary = (summary or "").strip()
    with transaction.atomic():
        locked = lock_application(application)
        _refuse(actor, locked)
        evaluation = (
            Evaluation.objects.select_for_update()
            .filter(application=locked, evaluator=actor)
            .first()
        )
        if evaluation is None or evaluation.conflict_declared_at is None:
            raise ValidationError(
                {"statement": _("Declare your interests before scoring.")}, code="undeclared"
            )
        if evaluation.is_submitted:
            raise ValidationError(
                {"scores": _("Your evaluation is submitted and can no longer change.")}
            )
        criteria = {c.pk: c for c in EvaluationCriterion.objects.active()}
        by_code = {c.code: c for c in criteria.values()}
        errors: dict[str, object] = {}
        rows = {}
        for item in scores:
            criterion = _criterion(item.get("criterion"), criteria, by_code)
            if criterion is None:
                errors.setdefault("scores", _("An unknown criterion was scored."))
                continue
            row, row_error = _score_row(criterion, item)
            if row_error:
                errors[f"score_{criterion.code}"] = row_error
            else:
                rows[criterion.pk] = row
        if recommendation and recommendation not in Recommendation.values:
            errors["recommendation"] = _("Choose a recommendation.")
        errors.update(identity_code_errors(summary=summary))
        if submit:
            for criterion in criteria.values():
                if (
                    criterion.pk not in rows
                    and not evaluation.scores.filter(criterion=criterion).exists()
                ):
                    errors[f"score_{criterion.code}"] = _(
                        "Score this criterion, or mark it not assessed and say why."
                    )
            if not recommendation:
                errors["recommendation"] = _("Choose your recommendation.")
        if errors:
            raise ValidationError(errors)
        for criterion_id, row in rows.items():
            EvaluationScore.objects.update_or_create(
                evaluation=evaluation, criterion_id=criterion_id, defaults=row
            )
        evaluation.recommendation = recommendation
        evaluation.summary = summary
        if submit:
            evaluation.submitted_at = timezone.now()
        evaluation.save()
        if submit:
            ApplicationEvent.record(
                locked,
                actor=actor,
                action=Action.EVALUATION_SUBMITTED,
                is_public=False,
                data={"evaluation": evaluation.pk, "recommendation": recommendation},
            )
    return evaluation


def _criterion(key, criteria: dict, by_code: dict) -> EvaluationCriterion | None:
    """A criterion named by itself, its id (a form's string too) or its code."""
    key = getattr(key, "pk", key)
    if isinstance(key, str):
        if not key.isdigit():
            return by_code.get(key)
        key = int(key)
    return criteria.get(key)


def _score_row(criterion: EvaluationCriterion, item: Mapping) -> tuple[dict, str | None]:
    provenance = item.get("provenance") or ""
    evidence = (item.get("evidence") or "").strip()
    reason = (item.get("not_assessed_reason") or "").strip()
    score = item.get("score")
    if provenance not in Provenance.values:
        return {}, _("Say where the evidence comes from.")
    if provenance == Provenance.NOT_ASSESSED:
        if not reason:
            return {}, _("Say why this criterion was not assessed.")
        score = None
    else:
        try:
            score = int(score)
        except (TypeError, ValueError):
            return {}, _("Give a score from 0 to 5.")
        if not 0 <= score <= 5:
            return {}, _("Give a score from 0 to 5.")
        reason = ""
    if identity_code_errors(evidence=evidence, reason=reason):
        return {}, next(iter(identity_code_errors(evidence=evidence, reason=reason).values()))
    return {
        "score": score,
        "evidence": evidence,
        "provenance": provenance,
        "not_assessed_reason": reason,
    }, None
