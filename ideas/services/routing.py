"""Routing: a new suggestion goes to its most specific handler group, or to the coordinators'
triage, who then route it by hand (one suggestion or many at once).

The platform's own routing is an internal move (``perform_move``) with no person's right to
check; the coordinators' routing is the public ``suggestion_transition``, right checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from ideas.lifecycle import (
    Action,
)
from ideas.models import (
    Suggestion,
    SuggestionEvent,
)
from ideas.services.notifications import suggestion_event
from ideas.services.transitions import lock_suggestion, perform_move, suggestion_transition
from popsote.core.lifecycle import IllegalTransition
from processing_groups.routing import RoutingFacts, group_for


def suggestion_route_new(suggestion: Suggestion, *, groups=None) -> None:
    """Send a new suggestion to its most specific group, or to the coordinators' triage; the
    routing is an event on the timeline either way. Called inside the submission's
    transaction; ``groups``, the routing's candidates when the caller has read them already.
    """
    group = group_for(RoutingFacts.of(suggestion), groups=groups)
    with transaction.atomic():
        if group is not None:
            # The platform itself routes: there is no person's right to check.
            perform_move(None, lock_suggestion(suggestion), Action.ROUTE, group=group)
            suggestion.refresh_from_db()
            return
        event = SuggestionEvent.record(
            suggestion,
            actor=None,
            action=Action.TRIAGE,
            from_state=suggestion.state,
            to_state=suggestion.state,
        )
        suggestion_event(event)


def suggestions_route(
    *,
    actor,
    references: Sequence[str],
    group,
    note: str = "",
    expected_states: Mapping[str, str] | None = None,
) -> list[Suggestion]:
    """Triage: send every suggestion ``references`` names to ``group``, all of them or none.

    ``expected_states`` maps a reference to the state the coordinator saw. The first refusal
    undoes every route before it and passes on: ``IllegalTransition`` naming the suggestion,
    ``ValidationError`` or ``PermissionDenied``; ``Suggestion.DoesNotExist`` for a reference
    that names none.
    """
    expected_states = expected_states or {}
    routed = []
    with transaction.atomic():
        for reference in references:
            suggestion = Suggestion.objects.get(reference=reference)
            try:
                routed.append(
                    suggestion_transition(
                        actor=actor,
                        suggestion=suggestion,
                        action=Action.ROUTE,
                        group=group,
                        note=note,
                        expected_state=expected_states.get(reference) or None,
                    )
                )
            except IllegalTransition as error:
                raise IllegalTransition(
                    action=error.action,
                    state=error.state,
                    message=_("Suggestion %(reference)s: %(why)s")
                    % {"reference": reference, "why": error},
                ) from error
    return routed
