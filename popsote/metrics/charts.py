"""A figure drawn as inline SVG on the server: no script, no canvas, nothing a screen reader
cannot reach. ``render(figure)`` lays the chart out as plain shapes (rectangles, lines, text)
that ``chart_svg`` writes out inside the ``<svg>`` of ``templates/metrics/_chart.html``, and
puts the figure's table beside them, which is what assistive technology reads: the SVG is one
image with the figure's title and takeaway as its name and description, its marks hidden.

Every colour comes from the site's palette (``static/css/popsote.css``) and is drawn as an SVG
presentation attribute, so the chart keeps its colours without our stylesheet and under the
Content-Security-Policy, which allows no inline style. Series are told apart by pattern and by
their label in the legend, never by colour alone; the previous period is an outlined, dashed
bar beside the current one. Text is sized for a 320 px wide screen: horizontal charts are
320 units wide and scale up with the page, a long run of months scrolls sideways instead of
shrinking its labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import ceil, floor, log10

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from popsote.metrics.chart_svg import shapes
from popsote.metrics.chart_table import Table, matched_previous, number, table_of
from popsote.metrics.figures import Chart, Figure

# The palette, as in popsote.css. Marks are at least 3:1 and text at least 4.5:1 against the
# paper (tests/metrics/test_charts.py computes the ratios).
PAPER = "#ffffff"
INK = "#1b1f24"
MUTED = "#4a5560"
BRAND = "#00507a"
BRAND_DARK = "#003a59"
BORDER = "#6b7780"
SUCCESS = "#1e6b34"
MARK_COLOURS = (BRAND, BRAND_DARK, SUCCESS, INK, MUTED)
TEXT_COLOURS = (INK, MUTED)

WITHHELD = _("fewer than 5")
NO_DATA = _("No data for this period")
THIS_PERIOD = _("this period")
PREVIOUS_PERIOD = _("previous period")

WIDTH = 320  # units of the horizontal charts' viewBox: one unit is a pixel on a phone
FONT = 15
SMALL = 13
# Average advance of a digit or letter of the system sans-serif at one unit of font size:
# enough to keep labels from running into each other, not a typesetter.
ADVANCE = 0.58
LABEL_CHARS = 44  # a row label longer than this is cut with an ellipsis (the table has it all)

# A series' look: the fill (a colour or a pattern's name) and the pattern drawn in it.
SERIES_PATTERNS = ("solid", "hatch", "dots", "cross", "rows")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str  # a colour, or "url(#…)" of a pattern
    stroke: str = "none"
    stroke_width: float = 0
    dash: str = ""
    previous: bool = False  # a mark of the previous period


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    size: int = FONT
    fill: str = INK
    bold: bool = False
    italic: bool = False
    upright: bool = False  # turned to read upwards from (x, y), for a narrow column


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = BORDER


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: str  # one of SERIES_PATTERNS but "solid"
    colour: str


@dataclass
class Drawing:
    """What the template needs: the SVG's shapes and the table beside it."""

    id: str
    title: str
    takeaway: str
    chart: str
    table: Table
    width: float = 0
    height: float = 0
    empty: bool = False
    message: str = ""
    scrolls: bool = False  # wider than a phone: drawn at its own size in a scrolling box
    patterns: tuple[Pattern, ...] = ()
    marks: tuple[Rect, ...] = ()  # one per value drawn
    swatches: tuple[Rect, ...] = ()  # the legend's
    lines: tuple[Line, ...] = ()
    texts: tuple[Text, ...] = ()

    @property
    def shapes(self) -> SafeString:
        return shapes(self)

    @property
    def title_id(self) -> str:
        return f"{self.id}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.id}-desc"

    @property
    def draws(self) -> bool:
        return not self.empty and self.chart != Chart.TABLE

    @property
    def previous_marks(self) -> tuple[Rect, ...]:
        return tuple(mark for mark in self.marks if mark.previous)


def render(figure: Figure, *, key: str = "") -> Drawing:
    """The figure laid out. ``key`` tells apart two drawings of the same figure on one page
    (every id inside the SVG starts with it); the figure's code is the default."""
    ident = "chart-" + (slugify(key or figure.code) or "figure")
    drawing = Drawing(
        id=ident,
        title=str(figure.title),
        takeaway=str(figure.takeaway),
        chart=str(figure.chart),
        table=table_of(figure, withheld=str(WITHHELD), previous_label=str(PREVIOUS_PERIOD)),
    )
    if figure.is_empty:
        drawing.empty = True
        drawing.message = str(NO_DATA)
        return drawing
    if figure.chart == Chart.TABLE:
        return drawing
    layout = {
        Chart.BARS: _horizontal,
        Chart.FUNNEL: _horizontal,
        Chart.GROUPED: _horizontal,
        Chart.MONTHS: _months,
    }[Chart(figure.chart)]
    return layout(figure, drawing)


