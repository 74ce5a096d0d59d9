"""Charts: a figure drawn as inline SVG beside its table, read back as XML and HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import trans_real

from popsote.metrics import charts
from popsote.metrics.charts import contrast, nice_scale, render, ticks
from popsote.metrics.figures import Chart, Column, Figure

SVG = "{http://www.w3.org/2000/svg}"
NAME = Column("group", "Stakeholder group", numeric=False)
COUNT = Column("count", "Suggestions")


def figure(rows, *, chart=Chart.BARS, previous=None, columns=(NAME, COUNT), code="by-group"):
    return Figure(
        code=code,
        title="Suggestions by stakeholder group",
        takeaway="Residents made most of the suggestions.",
        columns=columns,
        rows=tuple(rows),
        chart=chart,
        previous=None if previous is None else tuple(previous),
    )


ROWS = [("Residents", 120), ("Staff", 45), ("Companies", None), ("Associations", 0)]


def html_of(fig, **context) -> str:
    return render_to_string("metrics/_chart.html", {"figure": fig, **context})


def svgs(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg.*?</svg>", html, re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 - our own template's output


def marks(svg, *, previous=None):
    found = [rect for rect in svg.iter(f"{SVG}rect") if "chart__mark" in rect.get("class", "")]
    if previous is None:
        return found
    return [m for m in found if ("chart__mark--previous" in m.get("class")) == previous]


def words(svg) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG}text")]


# --- The SVG --------------------------------------------------------------------------------


def test_it_is_one_image_named_by_the_title_and_described_by_the_takeaway():
    fig = figure(ROWS)
    (svg,) = svgs(html_of(fig))

    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == fig.title
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text == fig.takeaway


def test_its_marks_and_words_are_hidden_behind_the_image():
    (svg,) = svgs(html_of(figure(ROWS, previous=[("Residents", 80)])))

    hidden = [g for g in svg.iter(f"{SVG}g") if g.get("aria-hidden") == "true"]
    inside = {id(element) for group in hidden for element in group.iter()}
    drawn = [*svg.iter(f"{SVG}rect"), *svg.iter(f"{SVG}text"), *svg.iter(f"{SVG}line")]
    drawn = [element for element in drawn if element.get("class", "").startswith("chart__")]
    assert drawn
    assert all(id(element) in inside for element in drawn)


@pytest.mark.parametrize("chart", [Chart.BARS, Chart.FUNNEL, Chart.MONTHS])
def test_it_draws_a_mark_for_each_row_it_may_show(chart):
    rows = [("2026-01", 3), ("2026-02", 9), ("2026-03", None), ("2026-04", 0), ("2026-05", 7)]
    (svg,) = svgs(html_of(figure(rows, chart=chart)))

    shown = [row for row in rows if row[1] is not None]
    assert len(marks(svg)) == len(shown)
    assert not marks(svg, previous=True)


def test_a_withheld_cell_has_no_bar_and_says_fewer_than_five():
    rows = [("Residents", 12), ("Companies", None)]
    drawing = render(figure(rows))
    (svg,) = svgs(html_of(figure(rows)))

    assert len(marks(svg)) == 1
    assert words(svg).count("fewer than 5") == 1
    # The bar is the residents', the words stand on the companies' line.
    residents_label, companies_label = (
        t for t in drawing.texts if t.bold and t.text in ("Residents", "Companies")
    )
    withheld = next(t for t in drawing.texts if t.text == "fewer than 5")
    (bar,) = drawing.marks
    assert residents_label.y < bar.y < companies_label.y < withheld.y


@pytest.fixture
def finnish_words():
    """A Finnish catalogue that knows the chart's words (the real one is translated later)."""
    catalog = trans_real.translation("fi")._catalog
    words = {"fewer than 5": "alle 5", "No data for this period": "Ei tietoja tältä ajalta"}
    catalog._catalogs.insert(0, words)
    yield words
    catalog._catalogs.remove(words)


def test_the_charts_words_are_translated(finnish_words):
    with translation.override("fi"):
        withheld = html_of(figure([("Asukkaat", None)]))
        empty = html_of(figure([]))

    assert "fewer than 5" not in withheld
    assert withheld.count(finnish_words["fewer than 5"]) == 2  # the chart and the table
    assert finnish_words["No data for this period"] in empty


def test_bars_are_proportional_to_their_values_on_a_round_axis():
    rows = [("Residents", 137), ("Staff", 41)]
    drawing = render(figure(rows))

    residents, staff = drawing.marks
    assert residents.width / staff.width == pytest.approx(137 / 41, rel=0.01)
    top, _step = nice_scale(137)
    axis = [t for t in drawing.texts if t.fill == charts.MUTED]
    assert [t.text for t in axis] == [str(tick) for tick in ticks(*nice_scale(137))]
    assert residents.width < axis[-1].x  # 137 stops short of the axis' top
    assert axis[-1].x * 137 / top == pytest.approx(residents.width, rel=0.01)


