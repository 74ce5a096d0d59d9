"""Who may do what in the showroom: plain functions, used by views, the API and templates.

``listings_visible_to(user)`` answers "which listings may this person open"; the ``can_*``
functions answer "this one"; beside each ``can_*`` whose "no" needs explaining is its
``*_refusal`` (None when the answer is yes). The catalogue is not a permission but the
publishing rule, ``Listing.objects.listed(today)``, the same for everyone.

- The company's representatives (``labs.permissions.is_representative``) draft, edit and submit
  their own company's listings, and see them in every state; another company's draft does not
  exist for them (a 404).
- Showroom editors review, publish, return, archive and restore, and moderate feedback.
- Editors, labs staff and coordinators read every listing and its whole timeline.
- Everyone opens a published or archived listing's page; its responses (interest, feedback,
  recommendations) are taken only while it is listed.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from labs.models import Label
from labs.permissions import Refusal, company_id_of, is_representative
from popsote.accounts.roles import (
    is_coordinator,
    is_labs_staff,
    is_professional,
    is_showroom_editor,
)
from showroom.lifecycle import COMPANY_ACTIONS, LIFECYCLE, PENDING_REQUIRED, Action, State
from showroom.models import Listing

__all__ = [
    "Refusal",
    "allowed_actions",
    "can_create_listing",
    "can_edit",
    "can_give_feedback",
    "can_manage_categories",
    "can_moderate_feedback",
    "can_recommend",
    "can_register_interest",
    "can_report_feedback",
    "can_request_archive",
    "can_review",
    "can_see_all_events",
    "can_transition",
    "can_view",
    "create_listing_refusal",
    "edit_refusal",
    "feedback_refusal",
    "interest_refusal",
    "is_listing_company",
    "listings_visible_to",
    "reads_everything",
    "recommend_refusal",
    "report_feedback_refusal",
    "transition_refusal",
]


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def reads_everything(user) -> bool:
    """Editors, labs staff and coordinators read every listing in every state."""
    return is_showroom_editor(user) or is_labs_staff(user) or is_coordinator(user)


def is_listing_company(user, listing) -> bool:
    """A representative of the company whose listing it is."""
    return is_representative(user, listing.company_id)


# --- Which ------------------------------------------------------------------------------------


def listings_visible_to(user, queryset=None):
    """The listings whose page ``user`` may open: everyone a published or archived one's; the
    company its own in every state; editors, labs staff and coordinators every one."""
    queryset = Listing.objects.all() if queryset is None else queryset
    if reads_everything(user):
        return queryset
    public = queryset.filter(state__in=[State.PUBLISHED, State.ARCHIVED], published__isnull=False)
    company_id = company_id_of(user)
    if company_id is not None:
        return public | queryset.filter(company_id=company_id)
    return public


# --- This one ---------------------------------------------------------------------------------


def can_view(user, listing) -> bool:
    if reads_everything(user) or is_listing_company(user, listing):
        return True
    return listing.state in (State.PUBLISHED, State.ARCHIVED) and listing.published_id is not None


def can_see_all_events(user, listing) -> bool:
    """The whole timeline (internal notes, drafts saved); others read its public rows."""
    return reads_everything(user)


def can_create_listing(user) -> bool:
    """A company's representative, when the company holds a label valid today."""
    company_id = company_id_of(user)
    if company_id is None:
        return False
    return Label.objects.valid().filter(company_id=company_id).exists()


def create_listing_refusal(user) -> Refusal | None:
    if can_create_listing(user):
        return None
    if not _signed_in(user):
        return Refusal(_("Sign in to list your company's solution."))
    if company_id_of(user) is None:
        return Refusal(
            _("Only a company's representatives list solutions; register your company first.")
        )
    return Refusal(
        _(
            "A solution is listed with a valid OuluHealth Labs label, and your company holds "
            "none today."
        )
    )


def _change_in_review(listing) -> bool:
    pending = listing.pending
    return pending is not None and pending.submitted_at is not None and pending.reviewed_at is None


def can_edit(user, listing) -> bool:
    """The company writes a draft, or a change to its published listing, until it submits."""
    if not is_listing_company(user, listing):
        return False
    if listing.state == State.DRAFT:
        return True
    return listing.state == State.PUBLISHED and not _change_in_review(listing)


def edit_refusal(user, listing) -> Refusal | None:
    if can_edit(user, listing):
        return None
    if not is_listing_company(user, listing):
        return Refusal(_("Only the company's representatives can change its listing."))
    if listing.state == State.ARCHIVED:
        return Refusal(
            _("The listing is archived. Ask the showroom editors to restore it first."),
            by_state=True,
        )
    return Refusal(
        _(
            "The listing is being reviewed and cannot be changed now. The editors publish it "
            "or return it to you with a message."
        ),
        by_state=True,
    )


