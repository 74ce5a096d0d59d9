from django import forms
from django.utils.translation import gettext_lazy as _

from popsote.notifications.models import Category, Frequency

HELP = {
    Category.MY_SUGGESTIONS: _("When a group answers, asks you something or decides."),
    Category.FOLLOWED: _("Decisions on suggestions you follow or support."),
    Category.GROUP_WORK: _(
        "New work for your handler groups, answers to your questions, assignments to you and "
        "reminders of overdue suggestions."
    ),
    Category.COORDINATION: _("Suggestions waiting for triage and reported content."),
    Category.LABS: _(
        "Testing applications: every step of your company's applications and reminders before "
        "a label expires; for labs staff, new applications and companies' replies."
    ),
    Category.SHOWROOM: _(
        "Showroom listings: your company's listings returned, published, archived or no longer "
        "listed because of the label; for editors, listings waiting for review."
    ),
}


class PreferencesForm(forms.Form):
    """One choice per category: how often its e-mail comes (the site always shows it)."""

    def __init__(self, *args, categories=tuple(Category), **kwargs):
        super().__init__(*args, **kwargs)
        for category in categories:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                help_text=HELP[category],
                choices=Frequency.choices,
                widget=forms.RadioSelect,
            )
