"""The guided testing application: started at /labs/apply/, filled in section by section as a
draft that can be finished later, then submitted.

Each section is a page of its own with two buttons: save (and stay) or save and go on. A
section that does not validate comes back with what was typed and an error summary (400);
whether every required question is answered is asked only when the company submits, and
the application's page lists what is missing with links to the sections.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from labs import permissions
from labs.forms.applications import (
    ATTACHMENTS,
    ApplicationSectionForm,
    AttachmentsForm,
    section_label,
    sections,
)
from labs.lifecycle import Action, State
from labs.models import Application, Call
from labs.services import applications as services
from labs.views.access import (
    application_page,
    company_of,
    own_application,
    refuse,
    sign_in_first,
)
from labs.views.detail import detail_with_errors
from popsote.core.forms import add_service_errors
from popsote.core.refused import refuses_illegal_transitions


@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """Where a company starts: its drafts to finish, or a new application."""
    if not request.user.is_authenticated:
        return render(request, "labs/apply_start.html", {"company": None})
    company = company_of(request.user)
    if company is None:
        return redirect(f"{reverse('labs:company')}?next={request.path}")
    call = _requested_call(request)
    if request.method == "POST":
        created = services.application_create(actor=request.user, company=company, call=call)
        messages.success(request, _("A draft was started. It is saved as you go."))
        return redirect("labs:edit", pk=created.pk, section=sections()[0][0])
    drafts = list(
        permissions.applications_visible_to(request.user, Application.objects.for_cards()).filter(
            state=State.DRAFT
        )
    )
    context = {"company": company, "drafts": drafts, "call": call}
    return render(request, "labs/apply_start.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk: int, section: str):
    if not request.user.is_authenticated:
        return sign_in_first(request)
    application = own_application(request.user, pk)
    order = [code for code, _label in sections()]
    if section not in order:
        raise Http404
    if refusal := permissions.edit_refusal(request.user, application):
        return refuse(request, application, refusal)
    bound = request.method == "POST"
    if section == ATTACHMENTS:
        form = AttachmentsForm(request.POST if bound else None, request.FILES if bound else None)
    else:
        form = ApplicationSectionForm(
            request.POST if bound else None, application=application, section=section
        )
    if bound and form.is_valid():
        try:
            if section == ATTACHMENTS:
                services.application_save(
                    actor=request.user,
                    application=application,
                    data={},
                    attachments=form.cleaned_data["attachments"],
                )
            else:
                services.application_save(
                    actor=request.user,
                    application=application,
                    data=form.service_data(),
                    attachments=[],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Saved: %(section)s.") % {"section": section_label(section)}
            )
            return redirect(_after_save(request, application, order, section))
    context = {
        "application": application,
        "form": form,
        "section": section,
        "section_label": section_label(section),
        "sections": sections(),
        "attachments": list(application.attachments.all()) if section == ATTACHMENTS else [],
        "files_lost": bool(request.FILES) and bound,
        "next_section": _next_section(order, section),
    }
    return render(request, "labs/apply_section.html", context, status=400 if form.errors else 200)


@require_POST
@refuses_illegal_transitions(back=application_page)
def submit(request, pk: int):
    if not request.user.is_authenticated:
        raise Http404
    application = own_application(request.user, pk)
    try:
        services.application_transition(
            actor=request.user, application=application, action=Action.SUBMIT
        )
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        return detail_with_errors(request, application, submit_errors=error.messages)
    messages.success(
        request,
        _(
            "Thank you! The application was sent to the labs staff. You hear from them here and "
            "by e-mail."
        ),
    )
    return redirect("labs:application", pk=application.pk)


# --- Helpers --------------------------------------------------------------------------------


def _requested_call(request) -> Call | None:
    """The call named by ``?call=<slug>`` (or the posted ``call``), when it is still open."""
    slug = request.POST.get("call") or request.GET.get("call") or ""
    if not slug:
        return None
    call = Call.objects.filter(slug=slug[:100]).first()
    return call if call is not None and call.is_open() else None


def _next_section(order: list[str], section: str) -> str | None:
    index = order.index(section)
    return order[index + 1] if index + 1 < len(order) else None


def _after_save(request, application, order, section) -> str:
    following = _next_section(order, section)
    if "continue" in request.POST and following is not None:
        return reverse("labs:edit", kwargs={"pk": application.pk, "section": following})
    if "continue" in request.POST:
        return f"{reverse('labs:application', kwargs={'pk': application.pk})}#submit"
    return reverse("labs:edit", kwargs={"pk": application.pk, "section": section})
