"""The one lifecycle mechanism: allowed moves are data, anything else raises.

Every entity that has states (suggestions, testing applications, showroom listings) declares a
``Lifecycle`` of ``Move`` rows next to its ``TextChoices`` state, and its service function asks
the lifecycle for the move before changing anything. The service then writes a row in the
entity's own event table (a subclass of ``popsote.core.models.Event``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


class IllegalTransition(Exception):
    """A move the entity's current state does not allow. Views answer 409 and change nothing."""

    def __init__(self, *, action: str, state: str, message: str | None = None):
        self.action = action
        self.state = state
        super().__init__(
            message
            or _("“%(action)s” is not possible while the state is “%(state)s”.")
            % {"action": action, "state": state}
        )


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    # None keeps the state as it is (a transfer between groups, say) but is still an event.
    target: str | None

    def __init__(self, action: str, sources: Iterable[str], target: str | None):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)


class Lifecycle:
    def __init__(self, moves: Iterable[Move], *, labels: dict[str, str] | None = None):
        self.moves: dict[str, Move] = {}
        for move in moves:
            if move.action in self.moves:
                raise ValueError(f"Duplicate action in lifecycle: {move.action}")
            self.moves[move.action] = move
        self.labels = labels or {}

    def move(self, *, action: str, state: str) -> Move:
        """The move for ``action`` from ``state``, or ``IllegalTransition``."""
        move = self.moves.get(action)
        if move is None or state not in move.sources:
            raise IllegalTransition(action=action, state=self.labels.get(state, state))
        return move

    def target(self, *, action: str, state: str) -> str:
        move = self.move(action=action, state=state)
        return state if move.target is None else move.target

    def actions_from(self, state: str) -> list[str]:
        return [action for action, move in self.moves.items() if state in move.sources]

    def allows(self, *, action: str, state: str) -> bool:
        move = self.moves.get(action)
        return move is not None and state in move.sources
