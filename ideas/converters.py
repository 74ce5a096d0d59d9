class ReferenceConverter:
    """``2026-000123``: the year and a six-digit number."""

    regex = r"[0-9]{4}-[0-9]{6}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TokenConverter:
    """A random token as the platform makes them (``secrets.token_urlsafe``, URL-safe base64):
    anything else names nothing, and is a 404 before it reaches a query."""

    regex = r"[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
