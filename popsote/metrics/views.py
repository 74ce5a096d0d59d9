"""The coordinators' dashboard: every figure for the filters in the address, for the whole
county (coordinators) or a person's own handler groups (their members)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from popsote.metrics.forms import FilterForm
from popsote.metrics.permissions import can_view_dashboard
from popsote.metrics.selectors import Choices, Filters, dashboard


@login_required
def dashboard_page(request):
    # As triage: a signed-in person who may not see it is refused, not shown a missing page.
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    choices = Choices.for_user(request.user)
    filters = Filters.from_params(request.GET, choices=choices)
    context = {
        "form": FilterForm(request.GET, choices=choices, filters=filters),
        "filters": filters,
        "previous": filters.previous() if filters.compare else None,
        "figures": dashboard(filters, user=request.user, choices=choices),
        "county": choices.every_group and not filters.group,
    }
    return render(request, "metrics/dashboard.html", context, status=400 if filters.errors else 200)
