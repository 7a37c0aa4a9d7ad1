"""Page benchmark: server time and SQL queries of the portfolio overview and the list API.

Builds the demo data in a fresh temporary SQLite database (or in the database given with
``--database-url``), tops it up to 500 and then 5,000 initiatives with ``seed_demo
--initiatives``, and for each size measures, signed in as a plain employee and as the
portfolio office:

- ``GET /portefolje/`` (the portfolio overview page)
- ``GET /api/v1/initiatives?limit=50``

The time is the median over the measured requests (after warm-up requests), taken in-process
with ``django.test.Client`` (middleware, views, queries and templates; no network, no web
server). The query count comes from one extra request under ``CaptureQueriesContext``. A
page that does not answer 200 is reported with its status instead of numbers.

Usage::

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --sizes 500,5000,20000 --requests 25
    .venv/bin/python bench/pages.py --database-url postgres://veivalg:secret@localhost/bench

With ``--database-url`` the demo data is written into that database (use an empty one made
for the purpose). Runs with ``DEBUG=false`` and ``STATIC_MANIFEST=false``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

PAGES = (
    ("overview", "/portefolje/"),
    ("api list", "/api/v1/initiatives?limit=50"),
)
USERS = (
    ("employee", "ansatt"),
    ("portfolio office", "portefoljekontor"),
)


@dataclass(frozen=True)
class Measurement:
    size: int
    user: str
    page: str
    status: int
    median_ms: float | None
    queries: int | None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        help="benchmark this database instead of a fresh temporary SQLite file",
    )
    parser.add_argument(
        "--sizes",
        default="500,5000",
        help="comma-separated numbers of initiatives in the database (default: 500,5000)",
    )
    parser.add_argument("--requests", type=int, default=15, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up requests per page")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary SQLite database afterwards"
    )
    return parser.parse_args(argv)


def configure(database_url: str) -> None:
    """Environment for settings.py, read when Django starts; must run before django.setup()."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "veivalg.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # WhiteNoise warns once per client when collectstatic has not run; irrelevant here.
    warnings.filterwarnings("ignore", message="No directory at")

    import django

    django.setup()


def prepare(size: int) -> tuple[int, float]:
    """Top the demo up to ``size`` initiatives; return the real count and the seconds it took."""
    from django.core.management import call_command

    from veivalg.initiatives.models import Initiative
    from veivalg.web.demo import GENERATED_PREFIX

    handwritten = Initiative.objects.exclude(archive_reference__startswith=GENERATED_PREFIX)
    generated = max(0, size - handwritten.count())
    started = time.perf_counter()
    call_command("seed_demo", initiatives=generated, stdout=StringIO())
    return Initiative.objects.count(), time.perf_counter() - started


def measure(client: Any, url: str, warmup: int, requests: int) -> tuple[int, float | None, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = None
    for _ in range(warmup):
        response = client.get(url)
    timings: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            break
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        return response.status_code, None, len(queries.captured_queries)
    return 200, statistics.median(timings) * 1000, len(queries.captured_queries)


def run(sizes: list[int], warmup: int, requests: int) -> list[Measurement]:
    from django.core.management import call_command
    from django.test import Client

    from veivalg.org.models import User

    print("migrating and building the demo …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    results: list[Measurement] = []
    for size in sizes:
        total, seconds = prepare(size)
        print(f"{total} initiatives (seed_demo took {seconds:.1f} s)", flush=True)
        for user_label, username in USERS:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            for page_label, url in PAGES:
                try:
                    status, median_ms, queries = measure(client, url, warmup, requests)
                except Exception as exc:  # a page under construction must not stop the run
                    print(f"  {page_label} as {user_label}: {type(exc).__name__}: {exc}")
                    results.append(Measurement(total, user_label, page_label, 0, None, None))
                    continue
                results.append(
                    Measurement(total, user_label, page_label, status, median_ms, queries)
                )
    return results


def report(results: list[Measurement]) -> None:
    header = ("initiatives", "user", "page", "status", "median ms", "queries")
    rows = [
        (
            str(m.size),
            m.user,
            m.page,
            str(m.status) if m.status else "error",
            f"{m.median_ms:.1f}" if m.median_ms is not None else "–",
            str(m.queries) if m.queries is not None else "–",
        )
        for m in results
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print()
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.rjust(w) if i in (0, 3, 4, 5) else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )

    sizes = sorted({m.size for m in results})
    if len(sizes) < 2:
        return
    print()
    smallest, largest = sizes[0], sizes[-1]
    for user_label, _username in USERS:
        for page_label, _url in PAGES:
            first = _find(results, smallest, user_label, page_label)
            last = _find(results, largest, user_label, page_label)
            if first is None or last is None or first.status != 200 or last.status != 200:
                verdict = "not measured (page did not answer 200)"
            elif first.queries == last.queries:
                verdict = f"constant ({first.queries} queries)"
            else:
                verdict = f"GROWS: {first.queries} → {last.queries} queries"
            print(
                f"query count {smallest} → {largest} initiatives, {page_label} as {user_label}: "
                f"{verdict}"
            )


def _find(results: list[Measurement], size: int, user: str, page: str) -> Measurement | None:
    for m in results:
        if (m.size, m.user, m.page) == (size, user, page):
            return m
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    tmpdir: str | None = None
    if args.database_url:
        database_url = args.database_url
    else:
        tmpdir = tempfile.mkdtemp(prefix="veivalg-bench-")
        database_url = f"sqlite:///{Path(tmpdir) / 'bench.sqlite3'}"
    try:
        configure(database_url)
        from django.db import connection

        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        report(run(sizes, args.warmup, args.requests))
    finally:
        if tmpdir and not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)
        elif tmpdir:
            print(f"kept {tmpdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
