"""What apps above ``ideas`` add to the suggestion page, without ``ideas`` importing them.

An app offers a panel (Labs: the calls to companies opened on the suggestion and the labels
that answer it) with a ``suggestion_page_panels(request, suggestion)`` method on its AppConfig
that returns a list of HTML fragments, each rendered by the app's own template. The page shows
them in the order of ``INSTALLED_APPS``. A provider reads what it shows in a fixed number of
queries: the page's query count must not grow with anything.
"""

from __future__ import annotations

from django.apps import apps as django_apps
from django.utils.safestring import SafeString


def suggestion_page_panels(request, suggestion) -> list[SafeString]:
    panels: list[SafeString] = []
    for config in django_apps.get_app_configs():
        provider = getattr(config, "suggestion_page_panels", None)
        if provider is not None:
            panels.extend(provider(request, suggestion))
    return panels
