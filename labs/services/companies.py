"""Companies and their representatives: registering, inviting a colleague, accepting."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from labs import permissions
from labs.models import Company, Representative, normalise_business_id
from labs.services import notifications
from popsote.core.ratelimit import Rate, allow
from popsote.core.site import absolute_url

INVITATION_SALT = "labs.invitation"
# Each invitation is an e-mail to an address a person typed: bounded, like every such mail.
INVITATIONS = Rate(limit=20, period=3600)


def company_register(*, actor, name: str, business_id: str, website: str = "") -> Company:
    """Register a company by its business ID; ``actor`` becomes its first representative."""
    if not permissions.can_register_company(actor):
        raise PermissionDenied(permissions.register_company_refusal(actor).message)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the company's name.")
    try:
        business_id = normalise_business_id(business_id)
    except ValidationError as error:
        errors["business_id"] = error.messages[0]
    else:
        if Company.objects.filter(business_id=business_id).exists():
            errors["business_id"] = _(
                "A company with this business ID is already registered. Ask one of its "
                "representatives to invite you."
            )
    website = (website or "").strip()
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            errors["website"] = _("Give the website's address, starting with https://.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            company = Company.objects.create(name=name, business_id=business_id, website=website)
            Representative.objects.create(company=company, user=actor)
    except IntegrityError:  # the same ID, or the same person, a moment ago
        raise ValidationError(
            {"business_id": _("A company with this business ID is already registered.")}
        ) from None
    permissions.forget_company(actor)
    return company


def invitation_token(*, company: Company, email: str) -> str:
    return signing.dumps({"c": company.pk, "e": email.strip().lower()}, salt=INVITATION_SALT)


def invitation_create(*, actor, company: Company, email: str) -> str:
    """A signed link, valid ``LABS_INVITATION_DAYS`` days, that lets the person signed in with
    ``email`` join ``company``; e-mailed to that address. Returns the link."""
    if not permissions.can_invite(actor, company):
        raise PermissionDenied
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ValidationError({"email": _("Give the colleague's e-mail address.")})
    if not allow(f"labs-invite:{actor.pk}", INVITATIONS):
        raise ValidationError(
            {"email": _("You have sent many invitations in a short time; try again later.")}
        )
    token = invitation_token(company=company, email=email)
    url = absolute_url(reverse("labs:invitation", kwargs={"token": token}))
    with transaction.atomic():
        notifications.invitation(
            email=email,
            company=company,
            url=url,
            language=get_language() or settings.LANGUAGE_CODE,
            inviter_id=actor.pk,
        )
    return url


def invitation_read(token: str) -> tuple[Company, str]:
    """The company and the invited address of a valid link, or ``ValidationError`` saying
    why the link no longer works."""
    try:
        payload = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.LABS_INVITATION_DAYS * 86400
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _("This invitation has expired. Ask your colleague to send a new one."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid."), code="invalid") from None
    company = Company.objects.filter(pk=payload.get("c")).first()
    if company is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    return company, payload.get("e", "")


def invitation_accept(*, actor, token: str) -> Representative:
    """Join the company of the invitation; the person must be signed in with the invited
    address and act for no other company."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    company, email = invitation_read(token)
    if actor.email.strip().lower() != email:
        raise ValidationError(
            _(
                "This invitation was sent to another e-mail address. Sign in with the address "
                "the invitation came to."
            ),
            code="wrong_address",
        )
    existing = Representative.objects.filter(user=actor).first()
    if existing is not None:
        if existing.company_id == company.pk:
            return existing
        raise ValidationError(
            _("You already represent another company; one person acts for one company."),
            code="other_company",
        )
    try:
        with transaction.atomic():
            representative = Representative.objects.create(company=company, user=actor)
    except IntegrityError:  # the same link opened twice at once
        representative = Representative.objects.get(user=actor)
    permissions.forget_company(actor)
    return representative
