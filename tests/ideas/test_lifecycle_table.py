"""The suggestion lifecycle, move by move."""

import pytest

from ideas.lifecycle import DECIDED_STATES, LIFECYCLE, OPEN_STATES, Action, State
from popsote.core.lifecycle import IllegalTransition

ALLOWED = {
    (Action.ROUTE, State.RECEIVED): State.IN_PROCESSING,
    (Action.TRANSFER, State.RECEIVED): State.RECEIVED,
    (Action.TRANSFER, State.IN_PROCESSING): State.IN_PROCESSING,
    (Action.REQUEST_INFO, State.IN_PROCESSING): State.INFO_REQUESTED,
    (Action.ANSWER_INFO, State.INFO_REQUESTED): State.IN_PROCESSING,
    (Action.ACCEPT, State.IN_PROCESSING): State.ACCEPTED,
    (Action.START_IMPLEMENTATION, State.ACCEPTED): State.IN_IMPLEMENTATION,
    (Action.MARK_DEPLOYED, State.IN_IMPLEMENTATION): State.DEPLOYED,
    (Action.NOT_ADVANCE, State.IN_PROCESSING): State.NOT_ADVANCED,
    (Action.EXISTING_SOLUTION, State.IN_PROCESSING): State.EXISTING_SOLUTION,
    **{(Action.MERGE, state): State.MERGED for state in OPEN_STATES},
    **{(Action.WITHDRAW, state): State.WITHDRAWN for state in OPEN_STATES},
}
MOVES = [action for action in Action if action not in {Action.SUBMIT, Action.HIDE, Action.RESTORE}]


@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("state", list(State))
def test_it_allows_exactly_the_moves_of_the_design(action, state):
    expected = ALLOWED.get((action, state))
    if expected is None:
        with pytest.raises(IllegalTransition):
            LIFECYCLE.target(action=action, state=state)
    else:
        assert LIFECYCLE.target(action=action, state=state) == expected


def test_it_lets_nothing_but_nothing_move_a_decided_suggestion_back_to_open():
    for state in DECIDED_STATES:
        for action in LIFECYCLE.actions_from(state):
            assert LIFECYCLE.target(action=action, state=state) not in OPEN_STATES
