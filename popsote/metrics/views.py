"""The coordinators' dashboard (every figure for the filters in the address, for the whole
county or a person's own handler groups), the public statistics page and the open-data files."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from popsote.metrics import exports, opendata, opendata_metadata
from popsote.metrics.forms import FilterForm
from popsote.metrics.permissions import can_view_dashboard
from popsote.metrics.selectors import (
    Choices,
    Filters,
    dashboard,
    dashboard_suggestions,
    deployed_solutions,
    public_statistics,
)

FORMATS = {
    "csv": (exports.figure_csv, exports.suggestions_csv),
    "xlsx": (exports.figure_xlsx, exports.suggestions_xlsx),
}


def _dashboard_access(request):
    # As triage: a signed-in person who may not see it is refused, not shown a missing page.
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    choices = Choices.for_user(request.user)
    return choices, Filters.from_params(request.GET, choices=choices)


def _downloads(request, url_name, *args) -> dict[str, str]:
    """The address of each file of ``url_name``, for the filters in the page's address."""
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return {extension: reverse(url_name, args=[*args, extension]) + query for extension in FORMATS}


def _entries(request, figures, url_name):
    """Each figure with its downloads."""
    entries = []
    for figure in figures:
        urls = _downloads(request, url_name, figure.code)
        entries.append({"figure": figure, "csv_url": urls["csv"], "xlsx_url": urls["xlsx"]})
    return entries


@login_required
def dashboard_page(request):
    choices, filters = _dashboard_access(request)
    figures = dashboard(filters, user=request.user, choices=choices)
    context = {
        "form": FilterForm(request.GET, choices=choices, filters=filters),
        "filters": filters,
        "previous": filters.previous() if filters.compare else None,
        "entries": _entries(request, figures, "metrics:dashboard_figure"),
        "suggestions_urls": _downloads(request, "metrics:dashboard_suggestions"),
        "county": choices.every_group and not filters.group,
    }
    return render(request, "metrics/dashboard.html", context, status=400 if filters.errors else 200)


def _figure(figures, code):
    for figure in figures:
        if figure.code == code:
            return figure
    raise Http404


def _refused(filters):
    return HttpResponse(
        "\n".join(f"{name}: {message}" for name, message in filters.errors.items()),
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@login_required
@require_safe
def dashboard_figure(request, code, extension):
    choices, filters = _dashboard_access(request)
    if filters.errors:
        return _refused(filters)
    figure = _figure(dashboard(filters, user=request.user, choices=choices), code)
    return FORMATS[extension][0](figure)


@login_required
@require_safe
def dashboard_suggestions_export(request, extension):
    choices, filters = _dashboard_access(request)
    if filters.errors:
        return _refused(filters)
    rows = dashboard_suggestions(filters, user=request.user, choices=choices)
    return FORMATS[extension][1](rows)


@require_safe
def stats_page(request):
    choices = Choices.public()
    filters = Filters.from_params(request.GET, choices=choices)
    deployed, deployed_more = deployed_solutions(filters=filters, choices=choices)
    context = {
        "form": FilterForm(request.GET, choices=choices, filters=filters, public=True),
        "filters": filters,
        "previous": filters.previous() if filters.compare else None,
        "entries": _entries(
            request, public_statistics(filters, choices=choices), "metrics:stats_figure"
        ),
        "deployed": deployed,
        "deployed_more": deployed_more,
        "open_data_license": settings.OPEN_DATA_LICENSE,
    }
    return render(request, "metrics/stats.html", context, status=400 if filters.errors else 200)


@require_safe
def stats_figure(request, code, extension):
    choices = Choices.public()
    filters = Filters.from_params(request.GET, choices=choices)
    if filters.errors:
        return _refused(filters)
    return FORMATS[extension][0](_figure(public_statistics(filters, choices=choices), code))


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
    return _json(opendata_metadata.csvw_metadata(), "application/csvm+json")


@require_safe
def open_data_dcat(request):
    return _json(opendata_metadata.dcat_catalog(), "application/ld+json")


def _json(document: dict, content_type: str) -> HttpResponse:
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{content_type}; charset=utf-8",
    )
