"""The company's own page: registering it with its business ID, its representatives, and
inviting colleagues with a signed link that expires."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labs import permissions
from labs.forms.companies import CompanyForm, InvitationForm
from labs.services import companies as services
from labs.views.access import company_of
from popsote.core.forms import add_service_errors
from popsote.core.redirects import local_url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def company(request):
    """Registration for a person without a company; the company's page for its people."""
    found = company_of(request.user)
    if found is not None:
        return _company_page(request, found)
    form = CompanyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_register(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            permissions.forget_company(request.user)
            messages.success(
                request,
                _("%(name)s is registered. You represent it and can apply for testing.")
                % {"name": form.cleaned_data["name"]},
            )
            return redirect(local_url(request, request.POST.get("next")) or "labs:company")
    status = 400 if form.errors else 200
    context = {"form": form, "next": local_url(request, request.GET.get("next", ""))}
    return render(request, "labs/company_register.html", context, status=status)


def _company_page(request, found, *, form=None, status=200):
    context = {
        "company": found,
        "representatives": list(found.representatives.select_related("user")),
        "form": form or InvitationForm(),
    }
    return render(request, "labs/company.html", context, status=status)


@login_required
@require_POST
def invite(request):
    found = company_of(request.user)
    if found is None:
        return redirect("labs:company")
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                actor=request.user, company=found, email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link is valid for %(days)d days.")
                % {"email": form.cleaned_data["email"], "days": settings.LABS_INVITATION_DAYS},
            )
            return redirect("labs:company")
    return _company_page(request, found, form=form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token: str):
    """The invitee opens the link: whose invitation it is, and a button to accept it."""
    error = ""
    try:
        company, email = services.invitation_read(token)
    except ValidationError as problem:
        company, email, error = None, "", " ".join(problem.messages)
    if company is not None and request.method == "POST":
        try:
            services.invitation_accept(actor=request.user, token=token)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            permissions.forget_company(request.user)
            messages.success(
                request,
                _("You now represent %(company)s.") % {"company": company.name},
            )
            return redirect("labs:company")
    context = {"company": company, "email": email, "error": error, "token": token}
    return render(request, "labs/invitation.html", context, status=400 if error else 200)
