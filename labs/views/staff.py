"""The labs staff's pages: the queue of applications, the moves and internal notes on one, and
the forms of the county's middle steps (testing-need assessment, test plan, test report).

Every form posts to its own address and answers with a redirect to the application
(POST-redirect-GET); a form that does not validate is shown again with what was typed (400);
a move the state does not allow is the one refusal page (409) and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labs import permissions
from labs.forms.staff import NoteForm, QueueFilterForm, TransitionForm, staff_move_choices
from labs.forms.testing import (
    CriterionFormSet,
    ParticipantFormSet,
    ScreeningForm,
    TestPlanForm,
    TestReportForm,
    filled,
)
from labs.lifecycle import FINAL_STATES, State
from labs.models import Application
from labs.permissions import Refusal
from labs.selectors import testing as testing_selectors
from labs.services import applications as services
from labs.services import testing as testing_services
from labs.views.access import (
    application_page,
    refuse,
    sign_in_first,
    staff_application,
)
from labs.views.detail import ACTION_LABELS, STATE_LABELS, detail_with_errors
from popsote.accounts.roles import is_labs_staff
from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions

PAGE_SIZE = 50


def queue(request):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    if not is_labs_staff(request.user):
        raise PermissionDenied
    states = [(s, label) for s, label in State.choices if s != State.DRAFT]
    form = QueueFilterForm(request.GET or None, states=states)
    applications = permissions.applications_visible_to(
        request.user, Application.objects.for_cards()
    ).exclude(state=State.DRAFT)
    state = form.chosen_state()
    if state:
        applications = applications.filter(state=state)
    else:
        applications = applications.exclude(state__in=FINAL_STATES)
    applications = applications.annotate(
        submitted_evaluations=Count(
            "evaluations", filter=Q(evaluations__submitted_at__isnull=False)
        )
    ).order_by("submitted_at", "id")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "labs/staff_queue.html", {"page": page, "form": form})


@require_POST
@refuses_illegal_transitions(back=application_page)
def transition(request, pk: int):
    application = _staff(request, pk)
    form = TransitionForm(request.POST, state=None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_transition(
                actor=request.user,
                application=application,
                action=data["action"],
                message=data["message"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                _("Saved: %(action)s. The application is now “%(state)s”.")
                % {
                    "action": ACTION_LABELS[data["action"]],
                    "state": STATE_LABELS[application.state],
                },
            )
            return redirect("labs:application", pk=application.pk)
    # Any staff move is accepted for checking, so that an illegal one is refused as such
    # (409) by the service; the form shown again offers only the moves open now.
    form.fields["action"].choices = staff_move_choices(application.state)
    return detail_with_errors(request, application, transition_form=form)


@require_POST
def note(request, pk: int):
    application = _staff(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.application_note(
                actor=request.user, application=application, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The internal note was saved."))
            return redirect(f"{application.get_absolute_url()}#timeline")
    return detail_with_errors(request, application, note_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=application_page)
def screening(request, pk: int):
    application = _staff(request, pk)
    if not permissions.can_screen(request.user, application):
        return refuse(request, application, _not_now(application))
    existing = testing_selectors.screening_of(application)
    initial = _initial(existing, ScreeningForm.base_fields)
    form = ScreeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            testing_services.screening_save(
                actor=request.user, application=application, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The testing-need assessment was saved."))
            return redirect("labs:application", pk=application.pk)
    return _step_page(request, "labs/staff_screening.html", application, form=form)


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=application_page)
def plan(request, pk: int):
    application = _staff(request, pk)
    if not permissions.can_plan(request.user, application):
        return refuse(request, application, _not_now(application))
    existing = testing_selectors.plan_of(application)
    data = request.POST if request.method == "POST" else None
    form = TestPlanForm(data, initial=_plan_initial(existing))
    participants = ParticipantFormSet(
        data, prefix="participants", initial=existing.participants if existing else None
    )
    criteria = CriterionFormSet(
        data,
        prefix="criteria",
        initial=[
            {"description": c.description, "measure": c.measure} for c in existing.criteria.all()
        ]
        if existing
        else None,
    )
    if data is not None and form.is_valid() and participants.is_valid() and criteria.is_valid():
        try:
            testing_services.test_plan_save(
                actor=request.user,
                application=application,
                data={**form.cleaned_data, "participants": filled(participants)},
                criteria=filled(criteria),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The test plan was saved."))
            return redirect("labs:application", pk=application.pk)
    return _step_page(
        request,
        "labs/staff_plan.html",
        application,
        form=form,
        participants=participants,
        criteria=criteria,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=application_page)
def report(request, pk: int):
    application = _staff(request, pk)
    if not permissions.can_report(request.user, application):
        return refuse(request, application, _not_now(application))
    plan = testing_selectors.plan_of(application)
    existing = testing_selectors.report_of(application)
    criteria = list(plan.criteria.all()) if plan else []
    initial = {}
    if existing:
        initial = {"what_was_done": existing.what_was_done, "unit_contact": existing.unit_contact}
        for result in existing.results.all():
            initial[f"outcome_{result.criterion_id}"] = result.outcome
            initial[f"result_{result.criterion_id}"] = result.result
    form = TestReportForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            testing_services.test_report_save(
                actor=request.user,
                application=application,
                data=form.cleaned_data,
                results=form.results(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The test report was saved."))
            return redirect("labs:application", pk=application.pk)
    return _step_page(request, "labs/staff_report.html", application, form=form, plan=plan)


# --- Helpers --------------------------------------------------------------------------------


def _staff(request, pk: int) -> Application:
    return staff_application(request.user, pk)


def _not_now(application: Application) -> Refusal:
    return Refusal(
        _("This step is not open while the application is “%(state)s”.")
        % {"state": application.get_state_display()},
        by_state=True,
    )


def _initial(instance, fields) -> dict:
    if instance is None:
        return {}
    return {
        name: getattr(instance, f"{name}_id" if name == "unit" else name)
        for name in fields
        if hasattr(instance, name)
    }


def _plan_initial(existing) -> dict:
    if existing is None:
        return {}
    initial = _initial(existing, ["starts_on", "ends_on", "methods", "permits", "agreement_date"])
    initial["environments"] = [e.pk for e in existing.environments.all()]
    return initial


def _step_page(request, template: str, application: Application, **context):
    forms = [v for v in context.values() if hasattr(v, "errors")]
    has_errors = request.method == "POST" and any(
        f.total_error_count() if hasattr(f, "total_error_count") else bool(f.errors) for f in forms
    )
    context["application"] = application
    return render(request, template, context, status=400 if has_errors else 200)