def test_the_previous_period_is_drawn_only_when_compared():
    plain = svgs(html_of(figure(ROWS)))[0]
    compared = svgs(html_of(figure(ROWS, previous=[("Residents", 80), ("Staff", 50)])))[0]

    assert not marks(plain, previous=True)
    assert "previous period" not in words(plain)
    # One previous bar for each row the previous period had, beside the current bar.
    assert len(marks(compared, previous=True)) == 2
    assert {"this period", "previous period"} <= set(words(compared))
    drawing = render(figure(ROWS, previous=[("Residents", 80), ("Staff", 50)]))
    current, previous = drawing.marks[0], drawing.marks[1]
    assert not current.previous and previous.previous
    assert previous.y > current.y and previous.dash


def test_months_compare_the_same_month_of_each_period():
    rows = [(date(2026, month, 1), month) for month in (1, 2, 3)]
    earlier = [(date(2025, month, 1), 10 * month) for month in (1, 2, 3)]
    drawing = render(figure(rows, chart=Chart.MONTHS, previous=earlier))

    previous = [mark for mark in drawing.marks if mark.previous]
    current = [mark for mark in drawing.marks if not mark.previous]
    assert len(previous) == len(current) == 3
    assert [p.height / c.height for p, c in zip(previous, current, strict=True)] == [
        pytest.approx(10, rel=0.05)
    ] * 3
    assert all(p.x > c.x for p, c in zip(previous, current, strict=True))


def test_grouped_bars_are_told_apart_by_pattern_and_label():
    columns = (NAME, Column("received", "Received"), Column("decided", "Decided"))
    rows = [("Oulu", 30, 20), ("Raahe", 12, None)]
    html = html_of(figure(rows, chart=Chart.GROUPED, columns=columns))
    (svg,) = svgs(html)

    assert len(marks(svg)) == 3
    fills = {mark.get("fill") for mark in marks(svg)}
    assert len(fills) == 2  # the legend's swatches aside, one look per series
    patterned = [fill for fill in fills if fill.startswith("url(#")]
    assert len(patterned) == 1
    pattern_id = patterned[0][5:-1]
    assert svg.find(f".//{SVG}pattern[@id='{pattern_id}']") is not None
    assert {"Received", "Decided"} <= set(words(svg))


def test_the_funnel_gives_each_stage_its_share_of_the_first():
    rows = [("Received", 200), ("Processed", 150), ("Accepted", 30)]
    (svg,) = svgs(html_of(figure(rows, chart=Chart.FUNNEL)))

    expected = [f"{count} · {round(100 * count / 200)} %" for _stage, count in rows]
    assert [w for w in words(svg) if "·" in w] == expected


def test_ids_are_unique_on_a_page_of_figures():
    page = html_of(figure(ROWS, code="a")) + html_of(figure(ROWS, code="b"))
    page += html_of(figure(ROWS, code="a"), key="a-again")
    ids = re.findall(r'\bid="([^"]+)"', page)

    assert len(ids) == len(set(ids))
    for referenced in re.findall(r'aria-(?:labelledby|describedby)="([^"]+)"', page):
        assert set(referenced.split()) <= set(ids)


def test_no_rows_is_a_sentence_not_an_empty_chart():
    html = html_of(figure([]), csv_url="/figure.csv")

    assert "No data for this period" in html
    assert "<svg" not in html
    assert "<table" not in html


def test_a_table_figure_draws_no_chart():
    html = html_of(figure(ROWS, chart=Chart.TABLE))

    assert "<svg" not in html
    assert "<table" in html


def test_a_long_run_of_months_scrolls_sideways_and_the_keyboard_reaches_it():
    rows = [(f"{2020 + n // 12}-{n % 12 + 1:02d}", n) for n in range(60)]
    drawing = render(figure(rows, chart=Chart.MONTHS))
    short = render(figure(rows[:6], chart=Chart.MONTHS))
    html = html_of(figure(rows, chart=Chart.MONTHS))

    assert drawing.scrolls and not short.scrolls
    assert drawing.width > charts.WIDTH and short.width == charts.WIDTH
    assert re.search(r'class="chart__drawing chart__drawing--scrolls" tabindex="0"', html)
    # Labels are thinned so that they never overlap: at least a label's width apart.
    labels = [t for t in drawing.texts if re.fullmatch(r"\d+/\d\d", t.text)]
    gaps = [b.x - a.x for a, b in pairwise(labels)]
    assert min(gaps) >= charts.text_width("12/26", charts.SMALL)


