"""Forms of the groups' own pages: a group, its coverage and targets, its members.

They check the shape of what was typed; the services decide and write.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from popsote.taxonomy.models import Area, ServiceArea, StakeholderGroup, SuggestionKind
from processing_groups.models import HandlerGroup, Membership


class TermsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.label


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_(
            "Lower-case letters, numbers and hyphens, for example “oulu-older-people”. The "
            "queue's address will be /groups/<short name>/queue/."
        ),
    )
    type = forms.ChoiceField(label=_("Type"), choices=HandlerGroup.Type.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Public: what the group handles and who sits in it."),
    )
    areas = TermsField(
        label=_("Areas"),
        queryset=Area.objects.active(),
        required=False,
        help_text=_("None chosen: any area. “Whole county” makes the group region-wide."),
    )
    service_areas = TermsField(
        label=_("Service areas"),
        queryset=ServiceArea.objects.active(),
        required=False,
        help_text=_("None chosen: any service area."),
    )
    kinds = TermsField(
        label=_("Suggestion kinds"),
        queryset=SuggestionKind.objects.active(),
        required=False,
        help_text=_("None chosen: any kind."),
    )
    stakeholder_groups = TermsField(
        label=_("Stakeholder groups"),
        queryset=StakeholderGroup.objects.active(),
        required=False,
        help_text=_("None chosen: suggestions from anyone."),
    )
    first_response_days = forms.IntegerField(
        label=_("First response target (days)"),
        min_value=1,
        max_value=365,
        initial=14,
        help_text=_("Days from submission to the group's first answer to the submitter."),
    )
    decision_days = forms.IntegerField(
        label=_("Decision target (days)"),
        min_value=1,
        max_value=730,
        initial=60,
        help_text=_("Days from submission to the decision."),
    )
    is_active = forms.BooleanField(
        label=_("Active: takes new suggestions"),
        required=False,
        initial=True,
    )

    @classmethod
    def initial_for(cls, group: HandlerGroup) -> dict:
        initial = {
            name: getattr(group, name)
            for name in (
                "name",
                "slug",
                "type",
                "description",
                "first_response_days",
                "decision_days",
                "is_active",
            )
        }
        for dimension in ("areas", "service_areas", "kinds", "stakeholder_groups"):
            initial[dimension] = [term.pk for term in getattr(group, dimension).all()]
        return initial


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person must already have an account."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
