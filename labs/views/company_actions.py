"""The company's list of its applications, and what it does on an application's page besides
filling it in: withdrawing, replying to the draft evaluation, opening the attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labs import permissions
from labs.forms.applications import ReplyForm
from labs.lifecycle import Action
from labs.models import Application
from labs.services import applications as services
from labs.views.access import application_page, company_of, own_application, refuse
from labs.views.detail import detail_with_errors
from popsote.core import confirm, uploads
from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions

PAGE_SIZE = 25


@login_required
def mine(request):
    company = company_of(request.user)
    if company is None:
        return redirect("labs:company")
    applications = (
        permissions.applications_visible_to(request.user, Application.objects.for_cards())
        .filter(company=company)
        .order_by("-updated_at", "-id")
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "labs/mine.html", {"company": company, "page": page})


@require_POST
@refuses_illegal_transitions(back=application_page)
def withdraw(request, pk: int):
    if not request.user.is_authenticated:
        raise Http404
    application = own_application(request.user, pk)
    if refusal := permissions.transition_refusal(request.user, application, Action.WITHDRAW):
        return refuse(request, application, refusal)
    if not confirm.confirmed(request):
        return confirm.ask(
            request,
            question=_("Withdraw the application for %(product)s?")
            % {"product": application.product_name or _("your product")},
            consequence=_(
                "Its handling ends, and this cannot be undone. You can send a new application "
                "later."
            ),
            confirm_label=_("Yes, withdraw the application"),
            cancel_url=application.get_absolute_url(),
        )
    services.application_transition(
        actor=request.user, application=application, action=Action.WITHDRAW
    )
    messages.success(request, _("The application was withdrawn. Its handling has ended."))
    return redirect("labs:application", pk=application.pk)


@require_POST
@refuses_illegal_transitions(back=application_page)
def reply(request, pk: int):
    """The company answers the shared draft evaluation; the answer stays on the record."""
    if not request.user.is_authenticated:
        raise Http404
    application = own_application(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_transition(
                actor=request.user,
                application=application,
                action=Action.REPLY,
                message=form.cleaned_data["message"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your reply was sent to the labs staff and is kept with the "
                    "evaluation."
                ),
            )
            return redirect("labs:application", pk=application.pk)
    return detail_with_errors(request, application, reply_form=form)


def attachment(request, token: str):
    """A file of an application, only for who may see the application: 404 for anyone else,
    the same as for a file that does not exist."""
    item = get_object_or_404(permissions.attachments_visible_to(request.user), token=token)
    return uploads.serve(item)
