"""Every write of a testing application: creating and saving the draft, its attachments, and
each move of its lifecycle, locked and recorded in one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ideas.models import Suggestion
from labs import permissions
from labs.lifecycle import LIFECYCLE, MESSAGE_REQUIRED, Action
from labs.models import (
    ANSWER_FIELDS,
    MANY_TO_MANY_ANSWERS,
    QUESTIONS_BY_CODE,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    Call,
    Company,
    TestEnvironment,
    clean_not_applicable,
)
from labs.services import evaluation, labels, notifications
from labs.services.records import lock_application
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.core.uploads import MAX_FILES, CleanFile, clean_uploads, too_many_message

# Text answers a person types: checked for identity codes like every free text of the site.
TEXT_FIELDS = tuple(
    field.name
    for field in Application._meta.get_fields()
    if field.name in ANSWER_FIELDS
    and field.get_internal_type() in ("TextField", "CharField")
    and not getattr(field, "choices", None)
)
# Moves whose event the company does not see (none so far: every move is on its timeline).
INTERNAL_ACTIONS = frozenset({Action.NOTE})


def application_create(*, actor, company: Company, call: Call | None = None) -> Application:
    """A new draft of ``company``'s, optionally answering an open ``call``."""
    if not permissions.is_representative(actor, company):
        raise PermissionDenied
    if call is not None and not call.is_open():
        raise ValidationError({"call": _("This call to companies has closed.")})
    with transaction.atomic():
        application = Application.objects.create(company=company, created_by=actor, call=call)
        if call is not None:
            application.needs.set(call.suggestions.all())
    return application


def application_save(
    *,
    actor,
    application: Application,
    data: Mapping,
    attachments: Iterable = (),
) -> Application:
    """Save what the company answered so far (a draft: any subset of the questions) and add
    ``attachments``. Only the keys in ``data`` change. Raises ``ValidationError`` per field and
    changes nothing then."""
    with transaction.atomic():
        locked = lock_application(application)
        refusal = permissions.edit_refusal(actor, locked)
        if refusal is not None:
            if refusal.by_state:
                raise IllegalTransition(
                    action="save", state=locked.get_state_display(), message=refusal.message
                )
            raise PermissionDenied(refusal.message)
        plain, related = _clean_answers(locked, data)
        for field, value in plain.items():
            setattr(locked, field, value)
        locked.save()
        for field, value in related.items():
            getattr(locked, field).set(value)
        attachments = list(attachments)
        if attachments:
            _add_attachments(actor, locked, attachments)
    return locked


