"""The catalogue, ``/showroom/``: search and filters in the address, large cards, pages.

A plain GET page that works without JavaScript; htmx asks for the same address and gets only
the results (and the filter count and the clear link out of band). It reads through the
publishing rule alone (``showroom.selectors.catalogue``), in a fixed number of queries.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from showroom.forms.catalogue import CatalogueForm
from showroom.selectors.catalogue import CatalogueQuery
from showroom.selectors.catalogue import catalogue as listed_solutions
from showroom.views import display

PAGE_SIZE = 12


def catalogue_query(form: CatalogueForm) -> CatalogueQuery:
    """The valid part of what was asked: a wrong value is shown as an error and left out."""
    chosen = form.filters()
    params = {name: value for name, value in chosen.items() if name not in ("category", "free")}
    if "category" in chosen:
        params["category"] = chosen["category"].code
    if chosen.get("free"):
        params["free"] = "1"
    query, _invalid = CatalogueQuery.from_params(params)
    return query


@require_GET
def catalogue(request):
    form = CatalogueForm(request.GET)
    query = catalogue_query(form)
    page = Paginator(listed_solutions(query), PAGE_SIZE).get_page(request.GET.get("page"))
    partial = bool(
        request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    )
    context = {
        "form": form,
        "page": page,
        "cards": display.cards(page.object_list),
        "query": form.query(),
        "filtering": query.is_filtered,
        "more_in_use": form.more_in_use(),
        # Nothing found with filters on: the same words without them.
        "search_only_url": "?" + urlencode({"search": query.search})
        if query.search and len(form.filters()) > 1
        else None,
        "partial": partial,
    }
    template = "showroom/_catalogue_results.html" if partial else "showroom/catalogue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
