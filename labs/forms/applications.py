"""The company's guided application form, one section at a time, and its other forms on the
application page (attachments, the reply to the draft evaluation).

The questions, their sections and which of them may be marked not applicable are data in
``labs.models.applications`` (``QUESTIONS``); this module only says how each is asked. A draft
may be saved half-filled: whether everything required is answered is checked when the
company submits, by the service, from the same data.
"""

from __future__ import annotations

import re

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ideas.models import Suggestion
from labs.models import Application, TestEnvironment
from labs.models.applications import QUESTIONS, NotApplicable, Section
from popsote.core.pii import no_identity_code
from popsote.core.uploads import ACCEPT, MAX_BYTES, MAX_FILES, MultipleFileField, MultipleFileInput

ATTACHMENTS = "attachments"
REFERENCE = re.compile(r"[0-9]{4}-[0-9]{6}")
MESSAGE_MAX = 5000

# How each question is asked: its label and the help a product manager needs to answer it.
TEXTS = {
    "product_name": (_("Product name"), ""),
    "product_version": (
        _("Version"),
        _("The version to be tested. A label is granted to this version."),
    ),
    "summary": (_("What the product does"), _("In plain words, in a few sentences.")),
    "intended_use": (
        _("Intended use"),
        _("For what purpose, in which situations and by whom the product is meant to be used."),
    ),
    "target_users": (
        _("Target users"),
        _("Who uses it: residents, patients, relatives, professionals; their age and skills."),
    ),
    "claimed_benefit": (
        _("Claimed benefit"),
        _("What changes for the users or the service, and how much."),
    ),
    "existing_evidence": (
        _("Existing evidence"),
        _("Studies, pilots, references and their results. Attach reports below."),
    ),
    "trl": (
        _("Maturity (technology readiness level, TRL)"),
        _(
            "1 = basic idea, 4 = tested in a laboratory, 7 = demonstrated in real use, 9 = in "
            "production use."
        ),
    ),
    "regulatory_status": (_("Regulatory status"), _("Medical-device class under the MDR.")),
    "ce_certificate": (
        _("CE certificate"),
        _("Certificate number and the notified body, if the product is a medical device."),
    ),
    "personal_data": (_("Personal data processed"), ""),
    "data_storage": (
        _("Where the data is stored"),
        _("Countries and service providers of storage and processing."),
    ),
    "dpia": (
        _("Data protection impact assessment (DPIA)"),
        _("Its conclusions, or attach it below."),
    ),
    "security_assessment": (
        _("Information security self-assessment"),
        _("For example a summary of a penetration test or of a security audit."),
    ),
    "accessibility_conformance": (
        _("Accessibility conformance"),
        _("The WCAG level the product meets and how it was assessed."),
    ),
    "interoperability": (
        _("Interoperability"),
        _("Standards and interfaces used, for example HL7 FHIR or Kanta."),
    ),
    "test_goal": (_("What is to be tested"), ""),
    "success_measures": (
        _("How success would show"),
        _("Measurable signs of success, for example time saved per visit."),
    ),
    "preferred_environments": (_("Preferred test environments"), ""),
    "timeline_start": (_("The test could start"), ""),
    "timeline_end": (_("The test should end by"), ""),
    "timeline_notes": (_("Notes on the timeline"), ""),
    "needs": (
        _("Public suggestions it answers"),
        _("References of public suggestions, for example 2026-000123, separated by commas."),
    ),
}


def sections() -> list[tuple[str, str]]:
    """The form's pages in order: the question sections, then the attachments."""
    return [*Section.choices, (ATTACHMENTS, gettext("Attachments"))]


def section_label(code: str) -> str:
    return dict(sections())[code]


def questions_of(section: str) -> list:
    return [question for question in QUESTIONS if question.section == section]


class ReferencesField(forms.CharField):
    """References of public suggestions, separated by commas or spaces."""

    def clean(self, value):
        text = super().clean(value)
        references = [part for part in re.split(r"[\s,;]+", text or "") if part]
        unknown = [ref for ref in references if not REFERENCE.fullmatch(ref)]
        if unknown:
            raise forms.ValidationError(
                _("“%(value)s” is not a suggestion reference (for example 2026-000123)."),
                params={"value": unknown[0]},
            )
        found = list(Suggestion.objects.public().filter(reference__in=references))
        missing = set(references) - {suggestion.reference for suggestion in found}
        if missing:
            raise forms.ValidationError(
                _("No public suggestion has the reference %(value)s."),
                params={"value": ", ".join(sorted(missing))},
            )
        return found


