from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's rights over their data (download, deletion) and the site's retention jobs.

    Part of the composition: it reads and removes rows of every app (suggestions, Labs, the
    showroom), so it sits on top of them, and nothing imports it.
    """

    name = "popsote.privacy"
    label = "privacy"
    verbose_name = _("Privacy")
