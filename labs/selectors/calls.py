"""Reads of the calls to companies and of what answers a need: the calls opened on a
suggestion and the labels of the applications that answered it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from ideas.models import Suggestion
from labs.lifecycle import State
from labs.models import Application, Call, Label


@dataclass
class NeedAnswers:
    """What answers one suggestion: the calls opened on it and the labels granted to the
    applications that answered it (linking it, or answering a call on it)."""

    calls: list[Call]
    labels: list[Label]
    # How many companies applied to answer it, drafts left out: the applications themselves
    # are the companies' own.
    companies: int


def answers_to(suggestion, *, today) -> NeedAnswers:
    answering = Q(application__needs=suggestion) | Q(application__call__suggestions=suggestion)
    labels = (
        Label.objects.with_status(today)
        .filter(answering)
        .select_related("company")
        .distinct()
        .order_by("-granted_on", "-id")
    )
    return NeedAnswers(
        calls=list(Call.objects.filter(suggestions=suggestion).order_by("-deadline", "-id")),
        labels=list(labels),
        companies=Application.objects.exclude(state=State.DRAFT)
        .filter(Q(needs=suggestion) | Q(call__suggestions=suggestion))
        .values("company")
        .distinct()
        .count(),
    )


def call_needs(call: Call) -> list[Suggestion]:
    """The public suggestions a call was opened on; one query."""
    return list(
        Suggestion.objects.public()
        .filter(labs_calls=call)
        .select_related("area", "service_area")
        .order_by("reference")
    )


def call_labels(call: Call, *, today) -> list[Label]:
    """The labels granted to the applications that answered a call, newest first; one query."""
    return list(
        Label.objects.with_status(today)
        .filter(application__call=call)
        .select_related("company")
        .order_by("-granted_on", "-id")
    )
