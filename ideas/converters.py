class ReferenceConverter:
    """``2026-000123``: the year and a six-digit number."""

    regex = r"[0-9]{4}-[0-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
