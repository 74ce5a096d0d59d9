"""The public Labs pages: what Labs is and where tests can be run, the label register, a
label's verification page and its QR code. Anyone reads them, signed in or not."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from labs.forms.public import EnvironmentFilterForm, LabelFilterForm
from labs.models import Call, LabelRule
from labs.selectors.environments import environments as active_environments
from labs.selectors.labels import find_label, label_for_code, label_register, verification
from popsote.core.site import absolute_url

REGISTER_PAGE_SIZE = 25
ENVIRONMENT_PAGE_SIZE = 30
QR_MAX_AGE = 24 * 3600
MAX_CODE_SHOWN = 40


@require_GET
def index(request):
    form = EnvironmentFilterForm(request.GET or None)
    environments = active_environments(**form.filters())
    page = Paginator(environments, ENVIRONMENT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": form.query(),
        "page": page,
        "rules": list(LabelRule.objects.active()),
        "calls": list(Call.objects.open().order_by("deadline", "id")),
        "label_years": settings.LABS_LABEL_YEARS,
    }
    return render(request, "labs/public/index.html", context)


@require_GET
def register(request):
    form = LabelFilterForm(request.GET or None)
    today = timezone.localdate()
    labels = label_register(today=today, **form.filters())
    page = Paginator(labels, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "query": form.query(), "page": page, "today": today}
    return render(request, "labs/public/register.html", context)


def verification_url(code: str) -> str:
    """The verification page's address without a language prefix: the one a printed QR code
    keeps, whatever language it was made in."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse("labs:label", kwargs={"code": code}))


@require_GET
def label(request, code: str):
    """The verification page: whether the label is valid today, and what it rests on."""
    today = timezone.localdate()
    label = find_label(code, today=today)
    if label is None:
        # The code as typed, cut to a code's length: the page repeats it, whatever it was.
        context = {"code": code[:MAX_CODE_SHOWN]}
        return render(request, "labs/public/label_unknown.html", context, status=404)
    found = verification(label)
    context = {
        "label": found.label,
        "environments": found.environments,
        "summaries": found.summaries,
        "needs": found.needs,
        "today": today,
        "verification_url": verification_url(found.label.code),
        "api_url": reverse("api:labs-label-detail", kwargs={"code": found.label.code}),
    }
    return render(request, "labs/public/label.html", context)


@require_GET
def label_qr(request, code: str):
    """The verification page's address as a QR code: an SVG with no script, style or link in
    it, served so that a browser opening it directly runs nothing either."""
    found = label_for_code(code).code
    svg = io.BytesIO()
    segno.make(verification_url(found), error="m").save(
        svg,
        kind="svg",
        scale=4,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=True,
        svgns=True,
        svgclass=None,
        lineclass=None,
        title=found,
    )
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{found}.svg"'
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'; sandbox"
    response["Cache-Control"] = f"public, max-age={QR_MAX_AGE}"
    return response
