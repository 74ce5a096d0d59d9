"""Removing a person's data: account deletion, and the retention jobs that call it or erase
signed-out submitters' addresses. Each is one transaction; the jobs are safe to run twice."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas.lifecycle import DECIDED_STATES, Action, State
from ideas.models import Comment, Suggestion, SuggestionEvent, Support
from ideas.services.notifications import topic_of
from labs.models import Evaluation as LabsEvaluation
from popsote.accounts.models import User
from popsote.accounts.roles import role_names
from popsote.notifications.models import Notification
from popsote.privacy.messages import inactivity_warning
from popsote.privacy.models import InactivityWarning
from popsote.privacy.selectors import own_signed_out_suggestions
from processing_groups.models import Membership

logger = logging.getLogger(__name__)
BATCH = 500


class AccountNotDeletable(Exception):
    """The account holds a duty that someone else must hand over first; ``reasons`` say which,
    in words the person can act on."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def deletion_blockers(user: User) -> list[str]:
    """Why ``user``'s account cannot be deleted yet (empty: it can).

    Staff roles and handler-group seats are held for the county: the group's queue, its chair
    (a group that has a chair keeps one), the evaluations that decided suggestions and labels
    are records of its work. A coordinator removes the role or the seat first, which hands the
    work over under the rules that already hold there; then the account can go.
    """
    reasons = []
    if user.is_staff or user.is_superuser or role_names(user):
        reasons.append(
            _("Your account has a staff role. Ask a coordinator to remove the role first.")
        )
    if Membership.objects.filter(user=user).exists():
        reasons.append(
            _(
                "You are a member of a handler group. Ask a coordinator to remove you from the "
                "group first, so that its work is handed over."
            )
        )
    elif LabsEvaluation.objects.filter(evaluator=user).exists():
        reasons.append(
            _(
                "You evaluated testing applications; the evaluations are kept as the record of "
                "the decisions. Ask the Labs coordinators to remove your account."
            )
        )
    return reasons


def account_delete(*, actor: User | None, user: User) -> None:
    """Delete ``user``'s account and the personal data linked to it, in one transaction.

    ``actor`` is the person themself, or None for the inactivity job. Refused with
    ``AccountNotDeletable`` while the account holds a staff duty (``deletion_blockers``).

    Removed:
      - the account: e-mail addresses, name, organisation, area, language, password, API token,
        notification preferences, and the inactivity warning;
      - the person's in-site notifications and their e-mails, sent or waiting (digests too),
        and the outbox rows to any of their addresses;
      - supports (the suggestions' support counts go down by one), follows, showroom interests
        and recommendations: acts that only say "this person";
      - the address given on suggestions sent signed out from one of their verified addresses;
      - their Labs representative seat (the company stays).
    Kept, without any link to the person:
      - their public suggestions and comments (and showroom feedback), which others answered
        and relied on: shown under the stakeholder group they had when they wrote them, never
        with their name again (``show_submitter_name`` is cleared);
      - the events they caused (the audit trail names nobody), reports they made, and the
        company's Labs applications, which are the company's, not the person's;
      - figures already counted: aggregates that hold no person.
    Their other sessions stop working at once: a session of an account that is gone signs
    nobody in, and expired session rows are cleared nightly.
    """
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        reasons = deletion_blockers(user)
        if reasons:
            raise AccountNotDeletable(reasons)
        addresses = list(
            user.emailaddress_set.values_list("email", flat=True).union(
                User.objects.filter(pk=user.pk).values_list("email", flat=True)
            )
        )
        Suggestion.objects.filter(submitter=user, show_submitter_name=True).update(
            show_submitter_name=False
        )
        own_signed_out_suggestions(user).update(submitter_email="")
        # A comment written before the stakeholder group was kept with it gets the group now,
        # so that it still says who, in the only way it may.
        Comment.objects.filter(author=user, stakeholder_group=None).update(
            stakeholder_group_id=user.stakeholder_group_id
        )
        Suggestion.objects.filter(
            pk__in=Support.objects.filter(user=user).values("suggestion")
        ).update(support_count=F("support_count") - 1)
        Notification.objects.filter(
            recipient=None, email__in=[address.lower() for address in addresses]
        ).delete()
        user.delete()
    logger.info("account %s deleted (%s)", user.pk, "inactive" if actor is None else "by request")


