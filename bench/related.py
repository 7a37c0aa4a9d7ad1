"""Benchmark of «related initiatives»: quality on the labelled set, speed at 5,000 initiatives.

Run from the repository root::

    .venv/bin/python bench/related.py                  # every method, in memory
    .venv/bin/python bench/related.py --lookups 200    # more lookups per method
    .venv/bin/python bench/related.py --db             # also end to end, through the database

For each method it prints:

- precision@3 and recall@5 on ``tests/data/related_initiatives.json`` (every labelled text
  ranked against all the others; relevant = shares a group; precision@3 counts the relevant
  among the top three out of at most ``min(3, relevant)``), once for the whole text and once
  when only the title is known (as when someone has just started typing);
- the time to build the index of 5,000 initiatives (the labelled set topped up with the
  demo's generated initiatives), and the median and 95th percentile time of looking up one
  text against them.

The methods: character n-grams (3–5) of Norwegian-normalised words (stemmed, function words
removed) with TF-IDF, blended with the structured signals (same unit, site, program, goals,
directorate) — the method Veivalg uses, first with the thresholds it lists results by (a
blended score of at least 0.10 and some text similarity), then ranking everything like the
other methods; the same without the structured signals; character n-grams of the raw
lower-cased words; and stemmed whole words. No embedding model is
compared: none that handles Norwegian ships inside a package, and nothing may be downloaded.

``--db`` builds a temporary SQLite database with the demo and 5,000 initiatives and times
``selectors.related_to_text`` (signature check, visibility filter and the rows for the
answer included), as the «as you type» endpoint calls it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "data" / "related_initiatives.json"
SIZE = 5_000
QUERY = (
    "Felles kantine og møterom for barnehagen, skolen og sykehjemmet på Oksenøya. Tre kjøkken "
    "er dyre å drifte, og ingen ser behovene samlet."
)


@dataclass(frozen=True)
class Method:
    name: str
    analyzer: Callable[[str], Any]
    weights: Any
    min_score: float = 0.0
    min_text: float = 0.0


def setup_django(database_url: str | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veivalg.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        os.environ["DEBUG"] = "false"
        os.environ["STATIC_MANIFEST"] = "false"
        os.environ.setdefault("LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore", message="No directory at")
    import veivalg.settings as project_settings

    if "veivalg.coordination" not in project_settings.INSTALLED_APPS:
        project_settings.INSTALLED_APPS = [*project_settings.INSTALLED_APPS, "veivalg.coordination"]
    import django

    django.setup()


def methods() -> list[Method]:
    from veivalg.coordination import text
    from veivalg.coordination.selectors import MIN_SCORE, MIN_TEXT
    from veivalg.coordination.similarity import DEFAULT_WEIGHTS, Weights

    return [
        Method(
            "Veivalg: char 3-5 + Norwegian normalisation + structure, as listed",
            text.features,
            DEFAULT_WEIGHTS,
            MIN_SCORE,
            MIN_TEXT,
        ),
        Method("char 3-5 + Norwegian normalisation + structure", text.features, DEFAULT_WEIGHTS),
        Method("char 3-5 + Norwegian normalisation, text only", text.features, Weights.text()),
        Method("char 3-5 of raw words, text only", text.raw_char_counts, Weights.text()),
        Method("char 3-5 of raw words + structure", text.raw_char_counts, DEFAULT_WEIGHTS),
        Method("stemmed words, text only", text.word_counts, Weights.text()),
        Method("stemmed words + structure", text.word_counts, DEFAULT_WEIGHTS),
    ]


def labelled() -> tuple[list[Any], dict[int, frozenset[str]], list[dict[str, Any]]]:
    from veivalg.coordination.similarity import Doc

    items = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    docs = [
        Doc(
            key=i,
            text=f"{item['title']}\n{item['summary']}\n{item['need']}",
            unit=item["unit"],
            site=item["site"],
            directorate=item["directorate"],
            program=item["program"],
            goals=frozenset(item["goals"]),
        )
        for i, item in enumerate(items)
    ]
    return docs, {i: frozenset(item["groups"]) for i, item in enumerate(items)}, items


def title_only(
    method: Method, docs: list[Any], groups: dict[int, frozenset[str]], items: Any
) -> tuple[float, float]:
    """Precision@3 and recall@5 when the query is only the title (the corpus is complete)."""
    from dataclasses import replace

    from veivalg.coordination.similarity import RelatedIndex, Vectorizer

    index = RelatedIndex(docs, Vectorizer(method.analyzer))
    precision: list[float] = []
    recall: list[float] = []
    for doc in docs:
        relevant = {o.key for o in docs if o.key != doc.key and groups[doc.key] & groups[o.key]}
        if not relevant:
            continue
        query = replace(doc, text=items[doc.key]["title"])
        found = index.query(
            query,
            limit=5,
            weights=method.weights,
            min_score=method.min_score,
            min_text=method.min_text,
        )
        ranked = [m.key for m in found]
        precision.append(len(set(ranked[:3]) & relevant) / min(3, len(relevant)))
        recall.append(len(set(ranked) & relevant) / len(relevant))
    return sum(precision) / len(precision), sum(recall) / len(recall)


def corpus(docs: list[Any], size: int) -> list[Any]:
    """The labelled set topped up to ``size`` with the demo's generated initiatives."""
    from veivalg.coordination.similarity import Doc
    from veivalg.web.demo import UNITS, generated_spec

    sites = {slug: site for slug, _name, _directorate, site in UNITS}
    directorates = {slug: directorate for slug, _name, directorate, _site in UNITS}
    result = list(docs)
    index = 1
    while len(result) < size:
        spec = generated_spec(index)
        result.append(
            Doc(
                key=100_000 + index,
                text=f"{spec.title}\n{spec.summary}\n{spec.need}",
                unit=spec.unit,
                site=sites.get(spec.unit, ""),
                directorate=directorates.get(spec.unit),
                program=spec.program,
                goals=frozenset(spec.goals),
            )
        )
        index += 1
    return result


