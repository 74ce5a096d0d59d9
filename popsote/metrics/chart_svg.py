"""The shapes of a ``charts.Drawing`` as SVG markup, written in Python: a chart holds hundreds
of rectangles and labels, and the template language, node by node and filter by filter, took
most of a page's time drawing them. The template writes the ``<svg>`` element, its title and
its description; this writes what is inside. Every text is escaped."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _n(value: float) -> str:
    """A coordinate with at most one decimal, and none when it is whole."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pattern(pattern) -> str:
    turned = ' patternTransform="rotate(45)"' if pattern.kind in ("hatch", "cross") else ""
    colour = escape(pattern.colour)
    if pattern.kind == "dots":
        inside = f'<circle cx="3" cy="3" r="1.6" fill="{colour}"/>'
    elif pattern.kind == "cross":
        inside = f'<path d="M0 3H6M3 0V6" stroke="{colour}" stroke-width="1.5"/>'
    elif pattern.kind == "rows":
        inside = f'<path d="M0 3H6" stroke="{colour}" stroke-width="2"/>'
    else:
        inside = f'<path d="M0 3H6" stroke="{colour}" stroke-width="2.5"/>'
    return (
        f'<pattern id="{escape(pattern.id)}" width="6" height="6" '
        f'patternUnits="userSpaceOnUse"{turned}><rect width="6" height="6" fill="#ffffff"/>'
        f"{inside}</pattern>"
    )


def _rect(mark, kind: str) -> str:
    classes = f"chart__{kind}" + (f" chart__{kind}--previous" if mark.previous else "")
    stroke = (
        f' stroke="{escape(mark.stroke)}" stroke-width="{_n(mark.stroke_width)}"'
        if mark.stroke_width
        else ""
    )
    dash = f' stroke-dasharray="{escape(mark.dash)}"' if mark.dash else ""
    return (
        f'<rect class="{classes}" x="{_n(mark.x)}" y="{_n(mark.y)}" width="{_n(mark.width)}" '
        f'height="{_n(mark.height)}" fill="{escape(mark.fill)}"{stroke}{dash}/>'
    )


def _text(text) -> str:
    anchor = f' text-anchor="{escape(text.anchor)}"' if text.anchor != "start" else ""
    bold = ' font-weight="600"' if text.bold else ""
    italic = ' font-style="italic"' if text.italic else ""
    turned = f' transform="rotate(-90 {_n(text.x)} {_n(text.y)})"' if text.upright else ""
    return (
        f'<text class="chart__text" x="{_n(text.x)}" y="{_n(text.y)}" font-size="{text.size}" '
        f'fill="{escape(text.fill)}"{anchor}{bold}{italic}{turned}>{escape(text.text)}</text>'
    )


def shapes(drawing) -> SafeString:
    """The patterns, then the marks and words (hidden from assistive technology: the table
    beside the chart says the same)."""
    parts = []
    if drawing.patterns:
        parts.append("<defs>" + "".join(_pattern(p) for p in drawing.patterns) + "</defs>")
    parts.append('<g aria-hidden="true">')
    parts += (
        f'<line class="chart__grid" x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" '
        f'y2="{_n(line.y2)}" stroke="{escape(line.stroke)}" stroke-width="0.5"/>'
        for line in drawing.lines
    )
    parts += (_rect(mark, "swatch") for mark in drawing.swatches)
    parts += (_rect(mark, "mark") for mark in drawing.marks)
    parts += (_text(text) for text in drawing.texts)
    parts.append("</g>")
    return mark_safe("\n".join(parts))  # noqa: S308 (every value above is escaped or a number)