# --- Signed-out submitters' addresses ------------------------------------------------------


def closed_before(cutoff):
    """Suggestions with a signed-out submitter's address that were decided, or withdrawn,
    before ``cutoff``."""
    withdrawn = SuggestionEvent.objects.filter(
        suggestion=OuterRef("pk"), action=Action.WITHDRAW, created_at__lt=cutoff
    )
    return (
        Suggestion.objects.filter(submitter=None)
        .exclude(submitter_email="")
        .filter(
            Q(state__in=sorted(DECIDED_STATES), decided_at__lt=cutoff)
            | Q(state=State.WITHDRAWN) & Exists(withdrawn)
        )
    )


def submitter_emails_erase(*, now=None) -> int:
    """Erase the address of each signed-out submitter whose suggestion was decided or
    withdrawn ``PRIVACY_SUBMITTER_EMAIL_DAYS`` ago or more, with the outbox rows that hold it.
    The suggestion and its private tracking link stay; nothing is mailed to it any more.
    How many suggestions lost their address."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PRIVACY_SUBMITTER_EMAIL_DAYS)
    erased = 0
    while True:
        with transaction.atomic():
            ids = list(
                closed_before(cutoff)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:BATCH]
            )
            if not ids:
                return erased
            topics = [topic_of(Suggestion(pk=pk)) for pk in ids]
            Notification.objects.filter(recipient=None, topic__in=topics).delete()
            erased += Suggestion.objects.filter(pk__in=ids).update(submitter_email="")


# --- Accounts nobody uses ------------------------------------------------------------------


def _last_seen():
    return Coalesce("last_login", "date_joined")


def inactive_accounts(*, now=None) -> dict[str, int]:
    """Warn the accounts unused for ``PRIVACY_INACTIVE_DAYS`` and delete those warned
    ``PRIVACY_INACTIVE_GRACE_DAYS`` ago that were not used since (``account_delete``).

    A warning is an e-mail through the outbox; a sign-in after it cancels it. Accounts with a
    staff duty are neither warned nor removed (``deletion_blockers``): their removal is the
    coordinators' when the duty ends.
    """
    now = now or timezone.now()
    # Signed in since the warning: the warning no longer holds.
    stale = InactivityWarning.objects.filter(user__last_login__gt=F("warned_at")).delete()[0]
    warned = 0
    due = (
        User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
        .annotate(seen=_last_seen())
        .filter(seen__lt=now - timedelta(days=settings.PRIVACY_INACTIVE_DAYS))
        .filter(inactivity_warning=None, group_memberships=None)
        .order_by("pk")
    )
    for user in due.iterator(chunk_size=BATCH):
        if deletion_blockers(user):
            continue
        with transaction.atomic():
            InactivityWarning.objects.create(user=user, warned_at=now)
            inactivity_warning(user)
        warned += 1
    removed = 0
    expired = InactivityWarning.objects.filter(
        warned_at__lt=now - timedelta(days=settings.PRIVACY_INACTIVE_GRACE_DAYS)
    ).select_related("user")
    for warning in list(expired[:BATCH]):
        try:
            account_delete(actor=None, user=warning.user)
        except AccountNotDeletable:  # took a staff duty since the warning
            warning.delete()
            continue
        removed += 1
    return {"warned": warned, "removed": removed, "cancelled": stale}


def sessions_clear_expired() -> int:
    """Delete the session rows that have expired; how many."""
    return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]