def timing(method: Method, docs: list[Any], lookups: int) -> tuple[float, float, float]:
    from veivalg.coordination.similarity import Doc, RelatedIndex, Vectorizer

    started = time.perf_counter()
    index = RelatedIndex(docs, Vectorizer(method.analyzer))
    build = time.perf_counter() - started
    query = Doc(
        key=-1,
        text=QUERY,
        unit="oksenoya-skole",
        site="Oksenøya",
        directorate="oppvekst-skole",
        goals=frozenset({"arealeffektivitet"}),
    )
    for _ in range(3):  # warm-up
        index.query(query, limit=10, weights=method.weights)
    times = []
    for _ in range(lookups):
        started = time.perf_counter()
        index.query(
            query,
            limit=10,
            weights=method.weights,
            min_score=method.min_score,
            min_text=method.min_text,
        )
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return build, statistics.median(times) * 1000, p95 * 1000


def run_memory(lookups: int) -> None:
    from veivalg.coordination.similarity import evaluate

    docs, groups, items = labelled()
    big = corpus(docs, SIZE)
    queries = sum(1 for d in docs if any(groups[d.key] & groups[o.key] for o in docs if o is not d))
    print(
        f"labelled set: {len(docs)} texts, {queries} with related ones; lookups against {len(big)}"
    )
    header = ("method", "P@3", "R@5", "P@3 title", "R@5 title", "build s", "median ms", "p95 ms")
    rows = []
    for method in methods():
        full = evaluate(
            docs,
            groups,
            analyzer=method.analyzer,
            weights=method.weights,
            min_score=method.min_score,
            min_text=method.min_text,
        )
        p_title, r_title = title_only(method, docs, groups, items)
        build, median, p95 = timing(method, big, lookups)
        rows.append(
            (
                method.name,
                f"{full.precision_at_3:.3f}",
                f"{full.recall_at_5:.3f}",
                f"{p_title:.3f}",
                f"{r_title:.3f}",
                f"{build:.2f}",
                f"{median:.2f}",
                f"{p95:.2f}",
            )
        )
    print_table(header, rows)


def run_database(lookups: int) -> None:
    """End to end through a fresh database (Django must be set up with it)."""
    from django.core.management import call_command

    from veivalg.coordination import selectors
    from veivalg.initiatives.models import Initiative
    from veivalg.org.models import Unit, User
    from veivalg.web.demo import GENERATED_PREFIX

    print("\nmigrating and seeding the demo with 5,000 initiatives …", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    handwritten = Initiative.objects.exclude(archive_reference__startswith=GENERATED_PREFIX)
    call_command("seed_demo", initiatives=SIZE - handwritten.count(), stdout=StringIO())
    count = Initiative.objects.count()
    unit = Unit.objects.get(slug="oksenoya-skole")
    for username in ("ansatt", "portefoljekontor"):
        user = User.objects.get(username=username)
        selectors.clear_related_cache()
        started = time.perf_counter()
        selectors.related_to_text(user, QUERY, unit=unit)
        cold = time.perf_counter() - started
        times = []
        for _ in range(lookups):
            user = User.objects.get(username=username)  # a new request: roles not cached
            started = time.perf_counter()
            selectors.related_to_text(user, QUERY, unit=unit)
            times.append(time.perf_counter() - started)
        print(
            f"database, {count} initiatives, as {username}: first lookup (builds the index) "
            f"{cold:.2f} s, then median {statistics.median(times) * 1000:.1f} ms"
        )


def print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lookups", type=int, default=50, help="measured lookups per method")
    parser.add_argument("--db", action="store_true", help="also measure through the database")
    args = parser.parse_args(argv)
    tmpdir = tempfile.mkdtemp(prefix="veivalg-related-") if args.db else None
    try:
        setup_django(f"sqlite:///{Path(tmpdir) / 'bench.sqlite3'}" if tmpdir else None)
        run_memory(args.lookups)
        if tmpdir:
            run_database(args.lookups)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
