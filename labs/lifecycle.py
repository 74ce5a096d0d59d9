"""The testing application's lifecycle as data: states and the moves between them.

The county's four steps map onto it: contact and application (draft, submitted), the
testing-need assessment (screening, then accepted or rejected), the test (test planned,
testing, reporting) and the evaluation against the test plan (evaluated, then the label or
none). The company may withdraw while nothing has been decided.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from popsote.core.lifecycle import Lifecycle, Move


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SCREENING = "screening", _("Testing need being assessed")
    ACCEPTED = "accepted", _("Accepted for testing")
    REJECTED = "rejected", _("Not accepted")
    TEST_PLANNED = "test_planned", _("Test planned")
    TESTING = "testing", _("Testing")
    REPORTING = "reporting", _("Results being reported")
    EVALUATED = "evaluated", _("Evaluated")
    LABEL_GRANTED = "label_granted", _("Label granted")
    NO_LABEL = "no_label", _("No label")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    START_SCREENING = "start_screening", _("Assessment of the testing need started")
    ACCEPT = "accept", _("Accepted for testing")
    REJECT = "reject", _("Not accepted")
    PLAN_TEST = "plan_test", _("Test planned")
    START_TEST = "start_test", _("Test started")
    START_REPORTING = "start_reporting", _("Reporting of results started")
    EVALUATE = "evaluate", _("Evaluated")
    SHARE_EVALUATION = "share_evaluation", _("Draft evaluation shared with the company")
    REPLY = "reply", _("The company replied to the evaluation")
    GRANT_LABEL = "grant_label", _("Label granted")
    NO_LABEL = "no_label", _("No label granted")
    WITHDRAW = "withdraw", _("Withdrawn by the company")
    # Events that are not moves of the state.
    NOTE = "note", _("Internal note")
    SCREENING_SAVED = "screening_saved", _("Testing-need assessment recorded")
    PLAN_SAVED = "plan_saved", _("Test plan recorded")
    REPORT_SAVED = "report_saved", _("Test report recorded")
    EVALUATION_SUBMITTED = "evaluation_submitted", _("An evaluator submitted an evaluation")
    LABEL_WITHDRAWN = "label_withdrawn", _("Label withdrawn")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")


# Moves the company makes; every other move is the labs staff's.
COMPANY_ACTIONS = frozenset({Action.SUBMIT, Action.WITHDRAW, Action.REPLY})
# Final answers to the company: each needs a public message (the reason) except a label, whose
# level says it all.
MESSAGE_REQUIRED = frozenset({Action.REJECT, Action.NO_LABEL, Action.REPLY})
DECISION_ACTIONS = frozenset({Action.GRANT_LABEL, Action.NO_LABEL})

FINAL_STATES = frozenset({State.REJECTED, State.LABEL_GRANTED, State.NO_LABEL, State.WITHDRAWN})
# The county's steps in order, from a submitted application to its evaluation; rejection,
# withdrawal and the decision branch off this line.
MAIN_LINE = (
    State.SUBMITTED,
    State.SCREENING,
    State.ACCEPTED,
    State.TEST_PLANNED,
    State.TESTING,
    State.REPORTING,
    State.EVALUATED,
)
# While nothing has been decided the company may withdraw: anywhere on the main line.
WITHDRAWABLE_STATES = frozenset(MAIN_LINE)
# Until the company submits, the application is its own working copy.
EDITABLE_STATES = frozenset({State.DRAFT})
# States in which the evaluators score (the test is over, the decision not yet taken).
EVALUATION_STATES = frozenset({State.REPORTING, State.EVALUATED})

LIFECYCLE = Lifecycle(
    [
        Move(Action.SUBMIT, {State.DRAFT}, State.SUBMITTED),
        Move(Action.START_SCREENING, {State.SUBMITTED}, State.SCREENING),
        Move(Action.ACCEPT, {State.SCREENING}, State.ACCEPTED),
        Move(Action.REJECT, {State.SUBMITTED, State.SCREENING}, State.REJECTED),
        Move(Action.PLAN_TEST, {State.ACCEPTED}, State.TEST_PLANNED),
        Move(Action.START_TEST, {State.TEST_PLANNED}, State.TESTING),
        Move(Action.START_REPORTING, {State.TESTING}, State.REPORTING),
        Move(Action.EVALUATE, {State.REPORTING}, State.EVALUATED),
        Move(Action.SHARE_EVALUATION, {State.EVALUATED}, None),
        Move(Action.REPLY, {State.EVALUATED}, None),
        Move(Action.GRANT_LABEL, {State.EVALUATED}, State.LABEL_GRANTED),
        Move(Action.NO_LABEL, {State.EVALUATED}, State.NO_LABEL),
        Move(Action.WITHDRAW, WITHDRAWABLE_STATES, State.WITHDRAWN),
    ],
    labels=dict(State.choices),
)
