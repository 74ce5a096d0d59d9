"""Ask before a step that cannot be undone: withdrawing a suggestion, removing a member,
cancelling a meeting.

The button of such a step posts its form as usual. Without ``confirm=yes`` the view answers
with a page that says what will happen and posts the same fields again with it; only that
second post acts. It needs no JavaScript, and the question is a page of its own that a screen
reader reads from its heading.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD = "confirm"


def confirmed(request: HttpRequest) -> bool:
    """Whether this post comes from the confirmation page."""
    return request.POST.get(FIELD) == "yes"


def ask(
    request: HttpRequest,
    *,
    question: str,
    consequence: str,
    confirm_label: str,
    cancel_url: str,
    fields: Iterable[tuple[str, str]] = (),
    action: str | None = None,
) -> HttpResponse:
    """The confirmation page. ``fields`` are posted again with ``confirm=yes`` to ``action``
    (the address this post came to, by default); ``cancel_url`` leads back unchanged."""
    context = {
        "question": question,
        "consequence": consequence,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "fields": [(name, value) for name, value in fields if value is not None],
        "action": action or request.get_full_path(),
        "confirm_field": FIELD,
    }
    return render(request, "confirm.html", context)
