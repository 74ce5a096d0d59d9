"""The filters of the public Labs pages. They read the address (``?area=oulu``), so a filtered
list can be linked and bookmarked; a value that matches nothing is an error on the form, and
the list is shown unfiltered by it."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models import Company, LabelStatus, Level
from popsote.taxonomy.models import Area, ServiceArea


class TermChoiceField(forms.ModelChoiceField):
    """A taxonomy term chosen by its code, shown by its name in the page's language."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="code", required=False, **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.label


class FilterForm(forms.Form):
    def filters(self) -> dict:
        """The valid, chosen filters by name, each as the address gave it (a code, a business
        ID); the others are left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: self.data[name] for name, value in self.cleaned_data.items() if value}

    def query(self) -> str:
        """The chosen filters as an address's query, for the links to other pages."""
        if not self.is_bound:
            return ""
        return urlencode([(name, self.data[name]) for name in self.fields if self.data.get(name)])


class EnvironmentFilterForm(FilterForm):
    area = TermChoiceField(
        Area.objects.active(),
        label=_("Area"),
        empty_label=_("All areas"),
    )
    service_area = TermChoiceField(
        ServiceArea.objects.active(),
        label=_("Service area"),
        empty_label=_("All service areas"),
    )


class CompanyChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        # Only companies that hold or held a label: the register's own companies.
        super().__init__(
            Company.objects.filter(labels__isnull=False).distinct().order_by("name", "id"),
            to_field_name="business_id",
            required=False,
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.name


class LabelFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Every status")), *LabelStatus.choices],
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[("", _("Every level")), *Level.choices],
        required=False,
    )
    company = CompanyChoiceField(label=_("Company"), empty_label=_("Every company"))
