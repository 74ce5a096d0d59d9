from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingGroupsConfig(AppConfig):
    name = "processing_groups"
    verbose_name = _("Handler groups")
