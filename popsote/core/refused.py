"""One page for "this is not possible": a move the state does not allow
(``IllegalTransition``), or an action this person may not take, with why and a way back.

The API answers the same refusals as JSON (``popsote.core.api``). A view whose moves the state
may refuse declares where the person goes back to::

    @refuses_illegal_transitions(back=suggestion_page)
    def transition(request, reference): ...

``back`` is called with the view's own arguments and returns a ``Back``: the view's app knows
its pages, this module knows none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from popsote.core.lifecycle import IllegalTransition


@dataclass(frozen=True)
class Back:
    """A link back to where the refused action was asked for."""

    url: str
    label: str


def refused(request: HttpRequest, message: str, *, back: Back, status: int = 409) -> HttpResponse:
    """The refusal page: 409 when the state stands in the way, 403 when the person does."""
    context = {"message": message, "back": back}
    return render(request, "refused.html", context, status=status)


def refuses_illegal_transitions(*, back: Callable[..., Back]):
    """A view decorator: an ``IllegalTransition`` from the view is the refusal page (409) with
    the error's message and ``back(request, *args, **kwargs)``. Nothing was changed: the
    service's transaction rolled back."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except IllegalTransition as error:
                return refused(request, str(error), back=back(request, *args, **kwargs))

        return wrapped

    return decorator
