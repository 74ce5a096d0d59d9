"""Every write of OuluHealth Labs, one file per topic; each locks, checks the right, records
an event and notifies in one transaction. Import the functions from here."""

from labs.services.applications import (
    application_create,
    application_note,
    application_save,
    application_transition,
    attachment_add,
    attachment_delete,
    has_replied,
)
from labs.services.calls import call_create
from labs.services.companies import (
    company_register,
    invitation_accept,
    invitation_create,
    invitation_read,
)
from labs.services.evaluation import evaluation_declare, evaluation_save
from labs.services.labels import label_withdraw
from labs.services.notifications import remind_label_expiry
from labs.services.testing import screening_save, test_plan_save, test_report_save

__all__ = [
    "application_create",
    "application_note",
    "application_save",
    "application_transition",
    "attachment_add",
    "attachment_delete",
    "call_create",
    "company_register",
    "evaluation_declare",
    "evaluation_save",
    "has_replied",
    "invitation_accept",
    "invitation_create",
    "invitation_read",
    "label_withdraw",
    "remind_label_expiry",
    "screening_save",
    "test_plan_save",
    "test_report_save",
]
