"""Page benchmark: server time and SQL queries of the portfolio overview, the list API, the
capacity pages, an initiative page and a solved scenario.

Builds the demo data in a fresh temporary SQLite database (or in the database given with
``--database-url``), tops it up to 500 and then 5,000 initiatives with ``seed_demo
--initiatives`` (every open initiative gets a demand profile, generated ones too), and for
each size measures, signed in as a plain employee and as the portfolio office:

- ``GET /portefolje/`` (the portfolio overview page)
- ``GET /api/v1/initiatives?limit=50``
- ``GET /kapasitet/`` (the heatmap, default range: this quarter and the seven after it)
- ``GET /kapasitet/?from=2027Q1&to=2029Q4`` (the heatmap over twelve quarters)
- ``GET /kapasitet/celle/utvikler/2027Q2/`` (the initiatives behind a busy cell)
- ``GET /api/v1/capacity/heatmap?from=2027Q1&to=2028Q4``
- ``GET /initiativ/<pk>/`` of a demo initiative with demand (the page has a demand section:
  its grid and the cells it would overload)
- ``GET /scenarioer/<pk>/`` of the demo scenario (as the employee: 404, scenarios are not
  theirs to see). It is solved once, on the demo before the top-up, through
  ``scenario_solve`` and ``run_solve`` in this process (status and seconds are printed):
  after it, the committed work of the generated initiatives uses up 2027–2028 and the
  scenario is infeasible, so its page would have no solution to show. Skip it with
  ``--no-scenario``; the page is then reported as "skipped".

The time is the median over the measured requests (after warm-up requests), taken in-process
with ``django.test.Client`` (middleware, views, queries and templates; no network, no web
server). The query count comes from one extra request under ``CaptureQueriesContext``. A
page that does not answer 200 is reported with its status instead of numbers.

Usage::

    .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --sizes 500,5000,20000 --requests 25
    .venv/bin/python bench/pages.py --no-scenario
    .venv/bin/python bench/pages.py --database-url postgres://veivalg:secret@localhost/bench

With ``--database-url`` the demo data is written into that database (use an empty one made
for the purpose); on PostgreSQL the bench runs ``ANALYZE`` after each top-up. Runs with
``DEBUG=false`` and ``STATIC_MANIFEST=false``; solve tasks are queued in the database and
run here, no worker needed.
"""

from __future__ import annotations

import argparse
import logging
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