class ApplicationSectionForm(forms.Form):
    """One section of the application. Every field is optional in a draft; a question that
    may not apply has a second field beside it, the reason from the fixed list."""

    def __init__(self, *args, application: Application, section: str, **kwargs):
        self.application = application
        self.section = section
        self.questions = questions_of(section)
        codes = [q.code for q in self.questions if q.code != "needs"]
        kwargs.setdefault("initial", self._initial(codes))
        super().__init__(*args, **kwargs)
        generated = fields_for_model(Application, fields=codes, widgets=self._widgets())
        for question in self.questions:
            label, help_text = TEXTS[question.code]
            if question.code == "needs":
                field = ReferencesField(required=False, max_length=500)
            else:
                field = generated[question.code]
                field.required = False
            field.label, field.help_text = label, help_text
            if question.code == "trl":
                field = forms.TypedChoiceField(
                    label=label,
                    help_text=help_text,
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", _("Choose a level"))] + [(n, str(n)) for n in range(1, 10)],
                )
            if isinstance(field, forms.TypedChoiceField) and question.code != "trl":
                # A radio group with no pre-chosen answer, not Django's "---------" option.
                field.choices = [c for c in field.choices if c[0] != ""]
                field.widget = forms.RadioSelect(choices=field.choices)
            self.fields[question.code] = field
            if question.may_be_not_applicable:
                self.fields[self.reason_name(question.code)] = forms.ChoiceField(
                    # Named after its question: a page has several of these.
                    label=gettext("If “%(question)s” does not apply, why not")
                    % {"question": label},
                    required=False,
                    choices=[("", _("It applies: answered above")), *NotApplicable.choices],
                )
        if "preferred_environments" in self.fields:
            self.fields["preferred_environments"].queryset = TestEnvironment.objects.active()
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field, ReferencesField):
                field.validators.append(no_identity_code)

    @staticmethod
    def reason_name(code: str) -> str:
        return f"{code}__not_applicable"

    def rows(self):
        """Each question's field with its reason field (None when it must be answered)."""
        for question in self.questions:
            reason = self.reason_name(question.code)
            yield self[question.code], (self[reason] if reason in self.fields else None)

    def _widgets(self) -> dict:
        date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return {
            "preferred_environments": forms.CheckboxSelectMultiple,
            "timeline_start": date,
            "timeline_end": date,
        }

    def _initial(self, codes: list[str]) -> dict:
        application = self.application
        initial = {}
        for code in codes:
            value = application.answer(code)
            initial[code] = [item.pk for item in value] if isinstance(value, list) else value
        if any(q.code == "needs" for q in self.questions):
            initial["needs"] = ", ".join(s.reference for s in application.answer("needs"))
        for code, reason in (application.not_applicable or {}).items():
            initial[self.reason_name(code)] = reason
        return initial

    def clean(self):
        data = super().clean()
        for question in self.questions:
            reason = data.get(self.reason_name(question.code))
            if reason and data.get(question.code) not in (None, "", []):
                self.add_error(
                    self.reason_name(question.code),
                    _("Either answer the question or choose why it does not apply, not both."),
                )
        start, end = data.get("timeline_start"), data.get("timeline_end")
        if start and end and end < start:
            self.add_error("timeline_end", _("The end comes before the start."))
        return data

    def service_data(self) -> dict:
        """The answers of this section, and every question's not-applicable reason (this
        section's as typed, the other sections' as they were), for ``application_save``."""
        data = {q.code: self.cleaned_data.get(q.code) for q in self.questions}
        reasons = {
            code: reason
            for code, reason in (self.application.not_applicable or {}).items()
            if code not in data
        }
        for question in self.questions:
            if reason := self.cleaned_data.get(self.reason_name(question.code)):
                reasons[question.code] = reason
        data["not_applicable"] = reasons
        return data


class AttachmentsForm(forms.Form):
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request: a lazy string formatted at import would freeze its language.
        self.fields["attachments"].help_text = gettext(
            "Pictures (JPEG, PNG, WebP) or PDF documents, for example a DPIA, a security "
            "summary or a study report: at most %(count)d files at a time, %(size)d MB each."
        ) % {"count": MAX_FILES, "size": MAX_BYTES // (1024 * 1024)}


class ReplyForm(forms.Form):
    """The company's answer to the shared draft evaluation: it stays on the record."""

    message = forms.CharField(
        label=_("Your reply to the draft evaluation"),
        max_length=MESSAGE_MAX,
        validators=[no_identity_code],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Correct facts or add what the evaluators should know before the decision. "
            "Your reply is kept with the application."
        ),
    )
