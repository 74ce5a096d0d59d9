"""Who gets which listing on the companies' and the editors' pages.

A listing the person may not see is a 404, the same answer as for one that does not exist:
another company's draft does not exist for a company. One they see but may not work on in the
way asked (a resident on an editor's page) is a 403; a step the state does not allow is the
refusal page (409).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from labs.models import Company
from labs.permissions import Refusal, company_id_of
from popsote.core.refused import Back, refused
from showroom import permissions
from showroom.models import Listing
from showroom.selectors.listing import listing_for_slug


def sign_in_first(request):
    return redirect_to_login(request.get_full_path())


def own_listing(user, slug: str) -> Listing:
    """A listing for a company's page: 404 unless visible, 403 unless the person's company."""
    listing = listing_for_slug(user, slug)
    if not permissions.is_listing_company(user, listing):
        raise PermissionDenied
    return listing


def reviewed_listing(user, slug: str) -> Listing:
    """A listing for an editor's page: 404 unless visible, 403 unless an editor."""
    listing = listing_for_slug(user, slug)
    if not permissions.can_review(user):
        raise PermissionDenied
    return listing


def company_of(user) -> Company | None:
    company_id = company_id_of(user)
    return None if company_id is None else Company.objects.filter(pk=company_id).first()


def listing_page(request, slug: str, *args, **kwargs) -> Back:
    """Back to the listing's page: where a refused action on it was asked for."""
    return Back(reverse("showroom:detail", kwargs={"slug": slug}), _("Back to the listing"))


def review_page(request, slug: str, *args, **kwargs) -> Back:
    return Back(reverse("showroom:review", kwargs={"slug": slug}), _("Back to the review"))


def refuse(request, listing: Listing, refusal: Refusal, *, back: Back | None = None):
    return refused(
        request,
        refusal.message,
        back=back or listing_page(request, listing.slug),
        status=409 if refusal.by_state else 403,
    )
