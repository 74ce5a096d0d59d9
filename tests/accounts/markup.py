"""A small HTML tree for tests, from the standard library's parser."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Element | None = None):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Element | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def has(self, name: str, value: str) -> bool:
        if name == "class":
            return value in (self.attrs.get("class") or "").split()
        return self.attrs.get(name) == value

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """By tag and attributes: ``class_="x"`` has class x; ``aria_label`` is aria-label."""
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and all(
                element.has(key.rstrip("_").replace("_", "-"), value)
                for key, value in attrs.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == element_id), None)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    @property
    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(content: bytes | str) -> Element:
    builder = _Builder()
    builder.feed(content.decode() if isinstance(content, bytes) else content)
    builder.close()
    return builder.root


def accessibility_problems(root: Element) -> list[str]:
    """What a page of ours must not lack, as a list of problems (empty: none found)."""
    problems = []
    html = root.find("html")
    if html is None or not html.get("lang"):
        problems.append("no <html lang>")
    main = root.find("main", id="main")
    if main is None or root.find("a", class_="skip-link") is None:
        return [*problems, "not inside the site layout (skip link, main#main)"]
    h1s = root.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 elements")
    labels = {label.get("for") for label in root.find_all("label") if label.get("for")}
    for field in main.iter():
        if field.tag not in {"input", "select", "textarea"}:
            continue
        kind = field.get("type", "text")
        if kind in {"hidden", "submit", "button"}:
            continue
        in_label = any(a.tag == "label" for a in field.ancestors())
        if field.get("id") not in labels and not in_label:
            problems.append(f"no visible label for {field}")
        for ref in (field.get("aria-describedby") or "").split():
            if root.by_id(ref) is None:
                problems.append(f"{field} is described by a missing #{ref}")
        if kind == "email" and field.get("autocomplete") != "email":
            problems.append(f"{field} lacks autocomplete=email")
        if kind == "password" and field.get("autocomplete") not in {
            "new-password",
            "current-password",
        }:
            problems.append(f"{field} lacks autocomplete for a password")
    for button in main.find_all("button"):
        classes = (button.get("class") or "").split()
        if "button" not in classes or "button--link" in classes:
            problems.append(f"{button} is not a 44 px .button")
    if main.find(aria_invalid="true") is not None or main.find(class_="field--error"):
        summary = main.find(class_="error-summary")
        if summary is None or summary.get("role") != "alert":
            problems.append("errors without an error summary with role=alert")
    return problems
