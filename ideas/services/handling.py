"""A group's work on a suggestion besides its moves: assigning a member and internal notes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ideas import permissions
from ideas.lifecycle import (
    Action,
)
from ideas.models import (
    Suggestion,
    SuggestionEvent,
)
from ideas.services.notifications import suggestion_event


def suggestion_assign(*, actor, suggestion: Suggestion, assignee) -> Suggestion:
    """Give the suggestion to one member of its group (or to nobody, with ``None``)."""
    with transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if not permissions.can_assign(actor, locked):
            raise PermissionDenied
        if assignee is not None and not permissions.is_group_member(assignee, locked.group_id):
            raise ValidationError({"assignee": _("Only a member of the group can be assigned.")})
        if locked.assignee_id == (assignee.pk if assignee else None):
            return locked
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "updated_at"])
        event = SuggestionEvent.record(
            locked,
            actor=actor,
            action=Action.ASSIGN,
            from_state=locked.state,
            to_state=locked.state,
            is_public=False,
            data={"assignee": assignee.pk if assignee else None},
        )
        suggestion_event(event)
    return locked


def suggestion_add_note(*, actor, suggestion: Suggestion, note: str) -> SuggestionEvent:
    """An internal note for the group and the coordinators, on the timeline."""
    if not permissions.can_see_internal(actor, suggestion):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write the note first.")})
    return SuggestionEvent.record(
        suggestion,
        actor=actor,
        action=Action.NOTE,
        from_state=suggestion.state,
        to_state=suggestion.state,
        internal_note=note,
        is_public=False,
    )
