import pytest

from popsote.core.lifecycle import IllegalTransition, Lifecycle, Move

ORDER = Lifecycle(
    [
        Move("submit", {"draft"}, "submitted"),
        Move("note", {"draft", "submitted"}, None),
        Move("cancel", {"draft", "submitted"}, "cancelled"),
    ],
    labels={"draft": "Draft", "submitted": "Submitted", "cancelled": "Cancelled"},
)


def test_it_gives_the_target_of_an_allowed_move():
    assert ORDER.target(action="submit", state="draft") == "submitted"


def test_it_keeps_the_state_for_a_move_without_target():
    assert ORDER.target(action="note", state="submitted") == "submitted"


def test_it_refuses_a_move_the_state_does_not_allow_naming_the_state():
    with pytest.raises(IllegalTransition) as error:
        ORDER.target(action="submit", state="cancelled")

    assert error.value.action == "submit"
    assert "Cancelled" in str(error.value)


def test_it_refuses_an_unknown_action():
    with pytest.raises(IllegalTransition):
        ORDER.move(action="explode", state="draft")


def test_it_lists_the_actions_open_from_a_state():
    assert ORDER.actions_from("submitted") == ["note", "cancel"]
    assert ORDER.actions_from("cancelled") == []


def test_it_refuses_a_table_with_the_same_action_twice():
    with pytest.raises(ValueError, match="Duplicate"):
        Lifecycle([Move("a", {"x"}, "y"), Move("a", {"y"}, "z")])