def _clean_answers(application: Application, data: Mapping) -> tuple[dict, dict]:
    errors: dict[str, list[str] | str] = {}
    plain: dict = {}
    related: dict = {}
    for key, value in data.items():
        if key == "not_applicable":
            try:
                plain[key] = clean_not_applicable(value)
            except ValidationError as error:
                errors.update(error.message_dict)
            continue
        if key == "call":
            plain[key] = value
            continue
        if key not in QUESTIONS_BY_CODE:
            continue  # not an answer: ids, states and dates are the platform's
        if key in MANY_TO_MANY_ANSWERS:
            related[key] = list(value or [])
            continue
        field = Application._meta.get_field(key)
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None) and field.null:
            value = None
        elif value is None:
            value = ""
        try:
            plain[key] = field.clean(value, application)
        except ValidationError as error:
            errors[key] = error.messages
    if "needs" in related:
        public_ids = set(
            Suggestion.objects.public()
            .filter(pk__in=[getattr(s, "pk", s) for s in related["needs"]])
            .values_list("pk", flat=True)
        )
        if len(public_ids) != len({getattr(s, "pk", s) for s in related["needs"]}):
            errors["needs"] = _("Only public suggestions can be linked as needs.")
        related["needs"] = sorted(public_ids)
    if "preferred_environments" in related:
        wanted = {getattr(e, "pk", e) for e in related["preferred_environments"]}
        active = set(
            TestEnvironment.objects.active().filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if active != wanted:
            errors["preferred_environments"] = _("Choose among the test environments in use.")
        related["preferred_environments"] = sorted(active)
    start = plain.get("timeline_start", application.timeline_start)
    end = plain.get("timeline_end", application.timeline_end)
    if start and end and end < start:
        errors["timeline_end"] = _("The end cannot be before the start.")
    call = plain.get("call")
    if "call" in plain and call is not None and not call.is_open():
        errors["call"] = _("This call to companies has closed.")
    for field, message in identity_code_errors(
        **{name: plain[name] for name in TEXT_FIELDS if isinstance(plain.get(name), str)}
    ).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    return plain, related


def attachment_add(*, actor, application: Application, uploads: Iterable) -> list:
    """Check, clean and store files of a draft application."""
    with transaction.atomic():
        locked = lock_application(application)
        if not permissions.can_add_attachment(actor, locked):
            raise PermissionDenied
        return _add_attachments(actor, locked, list(uploads))


def attachment_delete(*, actor, attachment: ApplicationAttachment) -> None:
    with transaction.atomic():
        locked = lock_application(attachment.application_id)
        if not permissions.can_edit(actor, locked):
            raise PermissionDenied
        attachment.file.delete(save=False)
        attachment.delete()


def _add_attachments(actor, application: Application, uploads: list) -> list:
    cleaned = clean_uploads(uploads)
    if application.attachments.count() + len(cleaned) > MAX_FILES:
        raise ValidationError({"attachments": too_many_message()})
    stored = []
    for clean in cleaned:
        stored.append(_store(actor, application, clean))
    ApplicationEvent.record(
        application,
        actor=actor,
        action=Action.ATTACHMENT_ADDED,
        data={"files": [attachment.original_name for attachment in stored]},
    )
    return stored


def _store(actor, application: Application, clean: CleanFile) -> ApplicationAttachment:
    attachment = ApplicationAttachment(
        application=application,
        token=secrets.token_urlsafe(16),
        original_name=clean.display_name,
        content_type=clean.content_type,
        extension=clean.extension,
        size=len(clean.content),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    # The storage picks the path from the random token (``labs.models.attachment_path``).
    attachment.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
    attachment.save()
    return attachment


def application_note(*, actor, application: Application, note: str) -> ApplicationEvent:
    """An internal note of the labs staff: never on the company's timeline."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = lock_application(application)
        if not permissions.can_note(actor, locked):
            raise PermissionDenied
        if not note:
            raise ValidationError({"note": _("Write the note.")})
        return ApplicationEvent.record(
            locked, actor=actor, action=Action.NOTE, internal_note=note, is_public=False
        )


def application_transition(
    *,
    actor,
    application: Application,
    action: str,
    message: str = "",
    note: str = "",
    expected_state: str | None = None,
    **details,
) -> ApplicationEvent:
    """Move an application along its lifecycle in one transaction: lock the row, check the
    actor's right, check the move against the state, validate what the move needs, apply its
    side effects, write the event and queue the notifications.

    Raises ``PermissionDenied``; ``IllegalTransition`` when the state does not allow the move
    (the API answers 409), when ``expected_state`` is no longer the state, or when the right of
    reply stands in the way of a decision; ``ValidationError`` naming the field. In every case
    nothing changes.

    What each move needs: ``submit`` every required question answered; ``accept`` a recorded
    testing-need assessment; ``reject`` and ``no_label`` a public ``message`` (the reason);
    ``plan_test`` a plan with a success criterion; ``evaluate`` a test report and two submitted
    evaluations; ``reply`` the company's answer in ``message``; ``grant_label`` a ``level``
    that the label rules allow.
    """
    message, note = (message or "").strip(), (note or "").strip()
    with transaction.atomic():
        locked = lock_application(application)
        if not permissions.can_transition(actor, locked, action):
            raise PermissionDenied
        if expected_state and locked.state != expected_state:
            raise IllegalTransition(
                action=action,
                state=locked.get_state_display(),
                message=_(
                    "Someone else changed this application while you were working on it: it "
                    "is now “%(state)s”. Nothing was saved; reload the page to see what changed."
                )
                % {"state": locked.get_state_display()},
            )
        to_state = LIFECYCLE.target(action=action, state=locked.state)
        now = timezone.now()
        _validate(locked, action, message=message, now=now, **details)
        from_state = locked.state
        data = _apply(actor, locked, action, message=message, now=now, **details)
        locked.state = to_state
        locked.save()
        event = ApplicationEvent.record(
            locked,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            public_message=message,
            internal_note=note,
            is_public=action not in INTERNAL_ACTIONS,
            data=data,
        )
        notifications.application_event(event)
    application.state = locked.state
    return event


def _validate(application: Application, action: str, *, message: str, now, **details) -> None:
    errors: dict[str, object] = {}
    if action in MESSAGE_REQUIRED and not message:
        errors["message"] = {
            Action.REPLY: _("Write your answer to the evaluation."),
        }.get(action, _("A decision needs a public reason: tell the company why."))
    errors.update(
        {k: v for k, v in identity_code_errors(message=message).items() if k not in errors}
    )
    if action == Action.SUBMIT:
        missing = application.missing_answers()
        for code in missing:
            errors[code] = (
                _("Answer this question, or say why it does not apply.")
                if QUESTIONS_BY_CODE[code].may_be_not_applicable
                else _("Answer this question.")
            )
        if application.call_id and not application.call.is_open(now):
            errors["call"] = _("The call this application answers has closed.")
    elif action == Action.ACCEPT:
        screening = getattr(application, "screening", None)
        if screening is None or screening.screened_at is None:
            errors["screening"] = _("Record the testing-need assessment before accepting.")
    elif action == Action.PLAN_TEST:
        plan = getattr(application, "test_plan", None)
        if plan is None or not plan.criteria.exists():
            errors["test_plan"] = _(
                "Record the test plan with at least one measurable success criterion first."
            )
    elif action == Action.EVALUATE:
        errors.update(evaluation.readiness_errors(application))
    elif action == Action.SHARE_EVALUATION:
        if application.reply_due_at is not None:
            raise IllegalTransition(
                action=action,
                state=application.get_state_display(),
                message=_("The draft evaluation has already been shared with the company."),
            )
    elif action == Action.REPLY:
        _check_reply_window(application, now)
    elif action in (Action.GRANT_LABEL, Action.NO_LABEL):
        _check_decision_window(application, action, now)
        if action == Action.GRANT_LABEL:
            errors.update(labels.level_errors(application, details.get("level")))
    if errors:
        raise ValidationError(errors)


def has_replied(application: Application) -> bool:
    return application.events.filter(action=Action.REPLY).exists()


def _check_reply_window(application: Application, now) -> None:
    state = application.get_state_display()
    if application.reply_due_at is None:
        raise IllegalTransition(
            action=Action.REPLY,
            state=state,
            message=_("The draft evaluation has not been shared with the company yet."),
        )
    if now > application.reply_due_at:
        raise IllegalTransition(
            action=Action.REPLY,
            state=state,
            message=_("The time to reply to the evaluation has ended."),
        )


def _check_decision_window(application: Application, action: str, now) -> None:
    """The company's right of reply: no decision before it has seen the draft evaluation and
    either answered or let the reply period pass."""
    state = application.get_state_display()
    if application.reply_due_at is None:
        raise IllegalTransition(
            action=action,
            state=state,
            message=_(
                "Share the draft evaluation with the company first: it has the right to reply "
                "before the decision."
            ),
        )
    if now < application.reply_due_at and not has_replied(application):
        raise IllegalTransition(
            action=action,
            state=state,
            message=_(
                "The company may still reply to the evaluation until %(date)s. Decide after "
                "its reply or once the reply period has ended."
            )
            % {
                "date": date_format(timezone.localtime(application.reply_due_at), "DATETIME_FORMAT")
            },
        )


def _apply(actor, application: Application, action: str, *, message: str, now, **details) -> dict:
    data: dict = {}
    if action == Action.SUBMIT:
        application.submitted_at = now
    elif action == Action.SHARE_EVALUATION:
        application.reply_due_at = now + timedelta(days=settings.LABS_REPLY_DAYS)
        data["reply_due_at"] = application.reply_due_at.isoformat()
    elif action == Action.GRANT_LABEL:
        label = labels.grant(application, level=details["level"], today=timezone.localdate(now))
        data.update({"label": label.code, "level": label.level})
        application.decided_at = now
    elif action in (Action.NO_LABEL, Action.REJECT):
        application.decided_at = now
    return data
