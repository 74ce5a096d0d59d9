"""Writing a listing: creating it on one of the company's labels, and saving the version being
written (its fields, categories and images) until it is submitted.

A published listing is never edited in place: the first save of a change copies the published
version (or the one the editors returned) into a new version in ``pending``, images included,
and the public keeps reading the published one until an editor publishes the change.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from labs.models import Label
from popsote.core.lifecycle import IllegalTransition
from popsote.core.pii import identity_code_errors
from popsote.core.uploads import MAX_FILES, CleanFile, clean_upload, too_many_message
from showroom import permissions
from showroom.lifecycle import Action
from showroom.models import (
    CONTENT_FIELDS,
    Category,
    Listing,
    ListingEvent,
    ListingImage,
    ListingVersion,
)
from showroom.services.records import lock_listing

# Free texts a person types: checked for identity codes like every text of the site.
TEXT_FIELDS = tuple(
    name
    for name in CONTENT_FIELDS
    if ListingVersion._meta.get_field(name).get_internal_type() in ("TextField", "CharField")
    and not ListingVersion._meta.get_field(name).choices
    and name != "video_url"
)
MAX_ALT_TEXT = 250


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "ratkaisu"
    taken = set(Listing.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def listing_create(*, actor, label: Label, name: str) -> Listing:
    """A new draft listing of ``label``'s product, by a representative of the label's
    company, while the label is valid. Its first version holds the name."""
    refusal = permissions.create_listing_refusal(actor)
    if refusal is not None:
        raise PermissionDenied(refusal.message)
    if not permissions.is_representative(actor, label.company_id):
        raise PermissionDenied(_("Choose one of your company's labels."))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the solution a name.")
    if not label.is_valid():
        errors["label"] = _("Choose a label that is valid today.")
    errors.update(identity_code_errors(name=name))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        listing = Listing.objects.create(
            slug=_unique_slug(name), company_id=label.company_id, label=label, created_by=actor
        )
        version = ListingVersion.objects.create(
            listing=listing, number=1, name=name[:120], created_by=actor
        )
        listing.pending = version
        listing.save(update_fields=["pending", "updated_at"])
        ListingEvent.record(listing, actor=actor, action=Action.CREATE, data={"label": label.code})
    return listing


def copy_version(version: ListingVersion, *, actor) -> tuple[ListingVersion, dict[int, int]]:
    """A new version of the same listing holding ``version``'s content, categories and image
    rows (pointing at the same stored files); and which new image row stands for which old."""
    number = (
        ListingVersion.objects.filter(listing_id=version.listing_id).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    copy = ListingVersion.objects.create(
        listing_id=version.listing_id,
        number=number,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **{field: getattr(version, field) for field in CONTENT_FIELDS},
    )
    copy.categories.set(version.categories.all())
    mapping = {}
    for image in version.images.all():
        old_pk = image.pk
        image.pk = None
        image.version = copy
        image.save()
        mapping[old_pk] = image.pk
    return copy, mapping


def working_version(listing: Listing, *, actor) -> tuple[ListingVersion, dict[int, int]]:
    """The version the company writes in: the pending one while it is being written, else a
    new copy of the returned change or of the published version (``listing`` is locked)."""
    pending = listing.pending
    if pending is not None and pending.submitted_at is None:
        return pending, {}
    base = pending or listing.published
    if base is None:  # cannot happen: a listing is created with its first version
        raise ValidationError(_("The listing has no content to change."))
    version, mapping = copy_version(base, actor=actor)
    listing.pending = version
    listing.save(update_fields=["pending", "updated_at"])
    return version, mapping


def version_save(
    *,
    actor,
    listing: Listing,
    data: Mapping,
    new_images: Iterable[tuple[object, str]] = (),
    alt_texts: Mapping[int, str] | None = None,
    remove_images: Iterable[int] = (),
) -> ListingVersion:
    """Save what the company wrote so far: only the keys in ``data`` change (the content
    fields and ``categories``), ``new_images`` are (upload, alt text) pairs, ``alt_texts``
    changes the alt text of images by id, ``remove_images`` takes images out. A published
    listing's change goes to a new pending version. Raises ``ValidationError`` per field and
    changes nothing then; ``IllegalTransition`` while the listing is in review."""
    new_images = list(new_images)
    alt_texts = dict(alt_texts or {})
    remove_images = set(remove_images)
    with transaction.atomic():
        locked = lock_listing(listing)
        refusal = permissions.edit_refusal(actor, locked)
        if refusal is not None:
            if refusal.by_state:
                raise IllegalTransition(
                    action=Action.SAVE, state=locked.get_state_display(), message=refusal.message
                )
            raise PermissionDenied(refusal.message)
        plain, categories = _clean_fields(data)
        cleaned_images = _clean_new_images(new_images)
        version, mapping = working_version(locked, actor=actor)
        for field, value in plain.items():
            setattr(version, field, value)
        version.save()
        if categories is not None:
            version.categories.set(categories)
        _change_images(version, cleaned_images, alt_texts, remove_images, mapping)
        ListingEvent.record(
            locked,
            actor=actor,
            action=Action.SAVE,
            data={
                "version": version.number,
                "fields": sorted(plain) + (["categories"] if categories is not None else []),
            },
        )
        listing.pending = version
    return version


def _clean_fields(data: Mapping) -> tuple[dict, list | None]:
    errors: dict[str, object] = {}
    plain: dict = {}
    probe = ListingVersion()
    for key, value in data.items():
        if key not in CONTENT_FIELDS:
            continue  # not content: states, dates and reviews are the platform's
        field = ListingVersion._meta.get_field(key)
        if isinstance(value, str):
            value = value.strip()
        if value is None:
            value = [] if key in ("audience", "languages", "platforms") else ""
        if isinstance(value, list | tuple):
            value = list(dict.fromkeys(value))
        try:
            plain[key] = field.clean(value, probe)
        except ValidationError as error:
            errors[key] = error.messages
    categories = None
    if "categories" in data:
        wanted = {getattr(c, "pk", c) for c in (data["categories"] or [])}
        active = list(Category.objects.active().filter(pk__in=wanted))
        if len(active) != len(wanted):
            errors["categories"] = _("Choose among the categories in use.")
        categories = active
    for field, message in identity_code_errors(
        **{name: plain[name] for name in TEXT_FIELDS if isinstance(plain.get(name), str)}
    ).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    return plain, categories


def _clean_alt_text(alt_text: str) -> str:
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationError(
            _("Describe what the picture shows, for people who cannot see it."), code="alt"
        )
    if len(alt_text) > MAX_ALT_TEXT:
        raise ValidationError(
            _("Describe the picture in at most %(count)d characters.") % {"count": MAX_ALT_TEXT},
            code="alt",
        )
    if errors := identity_code_errors(alt_text=alt_text):
        raise ValidationError(errors["alt_text"], code="identity_code")
    return alt_text


def _clean_new_images(new_images: list[tuple[object, str]]) -> list[tuple[CleanFile, str]]:
    cleaned, errors = [], []
    for upload, alt_text in new_images:
        try:
            clean = upload if isinstance(upload, CleanFile) else clean_upload(upload)
            if not clean.is_image:
                raise ValidationError(
                    _("“%(name)s” is not a picture (JPEG, PNG or WebP).")
                    % {"name": clean.display_name}
                )
            cleaned.append((clean, _clean_alt_text(alt_text)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"images": errors})
    return cleaned


def _change_images(version, cleaned, alt_texts, remove_images, mapping) -> None:
    remove = {mapping.get(pk, pk) for pk in remove_images}
    images = {image.pk: image for image in version.images.all()}
    errors = []
    for pk, alt_text in alt_texts.items():
        image = images.get(mapping.get(pk, pk))
        if image is None or image.pk in remove:
            continue
        try:
            image.alt_text = _clean_alt_text(alt_text)
        except ValidationError as error:
            errors.extend(error.messages)
            continue
        image.save(update_fields=["alt_text"])
    if len(images) - len(remove & images.keys()) + len(cleaned) > MAX_FILES:
        errors.append(too_many_message())
    if errors:
        raise ValidationError({"images": errors})
    # Rows only: the stored file may be the published version's too.
    ListingImage.objects.filter(version=version, pk__in=remove).delete()
    position = max((image.position for image in images.values()), default=-1) + 1
    for offset, (clean, alt_text) in enumerate(cleaned):
        image = ListingImage(
            version=version,
            token=secrets.token_urlsafe(16),
            content_type=clean.content_type,
            extension=clean.extension,
            alt_text=alt_text,
            position=position + offset,
        )
        # The storage picks the path from the random token (``showroom.models.image_path``).
        image.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
        image.save()
