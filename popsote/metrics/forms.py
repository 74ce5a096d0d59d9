"""The dashboard's filter form: what the page shows. The values are read and checked by
``selectors.Filters``, one place for the rules; the form only lays them out, with the errors
``Filters`` found."""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict, ErrorList, flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from popsote.metrics.selectors import Choices, Filters


class MonthInput(forms.TextInput):
    input_type = "month"


class LongSelect(forms.Select):
    """A select of many options (a thousand handler groups) written in one pass: Django's
    widget renders a template per option, which took a tenth of a second here."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) == chosen else "", label)
                for key, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class FilterForm(forms.Form):
    start = forms.CharField(
        label=_("From month"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-01"}),
        help_text=_("Year and month, for example 2026-01."),
    )
    end = forms.CharField(
        label=_("To month"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2026-12"}),
        help_text=_("Year and month, for example 2026-12."),
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    group = forms.ChoiceField(label=_("Handler group"), required=False, widget=LongSelect)
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), required=False)
    compare = forms.BooleanField(label=_("Compare with the previous period"), required=False)

    def __init__(self, data=None, *, choices: Choices, filters: Filters, public: bool = False):
        initial = {
            "start": filters.start.strftime("%Y-%m"),
            "end": filters.end.strftime("%Y-%m"),
            "area": filters.area,
            "group": filters.group,
            "stakeholder_group": filters.stakeholder_group,
            "compare": filters.compare,
        }
        super().__init__(data or None, initial=initial)
        everything = [("", _("All"))]
        self.fields["area"].choices = everything + [
            (code, label) for code, (_pk, label) in choices.areas.items()
        ]
        own = [("", _("All") if choices.every_group else _("All my groups"))]
        self.fields["group"].choices = own + [
            (slug, name) for slug, (_pk, name) in choices.groups.items()
        ]
        self.fields["stakeholder_group"].choices = everything + [
            (code, label) for code, (_pk, label) in choices.stakeholder_groups.items()
        ]
        if public:
            # The public figures are the county's; the handler groups are its own organisation.
            del self.fields["group"]
        # The errors are those ``Filters`` found, in its words; the form does not check again.
        self._errors = ErrorDict(
            {name: ErrorList([message]) for name, message in filters.errors.items()}
        )
        self.cleaned_data = {}
