"""The county's classifications: areas, service areas, stakeholder groups, kinds and themes.

Each term has a stable ``code`` that integrations and URLs use, and labels in the three
languages of the service. Coordinators edit them in the admin; terms are retired with
``is_active`` rather than deleted, so that old suggestions keep their meaning.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LABEL_LANGUAGES = ("fi", "sv", "en")


class TermQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Term(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, Finnish when there is none."""
        language = (get_language() or "fi")[:2]
        if language not in LABEL_LANGUAGES:
            language = "fi"
        return getattr(self, f"name_{language}") or self.name_fi

    @property
    def labels(self) -> dict[str, str]:
        return {language: getattr(self, f"name_{language}") for language in LABEL_LANGUAGES}


class Area(Term):
    # "Whole county" is an area too, so that region-wide suggestions and groups need no special
    # case; routing treats it as the least specific.
    covers_whole_county = models.BooleanField(_("covers the whole county"), default=False)

    class Meta(Term.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class ServiceArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class StakeholderGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")


class SuggestionKind(Term):
    # Feedback on the co-development activity itself goes to the coordinators, not to a group.
    routes_to_coordinators = models.BooleanField(_("goes to the coordinators"), default=False)

    class Meta(Term.Meta):
        verbose_name = _("suggestion kind")
        verbose_name_plural = _("suggestion kinds")


class StrategyTheme(Term):
    class Meta(Term.Meta):
        verbose_name = _("strategy theme")
        verbose_name_plural = _("strategy themes")


class DecisionReason(Term):
    """Why a suggestion is not taken forward: the reason codes a ``not_advance`` decision
    requires, reported in the metrics."""

    class Meta(Term.Meta):
        verbose_name = _("reason for not taking forward")
        verbose_name_plural = _("reasons for not taking forward")


class EvaluationCriterion(Term):
    """What handler group members score a suggestion on, 1–5."""

    class Meta(Term.Meta):
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")


TAXONOMIES = {
    "areas": Area,
    "service_areas": ServiceArea,
    "stakeholder_groups": StakeholderGroup,
    "kinds": SuggestionKind,
    "themes": StrategyTheme,
    "decision_reasons": DecisionReason,
    "evaluation_criteria": EvaluationCriterion,
}
