"""Calls to companies: a handler or coordinator opens public suggestions (needs) as a call with
a deadline; companies answer it with an application. The call's page lists the needs and leads
to the application form; the suggestion's page shows the calls and the labels that answer it
(``suggestion_page_panels``, which the suggestion page asks through ``LabsConfig``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ideas.models import Suggestion
from labs.forms.calls import CallForm
from labs.models import Call
from labs.permissions import may_open_calls, open_call_refusal
from labs.selectors import calls as selectors
from labs.services.calls import call_create
from popsote.core.refused import Back, refused


def _back_to(suggestion: Suggestion | None) -> Back:
    if suggestion is None:
        return Back(reverse("labs:index"), _("Back to OuluHealth Labs"))
    return Back(
        suggestion.get_absolute_url(),
        _("Back to the suggestion %(reference)s") % {"reference": suggestion.reference},
    )


@require_http_methods(["GET", "POST"])
def call_new(request):
    """The form opening a call, reached from a suggestion's page (``?suggestion=<reference>``)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reference = request.GET.get("suggestion", "")
    # One the person may not see is as good as none: the page must not tell it exists.
    visible = Suggestion.objects.visible_to(request.user)
    suggestion = visible.filter(reference=reference).first() if reference else None
    if not may_open_calls(request.user):
        return refused(
            request,
            _("Only handlers of a suggestion's group and coordinators open calls to companies."),
            back=_back_to(suggestion),
            status=403,
        )
    if suggestion is not None and (refusal := open_call_refusal(request.user, suggestion)):
        status = 409 if refusal.by_state else 403
        return refused(request, refusal.message, back=_back_to(suggestion), status=status)
    initial = {}
    if suggestion is not None:
        initial = {"references": suggestion.reference, "title": suggestion.title}
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = call_create(
                actor=request.user,
                title=data["title"],
                description=data["description"],
                deadline=data["deadline"],
                suggestions=data["references"],
            )
        except PermissionDenied:
            message = _(
                "Only the handlers of every suggestion's group and the coordinators can open "
                "them to companies together."
            )
            return refused(request, message, back=_back_to(suggestion), status=403)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The call to companies is open."))
            return redirect(call)
    context = {"form": form, "suggestion": suggestion}
    return render(request, "labs/public/call_form.html", context)


@require_GET
def call_detail(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    today = timezone.localdate()
    context = {
        "call": call,
        "is_open": call.is_open(),
        "needs": selectors.call_needs(call),
        "labels": selectors.call_labels(call, today=today),
        "today": today,
    }
    return render(request, "labs/public/call.html", context)


def suggestion_page_panels(request, suggestion) -> list[str]:
    """The suggestion page's Labs panel: the calls on this need, the labels that answer it and,
    for a person who may, the form that opens a call on it. Nothing for a suggestion that is
    not public: companies answer public needs only."""
    if not suggestion.is_public:
        return []
    answers = selectors.answers_to(suggestion, today=timezone.localdate())
    may_open = open_call_refusal(request.user, suggestion) is None
    if not (answers.calls or answers.labels or answers.companies or may_open):
        return []
    context = {
        "suggestion": suggestion,
        "answers": answers,
        "now": timezone.now(),
        "form": CallForm(initial={"references": suggestion.reference, "title": suggestion.title})
        if may_open
        else None,
    }
    return [render_to_string("labs/public/_suggestion_panel.html", context, request=request)]
