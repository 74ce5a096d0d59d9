"""``{% figure_table figure as table %}``: a figure's rows as a table reads them, with the
previous period's value of the first number beside each row when compared."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def figure_table(figure) -> dict:
    numeric = [index for index, column in enumerate(figure.columns) if column.numeric]
    compared = figure.previous is not None and bool(numeric)
    previous = {row[0]: row for row in figure.previous or ()}
    rows = []
    for row in figure.rows:
        cells = [
            {"value": value, "numeric": figure.columns[i].numeric} for i, value in enumerate(row)
        ]
        if compared:
            earlier = previous.get(row[0])
            cells.append(
                {"value": earlier[numeric[0]] if earlier else 0, "numeric": True, "previous": True}
            )
        rows.append({"heading": cells[0], "cells": cells[1:]})
    return {
        "columns": figure.columns,
        "compared_column": figure.columns[numeric[0]] if compared else None,
        "rows": rows,
    }
