"""Reads of the public label register and of one label's verification, each in a fixed number
of queries however many rows it shows. "Today" is given or the local date: a label's status is
computed from its dates for that day (``Label.objects.with_status``), never stored, so no job
has to run for a label to expire."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ideas.models import Suggestion
from labs.models import Evaluation, Label, TestEnvironment, normalise_label_code


def label_register(
    *, today: datetime.date | None = None, status=None, level=None, company=None
) -> QuerySet[Label]:
    """Every label, newest first, valid or not: the register keeps the expired, withdrawn and
    superseded ones, each annotated with its ``status`` for ``today``. ``company``: a company
    or its business ID."""
    queryset = Label.objects.with_status(today or timezone.localdate()).for_register()
    if status:
        queryset = queryset.filter(status=status)
    if level:
        queryset = queryset.filter(level=level)
    if company is not None:
        if isinstance(company, str):
            queryset = queryset.filter(company__business_id=company)
        else:
            queryset = queryset.filter(company=company)
    return queryset.select_related("superseded_by").order_by("-granted_on", "-id")


def find_label(code: str, *, today: datetime.date | None = None) -> Label | None:
    """The label with ``code`` in any letter case, with its status for ``today``; None when no
    label has that code."""
    return (
        label_register(today=today)
        .select_related("application__call")
        .filter(code=normalise_label_code(code))
        .first()
    )


def label_for_code(code: str, *, today: datetime.date | None = None) -> Label:
    """``find_label``, or 404."""
    label = find_label(code, today=today)
    if label is None:
        raise Http404
    return label


@dataclass
class Verification:
    """What the verification page says of one label."""

    label: Label
    environments: list[TestEnvironment] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    needs: list[Suggestion] = field(default_factory=list)


def verification(label: Label) -> Verification:
    """What ``label`` rests on: where it was tested, the evaluators' public summaries and the
    public needs the application answers. Three queries."""
    application = label.application_id
    return Verification(
        label=label,
        environments=list(
            TestEnvironment.objects.filter(test_plans__application=application)
            .for_cards()
            .order_by("name", "id")
        ),
        summaries=list(
            Evaluation.objects.filter(application=application, submitted_at__isnull=False)
            .exclude(summary="")
            .order_by("submitted_at", "id")
            .values_list("summary", flat=True)
        ),
        needs=list(
            Suggestion.objects.public()
            .filter(labs_applications=application)
            .only("reference", "title", "language")
            .order_by("reference")
        ),
    )
