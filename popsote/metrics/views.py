"""The coordinators' dashboard (every figure for the filters in the address, for the whole
county or a person's own handler groups), the public statistics page and the open-data files."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from popsote.metrics import opendata
from popsote.metrics.forms import FilterForm
from popsote.metrics.permissions import can_view_dashboard
from popsote.metrics.selectors import (
    Choices,
    Filters,
    dashboard,
    deployed_solutions,
    public_statistics,
)


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


@require_safe
def stats_page(request):
    choices = Choices.public()
    filters = Filters.from_params(request.GET, choices=choices)
    deployed, deployed_count = deployed_solutions(filters=filters, choices=choices)
    context = {
        "form": FilterForm(request.GET, choices=choices, filters=filters, public=True),
        "filters": filters,
        "previous": filters.previous() if filters.compare else None,
        "figures": public_statistics(filters, choices=choices),
        "deployed": deployed,
        "deployed_count": deployed_count,
        "open_data_license": settings.OPEN_DATA_LICENSE,
    }
    return render(request, "metrics/stats.html", context, status=400 if filters.errors else 200)


@require_safe
def open_data_csv(request):
    response = StreamingHttpResponse(
        opendata.csv_lines(), content_type="text/csv; charset=utf-8; header=present"
    )
    response["Content-Disposition"] = f'inline; filename="{opendata.CSV_NAME}"'
    # A harvester that finds the CSV first finds its description here (CSVW's Link header).
    response["Link"] = (
        f'<{opendata.METADATA_NAME}>; rel="describedby"; type="application/csvm+json"'
    )
    return response


@require_safe
def open_data_metadata(request):
    return _json(opendata.csvw_metadata(), "application/csvm+json")


@require_safe
def open_data_dcat(request):
    return _json(opendata.dcat_catalog(), "application/ld+json")


def _json(document: dict, content_type: str) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
    )