# --- Scales and words -----------------------------------------------------------------------


def nice_scale(peak: float, *, most: int = 5) -> tuple[int, int]:
    """(top, step) of an axis that reaches ``peak``: a round step of 1, 2 or 5 times a power
    of ten, never below 1 (the counts are whole), and at most ``most`` steps."""
    if peak <= 0:
        return 1, 1
    raw = peak / most
    magnitude = 10 ** floor(log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, round(step))
    return ceil(peak / step) * step, step


def ticks(top: int, step: int) -> list[int]:
    return list(range(0, top + 1, step))


def share(part, whole) -> str:
    return f"{formats.number_format(round(100 * part / whole), use_l10n=True)} %"


def text_width(text: str, size: int = FONT) -> float:
    return len(text) * size * ADVANCE


def cut(text: str, chars: int = LABEL_CHARS) -> str:
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def month_label(value) -> str:
    """A month as "5/26": short enough for a narrow bar, the same in the three languages."""
    if isinstance(value, date):
        return f"{value.month}/{value.year % 100:02d}"
    text = str(value)
    year, _sep, month = text.partition("-")
    if year.isdigit() and month[:2].isdigit():
        return f"{int(month[:2])}/{int(year) % 100:02d}"
    return text


def _fill(drawing: Drawing, index: int) -> tuple[str, str]:
    """(fill, outline) of the ``index``-th series."""
    kind = SERIES_PATTERNS[index % len(SERIES_PATTERNS)]
    colour = MARK_COLOURS[index % len(MARK_COLOURS)] if index else BRAND
    if kind == "solid":
        return colour, colour
    return f"url(#{drawing.id}-{kind})", colour


def _patterns(drawing: Drawing, count: int) -> tuple[Pattern, ...]:
    found = []
    for index in range(count):
        kind = SERIES_PATTERNS[index % len(SERIES_PATTERNS)]
        if kind != "solid" and all(p.kind != kind for p in found):
            found.append(Pattern(f"{drawing.id}-{kind}", kind, _fill(drawing, index)[1]))
    return tuple(found)


def _legend(drawing: Drawing, entries, y: float) -> tuple[list[Rect], list[Text], float]:
    """One line per entry (label, fill, outline, dash): a swatch and its words."""
    marks, texts = [], []
    for label, fill, outline, dash in entries:
        marks.append(Rect(0, y, 22, 14, fill, outline, 2, dash, previous=bool(dash)))
        texts.append(Text(30, y + 12, cut(label), size=SMALL))
        y += 20
    return marks, texts, y + (6 if entries else 0)


PREVIOUS_LOOK = (PAPER, MUTED, "4 3")


# --- Horizontal bars: BARS, GROUPED, FUNNEL -------------------------------------------------


def _series(figure: Figure) -> list[int]:
    """The indexes of the columns drawn as bars."""
    numeric = [i for i, column in enumerate(figure.columns) if i and column.numeric]
    if figure.chart == Chart.GROUPED:
        return numeric
    return numeric[:1]


def _horizontal(figure: Figure, drawing: Drawing) -> Drawing:
    series = _series(figure)
    previous = matched_previous(figure)
    values = [row[i] for row in figure.rows for i in series]
    values += [row[i] for row in previous if row for i in series]
    top, step = nice_scale(max([v for v in values if v is not None] or [0]))
    funnel = figure.chart == Chart.FUNNEL
    first = figure.rows[0][series[0]] if funnel else None

    def value_label(value) -> str:
        if funnel and first:
            return f"{number(value)} · {share(value, first)}"
        return number(value)

    longest = max((text_width(value_label(v), SMALL) for v in values if v is not None), default=0)
    plot = WIDTH - max(longest, text_width(str(WITHHELD), SMALL) / 2) - 8
    scale = plot / top

    entries = []
    grouped = len(series) > 1
    if grouped:
        entries += [(figure.columns[i].label, *_fill(drawing, n), "") for n, i in enumerate(series)]
    if figure.previous is not None:
        if not grouped:
            entries.append((THIS_PERIOD, *_fill(drawing, 0), ""))
        entries.append((PREVIOUS_PERIOD, *PREVIOUS_LOOK))
    swatches, texts, y = _legend(drawing, entries, 0)
    marks, lines = [], []
    bar, previous_bar = (12, 8) if grouped else (18, 10)
    chart_top = y
    for row, before in zip(figure.rows, previous, strict=True):
        texts.append(Text(0, y + FONT, cut(row[0]), bold=True))
        y += FONT + 6
        for n, column in enumerate(series):
            fill, outline = _fill(drawing, n)
            y = _bar(marks, texts, y, row[column], bar, scale, fill, outline, value_label)
            if before is not None:
                y = _bar(marks, texts, y, before[column], previous_bar, scale, *PREVIOUS_LOOK[:2],
                         value_label, dash=PREVIOUS_LOOK[2], previous=True)  # fmt: skip
        y += 10
    for tick in ticks(top, step):
        x = round(tick * scale, 1)
        lines.append(Line(x, chart_top, x, y))
        anchor = "start" if tick == 0 else "middle"
        texts.append(Text(x, y + SMALL + 4, number(tick), anchor, SMALL, MUTED))
    drawing.width, drawing.height = WIDTH, y + SMALL + 8
    drawing.patterns = _patterns(drawing, len(series))
    drawing.marks, drawing.swatches = tuple(marks), tuple(swatches)
    drawing.lines, drawing.texts = tuple(lines), tuple(texts)
    return drawing