def can_transition(user, listing, action: str) -> bool:
    """The right to attempt ``action``; whether the state allows it is the lifecycle's
    answer."""
    if action in COMPANY_ACTIONS:
        return is_listing_company(user, listing)
    return is_showroom_editor(user)


def _pending_refusal(listing, action: str) -> Refusal | None:
    """What the version in ``pending`` must be for the move. A submission sends the version
    being written, or a copy of the returned one (or, for a restored listing, of the published
    one); a review needs a submitted version not yet reviewed."""
    if action not in PENDING_REQUIRED:
        return None
    pending = listing.pending
    if action in (Action.SUBMIT, Action.SUBMIT_CHANGE):
        if _change_in_review(listing):
            return Refusal(_("The listing is already waiting for review."), by_state=True)
        if pending is None and (action == Action.SUBMIT_CHANGE or listing.published_id is None):
            return Refusal(
                _("There is no change to submit: edit the listing first."), by_state=True
            )
        return None
    if not _change_in_review(listing):
        return Refusal(_("There is nothing waiting for review."), by_state=True)
    return None


def transition_refusal(user, listing, action: str) -> Refusal | None:
    """None when ``user`` may make the move now; otherwise who or what stands in the way."""
    if not can_transition(user, listing, action):
        if action in COMPANY_ACTIONS:
            return Refusal(_("Only the company's representatives can do this."))
        return Refusal(_("Only the showroom editors can do this."))
    if not LIFECYCLE.allows(action=action, state=listing.state):
        return Refusal(
            _("“%(action)s” is not possible while the state is “%(state)s”.")
            % {"action": Action(action).label, "state": listing.get_state_display()},
            by_state=True,
        )
    return _pending_refusal(listing, action)


def allowed_actions(user, listing) -> list[str]:
    """The moves ``user`` may make now: the buttons of a page."""
    return [
        action
        for action in LIFECYCLE.actions_from(listing.state)
        if transition_refusal(user, listing, action) is None
    ]


def can_request_archive(user, listing) -> bool:
    """The company asks the editors to archive its published listing; an editor does it."""
    return is_listing_company(user, listing) and listing.state == State.PUBLISHED


def can_review(user) -> bool:
    """The review queue and every review page."""
    return is_showroom_editor(user)


def can_manage_categories(user) -> bool:
    return is_showroom_editor(user)


# --- Responses --------------------------------------------------------------------------------


def _not_listed(listing, today: datetime.date | None) -> Refusal | None:
    if listing.is_listed(today):
        return None
    return Refusal(
        _("This solution is not in the showroom now, so it takes no responses."), by_state=True
    )


def interest_refusal(user, listing, today: datetime.date | None = None) -> Refusal | None:
    """Anyone may say a listed solution interests them (once: the service counts one per
    person or browser), except its own company."""
    if is_listing_company(user, listing):
        return Refusal(_("Your company's own solution cannot be marked as interesting."))
    return _not_listed(listing, today)


def can_register_interest(user, listing, today: datetime.date | None = None) -> bool:
    return interest_refusal(user, listing, today) is None


def feedback_refusal(user, listing, today: datetime.date | None = None) -> Refusal | None:
    """Signed-in people who are not the company tell of their experience of a listed one."""
    if not _signed_in(user):
        return Refusal(_("Sign in to tell others of your experience."))
    if is_listing_company(user, listing):
        return Refusal(_("The company cannot give feedback on its own solution."))
    return _not_listed(listing, today)


def can_give_feedback(user, listing, today: datetime.date | None = None) -> bool:
    return feedback_refusal(user, listing, today) is None


def recommend_refusal(user, listing, today: datetime.date | None = None) -> Refusal | None:
    """Only the county's professionals recommend, and never their own company's solution."""
    if not _signed_in(user):
        return Refusal(_("Sign in as a professional to recommend a solution."))
    if not is_professional(user):
        return Refusal(_("Only professionals of the county recommend solutions."))
    if is_listing_company(user, listing):
        return Refusal(_("The company cannot recommend its own solution."))
    return _not_listed(listing, today)


def can_recommend(user, listing, today: datetime.date | None = None) -> bool:
    return recommend_refusal(user, listing, today) is None


def report_feedback_refusal(user, feedback) -> Refusal | None:
    if not _signed_in(user):
        return Refusal(_("Sign in to report feedback."))
    if feedback.is_hidden:
        return Refusal(_("This feedback is already hidden."), by_state=True)
    if feedback.user_id == user.pk:
        return Refusal(_("You cannot report your own feedback."))
    return None


def can_report_feedback(user, feedback) -> bool:
    return report_feedback_refusal(user, feedback) is None


def can_moderate_feedback(user) -> bool:
    """Editors keep the showroom's feedback, coordinators every public text."""
    return is_showroom_editor(user) or is_coordinator(user)
