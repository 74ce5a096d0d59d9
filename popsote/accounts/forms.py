from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from popsote.accounts.models import User
from popsote.accounts.services import profile_update
from popsote.taxonomy.models import Area, StakeholderGroup


class SignupForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Optional. Shown publicly only if you choose so."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("I take part as"),
        queryset=StakeholderGroup.objects.active(),
        empty_label=_("Choose…"),
        help_text=_("Others see this next to your suggestions and comments."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For staff, companies, associations and researchers."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.active(),
        required=False,
        empty_label=_("Not specified"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mails"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "fi")[:2]

    def signup(self, request, user):
        # allauth calls this inside its sign-up flow, before the confirmation e-mail is sent,
        # so that e-mail already goes out in the chosen language.
        profile_update(
            user=user,
            name=self.cleaned_data["name"],
            stakeholder_group=self.cleaned_data["stakeholder_group"],
            organisation=self.cleaned_data["organisation"],
            area=self.cleaned_data["area"],
            preferred_language=self.cleaned_data["preferred_language"],
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "name",
            "show_name",
            "stakeholder_group",
            "organisation",
            "area",
            "preferred_language",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired terms are not offered, but a person who already has one keeps it.
        for name in ("stakeholder_group", "area"):
            current = getattr(self.instance, f"{name}_id", None)
            field = self.fields[name]
            field.queryset = field.queryset.filter(Q(is_active=True) | Q(pk=current))
