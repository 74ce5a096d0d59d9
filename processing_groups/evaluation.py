"""Evaluation of suggestions by group members (services and what the group sees)."""


def panel_for(user, suggestion) -> dict | None:
    """What the suggestion page's evaluation panel shows ``user``, or None when they may not
    evaluate or see evaluations."""
    return None