@pytest.mark.parametrize("peak", [0, 1, 3, 7, 10, 11, 99, 137, 1234, 98_765])
def test_the_axis_ends_on_a_round_number_with_whole_ticks(peak):
    top, step = nice_scale(peak)
    steps = ticks(top, step)

    assert top >= peak and top - step < max(peak, 1)
    assert all(isinstance(tick, int) for tick in steps)
    assert 2 <= len(steps) <= 6
    assert re.fullmatch(r"[125]0*", str(step))


# --- The table ------------------------------------------------------------------------------


class Cells(HTMLParser):
    """The table's cells: (tag, scope, class, text)."""

    def __init__(self):
        super().__init__()
        self.cells, self.current = [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "td"):
            attrs = dict(attrs)
            self.current = [tag, attrs.get("scope"), attrs.get("class") or "", ""]

    def handle_data(self, data):
        if self.current:
            self.current[3] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.current:
            self.cells.append(tuple(self.current))
            self.current = None


def cells(html):
    parser = Cells()
    parser.feed(html)
    return parser.cells


def test_the_table_says_what_the_chart_shows_with_headers_for_screen_readers():
    found = cells(html_of(figure(ROWS, previous=[("Residents", 80)])))

    headers = [text for tag, scope, _c, text in found if scope == "col"]
    assert headers == ["Stakeholder group", "Suggestions", "Suggestions, previous period"]
    assert [text for tag, scope, _c, text in found if scope == "row"] == [r[0] for r in ROWS]
    values = [(text, klass) for tag, _s, klass, text in found if tag == "td"]
    assert values[0] == ("120", "num")
    assert values[1] == ("80", "num previous")
    assert values[4] == ("fewer than 5", "num withheld")
    assert values[5][0] == "–"  # the previous period had no companies' row at all
    assert values[6] == ("0", "num")


def test_a_withheld_cell_is_explained_once_beside_the_table():
    html = html_of(figure(ROWS))

    note = re.search(r'<p class="chart__note" id="([^"]+)">([^<]+)</p>', html)
    assert note and "fewer than five people" in note.group(2)
    assert f'aria-describedby="{note.group(1)}"' in html
    assert "chart__note" not in html_of(figure([("Residents", 12)]))


def test_downloads_sit_beside_the_table_when_there_are_files():
    html = html_of(figure(ROWS), csv_url="/f.csv", xlsx_url="/f.xlsx")

    assert re.search(r'href="/f.csv" download>Download CSV<span class="visually-hidden">', html)
    assert re.search(r'href="/f.xlsx" download>Download Excel', html)
    assert "Download" not in html_of(figure(ROWS))


# --- Contrast -------------------------------------------------------------------------------


def test_the_contrast_formula_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # WCAG's own example of a grey just under 4.5:1.
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def drawn_colours(svg) -> tuple[set[str], set[str]]:
    """(colours of marks, colours of text) in a drawn SVG."""
    mark_colours = {e.get("stroke") for e in svg.iter(f"{SVG}rect") if e.get("stroke")}
    mark_colours |= {e.get("fill") for e in svg.iter(f"{SVG}rect")}
    mark_colours |= {e.get("fill") or e.get("stroke") for e in svg.iter(f"{SVG}circle")}
    mark_colours |= {e.get("stroke") for e in svg.iter(f"{SVG}path")}
    mark_colours = {c for c in mark_colours if c and not c.startswith("url(")}
    text_colours = {e.get("fill") for e in svg.iter(f"{SVG}text")}
    return mark_colours, text_colours


def test_marks_reach_three_to_one_and_words_four_and_a_half_to_one():
    columns = (NAME, *(Column(f"c{n}", f"Series {n}") for n in range(5)))
    pages = [
        html_of(figure(ROWS, previous=[("Residents", 80)])),
        html_of(figure([("Oulu", 1, 2, 3, 4, None)], chart=Chart.GROUPED, columns=columns)),
        html_of(figure([("2026-01", 3), ("2026-02", None)], chart=Chart.MONTHS)),
    ]
    mark_colours, text_colours = set(), set()
    for svg in (svg for page in pages for svg in svgs(page)):
        found_marks, found_text = drawn_colours(svg)
        mark_colours |= found_marks
        text_colours |= found_text

    background = charts.PAPER
    # The patterns' own background is the paper: it is not a mark.
    for colour in mark_colours - {background}:
        assert contrast(colour, background) >= 3, colour
    for colour in text_colours:
        assert contrast(colour, background) >= 4.5, colour
    assert len(mark_colours) >= 3 and text_colours


def test_the_colours_are_the_sites_palette():
    css = (Path(settings.BASE_DIR) / "static/css/popsote.css").read_text()
    palette = {value.lower() for value in re.findall(r"--[\w-]+:\s*(#[0-9a-fA-F]{6})", css)}

    used = {charts.PAPER, *charts.MARK_COLOURS, *charts.TEXT_COLOURS, charts.BORDER}
    assert used <= palette
