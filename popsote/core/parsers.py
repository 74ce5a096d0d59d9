"""Request parsers for the API.

Python's ``json`` module parses nested arrays and objects by recursion: a body of a hundred
thousand ``[`` exhausts the stack and ends in a ``RecursionError`` (a server error) instead of
a refusal. No body the API accepts nests deeper than a few levels, so the parser measures the
depth before decoding and answers 400 past ``MAX_DEPTH``.
"""

from __future__ import annotations

import io
import re
from itertools import accumulate

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding

# Deep enough for any body the API accepts; far below Python's recursion limit.
MAX_DEPTH = 32

# A JSON string (the unrolled form, linear on long strings) and the brackets outside them.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nests_deeper_than(text: str, limit: int) -> bool:
    """Whether the arrays and objects of a JSON text nest deeper than ``limit``; brackets
    inside strings do not count. Linear, and in C but for the final sum."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the usual body: too few brackets to nest that deep
    brackets = _BRACKET.findall(_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing with a 400 a body nested deeper than ``MAX_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        try:
            text = body.decode(get_encoding(parser_context or {}))
        except UnicodeDecodeError:
            text = ""  # DRF's parser gives the error
        if nests_deeper_than(text, MAX_DEPTH):
            raise ParseError(
                _("The JSON body is nested too deeply: at most %(depth)d levels are accepted.")
                % {"depth": MAX_DEPTH}
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)
