"""The coordinators' audit page: who did what, when, to what, newest first."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from popsote.audit.forms import AuditFilterForm
from popsote.audit.permissions import can_browse_audit
from popsote.audit.selectors import Cursor, audit_page


@require_safe
@login_required
def audit_log(request):
    if not can_browse_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    form.is_valid()
    cursor = Cursor.decode(request.GET.get("before", ""))
    page = audit_page(form.filters(), cursor=cursor)
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "older": page.next.encode() if page.next else "",
        "paged": cursor is not None,
    }
    return render(request, "audit/log.html", context, status=400 if form.errors else 200)