def _bar(marks, texts, y, value, height, scale, fill, outline, label, *, dash="", previous=False):
    """A bar of ``value`` at ``y`` with its value after it; a withheld value has no bar, only
    the words. Returns where the next bar starts."""
    middle = y + height / 2 + SMALL / 2 - 2
    if value is None:
        texts.append(Text(0, middle, str(WITHHELD), size=SMALL, fill=MUTED, italic=True))
    else:
        width = max(round(value * scale, 1), 1 if value else 0)
        marks.append(Rect(0, y, width, height, fill, outline, 1.5, dash, previous))
        texts.append(Text(width + 4, middle, label(value), size=SMALL))
    return y + height + 3


# --- Vertical bars: MONTHS ------------------------------------------------------------------


def _months(figure: Figure, drawing: Drawing) -> Drawing:
    column = _series(figure)[0]
    previous = matched_previous(figure)
    values = [row[column] for row in figure.rows]
    values += [row[column] for row in previous if row]
    top, step = nice_scale(max([v for v in values if v is not None] or [0]))
    compare = figure.previous is not None
    axis = max(text_width(number(t), SMALL) for t in ticks(top, step)) + 6
    slot = max(28.0, (WIDTH - axis - 4) / len(figure.rows))
    drawing.scrolls = axis + slot * len(figure.rows) + 4 > WIDTH + 1
    entries = []
    if compare:
        entries = [(THIS_PERIOD, BRAND, BRAND, ""), (PREVIOUS_PERIOD, *PREVIOUS_LOOK)]
    swatches, texts, chart_top = _legend(drawing, entries, 0)
    marks = []
    chart_top += SMALL + 4  # room for the value above the highest bar
    height = 160
    base = chart_top + height
    scale = height / top
    lines = []
    for tick in ticks(top, step):
        y = round(base - tick * scale, 1)
        lines.append(Line(axis, y, axis + slot * len(figure.rows), y))
        texts.append(Text(axis - 6, y + SMALL / 2 - 2, number(tick), "end", SMALL, MUTED))
    label_every = max(1, ceil((text_width("12/26", SMALL) + 6) / slot))
    bar = slot * (0.4 if compare else 0.7)
    for index, (row, before) in enumerate(zip(figure.rows, previous, strict=True)):
        left = axis + slot * index + (slot - bar * (2 if compare else 1)) / 2
        looks = [(row[column], BRAND, BRAND, "", False)]
        if before is not None:
            looks.append((before[column], *PREVIOUS_LOOK, True))
        for offset, (value, fill, outline, dash, is_previous) in enumerate(looks):
            x = left + offset * bar
            middle = x + bar / 2
            if value is None:
                # The words would not fit across a narrow column: they read upwards in it.
                texts.append(
                    Text(middle + SMALL / 2 - 2, base - 4, str(WITHHELD), "start", SMALL, MUTED,
                         italic=True, upright=True)
                )  # fmt: skip
                continue
            tall = max(round(value * scale, 1), 1 if value else 0)
            marks.append(Rect(x, base - tall, bar, tall, fill, outline, 1.5, dash, is_previous))
            if text_width(number(value), SMALL) <= bar * (2 if compare else 1) + 4 and (
                not compare or not is_previous
            ):
                texts.append(Text(middle, base - tall - 4, number(value), "middle", SMALL))
        if index % label_every == 0:
            centre = axis + slot * index + slot / 2
            texts.append(Text(centre, base + SMALL + 6, month_label(row[0]), "middle", SMALL))
    drawing.width = max(WIDTH, axis + slot * len(figure.rows) + 4)
    drawing.height = base + SMALL + 14
    drawing.marks, drawing.swatches = tuple(marks), tuple(swatches)
    drawing.lines, drawing.texts = tuple(lines), tuple(texts)
    return drawing


# --- Contrast -------------------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
