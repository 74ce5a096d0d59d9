"""The labs staff's forms of the county's middle steps: the testing-need assessment
(screening), the test plan with its measurable success criteria and the test report with a
result for every criterion.

Lists that grow (participants, success criteria) are formsets with blank rows to fill: the
page works without a script, and a row left blank is simply not saved.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models import Outcome, TestEnvironment
from popsote.core.pii import no_identity_code

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label, *, help_text="", rows=3, required=False, max_length=5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ScreeningForm(forms.Form):
    fit_with_practice = _text(_("Fit with the unit's practice"))
    fit_with_strategy = _text(_("Fit with the county's strategy"))
    staff_available = _text(_("Staff available for the test"))
    space_available = _text(_("Space and equipment available"))
    unit = forms.ModelChoiceField(
        label=_("Unit that would test"),
        queryset=TestEnvironment.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
    )
    permits = _text(_("Permits needed"), help_text=_("A research permit, for example."))
    summary = _text(_("Summary of the assessment"), rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = TestEnvironment.objects.active()


class TestPlanForm(forms.Form):
    __test__ = False  # not a test case: keeps pytest from collecting the class

    environments = forms.ModelMultipleChoiceField(
        label=_("Test environments"),
        queryset=TestEnvironment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("The test starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("The test ends"), required=False, widget=DATE)
    methods = _text(_("Methods"), help_text=_("How the test is run and how results are measured."))
    permits = _text(_("Permits"), help_text=_("Permits granted or applied for."))
    agreement_date = forms.DateField(
        label=_("Test agreement signed on"), required=False, widget=DATE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["environments"].queryset = TestEnvironment.objects.active()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end comes before the start."))
        return data


class ParticipantForm(forms.Form):
    role = forms.CharField(label=_("Role"), max_length=100, required=False)
    count = forms.IntegerField(label=_("Number"), min_value=1, max_value=10_000, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("role")) != bool(data.get("count")):
            raise forms.ValidationError(_("Give both the role and the number, or neither."))
        return data


class CriterionForm(forms.Form):
    description = _text(_("Success criterion"), rows=2, max_length=2000)
    measure = forms.CharField(
        label=_("Measure and target"),
        max_length=300,
        required=False,
        help_text=_("For example: at least 80 % of the nurses find it easier."),
    )


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2, max_num=30)
CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=30)


def filled(formset) -> list[dict]:
    """The rows of a valid formset that were filled in."""
    return [row for row in (form.cleaned_data for form in formset.forms) if any(row.values())]


class TestReportForm(forms.Form):
    """What was done, and for every success criterion of the plan its outcome and result."""

    __test__ = False

    what_was_done = _text(_("What was done"), rows=6, required=True)
    unit_contact = forms.CharField(
        label=_("Contact at the unit"),
        max_length=200,
        required=False,
        help_text=_("Who at the unit took part in writing the report."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"outcome_{criterion.pk}"] = forms.ChoiceField(
                label=_("Outcome"),
                choices=Outcome.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"result_{criterion.pk}"] = _text(_("Result"), rows=2)

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"outcome_{criterion.pk}"], self[f"result_{criterion.pk}"]

    def results(self) -> list[dict]:
        return [
            {
                "criterion": criterion,
                "outcome": self.cleaned_data[f"outcome_{criterion.pk}"],
                "result": self.cleaned_data[f"result_{criterion.pk}"],
            }
            for criterion in self.criteria
        ]
