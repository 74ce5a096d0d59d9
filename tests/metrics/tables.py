"""The data tables of a page of figures as a reader meets them: each table by its figure's code,
as rows of cell texts (the header row first)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "caption" and self._table is not None:
            self._caption = attrs.get("id", "")
        elif tag == "table":
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._table is not None:
            code = self._caption.removeprefix("chart-").removesuffix("-caption")
            self.tables[code] = self._table
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def rows(html: str, code: str) -> dict[str, list[str]]:
    """The body rows of figure ``code``'s table: the first cell → the others."""
    return {row[0]: row[1:] for row in tables(html)[code][1:]}
