"""Scenario benchmark: a municipality-sized scenario solved through the application's code.

Builds, in a fresh temporary SQLite database (or the one given with ``--database-url``), a
seeded portfolio:

- 15 competences, each with two resource pools (a unit's and a portfolio's) and capacity
  per quarter with an operations share, plus a few operations initiatives that consume it;
  four competences are scarce (60 % of the candidates' mean demand per quarter), the others
  have some room (120 %; peaks still bind); ``--tight`` makes all fifteen scarce;
- 300 candidates routed to the portfolio board, rated on its criteria: 290 ready for
  decision and 10 in progress (committed: their load comes off capacity first), each with
  yearly costs, a demand profile of 2–6 quarters on 1–3 competences and a start window of
  0–4 quarters; 20 of the pending ones forced in by the scenario's overrides;
- 40 dependencies (requires, excludes, together, finish_to_start);
- a scenario over 12 quarters (three budget years, each 45 % of what the candidates cost
  that year) with those 300 as its candidates.

It then builds the problem with ``exchange.scenario_problem``, validates it with
``load_problem`` and solves it with ``solve`` at the application's time limit
(``VEIVALG_SOLVE_TIME_LIMIT``, 10 s) and one worker, as ``tasks.run_solve`` does, and prints
the build time, solve time, status, objective, bound, gap and the value of a greedy ranking
(forced-in first, then value per normalised cost, each at its earliest start that fits next
to those already placed; see ``bench/optimizer.py``), with the gain over greedy. Every
solution is checked independently against the document (capacity, windows, relations).

Last, it adds initiatives until the database holds ``--large`` (5,000) and prints the time to
build the problem twice: for the same 300-candidate scenario with 5,000 initiatives in the
database, and for a scenario whose candidates are all 5,000 (every one with costs, demand
and ratings).

Usage::

    .venv/bin/python bench/scenario.py
    .venv/bin/python bench/scenario.py --runs 3 --seed 7 --large 5000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from optimizer import greedy_portfolio, verify_portfolio  # noqa: E402

FIRST_YEAR = 2027
YEARS = 3
COMPETENCES = 15
CANDIDATES = 300
COMMITTED = 10
FORCED_IN = 20
# Capacity per competence as a share of the candidates' mean demand per quarter: a few
# scarce competences (as in most municipalities: developers, architects, project managers)
# and the rest with some room; ``--tight`` makes every competence scarce (a stress test).
SCARCE = 4
SCARCE_SHARE = 0.6
AMPLE_SHARE = 1.2
TIGHT_SHARE = 0.6
BUDGET_SHARE = 0.45
DEPENDENCIES = {"requires": 12, "excludes": 8, "together": 6, "finish_to_start": 14}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", help="use this (empty) database instead of SQLite")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--runs", type=int, default=1, help="solves of the same scenario")
    parser.add_argument(
        "--large", type=int, default=5000, help="initiatives in the database for the build test"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument(
        "--tight", action="store_true", help="every competence scarce (a stress test)"
    )
    parser.add_argument("--dump", type=Path, help="write the 300-candidate problem document here")
    return parser.parse_args(argv)


def configure(database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "veivalg.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"
    os.environ["STATIC_MANIFEST"] = "false"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


# --- data ----------------------------------------------------------------------------------


class Builder:
    """Writes the seeded organisation, capacity and initiatives with bulk inserts."""

    def __init__(self, seed: int) -> None:
        from veivalg.capacity.models import Competence, PoolCapacity, ResourcePool
        from veivalg.org.models import Board, Directorate, Portfolio, Unit, User
        from veivalg.prioritization.models import (
            Criterion,
            CriterionLevel,
            Level,
            PrioritizationSet,
            WeightsMethod,
        )

        self.rng = random.Random(seed)
        self.directorate = Directorate.objects.create(slug="bench", name="Benk")
        self.units = [
            Unit.objects.create(
                slug=f"bench-{i}", name=f"Benkenhet {i}", directorate=self.directorate
            )
            for i in range(5)
        ]
        self.portfolio = Portfolio.objects.create(slug="bench-digit", name="Benk DigIT")
        self.board = Board.objects.get_or_create(
            slug=Board.DEFAULT_SLUG, defaults={"name": "Porteføljestyret"}
        )[0]
        self.owner = User.objects.create_user(username="bench-owner")

        pset = PrioritizationSet.objects.filter(board=self.board, active=True).first()
        if pset is None:
            pset = PrioritizationSet.objects.create(
                board=self.board, name="Benk", weights_method=WeightsMethod.DIRECT
            )
            for order, (slug, weight) in enumerate((("nytte", "0.5"), ("strategi", "0.3"))):
                criterion = Criterion.objects.create(
                    set=pset, slug=slug, name=slug, weight=Decimal(weight), order=order
                )
                CriterionLevel.objects.bulk_create(
                    CriterionLevel(criterion=criterion, level=lv, label=str(lv), meaning=str(lv))
                    for lv in Level.values
                )
            criterion = Criterion.objects.create(
                set=pset, slug="risiko", name="risiko", weight=Decimal("0.2"), inverted=True
            )
            CriterionLevel.objects.bulk_create(
                CriterionLevel(criterion=criterion, level=lv, label=str(lv), meaning=str(lv))
                for lv in Level.values
            )
        self.criteria = list(pset.criteria.all())

        self.competences = [
            Competence.objects.create(slug=f"k{k + 1:02d}", name=f"Kompetanse {k + 1:02d}")
            for k in range(COMPETENCES)
        ]
        pools = []
        for k, competence in enumerate(self.competences):
            pools.append(
                ResourcePool.objects.create(
                    slug=f"pool-u-{k}",
                    name=f"Enhetspool {k}",
                    competence=competence,
                    unit=self.units[k % len(self.units)],
                )
            )
            pools.append(
                ResourcePool.objects.create(
                    slug=f"pool-p-{k}",
                    name=f"Porteføljepool {k}",
                    competence=competence,
                    portfolio=self.portfolio,
                )
            )
        self.pools = pools
        self.quarters = list(range(FIRST_YEAR * 4, (FIRST_YEAR + YEARS) * 4))
        self.PoolCapacity = PoolCapacity

    def initiatives(self, count: int, start_index: int, *, kind: str = "pending") -> list[Any]:
        """``count`` initiatives with costs, demand and ratings; returns them (with pk)."""
        from veivalg.capacity.models import DemandPlan, DemandRow
        from veivalg.initiatives.models import Initiative, InitiativeCost, State, WorkType
        from veivalg.prioritization.models import Rating

        rng = self.rng
        state = {
            "pending": State.READY_FOR_DECISION,
            "committed": State.IN_PROGRESS,
            "operations": State.IN_PROGRESS,
        }[kind]
        work_type = WorkType.OPERATIONS if kind == "operations" else WorkType.DEVELOPMENT
        made = Initiative.objects.bulk_create(
            Initiative(
                title=f"Benkinitiativ {start_index + i:05d}",
                summary="Syntetisk.",
                need="Syntetisk.",
                unit=self.units[(start_index + i) % len(self.units)],
                owner=self.owner,
                portfolio=self.portfolio,
                work_type=work_type,
                state=state,
                board=self.board,
            )
            for i in range(count)
        )
        costs, plans, rows, ratings = [], [], [], []
        horizon = len(self.quarters)
        for initiative in made:
            duration = rng.randint(2, 6)
            cost_years = 1 if duration <= 4 else 2
            earliest = rng.randint(0, horizon - 4 * cost_years)
            width = rng.randint(0, 4)
            plans.append(
                DemandPlan(
                    initiative=initiative,
                    earliest_start=self.quarters[earliest],
                    latest_start=self.quarters[min(horizon - 1, earliest + width)],
                )
            )
            for y in range(cost_years):
                amount = rng.randint(2, 30) * 50_000
                costs.append(
                    InitiativeCost(
                        initiative=initiative,
                        year=FIRST_YEAR + (earliest // 4) + y,
                        investment=Decimal(amount),
                        operating=Decimal(rng.randint(0, 4) * 25_000),
                    )
                )
            for competence in rng.sample(self.competences, rng.randint(1, 3)):
                for offset in range(duration):
                    rows.append(
                        DemandRow(
                            initiative=initiative,
                            competence=competence,
                            offset=offset,
                            fte=Decimal(rng.randint(2, 20)) / 10,
                        )
                    )
            for criterion in self.criteria:
                ratings.append(
                    Rating(initiative=initiative, criterion=criterion, level=rng.randint(0, 4))
                )
        InitiativeCost.objects.bulk_create(costs)
        DemandPlan.objects.bulk_create(plans)
        DemandRow.objects.bulk_create(rows)
        Rating.objects.bulk_create(ratings)
        return made

    def capacity(self, shares: list[float]) -> None:
        """Pool capacity per quarter: for competence ``k``, ``shares[k]`` of the candidates'
        mean demand per quarter (split over its two pools), plus an operations share."""
        from veivalg.capacity.models import DemandRow

        totals: dict[str, float] = {}
        for slug, fte in DemandRow.objects.values_list("competence__slug", "fte"):
            totals[slug] = totals.get(slug, 0.0) + float(fte)
        rows = []
        share = {c.slug: shares[k] for k, c in enumerate(self.competences)}
        for pool in self.pools:
            slug = pool.competence.slug
            per_quarter = totals.get(slug, 0.0) / len(self.quarters) * share[slug] / 2
            for q in self.quarters:
                operations = round(self.rng.uniform(0.5, 2.0), 1)
                rows.append(
                    self.PoolCapacity(
                        pool=pool,
                        quarter=q,
                        fte=Decimal(str(round(per_quarter + operations, 1))),
                        operations_fte=Decimal(str(operations)),
                    )
                )
        self.PoolCapacity.objects.bulk_create(rows)

    def dependencies(self, ids: list[int], forced: set[int]) -> None:
        from veivalg.prioritization.models import Dependency

        free = [pk for pk in ids if pk not in forced]
        used: set[tuple[int, int]] = set()
        rows = []
        for kind, count in DEPENDENCIES.items():
            made = 0
            while made < count:
                a, b = sorted(self.rng.sample(free, 2))
                if (a, b) in used:
                    continue
                used.add((a, b))
                # Directed edges always point from a later id to an earlier one: no cycles.
                if kind == "finish_to_start":
                    rows.append(Dependency(from_initiative_id=a, to_initiative_id=b, type=kind))
                else:
                    rows.append(Dependency(from_initiative_id=b, to_initiative_id=a, type=kind))
                made += 1
        Dependency.objects.bulk_create(rows)


# --- greedy ranking ------------------------------------------------------------------------


def greedy(doc: dict[str, Any]) -> float | None:
    """The value of a greedy ranking of a (normalised) problem document: ``greedy_portfolio``
    with the forced-in candidates that have the fewest start choices placed first."""
    return greedy_portfolio(
        doc, forced_order=lambda c: (c["latest_start"] - c["earliest_start"], -c["value"])
    )


# --- solving -------------------------------------------------------------------------------


def solve_once(scenario: Any) -> dict[str, Any]:
    from veivalg.optimize.problem import load_problem
    from veivalg.optimize.solve import solve
    from veivalg.prioritization.exchange import scenario_problem, solve_time_limit

    began = time.perf_counter()
    document = scenario_problem(scenario)
    problem = load_problem(document)
    built = time.perf_counter() - began
    limit = solve_time_limit()
    began = time.perf_counter()
    solution = solve(problem, time_limit_s=limit)  # one worker, as tasks.run_solve
    seconds = time.perf_counter() - began
    plain = problem.to_dict()
    starts = {s.id: s.start for s in solution.selected}
    objective = solution.objective
    return {
        "build": built,
        "solve": seconds,
        "limit": limit,
        "status": solution.status,
        "objective": objective,
        "bound": solution.bound,
        "verified": objective is not None and verify_portfolio(plain, starts, float(objective)),
        "greedy": greedy(plain),
        "candidates": len(problem.candidates),
        "starts": sum(len(c.starts) for c in problem.candidates),
        "resources": len(problem.resources),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tmpdir: str | None = None
    if args.database_url:
        database_url = args.database_url
    else:
        tmpdir = tempfile.mkdtemp(prefix="veivalg-bench-")
        database_url = f"sqlite:///{Path(tmpdir) / 'bench.sqlite3'}"
    try:
        configure(database_url)
        from django.core.management import call_command
        from django.db import connection

        from veivalg.initiatives.models import Initiative
        from veivalg.prioritization.models import Scenario

        print(f"database: {connection.vendor}; seed {args.seed}", flush=True)
        call_command("migrate", verbosity=0)
        builder = Builder(args.seed)
        pending = builder.initiatives(CANDIDATES - COMMITTED, 0)
        committed = builder.initiatives(COMMITTED, CANDIDATES - COMMITTED, kind="committed")
        builder.initiatives(5, CANDIDATES, kind="operations")
        if args.tight:
            shares = [TIGHT_SHARE] * COMPETENCES
        else:
            shares = [SCARCE_SHARE] * SCARCE + [AMPLE_SHARE] * (COMPETENCES - SCARCE)
        builder.capacity(shares)
        ids = [i.pk for i in pending + committed]
        forced = set(builder.rng.sample([i.pk for i in pending], FORCED_IN))
        builder.dependencies(ids, forced)
        budget = {}
        from veivalg.initiatives.models import InitiativeCost

        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            spent = sum(
                int(a + b)
                for a, b in InitiativeCost.objects.filter(
                    initiative_id__in=ids, year=year
                ).values_list("investment", "operating")
            )
            budget[str(year)] = int(round(spent * BUDGET_SHARE, -5))
        scenario = Scenario.objects.create(
            name="Benk",
            board=builder.board,
            explicit_candidates=True,
            budget=budget,
            overrides={str(pk): "in" for pk in sorted(forced)},
        )
        scenario.candidates.set(ids)

        print(
            f"{CANDIDATES} candidates ({COMMITTED} committed, {FORCED_IN} forced in), "
            f"{YEARS * 4} quarters, {COMPETENCES} competences, "
            f"{sum(DEPENDENCIES.values())} dependencies, budget {budget}",
            flush=True,
        )
        if args.dump:
            import json

            from veivalg.prioritization.exchange import scenario_problem as build

            args.dump.write_text(json.dumps(build(scenario)))
        for run in range(1, args.runs + 1):
            r = solve_once(scenario)
            objective, bound, greedy = r["objective"], r["bound"], r["greedy"]
            gap = 100 * (bound - objective) / bound if objective is not None and bound else None
            print(
                f"run {run}: {r['candidates']} candidates, {r['starts']} start choices, "
                f"{r['resources']} resources\n"
                f"  problem built in {r['build'] * 1000:.0f} ms\n"
                f"  solve {r['solve']:.2f} s (limit {r['limit']:g} s, 1 worker): "
                f"status {r['status']}, objective {objective}, bound {bound}, "
                f"gap {'–' if gap is None else f'{gap:.3f} %'}, verified {r['verified']}",
                flush=True,
            )
            if greedy is not None and objective is not None:
                print(
                    f"  greedy {greedy:.1f}; gain over greedy {objective - greedy:.1f} "
                    f"({100 * (objective - greedy) / greedy:.2f} %)",
                    flush=True,
                )
            else:
                print("  greedy: no feasible greedy portfolio", flush=True)

        # Building the problem with many initiatives in the database.
        have = Initiative.objects.count()
        extra = max(0, args.large - have)
        began = time.perf_counter()
        more = builder.initiatives(extra, CANDIDATES + 5) if extra else []
        print(
            f"\nadded {extra} initiatives in {time.perf_counter() - began:.1f} s; "
            f"{Initiative.objects.count()} in the database",
            flush=True,
        )
        from veivalg.prioritization.exchange import scenario_problem

        for label, candidate_ids in (
            (f"the same scenario ({CANDIDATES} candidates)", ids),
            (
                f"a scenario over all {len(ids) + len(more)} candidates",
                ids + [i.pk for i in more],
            ),
        ):
            scenario.candidates.set(candidate_ids)
            timings = []
            for _ in range(3):
                began = time.perf_counter()
                document = scenario_problem(scenario)
                timings.append(time.perf_counter() - began)
            print(
                f"build problem, {label}: {min(timings) * 1000:.0f} ms "
                f"(best of 3; {len(document['candidates'])} candidates)",
                flush=True,
            )
    finally:
        if tmpdir and not args.keep:
            shutil.rmtree(tmpdir, ignore_errors=True)
        elif tmpdir:
            print(f"kept {tmpdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
