"""Keyboard helpers for the journeys: what has focus, and moving focus with Tab alone."""

from __future__ import annotations

# What a sighted keyboard user sees of the focused element: its outline, and the contrast of
# that outline against the nearest opaque background behind the element (WCAG 1.4.11 asks 3:1).
FOCUSED_ELEMENT_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = (color) => {
    const m = color.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const luminance = ({r, g, b}) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  // The outline is drawn outside the element, so it sits on the parent's background.
  let background = {r: 255, g: 255, b: 255, a: 1};
  for (let node = el.parentElement; node; node = node.parentElement) {
    const color = parse(getComputedStyle(node).backgroundColor);
    if (color && color.a > 0.5) { background = color; break; }
  }
  const style = getComputedStyle(el);
  const outline = parse(style.outlineColor);
  const [light, dark] = [luminance(outline || background), luminance(background)]
    .sort((x, y) => y - x);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    href: el.getAttribute("href"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineContrast: (light + 0.05) / (dark + 0.05),
    visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
  };
}
"""


def focused(page) -> dict | None:
    """The focused element as ``FOCUSED_ELEMENT_JS`` describes it; None when nothing is."""
    return page.evaluate(FOCUSED_ELEMENT_JS)


def tab_until(page, predicate, *, limit: int = 40) -> dict:
    """Press Tab until ``predicate(focused element)`` holds; fail after ``limit`` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is not None and predicate(element):
            return element
        seen.append(element and element["name"])
    raise AssertionError(f"Tab never reached the element; it went through {seen}")
