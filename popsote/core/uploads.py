"""Uploaded files, checked by their content and cleaned before anything stores them: the one
upload mechanism of every app (suggestion attachments, testing applications, showroom images).

An image is decoded and encoded again from its pixels, so nothing of the uploaded file survives
but the picture: no EXIF (camera, time, GPS position), no comments, no colour profiles, no
trailing data. A PDF cannot be cleaned that way without a heavy library; it is checked to be a
PDF and is always served as a download in a sandbox. Only what passed is stored, so only those
types are ever served (``serve``); each app keeps its own model of stored files and who may see
them.
"""

from __future__ import annotations

import io
import os
import unicodedata
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from popsote.core.pii import contains_identity_code

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024
# A 10 MB file can still unpack into gigabytes of pixels; this is ~40 megapixels.
MAX_PIXELS = 40_000_000

IMAGE_FORMATS = {
    # Pillow's format name: (content type, extension, options for saving)
    "JPEG": ("image/jpeg", ".jpg", {"quality": 88, "optimize": True}),
    "PNG": ("image/png", ".png", {"optimize": True}),
    "WEBP": ("image/webp", ".webp", {"quality": 88}),
}
PDF = ("application/pdf", ".pdf")
# Only these are ever stored, so only these are ever served; never text/html or SVG.
SERVABLE_TYPES = frozenset({*(kind for kind, _, _ in IMAGE_FORMATS.values()), PDF[0]})
ACCEPT = ",".join(sorted(SERVABLE_TYPES))


@dataclass(frozen=True)
class CleanFile:
    """An upload that passed the checks: the bytes to store and what they are."""

    content: bytes
    content_type: str
    extension: str
    display_name: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def too_many_message() -> str:
    return _("You can attach at most %(count)d files.") % {"count": MAX_FILES}


def clean_upload(upload) -> CleanFile:
    """Check an uploaded file by its content and return a clean copy, or ``ValidationError``.

    The file's name and the content type the browser claimed are not trusted.
    """
    name = display_name(getattr(upload, "name", "") or "")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # the reported size lied
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB.")
            % {"name": name, "limit": MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if data.startswith(b"%PDF-"):
        _check_pdf(data, name)
        return CleanFile(data, PDF[0], PDF[1], _with_extension(name, PDF[1]))
    image = _reencode_image(data, name)
    if image is not None:
        return image
    raise ValidationError(
        _(
            "“%(name)s” is not a picture (JPEG, PNG or WebP) or a PDF document. "
            "Only those can be attached."
        )
        % {"name": name},
        code="unsupported",
    )


def clean_uploads(uploads) -> list[CleanFile]:
    """Check several uploads at once; every problem is reported together."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise ValidationError(too_many_message(), code="too_many")
    cleaned, errors = [], []
    for upload in uploads:
        if isinstance(upload, CleanFile):
            cleaned.append(upload)
            continue
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleaned into checked, re-encoded ``CleanFile`` objects."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            return []
        single = super().clean
        return clean_uploads([single(upload, initial) for upload in uploads])


def serve(attachment) -> FileResponse:
    """The file with headers that keep a browser from running anything in it."""
    if attachment.content_type not in SERVABLE_TYPES:  # never happens for what we stored
        content_type, inline = "application/octet-stream", False
    else:
        content_type, inline = attachment.content_type, attachment.content_type != PDF[0]
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


# --- Internals ------------------------------------------------------------------------------


def display_name(name: str) -> str:
    """A name safe to show and to put in a header: no path, no control characters, short, and
    never a personal identity code (people name scans after the patient)."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not name or contains_identity_code(name):
        return _("attachment")
    stem, extension = os.path.splitext(name)
    return stem[: 100 - len(extension[:10])] + extension[:10]


def _with_extension(name: str, extension: str) -> str:
    stem = os.path.splitext(name)[0] or _("attachment")
    return f"{stem}{extension}"


def _check_pdf(data: bytes, name: str) -> None:
    # A PDF starts with its header and ends with a cross-reference pointer and %%EOF (within
    # the last kilobyte: writers may add a newline or a little padding).
    tail = data[-1024:]
    if not (data[5:8].replace(b".", b"").isdigit() and b"%%EOF" in tail and b"startxref" in tail):
        raise ValidationError(
            _("“%(name)s” does not look like a complete PDF document.") % {"name": name},
            code="broken_pdf",
        )


def _reencode_image(data: bytes, name: str) -> CleanFile | None:
    """The picture alone, encoded again: None if ``data`` is not an image we accept."""
    broken = ValidationError(
        _("“%(name)s” could not be read as a picture. It may be damaged.") % {"name": name},
        code="broken_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    return None
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(
                        _("“%(name)s” has too many pixels. Make the picture smaller.")
                        % {"name": name},
                        code="too_many_pixels",
                    )
                probe.verify()
            # verify() leaves the image unusable: open again to decode it for real.
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                image.load()
                # Turn the picture upright first: the orientation lives in the EXIF we drop.
                upright = ImageOps.exif_transpose(image)
                pixels = _pixels_only(upright, image_format)
    except ValidationError:
        raise
    except UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("“%(name)s” has too many pixels. Make the picture smaller.") % {"name": name},
            code="too_many_pixels",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise broken from error

    content_type, extension, options = IMAGE_FORMATS[image_format]
    output = io.BytesIO()
    pixels.save(output, format=image_format, **options)
    return CleanFile(output.getvalue(), content_type, extension, _with_extension(name, extension))


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image made from the pixel data alone: it carries no ``info`` (EXIF, XMP, ICC,
    comments, text chunks) to the encoder. The first frame of an animation only."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if image_format == "JPEG":
        mode = "L" if image.mode in {"1", "L"} else "RGB"
    elif image.mode in {"L", "RGB", "RGBA", "LA"}:
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    return Image.frombytes(mode, converted.size, converted.tobytes())
