"""A call to companies: handlers or coordinators open public suggestions (needs) to companies,
with a deadline; applications answer it through ``Application.call``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(deadline__gt=now or timezone.now())


class Call(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"))
    deadline = models.DateTimeField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    suggestions = models.ManyToManyField(
        "ideas.Suggestion", verbose_name=_("needs"), related_name="labs_calls"
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call to companies")
        verbose_name_plural = _("calls to companies")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("labs:call", kwargs={"slug": self.slug})

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.deadline
