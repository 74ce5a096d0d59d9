"""The application's page, for the company that applied and for the labs staff: its state,
answers, attachments and timeline; for the company the moves it may make (submit, withdraw,
reply to the draft evaluation); for the labs staff the internal notes, the steps of the
county's process and the moves.

The company sees the public timeline and public messages; the labs staff also the internal
notes. The page reads a fixed number of queries however long the timeline is.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from labs import permissions
from labs.forms.applications import TEXTS, ReplyForm, sections
from labs.forms.staff import NoteForm, TransitionForm
from labs.lifecycle import Action, State
from labs.models import QUESTIONS_BY_CODE, Application
from labs.selectors import evaluation as evaluation_selectors
from labs.selectors import testing as testing_selectors
from labs.selectors.applications import application_for
from labs.views import display
from labs.views.access import sign_in_first

ACTION_LABELS = dict(Action.choices)
STATE_LABELS = dict(State.choices)
# The steps of the county's process, in order, for the progress list of the page.
STEPS = [
    (State.DRAFT, State.SUBMITTED),
    (State.SCREENING,),
    (State.ACCEPTED,),
    (State.TEST_PLANNED,),
    (State.TESTING, State.REPORTING),
    (State.EVALUATED,),
    (State.LABEL_GRANTED, State.NO_LABEL),
]


def timeline(user, application: Application) -> list:
    events = application.events.select_related("actor")
    if not permissions.can_see_internal(user, application):
        events = events.filter(is_public=True)
    rows = list(events)
    for event in rows:
        event.label = ACTION_LABELS.get(event.action, event.action)
        event.to_label = STATE_LABELS.get(event.to_state, "") if event.to_state else ""
    return rows


def missing_answers(application: Application) -> list[dict]:
    """The required questions still unanswered, each with the section to answer it in."""
    section_labels = dict(sections())
    return [
        {
            "code": code,
            "label": TEXTS[code][0],
            "section": QUESTIONS_BY_CODE[code].section,
            "section_label": section_labels[QUESTIONS_BY_CODE[code].section],
        }
        for code in application.missing_answers()
    ]


def reply_open(application: Application) -> bool:
    return (
        application.state == State.EVALUATED
        and application.reply_due_at is not None
        and timezone.now() <= application.reply_due_at
    )


def detail_context(
    request,
    application: Application,
    *,
    transition_form=None,
    note_form=None,
    reply_form=None,
    submit_errors=(),
) -> dict:
    """``application`` as ``labs.selectors.applications.application_for`` reads it."""
    user = request.user
    internal = permissions.can_see_internal(user, application)
    is_applicant = permissions.is_applicant(user, application)
    shows_evaluation = permissions.can_see_evaluation(user, application)
    context = {
        "application": application,
        "events": timeline(user, application),
        "attachments": list(application.attachments.all()),
        "environments": list(application.preferred_environments.all()),
        "needs": list(application.needs.all()),
        "environments_reason": display.not_applicable_reason(application, "preferred_environments"),
        "answers": display.answer_rows(application),
        "steps": display.progress(application, STEPS),
        "sees_internal": internal,
        "is_applicant": is_applicant,
        "can_edit": permissions.can_edit(user, application),
        "can_withdraw": is_applicant and permissions.can_withdraw(user, application),
        "missing": missing_answers(application) if application.state == State.DRAFT else [],
        "submit_errors": list(submit_errors),
        "sections": sections(),
        "plan": testing_selectors.plan_of(application),
        "labels": list(application.labels.all()),
        "evaluation": (
            evaluation_selectors.evaluation_summary(application) if shows_evaluation else None
        ),
        "reply_open": is_applicant and reply_open(application),
        "reply_days": settings.LABS_REPLY_DAYS,
    }
    if context["reply_open"]:
        context["reply_form"] = reply_form or ReplyForm()
    if internal:
        context.update(
            screening=testing_selectors.screening_of(application),
            report=testing_selectors.report_of(application),
            transition_form=transition_form or TransitionForm(state=application.state),
            note_form=note_form or NoteForm(),
            can_screen=permissions.can_screen(user, application),
            can_plan=permissions.can_plan(user, application),
            can_report=permissions.can_report(user, application),
            can_evaluate=permissions.can_evaluate(user, application),
            can_decide=application.state == State.EVALUATED,
        )
    elif is_applicant and shows_evaluation:
        context["report"] = testing_selectors.report_of(application)
    return context


def detail(request, pk: int):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    application = application_for(request.user, pk)
    return render(request, "labs/application.html", detail_context(request, application))


def detail_with_errors(request, application: Application, **forms):
    """The application page once more, with the form that needs correcting, read afresh with
    everything the page shows."""
    application = application_for(request.user, application.pk)
    return render(
        request, "labs/application.html", detail_context(request, application, **forms), status=400
    )
