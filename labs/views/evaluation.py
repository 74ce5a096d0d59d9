"""Evaluating an application with the protocol, deciding on the label, and the printable
evaluation report.

An evaluator first declares that they have no conflict of interest; only then does the
scoring form open. The evaluation is saved as a draft until the evaluator submits it. The
decision is the labs staff's: a label at a level the rules allow, or no label with public
reasons; before the company's reply window has closed it is refused unless the company has
replied (the service says so, and the page shows it as the one refusal page, 409).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from labs import permissions
from labs.forms.evaluation import DeclarationForm, EvaluationForm
from labs.forms.staff import DecisionForm
from labs.lifecycle import State
from labs.models import Evaluation, EvaluationCriterion, LabelRule
from labs.permissions import Refusal
from labs.selectors import evaluation as evaluation_selectors
from labs.selectors import testing as testing_selectors
from labs.selectors.applications import application_for
from labs.services import applications as services
from labs.services import evaluation as evaluation_services
from labs.views.access import (
    application_page,
    refuse,
    sign_in_first,
    staff_application,
)
from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=application_page)
def evaluate(request, pk: int):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    application = staff_application(request.user, pk)
    own = (
        Evaluation.objects.filter(application=application, evaluator=request.user)
        .prefetch_related("scores__criterion")
        .first()
    )
    if own is None or own.conflict_declared_at is None:
        if refusal := permissions.evaluation_refusal(request.user, application):
            return refuse(request, application, refusal)
        return _declare(request, application)
    return _score(request, application, own)


def _declare(request, application):
    form = DeclarationForm(request.POST if "declare" in request.POST else None)
    if form.is_valid():
        try:
            evaluation_services.evaluation_declare(
                actor=request.user,
                application=application,
                statement=form.declaration(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your declaration was recorded. You can now score."))
            return redirect("labs:evaluate", pk=application.pk)
    context = {"application": application, "form": form}
    return render(
        request, "labs/evaluation_declare.html", context, status=400 if form.errors else 200
    )


def _score(request, application, own: Evaluation):
    criteria = (
        EvaluationCriterion.objects.active()
        .select_related("domain")
        .order_by("domain__position", "position", "code")
    )
    bound = request.method == "POST"
    submitting = bound and "submit" in request.POST
    form = EvaluationForm(
        request.POST if bound else None,
        criteria=criteria,
        submitting=submitting,
        initial=EvaluationForm.initial_from(own),
    )
    if bound and own.is_submitted:
        return refuse(
            request,
            application,
            Refusal(_("You have already submitted your evaluation."), by_state=True),
        )
    if bound and form.is_valid():
        try:
            evaluation_services.evaluation_save(
                actor=request.user,
                application=application,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                summary=form.cleaned_data["summary"],
                submit=submitting,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submitting:
                messages.success(request, _("Your evaluation was submitted."))
                return redirect("labs:application", pk=application.pk)
            messages.success(request, _("Your evaluation was saved as a draft."))
            return redirect("labs:evaluate", pk=application.pk)
    context = {"application": application, "form": form, "evaluation": own}
    return render(request, "labs/evaluation_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@refuses_illegal_transitions(back=application_page)
def decision(request, pk: int):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    application = staff_application(request.user, pk)
    if application.state != State.EVALUATED:
        return refuse(
            request,
            application,
            Refusal(
                _("A decision is taken once the application is evaluated; it is “%(state)s”.")
                % {"state": application.get_state_display()},
                by_state=True,
            ),
        )
    levels = [(rule.code, rule.label) for rule in LabelRule.objects.active()]
    form = DecisionForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {"level": data["level"]} if data["action"] == DecisionForm.GRANT else {}
        try:
            services.application_transition(
                actor=request.user,
                application=application,
                action=data["action"],
                message=data["message"],
                **details,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded and the company informed."))
            return redirect("labs:application", pk=application.pk)
    context = {
        "application": application,
        "form": form,
        "rules": list(LabelRule.objects.active()),
        "evaluation": evaluation_selectors.evaluation_summary(application),
    }
    return render(request, "labs/decision.html", context, status=400 if form.errors else 200)


def report(request, pk: int):
    """The evaluation report to print: for the labs staff, and for the company once the draft
    evaluation has been shared with it, to attach to a tender."""
    if not request.user.is_authenticated:
        return sign_in_first(request)
    application = application_for(request.user, pk)
    if not permissions.can_see_evaluation(request.user, application):
        raise PermissionDenied
    context = {
        "application": application,
        "evaluation": evaluation_selectors.evaluation_summary(application),
        "plan": testing_selectors.plan_of(application),
        "report": testing_selectors.report_of(application),
        "labels": list(application.labels.all()),
        "environments": list(application.preferred_environments.all()),
        "needs": list(application.needs.all()),
    }
    return render(request, "labs/evaluation_report.html", context)
