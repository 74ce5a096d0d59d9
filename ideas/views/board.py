"""The public board (search, filters, sorting, keyset pages) and similar suggestions.

Both are plain GET pages that work without JavaScript; htmx asks for the same URL and gets only
the part that changes.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ideas.lifecycle import State
from ideas.models import Challenge, Support
from ideas.permissions import can_support
from ideas.selectors.board import DEFAULT_ORDERING, BoardQuery
from ideas.selectors.board import board as board_page
from ideas.selectors.similar import similar as similar_suggestions
from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind

SORTS = [
    ("-created", _("Newest first")),
    ("created", _("Oldest first")),
    ("-supports", _("Most supported")),
]


class QuickSelect(forms.Select):
    """A select written out in Python. Django renders each option through a template, which
    costs the board about ten milliseconds for its seven selects; the HTML is the same."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final), options)


class BoardForm(forms.Form):
    """The board's search and filters. Values are codes; labels in the page's language."""

    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in Finnish, Swedish or English; any form of a word will do."),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    area = forms.ChoiceField(label=_("Area"), required=False, widget=QuickSelect)
    service_area = forms.ChoiceField(label=_("Service area"), required=False, widget=QuickSelect)
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    state = forms.ChoiceField(label=_("State"), required=False, widget=QuickSelect)
    stakeholder_group = forms.ChoiceField(
        label=_("Submitted as"), required=False, widget=QuickSelect
    )
    challenge = forms.ChoiceField(label=_("Challenge"), required=False, widget=QuickSelect)
    ordering = forms.ChoiceField(label=_("Sort"), required=False, choices=SORTS, widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = {
            "area": (Area, _("All areas")),
            "service_area": (ServiceArea, _("All service areas")),
            "kind": (SuggestionKind, _("All kinds")),
            "stakeholder_group": (StakeholderGroup, _("Everybody")),
        }
        # The terms are kept: the cards show them too (``board.with_card_relations``).
        self.terms = {
            name: {term.pk: term for term in model.objects.active()}
            for name, (model, _everything) in terms.items()
        }
        for name, (_model, everything) in terms.items():
            self.fields[name].choices = [
                ("", everything),
                *((term.code, term.label) for term in self.terms[name].values()),
            ]
        self.fields["state"].choices = [("", _("All states")), *State.choices]
        self.fields["challenge"].choices = [
            ("", _("All suggestions")),
            *Challenge.objects.order_by("-deadline").values_list("slug", "title"),
        ]

    def board_query(self, *, cursor: str) -> BoardQuery:
        """The valid part of what was asked: a wrong value is shown as an error and ignored."""
        self.is_valid()
        valid = {name: value for name, value in self.cleaned_data.items() if value}
        return BoardQuery.from_params({**valid, "cursor": cursor})


def page_url(query: BoardQuery, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = {**query.filters, "search": query.search, "cursor": cursor}
    if query.ordering != DEFAULT_ORDERING:
        params["ordering"] = query.ordering
    return "?" + urlencode({name: value for name, value in params.items() if value})


@require_GET
def board(request):
    form = BoardForm(request.GET)
    query = form.board_query(cursor=request.GET.get("cursor", ""))
    page = board_page(user=request.user, query=query, known=form.terms)
    partial = request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request
    context = {
        "form": form,
        "query": query,
        "filtering": bool(query.filters) or query.ordering != DEFAULT_ORDERING,
        "page": page,
        "next_url": page_url(query, page.next_cursor),
        "previous_url": page_url(query, page.previous_cursor),
        # Nothing found with filters on: the same words without them.
        "search_only_url": "?" + urlencode({"search": query.search}) if query.search else None,
        "partial": partial,
    }
    template = "ideas/_board_results.html" if partial else "ideas/board.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


class SimilarForm(forms.Form):
    """What the submission form has typed so far. Long texts are cut, not refused: the start
    is enough to compare, and the person is still typing. Text a database cannot hold (a NUL
    character) is refused, as every ``CharField`` does."""

    title = forms.CharField(required=False)
    description = forms.CharField(required=False)
    text = forms.CharField(required=False)

    LIMITS = {"title": 200, "description": 2000, "text": 2000}

    def clean(self):
        data = {name: self.cleaned_data.get(name, "")[:cut] for name, cut in self.LIMITS.items()}
        data["text"] = data["text"] or data["description"]
        return data


@require_GET
def similar(request):
    """Up to five public suggestions like the typed title and description, for the submission
    form's ``#similar-suggestions`` region; an empty answer for text too short to compare."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        # Only a hand-made address gets here: a browser's form never sends a NUL character.
        errors = " ".join(error for field in form.errors.values() for error in field)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    rows = similar_suggestions(text=form.cleaned_data["text"], title=form.cleaned_data["title"])
    supported = set()
    if rows and request.user.is_authenticated:
        supported = set(
            Support.objects.filter(user=request.user, suggestion__in=rows).values_list(
                "suggestion_id", flat=True
            )
        )
    for row in rows:
        row.is_supported = row.pk in supported
        row.may_support = not row.is_supported and can_support(request.user, row)
    return render(request, "ideas/_similar.html", {"suggestions": rows})
