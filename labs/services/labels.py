"""Granting and withdrawing labels. A label is bound to the product version evaluated; a label
for a newer version of the same product supersedes the older one that is still valid."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labs import permissions
from labs.lifecycle import Action
from labs.models import (
    Application,
    ApplicationEvent,
    Label,
    LabelRule,
    Level,
    label_valid_until,
    new_label_code,
)
from labs.services import notifications
from popsote.core.pii import identity_code_errors


def rule_for(level: str) -> LabelRule | None:
    return LabelRule.objects.active().filter(code=level).first()


def level_errors(application: Application, level: str | None) -> dict[str, str]:
    """Why ``application`` cannot have a label of ``level`` under the label rules: the rule's
    demands read from its row (a field test: a test report exists; co-creation: the application
    answers public needs or a call)."""
    if level not in Level.values:
        return {"level": _("Choose the level of the label.")}
    rule = rule_for(level)
    if rule is None:
        return {"level": _("This label level is not in use.")}
    if rule.requires_field_test and not hasattr(application, "test_report"):
        return {"level": _("This level requires a field test: record the test report first.")}
    if rule.requires_co_creation and not (application.call_id or application.needs.exists()):
        return {
            "level": _(
                "This level requires co-creation with the county's staff or residents: the "
                "application must answer public suggestions or a call to companies."
            )
        }
    return {}


def grant(application: Application, *, level: str, today: datetime.date) -> Label:
    """The label of a ``grant_label`` move, inside its transaction (the application locked).
    Supersedes the company's earlier valid labels of the same product."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                label = Label.objects.create(
                    code=new_label_code(),
                    application=application,
                    company=application.company,
                    product_name=application.product_name,
                    product_version=application.product_version,
                    level=level,
                    granted_on=today,
                    valid_until=label_valid_until(today),
                )
            break
        except IntegrityError:  # a code drawn twice: draw again
            continue
    else:  # pragma: no cover - 10¹² codes
        raise RuntimeError("Could not draw a unique label code")
    # One valid label per product: a newer version's label (or a renewed one) takes over.
    (
        Label.objects.valid(today)
        .filter(company=application.company, product_name__iexact=application.product_name)
        .exclude(pk=label.pk)
        .update(superseded_by=label)
    )
    return label


def label_withdraw(*, actor, label: Label, reason: str) -> Label:
    """Withdraw a label with a public reason; the register keeps it, marked withdrawn."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Label.objects.select_for_update().select_related("application").get(pk=label.pk)
        if not permissions.can_withdraw_label(actor, locked):
            if permissions.can_manage_labs(actor):
                raise ValidationError({"reason": _("This label has already been withdrawn.")})
            raise PermissionDenied
        errors = identity_code_errors(reason=reason)
        if not reason:
            errors["reason"] = _("Give the public reason for withdrawing the label.")
        if errors:
            raise ValidationError(errors)
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_reason = reason
        locked.save(update_fields=["withdrawn_at", "withdrawn_reason"])
        event = ApplicationEvent.record(
            locked.application,
            actor=actor,
            action=Action.LABEL_WITHDRAWN,
            public_message=reason,
            data={"label": locked.code},
        )
        notifications.application_event(event)
    return locked
