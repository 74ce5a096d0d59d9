"""Pages about suggestions. Their paths are a public promise: keep them stable."""

from django.urls import path, register_converter

from ideas.converters import ReferenceConverter, TokenConverter
from ideas.views import (
    board,
    challenges,
    community,
    detail,
    evaluation,
    handling,
    impact,
    moderation,
    submit,
)

register_converter(ReferenceConverter, "ref")
register_converter(TokenConverter, "token")

app_name = "ideas"

urlpatterns = [
    path("suggestions/", board.board, name="board"),
    path("suggestions/new/", submit.new, name="new"),
    path("suggestions/similar/", board.similar, name="similar"),
    path("suggestions/mine/", submit.mine, name="mine"),
    path("suggestions/<ref:reference>/", detail.detail, name="detail"),
    path("suggestions/<ref:reference>/withdraw/", submit.withdraw, name="withdraw"),
    path(
        "suggestions/<ref:reference>/attachments/<token:token>/",
        submit.attachment,
        name="attachment",
    ),
    path("suggestions/<ref:reference>/support/", community.support, name="support"),
    path("suggestions/<ref:reference>/follow/", community.follow, name="follow"),
    path("suggestions/<ref:reference>/comments/", community.comment, name="comment"),
    path(
        "suggestions/<ref:reference>/comments/<int:comment_id>/edit/",
        community.comment_edit,
        name="comment_edit",
    ),
    path("suggestions/<ref:reference>/report/", community.report, name="report"),
    path("suggestions/<ref:reference>/handle/", handling.transition, name="transition"),
    path("suggestions/<ref:reference>/assign/", handling.assign, name="assign"),
    path("suggestions/<ref:reference>/note/", handling.note, name="note"),
    path("suggestions/<ref:reference>/answer/", handling.answer, name="answer"),
    path("suggestions/<ref:reference>/evaluation/", evaluation.evaluate, name="evaluate"),
    path("suggestions/<ref:reference>/impact/", impact.impact, name="impact"),
    path("track/<token:token>/", submit.track, name="track"),
    path("track/<token:token>/answer/", handling.track_answer, name="track_answer"),
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/new/", challenges.challenge_new, name="challenge_new"),
    path("challenges/<slug:slug>/", challenges.challenge_detail, name="challenge"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/<str:target>/<int:pk>/", moderation.moderate, name="moderate"),
]
