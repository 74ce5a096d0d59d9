"""The impact assessment of a deployed suggestion: the group saves a draft, completes it (which
publishes its public part and tells the suggestion's followers) and reopens a completed one to
correct it. Each call locks the assessment, checks the right, asks ``IMPACT_LIFECYCLE``, writes
one event row and queues the notifications in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import permissions
from ideas.lifecycle import IMPACT_LIFECYCLE, ImpactAction, ImpactState
from ideas.models import (
    EFFECTS,
    Effect,
    ImpactAssessment,
    ImpactAssessmentEvent,
    ImpactIndicator,
)
from ideas.services.notifications import impact_completed
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors

EFFECT_FIELDS = tuple(prefix for prefix, _label in EFFECTS)
TEXT_FIELDS = ("summary", "internal_note", *(f"{prefix}_text" for prefix in EFFECT_FIELDS))
# What a person writes on the form besides the indicators.
FIELDS = ("evaluated_on", "cost_per_year_eur", *EFFECT_FIELDS, *TEXT_FIELDS)
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline_value",
    "baseline_period",
    "result_value",
    "result_date",
    "source",
)
MAX_INDICATORS = 30


def impact_save(
    *,
    actor,
    assessment: ImpactAssessment,
    data: Mapping,
    indicators: Sequence[Mapping],
    expected_state: str | None = None,
) -> ImpactAssessment:
    """Save the draft as it stands: any part may still be missing. ``indicators`` replace the
    ones saved before, in their order. A completed assessment is reopened first."""
    with transaction.atomic():
        locked = _lock(actor, assessment, expected_state=expected_state)
        if locked.state != ImpactState.DRAFT:
            raise IllegalTransition(
                action=ImpactAction.SAVE,
                state=locked.get_state_display(),
                message=_("The assessment is completed: reopen it to correct it."),
            )
        changed = _write(locked, data, indicators)
        ImpactAssessmentEvent.record(
            locked,
            actor=actor,
            action=ImpactAction.SAVE,
            is_public=False,
            data={"fields": changed, "indicators": len(indicators)},
        )
    return _refreshed(assessment, locked)


def impact_complete(
    *,
    actor,
    assessment: ImpactAssessment,
    data: Mapping | None = None,
    indicators: Sequence[Mapping] | None = None,
    expected_state: str | None = None,
) -> ImpactAssessment:
    """Complete the assessment, with ``data`` and ``indicators`` written first when given (the
    form saves and completes in one step). Needs at least one indicator measured before and
    after, every effect chosen, the evaluation date and the public summary; raises
    ``ValidationError`` naming what is missing, and nothing is saved then."""
    with transaction.atomic():
        locked = _lock(actor, assessment, expected_state=expected_state)
        from_state = locked.state
        to_state = IMPACT_LIFECYCLE.target(action=ImpactAction.COMPLETE, state=from_state)
        changed = _write(locked, data, indicators) if data is not None else []
        _check_complete(locked)
        now = timezone.now()
        locked.state, locked.completed_at, locked.completed_by = to_state, now, actor
        locked.save(update_fields=["state", "completed_at", "completed_by", "updated_at"])
        event = ImpactAssessmentEvent.record(
            locked,
            actor=actor,
            action=ImpactAction.COMPLETE,
            from_state=from_state,
            to_state=to_state,
            public_message=locked.summary,
            data={"fields": changed, "indicators": locked.indicators.count()},
        )
        impact_completed(event, locked.suggestion)
    return _refreshed(assessment, locked)


def impact_reopen(
    *, actor, assessment: ImpactAssessment, reason: str, expected_state: str | None = None
) -> ImpactAssessment:
    """Take a completed assessment back to a draft to correct it: its public part is off the
    suggestion's page until it is completed again. ``reason`` stays on the record."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock(actor, assessment, expected_state=expected_state)
        from_state = locked.state
        to_state = IMPACT_LIFECYCLE.target(action=ImpactAction.REOPEN, state=from_state)
        errors = {} if reason else {"reason": _("Say what is corrected: it stays on the record.")}
        errors.update(identity_code_errors(reason=reason))
        if errors:
            raise ValidationError(errors)
        locked.state, locked.completed_at, locked.completed_by = to_state, None, None
        locked.save(update_fields=["state", "completed_at", "completed_by", "updated_at"])
        ImpactAssessmentEvent.record(
            locked,
            actor=actor,
            action=ImpactAction.REOPEN,
            from_state=from_state,
            to_state=to_state,
            internal_note=reason,
            is_public=False,
        )
    return _refreshed(assessment, locked)


