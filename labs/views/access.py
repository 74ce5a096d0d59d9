"""Who gets which application, for every Labs page of companies and labs staff.

An application the person may not see is a 404, the same answer as for one that does not
exist: another company's application does not exist for a company. One they see but may not
act on in the way asked (a company on a labs staff page) is a 403.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from labs import permissions
from labs.models import Application, Company
from labs.permissions import Refusal
from labs.selectors.applications import visible_application
from popsote.accounts.roles import is_labs_staff
from popsote.core.refused import Back, refused


def staff_application(user, pk: int) -> Application:
    """An application for a labs staff page: 404 unless visible, 403 unless labs staff."""
    application = visible_application(user, pk)
    if not is_labs_staff(user):
        raise PermissionDenied
    return application


def own_application(user, pk: int) -> Application:
    """An application for a company's page: 404 unless the person's company applied."""
    application = visible_application(user, pk)
    if not permissions.is_applicant(user, application):
        raise PermissionDenied
    return application


def company_of(user) -> Company | None:
    company_id = permissions.company_id_of(user)
    return None if company_id is None else Company.objects.filter(pk=company_id).first()


def require_staff(request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not is_labs_staff(request.user):
        raise PermissionDenied


def sign_in_first(request):
    return redirect_to_login(request.get_full_path())


def application_page(request, pk: int, *args, **kwargs) -> Back:
    """Back to the application: where a refused action on it was asked for."""
    return Back(
        reverse("labs:application", kwargs={"pk": pk}),
        _("Back to the application"),
    )


def refuse(request, application: Application, refusal: Refusal):
    return refused(
        request,
        refusal.message,
        back=application_page(request, application.pk),
        status=409 if refusal.by_state else 403,
    )
