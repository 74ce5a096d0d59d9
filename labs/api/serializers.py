"""Input and output of the Labs API. Output serializers read what the selectors prepared (no
query of their own); input serializers check the shape and leave the rules to the services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ideas.models import Suggestion
from labs.lifecycle import LIFECYCLE, Action, State
from labs.models import (
    QUESTIONS,
    Call,
    LabelStatus,
    Level,
    NotApplicable,
    PersonalData,
    Provenance,
    Recommendation,
    RegulatoryStatus,
    TestEnvironment,
)
from popsote.core.api import TimelineEventSerializer
from popsote.core.site import absolute_url

TRANSITION_ACTIONS = [(action, Action(action).label) for action in LIFECYCLE.moves]
NOT_APPLICABLE_QUESTIONS = [q.code for q in QUESTIONS if q.may_be_not_applicable]


def _url(obj) -> str:
    return absolute_url(obj.get_absolute_url())


# --- Environments ---------------------------------------------------------------------------


class EnvironmentContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class EnvironmentSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.label")
    service_area = serializers.CharField(source="service_area.code")
    service_area_name = serializers.CharField(source="service_area.label")
    description = serializers.CharField()
    capabilities = serializers.ListField(child=serializers.CharField(), source="capability_list")
    capacity = serializers.IntegerField(help_text="How many tests the unit can host at once.")
    availability = serializers.CharField()
    available_from = serializers.DateField(allow_null=True)
    available_until = serializers.DateField(allow_null=True)
    contact = EnvironmentContactSerializer(source="*")


class EnvironmentParamsSerializer(serializers.Serializer):
    area = serializers.SlugField(required=False, allow_blank=True, help_text="Area code.")
    service_area = serializers.SlugField(
        required=False, allow_blank=True, help_text="Service area code."
    )


# --- Applications ---------------------------------------------------------------------------


class CompanySerializer(serializers.Serializer):
    name = serializers.CharField()
    business_id = serializers.CharField(help_text="Finnish business ID (Y-tunnus), 1234567-8.")


class ApplicationCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    company = CompanySerializer()
    product = serializers.CharField(source="product_name")
    version = serializers.CharField(source="product_version")
    call = serializers.SerializerMethodField(help_text="Slug of the call it answers.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The application's page.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_call(self, application):
        return application.call.slug if application.call_id else None

    def get_url(self, application) -> str:
        return _url(application)


class ApplicationEventSerializer(TimelineEventSerializer):
    """A timeline row. ``note`` and ``public`` appear only for the labs staff."""

    actions = Action


class ApplicationAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment) -> str:
        return _url(attachment)


class LabelBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    status = serializers.ChoiceField(choices=LabelStatus.choices, source="current_status")
    valid_until = serializers.DateField()
    url = serializers.SerializerMethodField()

    def get_url(self, label) -> str:
        return _url(label)


class EvaluationScoreSerializer(serializers.Serializer):
    domain = serializers.CharField(source="criterion.domain.code")
    criterion = serializers.CharField(source="criterion.code")
    criterion_name = serializers.CharField(source="criterion.label")
    score = serializers.IntegerField(allow_null=True, min_value=0, max_value=5)
    evidence = serializers.CharField()
    provenance = serializers.ChoiceField(choices=Provenance.choices)
    not_assessed_reason = serializers.CharField()


class ApplicationEvaluationSerializer(serializers.Serializer):
    """One submitted evaluation. The company sees the evaluators as numbers, not names."""

    evaluator = serializers.IntegerField(
        help_text="1, 2, …: the evaluators in the order they submitted."
    )
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    summary = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    scores = EvaluationScoreSerializer(many=True)


class ApplicationDetailSerializer(ApplicationCardSerializer):
    """Everything the person may see of one application: the answers, the files, the timeline,
    the moves they may make now, the labels and (once shared with the company) the
    evaluations."""

    summary = serializers.CharField()
    intended_use = serializers.CharField()
    target_users = serializers.CharField()
    claimed_benefit = serializers.CharField()
    existing_evidence = serializers.CharField()
    trl = serializers.IntegerField(allow_null=True)
    regulatory_status = serializers.CharField()
    ce_certificate = serializers.CharField()
    personal_data = serializers.CharField()
    data_storage = serializers.CharField()
    dpia = serializers.CharField()
    security_assessment = serializers.CharField()
    accessibility_conformance = serializers.CharField()
    interoperability = serializers.CharField()
    test_goal = serializers.CharField()
    success_measures = serializers.CharField()
    preferred_environments = serializers.SerializerMethodField(
        help_text="Slugs of the test environments."
    )
    timeline_start = serializers.DateField(allow_null=True)
    timeline_end = serializers.DateField(allow_null=True)
    timeline_notes = serializers.CharField()
    needs = serializers.SerializerMethodField(
        help_text="References of the public suggestions it answers."
    )
    not_applicable = serializers.DictField(child=serializers.CharField())
    missing = serializers.ListField(
        child=serializers.CharField(),
        source="missing_answers",
        help_text="Questions still to answer (or mark not applicable) before submitting.",
    )
    reply_due_at = serializers.DateTimeField(
        allow_null=True, help_text="The end of the company's right of reply to the evaluation."
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    attachments = ApplicationAttachmentSerializer(many=True)
    labels = LabelBriefSerializer(many=True)
    actions = serializers.SerializerMethodField(help_text="Moves you may attempt now.")
    timeline = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField(
        help_text="Null until the draft evaluation is shared with the company."
    )

    def get_preferred_environments(self, application) -> list[str]:
        return [environment.slug for environment in application.preferred_environments.all()]

    def get_needs(self, application) -> list[str]:
        return [suggestion.reference for suggestion in application.needs.all()]

    def get_actions(self, application) -> list[str]:
        return self.context["actions"]

    @extend_schema_field(ApplicationEventSerializer(many=True))
    def get_timeline(self, application):
        return ApplicationEventSerializer(
            self.context["timeline"], many=True, context={"internal": self.context["internal"]}
        ).data

    @extend_schema_field(ApplicationEvaluationSerializer(many=True, allow_null=True))
    def get_evaluations(self, application):
        evaluations = self.context.get("evaluations")
        if evaluations is None:
            return None
        rows = [
            {
                "evaluator": number,
                "recommendation": evaluation.recommendation,
                "summary": evaluation.summary,
                "submitted_at": evaluation.submitted_at,
                "scores": list(evaluation.scores.all()),
            }
            for number, evaluation in enumerate(evaluations, start=1)
        ]
        return ApplicationEvaluationSerializer(rows, many=True).data


class ApplicationParamsSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)


class ApplicationInputSerializer(serializers.Serializer):
    """A new draft with any of its answers; the rest may follow on the pages. Submitting is a
    move (``transitions``), which checks that every required question is answered."""

    product_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    product_version = serializers.CharField(max_length=60, required=False, allow_blank=True)
    summary = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    intended_use = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    target_users = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    claimed_benefit = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    existing_evidence = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    trl = serializers.IntegerField(min_value=1, max_value=9, required=False, allow_null=True)
    regulatory_status = serializers.ChoiceField(
        choices=RegulatoryStatus.choices, required=False, allow_blank=True
    )
    ce_certificate = serializers.CharField(max_length=200, required=False, allow_blank=True)
    personal_data = serializers.ChoiceField(
        choices=PersonalData.choices, required=False, allow_blank=True
    )
    data_storage = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    dpia = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    security_assessment = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    accessibility_conformance = serializers.CharField(
        max_length=10000, required=False, allow_blank=True
    )
    interoperability = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    test_goal = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    success_measures = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    preferred_environments = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        queryset=TestEnvironment.objects.active(),
        required=False,
        help_text="Slugs of test environments.",
    )
    timeline_start = serializers.DateField(required=False, allow_null=True)
    timeline_end = serializers.DateField(required=False, allow_null=True)
    timeline_notes = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    needs = serializers.SlugRelatedField(
        slug_field="reference",
        many=True,
        queryset=Suggestion.objects.public(),
        required=False,
        help_text="References of the public suggestions the product answers.",
    )
    call = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Call.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the call to companies the application answers.",
    )
    not_applicable = serializers.DictField(
        child=serializers.ChoiceField(choices=NotApplicable.choices),
        required=False,
        help_text=(
            "Questions that do not apply, each with its reason code. Only these may be: "
            + ", ".join(NOT_APPLICABLE_QUESTIONS)
            + "."
        ),
    )

    def validate_not_applicable(self, value):
        unknown = [code for code in value if code not in NOT_APPLICABLE_QUESTIONS]
        if unknown:
            raise serializers.ValidationError(
                [f"{code}: this question must be answered." for code in unknown]
            )
        return value


class ApplicationTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    message = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Public: the company and the labs staff see it. Required for `reject` and "
            "`no_label` (the reason) and `reply` (the company's answer)."
        ),
    )
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Internal: only the labs staff see it.",
    )
    level = serializers.ChoiceField(
        choices=Level.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The label's level (`grant_label`).",
    )
    expected_state = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="The state you saw: 409 and nothing changes if someone acted first.",
    )

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        data["expected_state"] = data.get("expected_state") or None
        if not data.get("level"):
            data.pop("level", None)
        return data


# --- Labels ---------------------------------------------------------------------------------


class LabelSerializer(serializers.Serializer):
    """A label as anyone may verify it."""

    code = serializers.CharField()
    company = serializers.CharField(source="company.name")
    business_id = serializers.CharField(source="company.business_id")
    product = serializers.CharField(source="product_name")
    version = serializers.CharField(source="product_version")
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="get_level_display")
    granted = serializers.DateField(source="granted_on")
    valid_until = serializers.DateField()
    status = serializers.ChoiceField(choices=LabelStatus.choices, source="current_status")
    valid = serializers.SerializerMethodField(help_text="Whether the label is valid today.")
    withdrawn_reason = serializers.CharField()
    superseded_by = serializers.SerializerMethodField(
        help_text="The code of the newer version's label."
    )
    url = serializers.SerializerMethodField(help_text="The public verification page.")

    def get_valid(self, label) -> bool:
        return label.current_status == LabelStatus.VALID

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_superseded_by(self, label) -> str | None:
        return label.superseded_by.code if label.superseded_by_id else None

    def get_url(self, label) -> str:
        return _url(label)


class LabelParamsSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LabelStatus.choices, required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False, allow_blank=True)
    company = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="The company's business ID."
    )
