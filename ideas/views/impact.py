"""The group's impact assessment of a deployed suggestion: one page with the assessment and
its indicators, saved as a draft, completed (which publishes the public part on the
suggestion's page) or, once completed, reopened to correct it.

A form with errors comes back with what was typed and a summary of the errors; "Add a row"
shows it again with one more indicator row, saving nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ideas import permissions
from ideas.forms.impact import ImpactForm, IndicatorFormSet, ReopenForm, indicator_rows
from ideas.lifecycle import ImpactAction
from ideas.models import ImpactAssessment, Suggestion
from ideas.selectors.impact import assessment_of
from ideas.services.impact import (
    FIELDS,
    INDICATOR_FIELDS,
    impact_complete,
    impact_reopen,
    impact_save,
)
from ideas.views.detail import refuse, suggestion_page
from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions

PREFIX = "indicators"
ACTION_LABELS = dict(ImpactAction.choices)


def _suggestion_for(user, reference: str) -> Suggestion:
    suggestion = get_object_or_404(
        Suggestion.objects.visible_to(user).select_related("group", "impact_assessment"),
        reference=reference,
    )
    return suggestion


def _initial(assessment: ImpactAssessment) -> tuple[dict, list[dict]]:
    data = {name: getattr(assessment, name) for name in FIELDS}
    rows = [
        {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
        for indicator in assessment.indicators.all()
    ]
    return data, rows


def _page(request, suggestion, assessment, *, form, formset, reopen_form=None, status=200):
    has_errors = bool(form.errors) or formset.total_error_count() > 0
    context = {
        "suggestion": suggestion,
        "assessment": assessment,
        "form": form,
        "formset": formset,
        "reopen_form": reopen_form or ReopenForm(),
        "has_errors": has_errors,
        "events": _history(assessment),
    }
    return render(request, "ideas/impact_form.html", context, status=status)


def _history(assessment: ImpactAssessment) -> list:
    events = list(assessment.events.select_related("actor").order_by("-created_at", "-id"))
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
    return events


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=suggestion_page)
def impact(request, reference: str):
    user = request.user
    suggestion = _suggestion_for(user, reference)
    assessment = assessment_of(suggestion)
    refusal = permissions.impact_refusal(user, suggestion, assessment)
    if refusal is not None:
        return refuse(request, suggestion, refusal)
    if request.method != "POST":
        data, rows = _initial(assessment)
        form = ImpactForm(initial=data)
        formset = IndicatorFormSet(prefix=PREFIX, initial=rows)
        return _page(request, suggestion, assessment, form=form, formset=formset)

    action = request.POST.get("action", "save")
    if action == "reopen":
        return _reopen(request, suggestion, assessment)
    post = request.POST
    if action == "add_row":
        post = post.copy()
        total = f"{PREFIX}-TOTAL_FORMS"
        post[total] = str(min(int(post.get(total) or 0) + 1, IndicatorFormSet.max_num))
    form = ImpactForm(post)
    formset = IndicatorFormSet(post, prefix=PREFIX)
    if action == "add_row":
        _as_typed(form, formset)
        return _page(request, suggestion, assessment, form=form, formset=formset)
    if form.is_valid() and formset.is_valid():
        write = impact_complete if action == "complete" else impact_save
        try:
            write(
                actor=user,
                assessment=assessment,
                data=form.cleaned_data,
                indicators=indicator_rows(formset),
                expected_state=post.get("expected_state") or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            if action == "complete":
                messages.success(
                    request,
                    _("The impact assessment was completed: its summary is on the page now."),
                )
                return redirect(f"{suggestion.get_absolute_url()}#impact")
            messages.success(request, _("The draft of the impact assessment was saved."))
            return redirect("ideas:impact", reference=suggestion.reference)
    return _page(request, suggestion, assessment, form=form, formset=formset, status=400)


def _as_typed(form, formset) -> None:
    """Show the forms again as typed, without errors: adding a row is not saving, and the
    errors come when the person saves."""
    form.is_valid()
    formset.is_valid()
    form._errors = {}
    for row in formset.forms:
        row._errors = {}
    formset._errors, formset._non_form_errors = [{} for _row in formset.forms], []


def _reopen(request, suggestion, assessment):
    reopen_form = ReopenForm(request.POST)
    if reopen_form.is_valid():
        try:
            impact_reopen(
                actor=request.user,
                assessment=assessment,
                reason=reopen_form.cleaned_data["reason"],
                expected_state=request.POST.get("expected_state") or None,
            )
        except ValidationError as error:
            add_service_errors(reopen_form, error)
        else:
            messages.success(
                request, _("The assessment is a draft again: correct and complete it.")
            )
            return redirect("ideas:impact", reference=suggestion.reference)
    data, rows = _initial(assessment)
    return _page(
        request,
        suggestion,
        assessment,
        form=ImpactForm(initial=data),
        formset=IndicatorFormSet(prefix=PREFIX, initial=rows),
        reopen_form=reopen_form,
        status=400,
    )
