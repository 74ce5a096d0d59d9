"""A listing's pictures, served through the same guard as every uploaded file
(``popsote.core.uploads.serve``): a published version's to anyone who may open the listing, a
version being written or reviewed only to the company and to those who read every listing."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.views.decorators.http import require_GET

from popsote.core.uploads import serve
from showroom import permissions
from showroom.models import ListingImage


@dataclass(frozen=True)
class _Served:
    """What ``serve`` reads of a stored file."""

    file: object
    content_type: str
    original_name: str


def _may_see(user, picture: ListingImage) -> bool:
    listing = picture.version.listing
    if not permissions.can_view(user, listing):
        return False
    if picture.version_id == listing.published_id:
        return True
    return permissions.is_listing_company(user, listing) or permissions.reads_everything(user)


@require_GET
def image(request, token: str):
    """The picture with ``token``. Copying a version copies its rows with the same stored file
    and token, so the picture is served when any of its rows may be seen."""
    rows = ListingImage.objects.select_related("version__listing").filter(token=token[:32])
    picture = next((row for row in rows if _may_see(request.user, row)), None)
    if picture is None:
        raise Http404
    name = f"{picture.token}{picture.extension}"
    return serve(_Served(picture.file, picture.content_type, name))
