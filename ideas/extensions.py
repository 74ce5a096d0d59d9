"""What apps above ``ideas`` add to suggestions, without ``ideas`` importing them.

Each hook is a method on the providing app's AppConfig; ``ideas`` asks every installed app in
the order of ``INSTALLED_APPS`` and knows none of them by name.

- ``suggestion_page_panels(request, suggestion)`` returns a list of HTML fragments for the
  suggestion page, each rendered by the app's own template (Labs: the calls to companies opened
  on the suggestion and the labels that answer it; the showroom: the listings that answer it).
  A provider reads what it shows in a fixed number of queries: the page's query count must not
  grow with anything.
- ``existing_solution_choices()`` returns ``(address, name)`` pairs a handler may pick when
  answering that an existing solution answers a suggestion (the showroom: its listed
  solutions), so that the link is the solution's own page and not one typed by hand.
- ``solution_linked(suggestion, link, actor=...)`` is called inside the move's transaction once
  a suggestion has been answered with ``link``, so that a provider can record that its own
  page answers the need (the showroom's ``NeedAnswer``); a link that is not its page is none
  of its business.

The front page has a hook of its own in the foundation (``front_page_context``, see
``popsote.core.views.home``).
"""

from __future__ import annotations

from django.apps import apps as django_apps
from django.utils.safestring import SafeString


def _providers(name: str):
    for config in django_apps.get_app_configs():
        provider = getattr(config, name, None)
        if provider is not None:
            yield provider


def suggestion_page_panels(request, suggestion) -> list[SafeString]:
    panels: list[SafeString] = []
    for provider in _providers("suggestion_page_panels"):
        panels.extend(provider(request, suggestion))
    return panels


def existing_solution_choices() -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    for provider in _providers("existing_solution_choices"):
        choices.extend(provider())
    return choices


def solution_linked(suggestion, link: str, *, actor=None) -> None:
    for provider in _providers("solution_linked"):
        provider(suggestion, link, actor=actor)
