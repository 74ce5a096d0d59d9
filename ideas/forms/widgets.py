"""A select for long lists of choices, such as the handler groups (1 000 at national scale).

Django renders each ``<option>`` through a template include: about 0.25 ms an option, so a
page with a select of 1 000 groups spends a quarter of a second on it, and the triage page,
with one per row, several seconds. ``QuickSelect`` writes the same HTML in Python.
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """As ``django/forms/widgets/attrs.html``: ``True`` as the bare name, ``False`` left out."""
    return "".join(
        format_html(' {}="{}"', name, str(value)) if value is not True else format_html(" {}", name)
        for name, value in attrs.items()
        if value is not False
    )


def _frozen(choices) -> tuple:
    return tuple(
        (value, _frozen(label) if isinstance(label, (list, tuple)) else label)
        for value, label in choices
    )


class QuickSelect(forms.Select):
    """``forms.Select`` with the markup of Django's own templates, written without them.

    ``drawn``, a dict shared by the selects of one page (the rows of a queue, say), keeps the
    options once drawn: the same choices with the same value are drawn once."""

    def __init__(self, *args, drawn: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.drawn = drawn

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        opening = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        if self.drawn is None:
            return mark_safe("".join(opening) + self._options(widget))  # noqa: S308
        key = (_frozen(self.choices), tuple(widget["value"]))
        if key not in self.drawn:
            self.drawn[key] = self._options(widget)
        return mark_safe("".join(opening) + self.drawn[key])  # noqa: S308 (escaped below)

    def _options(self, widget) -> str:
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        mark_safe(_attrs(option["attrs"])),  # noqa: S308 (escaped above)
                        conditional_escape(option["label"]),
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


def quick_select(form: forms.Form, name: str, *, drawn: dict | None = None) -> forms.Form:
    """``form`` with its field ``name`` drawn by a ``QuickSelect`` (sharing ``drawn`` with the
    page's other selects): for forms that list every group, until the form declares the
    widget itself."""
    field = form.fields[name]
    widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices, drawn=drawn)
    widget.is_required = field.widget.is_required
    field.widget = widget
    return form
