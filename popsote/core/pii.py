"""Personal data guard: find Finnish personal identity codes (henkilötunnus) in free text.

Only checksum-valid codes count, so that reference numbers and dates are not refused. Every
text a person writes is checked here, with one message, by forms, serializers and services
alike: ``no_identity_code`` as a field validator, ``identity_code_errors`` for a service that
names several fields at once.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from stdnum.fi import hetu

# DDMMYY, a century sign (+ 1800s; - Y X W V U 1900s; A B C D E F 2000s), NNN and a check
# character. Lower case and a space instead of the sign are accepted too: people type them.
CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})\s?([-+A-FU-Ya-fu-y])(\d{3}[0-9A-Ya-y])(?![0-9A-Za-z])"
)


def find_identity_codes(text: str) -> list[str]:
    found = []
    for match in CANDIDATE.finditer(text or ""):
        code = "".join(match.groups()).upper()
        if hetu.is_valid(code):
            found.append(code)
    return found


def contains_identity_code(text: str) -> bool:
    return bool(find_identity_codes(text))


def identity_code_message() -> str:
    """The refusal, in the active language. It holds for every text of the site, public or
    internal: none may carry patient or client details."""
    return gettext(
        "This text seems to contain a personal identity code (henkilötunnus). Remove it: "
        "patient or client details must not be written here."
    )


def identity_code_errors(**texts: str) -> dict[str, str]:
    """The message for each named text that holds an identity code; empty when none does."""
    return {
        name: identity_code_message()
        for name, text in texts.items()
        if contains_identity_code(text)
    }


def no_identity_code(value: str) -> None:
    """A field validator for Django forms and DRF serializers alike (DRF turns Django's
    ``ValidationError`` into its own, under the field's name)."""
    if contains_identity_code(value):
        raise ValidationError(identity_code_message(), code="identity_code")
