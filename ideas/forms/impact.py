"""The group's impact assessment form: the assessment itself and a formset of indicators.

The indicators are a formset with blank rows to fill and a "remove" box on each row, so the
page works without a script: a row left blank is not saved, and "Add a row" shows the form
again, as typed, with one more.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.models import EFFECTS, Effect
from popsote.core.pii import no_identity_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, help_text="", rows=3, max_length=5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ImpactForm(forms.Form):
    """Everything but the indicators. Nothing is required to save a draft: completing it is
    the service's check, which names what is missing."""

    evaluated_on = forms.DateField(label=_("Evaluation date"), required=False, widget=DATE)
    summary = _text(
        _("Public summary"),
        rows=5,
        help_text=_(
            "Shown on the suggestion's page once the assessment is completed: what the change "
            "did, in plain language."
        ),
    )
    cost_per_year_eur = forms.DecimalField(
        label=_("Estimated cost effect, euros a year"),
        required=False,
        max_digits=12,
        decimal_places=2,
        help_text=_("A saving as a negative number, an added cost as a positive one."),
    )
    internal_note = _text(
        _("Internal note"), help_text=_("Seen by the group and the coordinators only.")
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "impact-%s")
        super().__init__(*args, **kwargs)
        cost = self.fields.pop("cost_per_year_eur")
        note = self.fields.pop("internal_note")
        for prefix, label in EFFECTS:
            self.fields[prefix] = forms.ChoiceField(
                label=label,
                required=False,
                choices=Effect.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"{prefix}_text"] = _text(
                _("What was seen"), rows=2, help_text=_("Optional: what changed, and how you know.")
            )
            if prefix == "effect_costs":
                self.fields["cost_per_year_eur"] = cost
        self.fields["internal_note"] = note

    def effect_rows(self):
        """(label, choice field, text field[, cost field]) for each effect, for the template."""
        for prefix, label in EFFECTS:
            extra = self["cost_per_year_eur"] if prefix == "effect_costs" else None
            yield label, self[prefix], self[f"{prefix}_text"], extra

    def general_fields(self):
        return [self["evaluated_on"], self["summary"]]


class IndicatorForm(forms.Form):
    name = forms.CharField(
        label=_("Indicator"),
        max_length=200,
        required=False,
        validators=[no_identity_code],
        help_text=_("For example: waiting time for a first visit."),
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=50, required=False, help_text=_("For example: days, %.")
    )
    baseline_value = forms.DecimalField(
        label=_("Value before"), required=False, max_digits=14, decimal_places=4
    )
    baseline_period = forms.CharField(
        label=_("Measured before: period or date"),
        max_length=100,
        required=False,
        help_text=_("For example: 1–3/2025."),
    )
    result_value = forms.DecimalField(
        label=_("Value after"), required=False, max_digits=14, decimal_places=4
    )
    result_date = forms.DateField(label=_("Measured after"), required=False, widget=DATE)
    source = forms.CharField(
        label=_("Source and how measured"),
        max_length=300,
        required=False,
        validators=[no_identity_code],
    )

    def clean(self):
        data = super().clean()
        filled = [n for n, value in data.items() if value not in (None, "") and n != "DELETE"]
        if filled and not data.get("name") and not data.get("DELETE"):
            self.add_error("name", _("Name the indicator, or leave the whole row empty."))
        return data


class BaseIndicatorFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this indicator")


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseIndicatorFormSet, extra=1, max_num=30, can_delete=True
)


def indicator_rows(formset) -> list[dict]:
    """The rows of a valid formset that were filled in and not removed, in their order."""
    rows = []
    for form in formset.forms:
        data = dict(getattr(form, "cleaned_data", {}))
        if data.pop("DELETE", False):
            continue
        if any(value not in (None, "") for value in data.values()):
            rows.append(data)
    return rows


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is corrected"),
        max_length=2000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stays on the assessment's record, seen by the group and the coordinators."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reopen-%s")
        super().__init__(*args, **kwargs)
