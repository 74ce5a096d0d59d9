"""Reads of testing applications for the company and the labs staff: lists, one application
with what the person may see of it, its timeline and the files."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from labs import permissions
from labs.models import Application, ApplicationAttachment, ApplicationEvent, Label


def applications_for(user, *, state: str | None = None, company=None) -> QuerySet[Application]:
    """What ``user`` may see, newest first; optionally in one state, of one company."""
    queryset = permissions.applications_visible_to(user, Application.objects.for_cards())
    if state:
        queryset = queryset.filter(state=state)
    if company is not None:
        queryset = queryset.filter(company=company)
    return queryset.order_by("-updated_at", "-id")


def visible_application(user, pk) -> Application:
    """One application ``user`` may see, or 404: the same answer for another company's
    application as for one that does not exist."""
    queryset = permissions.applications_visible_to(user, Application.objects.for_cards())
    return get_object_or_404(queryset, pk=pk)


def application_for(user, pk) -> Application:
    """``visible_application`` with what its detail shows: environments, needs, files and
    labels with their status today."""
    queryset = permissions.applications_visible_to(user, Application.objects.for_cards())
    return get_object_or_404(
        queryset.select_related("created_by").prefetch_related(
            "preferred_environments",
            "needs",
            "attachments",
            Prefetch("labels", queryset=Label.objects.with_status().order_by("-granted_on")),
        ),
        pk=pk,
    )


def timeline_for(user, application: Application) -> QuerySet[ApplicationEvent]:
    """The company sees the public timeline; the labs staff every event and internal note."""
    events = application.events.select_related("actor")
    if permissions.can_see_internal(user, application):
        return events
    return events.filter(is_public=True)


def attachment_for(user, token: str) -> ApplicationAttachment:
    """A file of an application ``user`` may see, or 404 (never "forbidden": the file of
    another company's application does not exist for them)."""
    return get_object_or_404(
        permissions.attachments_visible_to(user).select_related("application"), token=token
    )
