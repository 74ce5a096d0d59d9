"""A showroom listing's lifecycle as data: states and the moves between them.

A company drafts a listing of a labelled product and submits it; an editor publishes it or
returns it with a message. A published listing stays visible while a change to it is reviewed
(``submit_change`` puts a new version in ``pending``; ``publish_change`` replaces the public
one, ``return_change`` gives it back). Archiving takes it off the catalogue with a reason;
restoring brings it back as a draft to be reviewed again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from popsote.core.lifecycle import Lifecycle, Move


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submitted for review")
    RETURN = "return", _("Returned to the company")
    PUBLISH = "publish", _("Published")
    SUBMIT_CHANGE = "submit_change", _("Change submitted for review")
    PUBLISH_CHANGE = "publish_change", _("Change published")
    RETURN_CHANGE = "return_change", _("Change returned to the company")
    ARCHIVE = "archive", _("Archived")
    RESTORE = "restore", _("Restored as a draft")
    # Events that are not moves of the state.
    CREATE = "create", _("Listing created")
    SAVE = "save", _("Draft saved")
    ARCHIVE_REQUESTED = "archive_requested", _("The company asked for archiving")
    UNLISTED = "unlisted", _("No longer listed because of the label")
    NOTE = "note", _("Internal note")
    FEEDBACK_HIDDEN = "feedback_hidden", _("Feedback hidden")
    FEEDBACK_RESTORED = "feedback_restored", _("Feedback restored")


# Moves the company's representatives make; every other move is the editors'.
COMPANY_ACTIONS = frozenset({Action.SUBMIT, Action.SUBMIT_CHANGE})
EDITOR_ACTIONS = frozenset(
    {
        Action.RETURN,
        Action.PUBLISH,
        Action.PUBLISH_CHANGE,
        Action.RETURN_CHANGE,
        Action.ARCHIVE,
        Action.RESTORE,
    }
)
# A returned listing or change and an archiving say why, in a message the company reads.
MESSAGE_REQUIRED = frozenset({Action.RETURN, Action.RETURN_CHANGE, Action.ARCHIVE})
# Moves that need a pending version to act on.
PENDING_REQUIRED = frozenset(
    {
        Action.SUBMIT,
        Action.PUBLISH,
        Action.RETURN,
        Action.SUBMIT_CHANGE,
        Action.PUBLISH_CHANGE,
        Action.RETURN_CHANGE,
    }
)
# Moves of a version under review: ``submitted_at`` set, ``reviewed_at`` not yet.
REVIEW_ACTIONS = frozenset(
    {Action.PUBLISH, Action.RETURN, Action.PUBLISH_CHANGE, Action.RETURN_CHANGE}
)
# The states in which the listing's own page is public (what it says depends on the label).
PUBLIC_PAGE_STATES = frozenset({State.PUBLISHED, State.ARCHIVED})

LIFECYCLE = Lifecycle(
    [
        Move(Action.SUBMIT, {State.DRAFT}, State.IN_REVIEW),
        Move(Action.RETURN, {State.IN_REVIEW}, State.DRAFT),
        Move(Action.PUBLISH, {State.IN_REVIEW}, State.PUBLISHED),
        Move(Action.SUBMIT_CHANGE, {State.PUBLISHED}, None),
        Move(Action.PUBLISH_CHANGE, {State.PUBLISHED}, None),
        Move(Action.RETURN_CHANGE, {State.PUBLISHED}, None),
        Move(Action.ARCHIVE, {State.PUBLISHED}, State.ARCHIVED),
        Move(Action.RESTORE, {State.ARCHIVED}, State.DRAFT),
    ],
    labels=dict(State.choices),
)
