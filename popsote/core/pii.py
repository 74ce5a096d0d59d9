"""Personal data guard: find Finnish personal identity codes (henkilötunnus) in free text.

Only checksum-valid codes count, so that reference numbers and dates are not refused.
"""

import re

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
