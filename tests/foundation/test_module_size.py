"""No module grows past what a reader takes in at once: a module over the limit is a feature
that wants a file of its own in its layer's package (``ideas/services/``, ``ideas/selectors/``,
…). Data files (the demo's texts) and the settings are configuration, not logic."""

from pathlib import Path

from django.conf import settings

LIMIT = 420  # lines: "about 400"
APPS = ("popsote", "processing_groups", "ideas", "labs", "showroom")
DATA_FILES = {"ideas/demo/texts.py", "popsote/settings.py"}


def long_modules(base: Path) -> dict[str, int]:
    found = {}
    for app in APPS:
        for path in sorted((base / app).rglob("*.py")):
            name = path.relative_to(base).as_posix()
            if "/migrations/" in name or name in DATA_FILES:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LIMIT:
                found[name] = lines
    return found


def test_no_module_is_longer_than_the_limit():
    found = long_modules(Path(settings.BASE_DIR))
    assert not found, f"Modules over {LIMIT} lines: {found}"


def test_the_check_finds_a_long_module(tmp_path):
    (tmp_path / "ideas").mkdir()
    (tmp_path / "ideas" / "big.py").write_text("x = 1\n" * (LIMIT + 1))
    (tmp_path / "ideas" / "small.py").write_text("x = 1\n" * LIMIT)

    assert long_modules(tmp_path) == {"ideas/big.py": LIMIT + 1}
