"""Export 10 000, 100 000 and N suggestions as CSV and Excel, and show that memory stays flat.

    .venv/bin/python scripts/benchmark_exports.py --rows 1000000 [--keep] [--force]

Rows are built as ``manage.py benchmark_suggestions`` builds them (COPY, the same builder,
added to those a kept run left, refused on a database holding other suggestions unless
``--force``, removed at the end unless ``--keep``). Each export then runs in a fresh process of
its own, so that its peak resident memory (the kernel's high-water mark, ``VmHWM``, cleared
when the export starts) is that export's and no other's: the list newest first as the
coordinators' list shows it, through the same functions as the site's download links
(``suggestions_csv``, ``suggestions_xlsx``), the response consumed to a file as a client
would receive it. Debug is off, as in production (with it on, Django would keep every query's
text). Run it against a database of its own (``DATABASE_URL=…``, ``manage.py migrate``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000, 1_000_000)


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "popsote.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False


def reset_peak() -> None:
    """Start the peak over from the present size. A process inherits its parent's peak through
    exec (``ru_maxrss`` would report the builder's), so the kernel's own high-water mark is
    cleared instead, where the kernel allows it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def rss_mb(field: str = "VmHWM") -> float:
    """The peak (``VmHWM``) or present (``VmRSS``) resident size in MB."""
    try:
        for row in Path("/proc/self/status").read_text().splitlines():
            if row.startswith(f"{field}:"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(kind: str, limit: int) -> dict:
    """One export in this process: seconds, peak memory, size of the file."""
    setup()
    from ideas.benchmarks.suggestions import bench_rows
    from popsote.metrics.exports import suggestions_csv, suggestions_xlsx

    export = {"csv": suggestions_csv, "xlsx": suggestions_xlsx}[kind]
    # Settled before measuring: the apps, the database connection, the first query.
    bench_rows().exists()
    reset_peak()
    before = rss_mb("VmRSS")
    started = time.perf_counter()
    response = export(bench_rows().order_by("-created_at", "-id")[:limit])
    size = 0
    with tempfile.TemporaryFile() as output:
        for piece in response.streaming_content:
            piece = piece.encode() if isinstance(piece, str) else piece
            size += len(piece)
            output.write(piece)
    response.close()
    return {
        "kind": kind,
        "rows": int(response["X-Row-Count"]),
        "seconds": time.perf_counter() - started,
        "baseline_mb": before,
        "peak_mb": rss_mb(),
        "file_mb": size / 1024 / 1024,
    }


def build(rows: int, *, force: bool) -> None:
    setup()
    from ideas.benchmarks.suggestions import other_rows
    from ideas.management.commands.benchmark_suggestions import Command

    if other_rows().exists() and not force:
        sys.exit(
            "This database has suggestions that are not the benchmark's. Run it on an empty "
            "database (or add --force: its rows are marked and removed afterwards)."
        )
    Command().build(rows)


def clean() -> None:
    from ideas.management.commands.benchmark_suggestions import Command

    Command().clean()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="Rows to have (1 000 000).")
    parser.add_argument("--keep", action="store_true", help="Keep the rows afterwards.")
    parser.add_argument("--force", action="store_true", help="Run beside other suggestions.")
    parser.add_argument("--measure", choices=["csv", "xlsx"], help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, arguments.limit)))
        return
    if arguments.rows < 1:
        parser.error("--rows must be positive")
    build(arguments.rows, force=arguments.force)
    sizes = sorted({size for size in SIZES if size < arguments.rows} | {arguments.rows})
    results = []
    try:
        for kind in ("csv", "xlsx"):
            for size in sizes:
                child = subprocess.run(  # noqa: S603 - this script, with our own arguments
                    [sys.executable, __file__, "--measure", kind, "--limit", str(size)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                result = json.loads(child.stdout.strip().splitlines()[-1])
                results.append(result)
                print(line(result), flush=True)
    finally:
        if not arguments.keep:
            clean()
    print()
    print(f"{'export':<6} {'rows':>9} {'seconds':>8} {'rows/s':>8} {'base MB':>8} "
          f"{'peak MB':>8} {'growth':>7} {'file MB':>8}")  # fmt: skip
    for result in results:
        print(line(result))


def line(result: dict) -> str:
    growth = result["peak_mb"] - result["baseline_mb"]
    return (
        f"{result['kind']:<6} {result['rows']:>9} {result['seconds']:>8.1f} "
        f"{result['rows'] / result['seconds']:>8.0f} {result['baseline_mb']:>8.1f} "
        f"{result['peak_mb']:>8.1f} {growth:>7.1f} {result['file_mb']:>8.1f}"
    )


if __name__ == "__main__":
    main()
