"""The evaluator's forms: first the declaration of no conflict of interest, then a score with
evidence and its provenance for every criterion of the protocol, and a recommendation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from labs.models import Provenance, Recommendation
from popsote.core.pii import no_identity_code

SCORES = [("", _("No score"))] + [(str(n), str(n)) for n in range(6)]


class DeclarationForm(forms.Form):
    no_conflict = forms.BooleanField(
        label=_("I declare that I have no conflict of interest with this company or product"),
        help_text=_(
            "No ownership, employment, consulting, family ties or other interest that could "
            "affect, or seem to affect, my evaluation."
        ),
        error_messages={"required": _("Declare that you have no conflict of interest.")},
    )
    statement = forms.CharField(
        label=_("Declaration of interests"),
        required=False,
        max_length=2000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the decision-makers should know, e.g. an earlier contact."),
    )

    def declaration(self) -> str:
        """What is kept with the evaluation: the declaration ticked, and anything added."""
        declared = str(self.fields["no_conflict"].label)
        added = self.cleaned_data.get("statement", "").strip()
        return f"{declared}.\n\n{added}" if added else f"{declared}."


class EvaluationForm(forms.Form):
    """One row of fields per criterion, named after the criterion's code (``score_<code>``,
    as the service names its errors)."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        required=False,
        choices=[("", _("Not yet chosen")), *Recommendation.choices],
    )
    summary = forms.CharField(
        label=_("Summary (public in the evaluation report)"),
        required=False,
        max_length=5000,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.submitting = submitting
        for criterion in self.criteria:
            prefix = criterion.code
            self.fields[f"score_{prefix}"] = forms.TypedChoiceField(
                label=_("Score (0–5)"),
                choices=SCORES,
                required=False,
                coerce=int,
                empty_value=None,
            )
            self.fields[f"provenance_{prefix}"] = forms.ChoiceField(
                label=_("Evidence comes from"),
                choices=[("", _("Choose")), *Provenance.choices],
                required=False,
            )
            self.fields[f"evidence_{prefix}"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                max_length=5000,
                validators=[no_identity_code],
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"reason_{prefix}"] = forms.CharField(
                label=_("Why not assessed"),
                required=False,
                max_length=1000,
                validators=[no_identity_code],
            )

    def rows(self):
        """(domain, [(criterion, score, provenance, evidence, reason), ...]) in protocol order."""
        grouped: dict = {}
        for criterion in self.criteria:
            prefix = criterion.code
            grouped.setdefault(criterion.domain, []).append(
                (
                    criterion,
                    self[f"score_{prefix}"],
                    self[f"provenance_{prefix}"],
                    self[f"evidence_{prefix}"],
                    self[f"reason_{prefix}"],
                )
            )
        return list(grouped.items())

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            prefix = criterion.code
            score = data.get(f"score_{prefix}")
            provenance = data.get(f"provenance_{prefix}")
            if provenance == Provenance.NOT_ASSESSED:
                if score is not None:
                    self.add_error(f"score_{prefix}", _("A criterion not assessed has no score."))
                if not data.get(f"reason_{prefix}"):
                    self.add_error(f"reason_{prefix}", _("Say why it was not assessed."))
            elif score is not None and not provenance:
                self.add_error(f"provenance_{prefix}", _("Say where the evidence comes from."))
            elif provenance and score is None:
                self.add_error(f"score_{prefix}", _("Give a score, or mark it not assessed."))
            elif self.submitting and not provenance:
                self.add_error(
                    f"score_{prefix}", _("Score every criterion or say why it was not assessed.")
                )
        if self.submitting and not data.get("recommendation"):
            self.add_error("recommendation", _("Choose a recommendation."))
        return data

    def scores(self) -> list[dict]:
        """The rows that were filled in, for ``evaluation_save``."""
        rows = []
        for criterion in self.criteria:
            prefix = criterion.code
            provenance = self.cleaned_data.get(f"provenance_{prefix}")
            if not provenance:
                continue
            rows.append(
                {
                    "criterion": criterion,
                    "score": self.cleaned_data.get(f"score_{prefix}"),
                    "provenance": provenance,
                    "evidence": self.cleaned_data.get(f"evidence_{prefix}", ""),
                    "not_assessed_reason": self.cleaned_data.get(f"reason_{prefix}", ""),
                }
            )
        return rows

    @staticmethod
    def initial_from(evaluation) -> dict:
        initial = {"recommendation": evaluation.recommendation, "summary": evaluation.summary}
        for score in evaluation.scores.all():
            prefix = score.criterion.code
            initial[f"score_{prefix}"] = "" if score.score is None else str(score.score)
            initial[f"provenance_{prefix}"] = score.provenance
            initial[f"evidence_{prefix}"] = score.evidence
            initial[f"reason_{prefix}"] = score.not_assessed_reason
        return initial
