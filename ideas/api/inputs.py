"""What the suggestions' API reads: query parameters and request bodies, each field checked
and named in the errors. What it answers with is in ``serializers``."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ideas.lifecycle import LIFECYCLE, Action, State
from ideas.models import Challenge, Suggestion
from ideas.selectors.board import DEFAULT_ORDERING, FILTER_FIELDS, ORDERINGS, BoardQuery
from popsote.core.pii import no_identity_code
from popsote.taxonomy.models import (
    Area,
    DecisionReason,
    ServiceArea,
    StakeholderGroup,
    StrategyTheme,
    SuggestionKind,
)
from processing_groups.models import HandlerGroup

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _term(model, help_text: str, **extra):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model.objects.active(), help_text=help_text, **extra
    )


# --- Input ----------------------------------------------------------------------------------


class BoardParamsSerializer(serializers.Serializer):
    """Query parameters of the list; an empty value means "no filter", as on the HTML board."""

    area = serializers.SlugField(required=False, allow_blank=True, help_text="Area code.")
    service_area = serializers.SlugField(
        required=False, allow_blank=True, help_text="Service area code."
    )
    kind = serializers.SlugField(required=False, allow_blank=True, help_text="Kind code.")
    state = serializers.ChoiceField(choices=State.choices, required=False, allow_blank=True)
    stakeholder_group = serializers.SlugField(
        required=False, allow_blank=True, help_text="Stakeholder group code."
    )
    challenge = serializers.SlugField(
        required=False, allow_blank=True, help_text="Slug of a challenge."
    )
    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Full text in Finnish, Swedish or English; inflected forms find each other.",
    )
    ordering = serializers.ChoiceField(choices=list(ORDERINGS), required=False, allow_blank=True)
    cursor = serializers.CharField(
        required=False, allow_blank=True, help_text="Opaque; taken from `next` or `previous`."
    )

    def board_query(self) -> BoardQuery:
        data = self.validated_data
        return BoardQuery(
            filters={name: data[name] for name in FILTER_FIELDS if data.get(name)},
            search=data.get("search", "").strip(),
            ordering=data.get("ordering") or DEFAULT_ORDERING,
            cursor=data.get("cursor", ""),
        )


class SimilarParamsSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=2000, help_text="What the person has typed so far: a title, a description."
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The typed title, when known apart from the text: it weighs more.",
    )


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string", "minLength": 1}},
            {"type": "string", "description": "One code; empty for none."},
        ]
    }
)
class ThemeCodesField(serializers.ListField):
    """Strategy themes: a list of codes, or one code on its own."""

    child = serializers.SlugRelatedField(slug_field="code", queryset=StrategyTheme.objects.active())

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [data] if data else []
        return super().to_internal_value(data)


class SuggestionSubmitSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, validators=[no_identity_code])
    description = serializers.CharField(
        max_length=10000, help_text="The need or problem.", validators=[no_identity_code]
    )
    proposed_solution = serializers.CharField(
        max_length=10000,
        required=False,
        allow_blank=True,
        default="",
        validators=[no_identity_code],
    )
    benefit = serializers.CharField(
        max_length=5000,
        validators=[no_identity_code],
        required=False,
        allow_blank=True,
        default="",
        help_text="Who would benefit, and how.",
    )
    kind = _term(SuggestionKind, "Kind code (see /api/v1/taxonomy/).")
    area = _term(Area, "Area code.")
    service_area = _term(ServiceArea, "Service area code.")
    stakeholder_group = _term(
        StakeholderGroup,
        "The submitter's stakeholder group code; a signed-in person's own group when left out.",
        required=False,
    )
    theme = ThemeCodesField(required=False, default=list, help_text="Strategy theme codes.")
    challenge = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Challenge.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of an open challenge this answers.",
    )
    language = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text="Language of the text; the language of Accept-Language when left out.",
    )
    is_private = serializers.BooleanField(
        default=False, help_text="Only the handlers and coordinators see a private suggestion."
    )
    show_name = serializers.BooleanField(
        default=False, help_text="Show the signed-in submitter's name publicly."
    )
    email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Signed out: where to send the tracking link (optional).",
    )
    on_behalf = serializers.BooleanField(
        default=False,
        help_text="A signed-in contact person enters this for someone else; see `channel`.",
    )
    channel = serializers.ChoiceField(
        choices=Suggestion.Channel.choices, default=Suggestion.Channel.ONLINE
    )

    def validate(self, attrs):
        if attrs.get("stakeholder_group") is None:
            user = self.context["request"].user
            own = getattr(user, "stakeholder_group", None)
            if own is None or attrs.get("on_behalf"):
                raise serializers.ValidationError(
                    {"stakeholder_group": _("Choose who you are submitting as.")}
                )
            attrs["stakeholder_group"] = own
        return attrs

    def service_arguments(self) -> dict:
        data = self.validated_data
        language = data.get("language") or (get_language() or "fi")[:2]
        return {
            "title": data["title"],
            "description": data["description"],
            "proposed_solution": data["proposed_solution"],
            "beneficiaries": data["benefit"],
            "kind": data["kind"],
            "area": data["area"],
            "service_area": data["service_area"],
            "stakeholder_group": data["stakeholder_group"],
            "themes": data["theme"],
            "challenge": data["challenge"],
            "language": language if language in LANGUAGE_CODES else "fi",
            "is_private": data["is_private"],
            "show_submitter_name": data["show_name"],
            "email": data["email"],
            "on_behalf": data["on_behalf"],
            "channel": data["channel"],
        }


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, validators=[no_identity_code])


TRANSITION_ACTIONS = [(action, Action(action).label) for action in LIFECYCLE.moves]


class TransitionInputSerializer(serializers.Serializer):
    """What a move needs; the service says which of these each move requires and names the
    field (``message``, ``group``, ``target``, ``reason``, ``link``) when one is missing."""

    action = serializers.ChoiceField(choices=TRANSITION_ACTIONS)
    message = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "Public: the submitter and everyone see it. Required for every decision (accept, "
            "not_advance, merge, existing_solution), for request_info (the question) and "
            "answer_info (the answer); transfer needs a reason here or in `note`."
        ),
    )
    note = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Internal: only the group and the coordinators see it.",
    )
    group = serializers.SlugRelatedField(
        slug_field="slug",
        # Every group, so that a retired one is refused by name rather than as unknown.
        queryset=HandlerGroup.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of the handler group (route, transfer).",
        error_messages={"does_not_exist": _("No handler group has this short name.")},
    )
    target = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference of the suggestion this is merged into (merge).",
    )
    reason = serializers.SlugRelatedField(
        slug_field="code",
        queryset=DecisionReason.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Decision reason code (not_advance; see `decision_reasons` in the taxonomy).",
        error_messages={"does_not_exist": _("No reason has this code.")},
    )
    link = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Web address of the solution that already answers it (existing_solution).",
    )
    expected_state = serializers.ChoiceField(
        choices=State.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "The state you saw (a `state` value): when someone else has moved the suggestion "
            "since, the answer is 409 and nothing changes."
        ),
        error_messages={"invalid_choice": _("No state has this name.")},
    )
    tracking_token = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="A signed-out author's private tracking token (withdraw, answer_info).",
    )

    def service_arguments(self) -> dict:
        data = self.validated_data
        return {
            "action": data["action"],
            "message": data["message"],
            "note": data["note"],
            "group": data["group"],
            "target": data["target"],
            "reason": data["reason"],
            "link": data["link"],
            "expected_state": data["expected_state"] or None,
            "tracking_token": data["tracking_token"] or None,
        }
