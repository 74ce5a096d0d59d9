"""The catalogue's search and filters. They live in the address (``?category=health&free=on``),
so a search can be linked, bookmarked and sent to a relative, and the page works as a plain GET
form without JavaScript. A value that matches nothing is an error on the form and is left out
of the search; the rest still applies."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models import Level
from showroom.models import Audience, Category, Language, Platform

SEARCH_MAX = 200


class CategoryField(forms.ModelChoiceField):
    """A category chosen by its code, named in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(Category.objects.active(), to_field_name="code", required=False, **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.label


class CatalogueForm(forms.Form):
    search = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=SEARCH_MAX,
        help_text=_("For example “medicine reminder” or “kotihoito”. Any form of a word will do."),
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    category = CategoryField(label=_("What kind of help"), empty_label=_("Every kind of help"))
    audience = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[("", _("For everyone")), *Audience.choices],
    )
    label_level = forms.ChoiceField(
        label=_("Level of the OuluHealth Labs label"),
        required=False,
        choices=[("", _("Every level")), *Level.choices],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), *Language.choices],
    )
    platform = forms.ChoiceField(
        label=_("Used on"),
        required=False,
        choices=[("", _("Anything")), *Platform.choices],
    )
    free = forms.BooleanField(label=_("Only free of charge for me"), required=False)

    # The filters folded under "More filters"; the search and the kind of help stay in view.
    MORE = ("audience", "label_level", "language", "platform", "free")

    def filters(self) -> dict:
        """The valid, chosen values by name (a category as its row); the others left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in cleaned.items()
            if name not in self.errors and value not in ("", None, False)
        }

    def query(self, *, without: tuple[str, ...] = ()) -> str:
        """The valid choices as an address's query, for the links to other pages."""
        chosen = self.filters()
        pairs = []
        for name in self.fields:
            if name in without or name not in chosen:
                continue
            pairs.append((name, "on" if name == "free" else self.data.get(name, "")))
        return urlencode(pairs)

    def more_in_use(self) -> int:
        """How many of the folded filters are in use: the fold says so, and opens."""
        chosen = self.filters()
        return sum(1 for name in self.MORE if name in chosen)

    @property
    def folded_fields(self):
        return [self[name] for name in self.MORE]
