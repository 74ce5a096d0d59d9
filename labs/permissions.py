"""Who may do what in OuluHealth Labs: plain functions, used by views, the API and templates.

``applications_visible_to(user)`` answers "which applications"; the ``can_*`` functions answer
"this one". Both read the same facts (is the person labs staff, which company do they
represent), so lists, detail pages, files and the API never disagree: another company's
application does not exist for a company, everywhere. Next to a ``can_*`` whose "no" a person
needs explained is its ``*_refusal``: None when the answer is yes, otherwise why not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ideas.permissions import is_handler
from labs.lifecycle import (
    COMPANY_ACTIONS,
    EDITABLE_STATES,
    EVALUATION_STATES,
    LIFECYCLE,
    Action,
    State,
)
from labs.models import Application, ApplicationAttachment, Representative
from popsote.accounts.roles import is_coordinator, is_labs_staff
from processing_groups.permissions import group_ids_of


@dataclass(frozen=True)
class Refusal:
    """Why not, in a sentence for the person. ``by_state``: the application's state stands in
    the way rather than who the person is (a page answers 409 then, 403 otherwise)."""

    message: str
    by_state: bool = False


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def company_id_of(user) -> int | None:
    """The company ``user`` represents, read once per user object (a request's) and cached."""
    if not _signed_in(user):
        return None
    if not hasattr(user, "_labs_company_id"):
        user._labs_company_id = (
            Representative.objects.filter(user=user).values_list("company_id", flat=True).first()
        )
    return user._labs_company_id


def forget_company(user) -> None:
    """After the person joins a company in this request."""
    user.__dict__.pop("_labs_company_id", None)


def is_representative(user, company) -> bool:
    company_id = company if isinstance(company, int) else getattr(company, "pk", None)
    return company_id is not None and company_id_of(user) == company_id


def is_applicant(user, application) -> bool:
    """A representative of the company that applied."""
    return is_representative(user, application.company_id)


# --- Which ------------------------------------------------------------------------------------


def applications_visible_to(user, queryset=None):
    """Labs staff see every application but the companies' drafts; a representative sees their
    own company's, drafts included; anyone else none."""
    queryset = Application.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return queryset.none()
    company_id = company_id_of(user)
    if is_labs_staff(user):
        if company_id is not None:
            # Labs staff who also act for a company (a demo, a test) keep their own drafts.
            return queryset.exclude(state=State.DRAFT) | queryset.filter(company_id=company_id)
        return queryset.exclude(state=State.DRAFT)
    if company_id is not None:
        return queryset.filter(company_id=company_id)
    return queryset.none()


def attachments_visible_to(user):
    return ApplicationAttachment.objects.filter(
        application__in=applications_visible_to(user).values("pk")
    )


# --- This one ---------------------------------------------------------------------------------


def can_view(user, application) -> bool:
    if is_applicant(user, application):
        return True
    return is_labs_staff(user) and application.state != State.DRAFT


def can_see_internal(user, application) -> bool:
    """Internal notes, the screening and the evaluators' working copies are the labs staff's."""
    return is_labs_staff(user) and application.state != State.DRAFT


def can_edit(user, application) -> bool:
    """The company edits its answers and attachments until it submits."""
    return is_applicant(user, application) and application.state in EDITABLE_STATES


def edit_refusal(user, application) -> Refusal | None:
    if can_edit(user, application):
        return None
    if not is_applicant(user, application):
        return Refusal(_("Only the company's representatives can change its application."))
    return Refusal(
        _(
            "The application has been submitted and can no longer be changed. While it is "
            "not decided you may withdraw it and apply again with the corrected answers."
        ),
        by_state=True,
    )


def can_transition(user, application, action: str) -> bool:
    """The right to attempt ``action``; whether the state allows it is the lifecycle's answer."""
    if action in COMPANY_ACTIONS:
        return is_applicant(user, application)
    return is_labs_staff(user) and application.state != State.DRAFT


def transition_refusal(user, application, action: str) -> Refusal | None:
    """None when ``user`` may make the move now; otherwise who or what stands in the way."""
    if not can_transition(user, application, action):
        if action in COMPANY_ACTIONS:
            return Refusal(_("Only the company's representatives can do this."))
        return Refusal(_("Only the labs staff can do this."))
    if not LIFECYCLE.allows(action=action, state=application.state):
        if action == Action.WITHDRAW:
            return Refusal(
                _(
                    "An application can be withdrawn only until it has been decided; this one "
                    "is now “%(state)s”."
                )
                % {"state": application.get_state_display()},
                by_state=True,
            )
        return Refusal(
            _("“%(action)s” is not possible while the state is “%(state)s”.")
            % {"action": Action(action).label, "state": application.get_state_display()},
            by_state=True,
        )
    return None


def allowed_actions(user, application) -> list[str]:
    """The moves ``user`` may attempt from the application's state: the buttons of a page and
    the ``actions`` of the API."""
    return [
        action
        for action in LIFECYCLE.actions_from(application.state)
        if can_transition(user, application, action)
    ]


def can_withdraw(user, application) -> bool:
    return transition_refusal(user, application, Action.WITHDRAW) is None


def can_screen(user, application) -> bool:
    return is_labs_staff(user) and application.state in {State.SUBMITTED, State.SCREENING}


def can_plan(user, application) -> bool:
    return is_labs_staff(user) and application.state in {State.ACCEPTED, State.TEST_PLANNED}


def can_report(user, application) -> bool:
    return is_labs_staff(user) and application.state in {State.TESTING, State.REPORTING}


def can_evaluate(user, application) -> bool:
    """Labs staff evaluate once the results are being reported, until the evaluation closes."""
    return is_labs_staff(user) and application.state in EVALUATION_STATES


def evaluation_refusal(user, application) -> Refusal | None:
    if can_evaluate(user, application):
        return None
    if not is_labs_staff(user):
        return Refusal(_("Only the labs staff evaluate applications."))
    return Refusal(
        _(
            "Evaluations are written while the results are reported; this application is "
            "“%(state)s”."
        )
        % {"state": application.get_state_display()},
        by_state=True,
    )


def can_see_evaluation(user, application) -> bool:
    """Labs staff always; the company once the draft evaluation has been shared with it (its
    right of reply), and afterwards."""
    if can_see_internal(user, application):
        return True
    return is_applicant(user, application) and application.reply_due_at is not None


def can_add_attachment(user, application) -> bool:
    return can_edit(user, application)


def can_note(user, application) -> bool:
    return can_see_internal(user, application)


# --- Companies, labels, calls, environments ---------------------------------------------------


def can_register_company(user) -> bool:
    """A signed-in person who does not act for a company yet."""
    return _signed_in(user) and company_id_of(user) is None


def register_company_refusal(user) -> Refusal | None:
    if can_register_company(user):
        return None
    if not _signed_in(user):
        return Refusal(_("Sign in to register your company."))
    return Refusal(_("You already represent a company; one person acts for one company."))


def can_invite(user, company) -> bool:
    return is_representative(user, company)


def can_manage_labs(user) -> bool:
    """Test environments, the evaluation protocol and the label rules."""
    return is_labs_staff(user)


def can_withdraw_label(user, label) -> bool:
    return is_labs_staff(user) and label.withdrawn_at is None


def can_open_call(user, suggestions) -> bool:
    """Coordinators, or handlers of every suggestion's group; only public needs are opened."""
    suggestions = list(suggestions)
    if not _signed_in(user) or not suggestions:
        return False
    if any(not suggestion.is_public for suggestion in suggestions):
        return False
    if is_coordinator(user):
        return True
    return all(is_handler(user, suggestion) for suggestion in suggestions)


def may_open_calls(user) -> bool:
    """Whether the person could open a call on some suggestion: a coordinator or a member of a
    handler group. Which suggestions is ``can_open_call``'s answer."""
    return _signed_in(user) and (is_coordinator(user) or bool(group_ids_of(user)))


def open_call_refusal(user, suggestion) -> Refusal | None:
    """Why ``user`` may not open ``suggestion`` as a call; None when they may."""
    if can_open_call(user, [suggestion]):
        return None
    if not suggestion.is_public:
        return Refusal(
            _("Only public suggestions can be opened to companies; %(reference)s is not public.")
            % {"reference": suggestion.reference},
            by_state=True,
        )
    return Refusal(
        _(
            "Only the handlers of the group of suggestion %(reference)s and the coordinators "
            "can open it to companies."
        )
        % {"reference": suggestion.reference}
    )
