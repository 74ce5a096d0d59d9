"""How one application reads on its page: the company's answers by section and the county's
steps. Pure shaping of what the selectors read; no queries of its own."""

from __future__ import annotations

from django.utils.translation import gettext

from labs.forms.applications import TEXTS, sections
from labs.lifecycle import State
from labs.models import QUESTIONS, Application, NotApplicable

REASONS = dict(NotApplicable.choices)


def answer_rows(application: Application) -> list[tuple[str, list[tuple[str, object]]]]:
    """The company's answers by section, as label and text (choices as their labels)."""
    by_section: dict[str, list] = {code: [] for code, _label in sections()}
    reasons = application.not_applicable or {}
    for question in QUESTIONS:
        if question.code in {"preferred_environments", "needs"}:
            continue  # shown as lists of links of their own
        display = getattr(application, f"get_{question.code}_display", None)
        value = display() if display and getattr(application, question.code) else None
        if value is None:
            value = getattr(application, question.code)
        if question.code in reasons:
            value = gettext("Does not apply: %(reason)s") % {
                "reason": REASONS.get(reasons[question.code], reasons[question.code])
            }
        by_section[question.section].append((TEXTS[question.code][0], value))
    labels = dict(sections())
    return [(labels[code], rows) for code, rows in by_section.items() if rows]


def not_applicable_reason(application: Application, code: str) -> str:
    """Why the question ``code`` does not apply, in words; "" when it was answered."""
    reason = (application.not_applicable or {}).get(code, "")
    return REASONS.get(reason, reason)


def progress(application: Application, steps) -> list[dict]:
    """The county's steps, each done, current or to come (a rejected or withdrawn application
    stops where it stopped)."""
    order = [state for group in steps for state in group]
    here = application.state
    if here in {State.REJECTED, State.WITHDRAWN}:
        position = -1
    else:
        position = order.index(here) if here in order else -1
    rows = []
    for group in steps:
        indexes = [order.index(state) for state in group]
        rows.append(
            {
                "label": dict(State.choices)[group[-1] if here not in group else here],
                "current": here in group,
                "done": position >= 0 and max(indexes) < position,
            }
        )
    return rows