# Addresses with ``{initiative}`` / ``{scenario}`` are filled in per size (see ``targets``).
PAGES = (
    ("overview", "/portefolje/"),
    ("api list", "/api/v1/initiatives?limit=50"),
    ("heatmap", "/kapasitet/"),
    ("heatmap 2027Q1–2029Q4", "/kapasitet/?from=2027Q1&to=2029Q4"),
    ("cell utvikler 2027Q2", "/kapasitet/celle/utvikler/2027Q2/"),
    ("api heatmap", "/api/v1/capacity/heatmap?from=2027Q1&to=2028Q4"),
    ("initiative with demand", "/initiativ/{initiative}/"),
    ("scenario (solved)", "/scenarioer/{scenario}/"),
)
SKIPPED = -1  # status of a page not measured on purpose
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
    parser.add_argument(
        "--no-scenario",
        action="store_true",
        help="do not solve the demo scenario; its page is reported as skipped",
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
    # A page that answers 404 or 403 on purpose (the scenario for an employee) is reported in
    # the table; no log line per request.
    logging.getLogger("django.request").setLevel(logging.ERROR)


def prepare(size: int) -> tuple[int, float]:
    """Top the demo up to ``size`` initiatives; return the real count and the seconds it took."""
    from django.core.management import call_command
    from django.db import connection

    from veivalg.initiatives.models import Initiative
    from veivalg.web.demo import GENERATED_PREFIX

    handwritten = Initiative.objects.exclude(archive_reference__startswith=GENERATED_PREFIX)
    generated = max(0, size - handwritten.count())
    started = time.perf_counter()
    call_command("seed_demo", initiatives=generated, stdout=StringIO())
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Planner statistics after the bulk load, as autovacuum would gather them shortly:
        # without them PostgreSQL plans the demand sums for a handful of rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Initiative.objects.count(), seconds


def demand_initiative() -> int:
    """A handwritten, non-confidential demo development initiative with demand: the first by
    archive reference that is approved or in progress (its page shows the overload check)."""
    from veivalg.capacity.loads import COMMITTED_STATES
    from veivalg.initiatives.models import Initiative, WorkType
    from veivalg.web.demo import DEMO_PREFIX

    pk = (
        Initiative.objects.filter(
            archive_reference__startswith=DEMO_PREFIX,
            work_type=WorkType.DEVELOPMENT,
            state__in=COMMITTED_STATES,
            confidential=False,
            demand_plan__isnull=False,
            demand_rows__isnull=False,
        )
        .order_by("archive_reference")
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        raise RuntimeError("the demo has no initiative with demand")
    return pk


def solve_scenario() -> tuple[int, str, float]:
    """Solve the demo scenario as the portfolio office: ``scenario_solve`` queues the task,
    ``run_solve`` runs it here. Returns its id, the status and the seconds it took."""
    from veivalg.org.models import User
    from veivalg.prioritization.models import Scenario
    from veivalg.prioritization.services import scenario_solve
    from veivalg.prioritization.tasks import run_solve
    from veivalg.web.demo import DEMO_SCENARIO, OFFICE

    office = User.objects.get(username=OFFICE)
    scenario = Scenario.objects.get(name=DEMO_SCENARIO)
    started = time.perf_counter()
    scenario = scenario_solve(actor=office, scenario=scenario)
    status = run_solve(scenario.pk, scenario.task_token)
    return scenario.pk, status, time.perf_counter() - started


def targets(scenario: int | None) -> dict[str, int | None]:
    """The ids the addresses in ``PAGES`` need at this size (``None``: not measured)."""
    return {"initiative": demand_initiative(), "scenario": scenario}


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


def run(sizes: list[int], warmup: int, requests: int, *, solve: bool) -> list[Measurement]:
    from django.core.management import call_command
    from django.test import Client

    from veivalg.org.models import User

    print("migrating and building the demo …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    scenario: int | None = None
    if solve:
        scenario, status, seconds = solve_scenario()
        print(f"demo scenario solved: {status} in {seconds:.1f} s", flush=True)
    results: list[Measurement] = []
    for size in sizes:
        total, seconds = prepare(size)
        print(f"{total} initiatives (seed_demo took {seconds:.1f} s)", flush=True)
        ids = targets(scenario)
        for user_label, username in USERS:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            for page_label, address in PAGES:
                if any(f"{{{name}}}" in address and pk is None for name, pk in ids.items()):
                    results.append(Measurement(total, user_label, page_label, SKIPPED, None, None))
                    continue
                url = address.format(**ids)
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
            _status(m.status),
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
            if first is None or last is None or SKIPPED in (first.status, last.status):
                verdict = "not measured (skipped)"
            elif first.status != 200 or last.status != 200:
                verdict = "not measured (page did not answer 200)"
            elif first.queries == last.queries:
                verdict = f"constant ({first.queries} queries)"
            else:
                verdict = f"GROWS: {first.queries} → {last.queries} queries"
            print(
                f"query count {smallest} → {largest} initiatives, {page_label} as {user_label}: "
                f"{verdict}"
            )


def _status(status: int) -> str:
    if status == SKIPPED:
        return "skipped"
    return str(status) if status else "error"


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
        report(run(sizes, args.warmup, args.requests, solve=not args.no_scenario))
    finally:
        if tmpdir and not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)
        elif tmpdir:
            print(f"kept {tmpdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