# --- Internals ------------------------------------------------------------------------------


def _lock(actor, assessment: ImpactAssessment, *, expected_state: str | None) -> ImpactAssessment:
    locked = (
        ImpactAssessment.objects.select_for_update(of=("self",))
        .select_related("suggestion", "suggestion__group")
        .get(pk=assessment.pk)
    )
    if not permissions.can_edit_impact(actor, locked.suggestion):
        raise PermissionDenied
    if expected_state and locked.state != expected_state:
        raise IllegalTransition(
            action="",
            state=locked.get_state_display(),
            message=_(
                "Someone else changed this assessment while you were working on it: it is now "
                "“%(state)s”. Nothing was saved; reload the page to see what changed."
            )
            % {"state": locked.get_state_display()},
        )
    return locked


def _write(locked: ImpactAssessment, data: Mapping, indicators: Sequence[Mapping]) -> list[str]:
    """Write the fields and replace the indicators; the names of the fields that changed."""
    cleaned = {name: data.get(name) for name in FIELDS if name in data}
    for name in TEXT_FIELDS + EFFECT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    rows = [_indicator(row) for row in indicators]
    errors = identity_code_errors(**{n: v for n, v in cleaned.items() if n in TEXT_FIELDS})
    for name in EFFECT_FIELDS:
        if cleaned.get(name) and cleaned[name] not in Effect.values:
            errors[name] = _("Choose one of the effects offered.")
    if len(rows) > MAX_INDICATORS:
        errors["indicators"] = _("At most %(count)d indicators.") % {"count": MAX_INDICATORS}
    if any(not row["name"] for row in rows):
        errors["indicators"] = _("Name every indicator, or leave its row empty.")
    texts = " ".join(f"{row['name']} {row['unit']} {row['source']}" for row in rows)
    if "text" in (found := identity_code_errors(text=texts)):
        errors["indicators"] = found["text"]
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in cleaned.items() if getattr(locked, name) != value]
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    locked.indicators.all().delete()
    ImpactIndicator.objects.bulk_create(
        [
            ImpactIndicator(assessment=locked, position=position, **row)
            for position, row in enumerate(rows)
        ]
    )
    return changed


def _indicator(row: Mapping) -> dict:
    values = {name: row.get(name) for name in INDICATOR_FIELDS}
    for name in ("name", "unit", "baseline_period", "source"):
        values[name] = (values[name] or "").strip()
    return values


def _check_complete(locked: ImpactAssessment) -> None:
    errors: dict[str, str] = {}
    if not any(indicator.is_measured for indicator in locked.indicators.all()):
        errors["indicators"] = _(
            "Give at least one indicator with its value both before and after the change."
        )
    for prefix, label in EFFECTS:
        if not getattr(locked, prefix):
            errors[prefix] = _("Choose the effect on %(what)s, or “not assessed”.") % {
                "what": str(label).lower()
            }
    if locked.evaluated_on is None:
        errors["evaluated_on"] = _("Give the date of the evaluation.")
    elif locked.evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("The evaluation date cannot be in the future.")
    if not locked.summary:
        errors["summary"] = _(
            "Write the public summary: what the change did, in words anyone understands."
        )
    if errors:
        raise ValidationError(errors)


def _refreshed(assessment: ImpactAssessment, locked: ImpactAssessment) -> ImpactAssessment:
    """The caller's object, brought up to date with what was written."""
    for field in ImpactAssessment._meta.concrete_fields:
        setattr(assessment, field.attname, getattr(locked, field.attname))
    return locked
