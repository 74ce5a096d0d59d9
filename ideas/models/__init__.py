"""The suggestions' tables, one module per feature. Everything is importable from
``ideas.models`` (Django finds the models here, and migrations name them so)."""

from ideas.models.attachments import Attachment, attachment_path
from ideas.models.challenges import Challenge
from ideas.models.community import (
    Comment,
    ContentReport,
    Follow,
    Report,
    ReportResolution,
    Support,
)
from ideas.models.evaluation import SCORES, Evaluation, EvaluationScore, score_field
from ideas.models.impact import (
    EFFECTS,
    Effect,
    ImpactAssessment,
    ImpactAssessmentEvent,
    ImpactIndicator,
)
from ideas.models.meetings import AgendaItem, Meeting, MeetingEvent
from ideas.models.suggestion import (
    ReferenceSequence,
    Suggestion,
    SuggestionEvent,
    token_hash,
    tracking_token_for,
)

__all__ = [
    "EFFECTS",
    "SCORES",
    "AgendaItem",
    "Attachment",
    "Challenge",
    "Comment",
    "ContentReport",
    "Effect",
    "Evaluation",
    "EvaluationScore",
    "Follow",
    "ImpactAssessment",
    "ImpactAssessmentEvent",
    "ImpactIndicator",
    "Meeting",
    "MeetingEvent",
    "ReferenceSequence",
    "Report",
    "ReportResolution",
    "Suggestion",
    "SuggestionEvent",
    "Support",
    "attachment_path",
    "score_field",
    "token_hash",
    "tracking_token_for",
]
