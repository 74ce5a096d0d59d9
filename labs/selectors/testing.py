"""Reads of an application's testing-need assessment, test plan and test report: one query
each, with what their pages show."""

from __future__ import annotations

from labs.models import Application, Screening, TestPlan, TestReport


def screening_of(application: Application) -> Screening | None:
    return Screening.objects.filter(application=application).select_related("unit").first()


def plan_of(application: Application) -> TestPlan | None:
    return (
        TestPlan.objects.filter(application=application)
        .prefetch_related("environments", "criteria")
        .first()
    )


def report_of(application: Application) -> TestReport | None:
    return (
        TestReport.objects.filter(application=application)
        .prefetch_related("results__criterion")
        .first()
    )
