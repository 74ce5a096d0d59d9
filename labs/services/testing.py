"""The labs staff's records of the middle steps: the testing-need assessment, the test plan and
the test report. Each save is an event on the application's timeline."""

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
    CriterionResult,
    Outcome,
    Screening,
    SuccessCriterion,
    TestEnvironment,
    TestPlan,
    TestReport,
)
from labs.services.records import lock_application
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors, identity_code_message

SCREENING_FIELDS = (
    "fit_with_practice",
    "fit_with_strategy",
    "staff_available",
    "space_available",
    "permits",
    "summary",
)
PLAN_TEXT_FIELDS = ("methods", "permits")
PLAN_DATE_FIELDS = ("starts_on", "ends_on", "agreement_date")


def _locked_for(actor, application: Application, allowed, action: str) -> Application:
    locked = lock_application(application)
    if not permissions.can_see_internal(actor, locked):
        raise PermissionDenied
    if not allowed(actor, locked):
        raise IllegalTransition(action=action, state=locked.get_state_display())
    return locked


def _texts(data: Mapping, fields) -> tuple[dict, dict]:
    values = {field: (data.get(field) or "").strip() for field in fields if field in data}
    return values, identity_code_errors(**values)


def screening_save(*, actor, application: Application, data: Mapping) -> Screening:
    """Record the testing-need assessment: fit with practice and strategy, staff and space,
    the unit and the permits. ``unit``: a test environment (or its id) or none."""
    with transaction.atomic():
        locked = _locked_for(actor, application, permissions.can_screen, Action.SCREENING_SAVED)
        values, errors = _texts(data, SCREENING_FIELDS)
        if "unit" in data:
            unit = data["unit"]
            unit_id = getattr(unit, "pk", unit)
            if unit_id in ("", None):
                values["unit"] = None
            else:
                values["unit"] = TestEnvironment.objects.filter(pk=unit_id).first()
                if values["unit"] is None:
                    errors["unit"] = _("Choose the unit from the test environments.")
        if errors:
            raise ValidationError(errors)
        screening, _created = Screening.objects.get_or_create(application=locked)
        for field, value in values.items():
            setattr(screening, field, value)
        screening.screened_by = actor
        screening.screened_at = timezone.now()
        screening.save()
        ApplicationEvent.record(locked, actor=actor, action=Action.SCREENING_SAVED, is_public=False)
    return screening


def test_plan_save(
    *,
    actor,
    application: Application,
    data: Mapping,
    criteria: Iterable[Mapping] | None = None,
) -> TestPlan:
    """Record the test plan. ``data``: ``environments`` (environments or ids), ``starts_on``,
    ``ends_on``, ``participants`` ([{"role", "count"}]), ``methods``, ``permits``,
    ``agreement_date``; ``criteria``: the measurable success criteria in order, each
    {"description", "measure"} (replaces the plan's; none given keeps them)."""
    with transaction.atomic():
        locked = _locked_for(actor, application, permissions.can_plan, Action.PLAN_SAVED)
        values, errors = _texts(data, PLAN_TEXT_FIELDS)
        for field in PLAN_DATE_FIELDS:
            if field in data:
                try:
                    values[field] = TestPlan._meta.get_field(field).clean(data[field] or None, None)
                except ValidationError as error:
                    errors[field] = error.messages[0]
        starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            errors["ends_on"] = _("The test cannot end before it starts.")
        if "participants" in data:
            values["participants"], error = _clean_participants(data["participants"])
            if error:
                errors["participants"] = error
        environments = None
        if "environments" in data:
            wanted = {getattr(e, "pk", e) for e in data["environments"] or []}
            environments = list(TestEnvironment.objects.filter(pk__in=wanted))
            if len(environments) != len(wanted):
                errors["environments"] = _("Choose among the test environments.")
        cleaned_criteria = None
        if criteria is not None:
            cleaned_criteria = []
            for item in criteria:
                description = (item.get("description") or "").strip()
                measure = (item.get("measure") or "").strip()
                if description:
                    cleaned_criteria.append((description, measure))
                    if identity_code_errors(description=description, measure=measure):
                        errors["criteria"] = identity_code_message()
            if not cleaned_criteria:
                errors["criteria"] = _("Give at least one measurable success criterion.")
        if errors:
            raise ValidationError(errors)
        plan, _created = TestPlan.objects.get_or_create(application=locked)
        for field, value in values.items():
            setattr(plan, field, value)
        plan.saved_by = actor
        plan.save()
        if environments is not None:
            plan.environments.set(environments)
        if cleaned_criteria is not None:
            # The plan changes only before the test: no result refers to its criteria yet.
            plan.criteria.all().delete()
            SuccessCriterion.objects.bulk_create(
                SuccessCriterion(plan=plan, order=order, description=description, measure=measure)
                for order, (description, measure) in enumerate(cleaned_criteria)
            )
        ApplicationEvent.record(locked, actor=actor, action=Action.PLAN_SAVED)
    return plan


def _clean_participants(value) -> tuple[list, str | None]:
    cleaned = []
    for item in value or []:
        role = str(item.get("role") or "").strip()
        try:
            count = int(item.get("count"))
        except (TypeError, ValueError):
            count = 0
        if not role and not item.get("count"):
            continue
        if not role or count < 1:
            return [], _("Give each participant group a role and a number of at least one.")
        cleaned.append({"role": role, "count": count})
    return cleaned, None


def test_report_save(
    *,
    actor,
    application: Application,
    data: Mapping,
    results: Iterable[Mapping] = (),
) -> TestReport:
    """Record what was done and the result per success criterion of the plan, entered by
    labs staff with the unit. ``results``: {"criterion" (criterion or id), "outcome" (met,
    partly, not_met), "result"}."""
    with transaction.atomic():
        locked = _locked_for(actor, application, permissions.can_report, Action.REPORT_SAVED)
        values, errors = _texts(data, ("what_was_done", "unit_contact"))
        plan = getattr(locked, "test_plan", None)
        criteria = {c.pk: c for c in plan.criteria.all()} if plan else {}
        cleaned = []
        for item in results:
            key = getattr(item.get("criterion"), "pk", item.get("criterion"))
            criterion = criteria.get(int(key)) if str(key).isdigit() else None
            if criterion is None:
                errors["results"] = _("A result must answer a success criterion of the plan.")
                continue
            outcome = item.get("outcome")
            if outcome not in Outcome.values:
                errors[f"result_{criterion.pk}"] = _("Choose whether the criterion was met.")
                continue
            text = (item.get("result") or "").strip()
            errors.update(
                {f"result_{criterion.pk}": m for m in identity_code_errors(r=text).values()}
            )
            cleaned.append((criterion, outcome, text))
        report = getattr(locked, "test_report", None)
        if not values.get("what_was_done", report.what_was_done if report else ""):
            errors["what_was_done"] = _("Describe what was done in the test.")
        if errors:
            raise ValidationError(errors)
        if report is None:
            report = TestReport(application=locked)
        for field, value in values.items():
            setattr(report, field, value)
        report.entered_by = actor
        report.save()
        for criterion, outcome, text in cleaned:
            CriterionResult.objects.update_or_create(
                report=report, criterion=criterion, defaults={"outcome": outcome, "result": text}
            )
        ApplicationEvent.record(locked, actor=actor, action=Action.REPORT_SAVED, is_public=False)
    return report
