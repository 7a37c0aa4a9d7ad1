"""Benchmark of the portfolio optimiser against published instances.

Run from the repository root::

    .venv/bin/python bench/optimizer.py                  # everything, 10 s per instance
    .venv/bin/python bench/optimizer.py --quick          # 5 MKP, 3 RCPSP, 1 portfolio
    .venv/bin/python bench/optimizer.py --data DIR --time-limit 10 --workers 1

``--data`` is the shared bench-data directory (default: ``../shared/bench-data`` next to
the repository). Three sections:

1. Multidimensional knapsack: the 30 instances of OR-Library ``mknapcb1`` (Chu & Beasley
   1998; 5 constraints × 100 items) against the best-known values of ``chubeas-best.txt``
   (all 30 proven optimal in the literature). One period, every constraint a resource,
   objective ``max_value``. Greedy baseline: items by profit / Σ_i (w_ij / b_i), added while
   they fit.
2. RCPSP: PSPLIB j30 instances (Kolisch & Sprecher 1996) against the optimal makespans of
   ``j30_optimum.csv``. Every job a forced-in candidate, precedences as ``finish_to_start``,
   objective ``min_finish``; the horizon is the greedy makespan (an upper bound, capped by
   the file's horizon and the sum of durations). Greedy baseline: the serial schedule
   generation scheme with the latest-finish-time priority rule.
3. A synthetic municipal portfolio of the size the web application must handle (300
   candidates, 12 quarters, a yearly budget and 14 competences, start windows, relations,
   forced decisions; seeded, so the same every run), against the solver's own bound.

Every solution is verified independently: capacity use, precedences, forced decisions and
the objective are recomputed from the raw instance data, not taken from the solver. The
gap is 100 × |objective − reference| / reference; "gain" is the greedy gap minus the solver
gap, in percentage points.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from veivalg.optimize import load_problem, solve  # noqa: E402
from veivalg.optimize.convert import (  # noqa: E402
    MKPInstance,
    RCPSPInstance,
    critical_path_windows,
    mkp_to_problem,
    parse_orlib_mknap,
    parse_psplib_sm,
    rcpsp_to_problem,
    topological_order,
)
from veivalg.optimize.problem import PROBLEM_FORMAT  # noqa: E402

RCPSP_INSTANCES = [
    "j301_1",
    "j301_2",
    "j305_1",
    "j309_1",
    "j3013_1",
    "j3021_1",
    "j3029_1",
    "j3045_1",
]
TIGHTNESS = {"0.25": 0, "0.50": 1, "0.75": 2}


@dataclass
class Row:
    name: str
    objective: float | None
    reference: float
    seconds: float
    status: str
    verified: bool
    greedy: float | None
    maximise: bool

    def gap(self, value: float | None) -> float | None:
        if value is None:
            return None
        diff = self.reference - value if self.maximise else value - self.reference
        return 100.0 * diff / abs(self.reference)


# --------------------------------------------------------------------------- MKP


def best_known_mkp(path: Path, m: int, n: int) -> dict[int, float]:
    """``OR{m}x{n}-{tightness}_{k}`` → file index ``10 t + k - 1``."""
    out: dict[int, float] = {}
    prefix = f"OR{m}x{n}-"
    for line in path.read_text().splitlines():
        fields = line.split()
        if not fields or not fields[0].startswith(prefix):
            continue
        tightness, k = fields[0][len(prefix) :].split("_")
        out[10 * TIGHTNESS[tightness] + int(k) - 1] = float(fields[1])
    return out


def greedy_mkp(inst: MKPInstance) -> list[int]:
    def density(j: int) -> float:
        load = sum(row[j] / b for row, b in zip(inst.weights, inst.capacities, strict=True))
        return inst.profits[j] / load if load else float("inf")

    used = [0.0] * len(inst.capacities)
    chosen = []
    for j in sorted(range(len(inst.profits)), key=density, reverse=True):
        if all(
            used[i] + row[j] <= b
            for i, (row, b) in enumerate(zip(inst.weights, inst.capacities, strict=True))
        ):
            for i, row in enumerate(inst.weights):
                used[i] += row[j]
            chosen.append(j)
    return chosen


def verify_mkp(inst: MKPInstance, chosen: Sequence[int], objective: float) -> bool:
    for row, b in zip(inst.weights, inst.capacities, strict=True):
        if sum(row[j] for j in chosen) > b:
            return False
    return sum(inst.profits[j] for j in chosen) == objective


def run_mkp(data: Path, limit: float, workers: int, quick: bool) -> list[Row]:
    instances = parse_orlib_mknap((data / "mkp/orlib_mknapcb/mknapcb1.txt").read_text(), "mknapcb1")
    best = best_known_mkp(data / "mkp/chubeas-best.txt", 5, 100)
    indexes = [0, 10, 20, 5, 25] if quick else range(len(instances))
    rows = []
    for k in indexes:
        inst = instances[k]
        problem = load_problem(mkp_to_problem(inst))
        began = time.perf_counter()
        solution = solve(problem, time_limit_s=limit, workers=workers)
        seconds = time.perf_counter() - began
        chosen = [int(s.id[1:]) - 1 for s in solution.selected]
        objective = solution.objective
        verified = objective is not None and verify_mkp(inst, chosen, objective)
        greedy = greedy_mkp(inst)
        greedy_value = sum(inst.profits[j] for j in greedy)
        rows.append(
            Row(
                inst.name,
                objective,
                best[k],
                seconds,
                solution.status,
                verified,
                greedy_value,
                maximise=True,
            )
        )
        print_row(rows[-1])
    return rows


# --------------------------------------------------------------------------- RCPSP


def serial_sgs(inst: RCPSPInstance) -> list[int]:
    """Serial schedule generation with the latest-finish-time rule; returns start times."""
    horizon = sum(inst.durations)
    _, latest = critical_path_windows(inst, horizon)
    predecessors: list[list[int]] = [[] for _ in range(inst.n_jobs)]
    for job, succ in enumerate(inst.successors):
        for j in succ:
            predecessors[j].append(job)
    usage = [[0] * len(inst.capacities) for _ in range(horizon + 1)]
    start: list[int | None] = [None] * inst.n_jobs
    while any(s is None for s in start):
        eligible = [
            j
            for j in range(inst.n_jobs)
            if start[j] is None and all(start[p] is not None for p in predecessors[j])
        ]
        job = min(eligible, key=lambda j: (latest[j] + inst.durations[j], j))
        t = max((start[p] + inst.durations[p] for p in predecessors[job]), default=0)  # type: ignore[operator]
        while not all(
            usage[u][k] + inst.demands[job][k] <= inst.capacities[k]
            for u in range(t, t + inst.durations[job])
            for k in range(len(inst.capacities))
        ):
            t += 1
        for u in range(t, t + inst.durations[job]):
            for k in range(len(inst.capacities)):
                usage[u][k] += inst.demands[job][k]
        start[job] = t
    return [s for s in start if s is not None]


def verify_rcpsp(inst: RCPSPInstance, start: Sequence[int | None], makespan: float) -> bool:
    if any(s is None for s in start):
        return False
    s = [int(x) for x in start]  # type: ignore[arg-type]
    for job, succ in enumerate(inst.successors):
        if any(s[j] < s[job] + inst.durations[job] for j in succ):
            return False
    end = max(s[j] + inst.durations[j] for j in range(inst.n_jobs))
    for t in range(end):
        for k, cap in enumerate(inst.capacities):
            used = sum(
                inst.demands[j][k]
                for j in range(inst.n_jobs)
                if s[j] <= t < s[j] + inst.durations[j]
            )
            if used > cap:
                return False
    return end == makespan


def run_rcpsp(data: Path, limit: float, workers: int, quick: bool) -> list[Row]:
    folder = data / "rcpsp/j30"
    optimum = {}
    for line in (folder / "j30_optimum.csv").read_text().splitlines()[1:]:
        name, value = line.strip().split(",")
        optimum[name.removesuffix(".sm")] = float(value)
    rows = []
    for name in RCPSP_INSTANCES[:3] if quick else RCPSP_INSTANCES:
        inst = parse_psplib_sm((folder / f"{name}.sm").read_text(), name)
        topological_order(inst)  # rejects cyclic precedence graphs
        greedy_start = serial_sgs(inst)
        greedy = max(s + d for s, d in zip(greedy_start, inst.durations, strict=True))
        horizon = min(inst.horizon, sum(inst.durations), greedy)
        problem = load_problem(rcpsp_to_problem(inst, horizon=horizon))
        began = time.perf_counter()
        solution = solve(problem, time_limit_s=limit, workers=workers)
        seconds = time.perf_counter() - began
        starts = {s.id: s.start for s in solution.selected}
        start = [starts.get(f"J{j + 1}") for j in range(inst.n_jobs)]
        objective = solution.objective
        verified = objective is not None and verify_rcpsp(inst, start, objective)
        rows.append(
            Row(
                name,
                objective,
                optimum[name],
                seconds,
                solution.status,
                verified,
                greedy,
                maximise=False,
            )
        )
        print_row(rows[-1])
    return rows


# --------------------------------------------------------------------------- portfolio


def synthetic_portfolio(seed: int, n: int = 300, quarters: int = 12) -> dict[str, Any]:
    """A seeded municipal portfolio: yearly budget (granularity 4) and 14 competences."""
    rng = random.Random(seed)
    competences = [f"K{k + 1}" for k in range(14)]
    years = quarters // 4
    candidates = []
    budget_total = 0.0
    totals = dict.fromkeys(competences, 0.0)
    for i in range(n):
        duration = rng.randint(1, 6)
        earliest = rng.randint(0, quarters - duration)
        latest = min(quarters - duration, earliest + rng.choice([0, 0, 1, 2, 4, 8]))
        demand = {"budget": [round(rng.uniform(0.1, 3.0), 1) * 100000 for _ in range(duration)]}
        for k in rng.sample(competences, rng.randint(1, 3)):
            demand[k] = [round(rng.uniform(0.2, 2.0), 1) for _ in range(duration)]
        value = round(sum(demand["budget"]) / 1e5 * rng.uniform(0.5, 2.0) + rng.uniform(0, 20), 1)
        decision = rng.choices(["auto", "in", "out"], [95, 3, 2])[0]
        candidates.append(
            {
                "id": f"I-{i + 1}",
                "value": value,
                "demand": demand,
                "duration": duration,
                "earliest_start": earliest,
                "latest_start": latest,
                "decision": decision,
            }
        )
        budget_total += sum(demand["budget"])
        for k in competences:
            totals[k] += sum(demand.get(k, ()))
    resources: list[dict[str, Any]] = [
        {
            "id": "budget",
            "capacity": [round(budget_total / years * 0.4, -5)] * years,
            "granularity": 4,
        }
    ]
    resources += [{"id": k, "capacity": round(totals[k] / quarters * 0.6, 1)} for k in competences]
    free = [c["id"] for c in candidates if c["decision"] == "auto"]
    relations: list[dict[str, Any]] = []
    for kind, count, size in (
        ("requires", 10, 2),
        ("excludes", 5, 2),
        ("together", 3, 3),
        ("finish_to_start", 10, 2),
    ):
        for _ in range(count):
            ids = rng.sample(free, size)
            if kind in ("requires", "finish_to_start"):
                relations.append({"type": kind, "from": ids[0], "to": ids[1]})
            else:
                relations.append({"type": kind, "ids": ids})
    return {
        "format": PROBLEM_FORMAT,
        "periods": [f"{2027 + q // 4}Q{q % 4 + 1}" for q in range(quarters)],
        "resources": resources,
        "candidates": candidates,
        "relations": relations,
        "objective": "max_value",
    }


def verify_portfolio(doc: dict[str, Any], starts: dict[str, int], objective: float) -> bool:
    cands = {c["id"]: c for c in doc["candidates"]}
    quarters = len(doc["periods"])
    for cid, s in starts.items():
        c = cands[cid]
        if not c["earliest_start"] <= s <= c["latest_start"] or s + c["duration"] > quarters:
            return False
    if any(
        (c["decision"] == "in") != (cid in starts)
        for cid, c in cands.items()
        if c["decision"] != "auto"
    ):
        return False
    for rel in doc["relations"]:
        if rel["type"] == "requires" and rel["from"] in starts and rel["to"] not in starts:
            return False
        if rel["type"] == "excludes" and sum(x in starts for x in rel["ids"]) > 1:
            return False
        if rel["type"] == "together" and len({x in starts for x in rel["ids"]}) > 1:
            return False
        if rel["type"] == "finish_to_start" and rel["from"] in starts and rel["to"] in starts:
            if starts[rel["to"]] < starts[rel["from"]] + cands[rel["from"]]["duration"]:
                return False
    for res in doc["resources"]:
        gran = res.get("granularity", 1)
        caps = (
            res["capacity"]
            if isinstance(res["capacity"], list)
            else [res["capacity"]] * (quarters // gran)
        )
        used = [0.0] * len(caps)
        for cid, s in starts.items():
            for k, d in enumerate(cands[cid]["demand"].get(res["id"], ())):
                used[(s + k) // gran] += d
        if any(u > cap + 1e-6 for u, cap in zip(used, caps, strict=True)):
            return False
    return abs(sum(cands[c]["value"] for c in starts) - objective) < 1e-6


def greedy_portfolio(
    doc: dict[str, Any], forced_order: Callable[[dict[str, Any]], Any] | None = None
) -> float | None:
    """Forced-in first, then by value per normalised demand at the earliest start that fits.

    ``forced_order`` orders the forced-in candidates (default: as the others). Candidates in
    ``together`` groups are left out; ``requires`` needs its target placed already. ``None``
    when a forced-in candidate does not fit.
    """
    quarters = len(doc["periods"])
    caps: dict[str, list[float]] = {}
    gran: dict[str, int] = {}
    for res in doc["resources"]:
        gran[res["id"]] = res.get("granularity", 1)
        n_groups = quarters // gran[res["id"]]
        cap = res["capacity"]
        caps[res["id"]] = list(cap) if isinstance(cap, list) else [cap] * n_groups
    used = {r: [0.0] * len(c) for r, c in caps.items()}
    in_groups = {x for rel in doc["relations"] if rel["type"] == "together" for x in rel["ids"]}

    def load(c: dict[str, Any]) -> float:
        return sum(sum(d) / max(sum(caps[r]), 1e-9) for r, d in c["demand"].items()) or 1e-9

    def rank(c: dict[str, Any]) -> tuple[bool, Any]:
        if c["decision"] == "in" and forced_order is not None:
            return False, forced_order(c)
        return c["decision"] != "in", -c["value"] / load(c)

    order = sorted((c for c in doc["candidates"] if c["decision"] != "out"), key=rank)
    placed: dict[str, int] = {}
    by_id = {c["id"]: c for c in doc["candidates"]}
    for c in order:
        if c["decision"] == "auto" and c["id"] in in_groups:
            continue
        if c["decision"] == "auto" and not relations_allow(doc, c["id"], placed):
            continue
        for s in range(c["earliest_start"], c["latest_start"] + 1):
            if not timing_allows(doc, c["id"], s, placed, by_id):
                continue
            add: dict[tuple[str, int], float] = {}
            for r, d in c["demand"].items():
                for k, q in enumerate(d):
                    key = (r, (s + k) // gran[r])
                    add[key] = add.get(key, 0.0) + q
            if all(used[r][g] + q <= caps[r][g] + 1e-9 for (r, g), q in add.items()):
                for (r, g), q in add.items():
                    used[r][g] += q
                placed[c["id"]] = s
                break
        else:
            if c["decision"] == "in":
                return None
    return sum(by_id[c]["value"] for c in placed)


def relations_allow(doc: dict[str, Any], cid: str, placed: dict[str, int]) -> bool:
    for rel in doc["relations"]:
        if rel["type"] == "requires" and rel["from"] == cid and rel["to"] not in placed:
            return False
        if rel["type"] == "excludes" and cid in rel["ids"]:
            if any(x in placed for x in rel["ids"] if x != cid):
                return False
    return True


def timing_allows(
    doc: dict[str, Any], cid: str, s: int, placed: dict[str, int], by_id: dict[str, Any]
) -> bool:
    for rel in doc["relations"]:
        if rel["type"] != "finish_to_start":
            continue
        if rel["from"] == cid and rel["to"] in placed:
            if placed[rel["to"]] < s + by_id[cid]["duration"]:
                return False
        if rel["to"] == cid and rel["from"] in placed:
            if s < placed[rel["from"]] + by_id[rel["from"]]["duration"]:
                return False
    return True


def run_portfolio(limit: float, workers: int, quick: bool) -> list[Row]:
    rows = []
    for seed in [1] if quick else [1, 2, 3]:
        doc = synthetic_portfolio(seed)
        problem = load_problem(doc)
        began = time.perf_counter()
        solution = solve(problem, time_limit_s=limit, workers=workers)
        seconds = time.perf_counter() - began
        starts = {s.id: s.start for s in solution.selected}
        objective = solution.objective
        verified = objective is not None and verify_portfolio(doc, starts, objective)
        rows.append(
            Row(
                f"portfolio-{seed}",
                objective,
                float(solution.bound or 0),
                seconds,
                solution.status,
                verified,
                greedy_portfolio(doc),
                maximise=True,
            )
        )
        print_row(rows[-1])
    return rows


# --------------------------------------------------------------------------- report


HEADER = (
    f"{'instance':<16}{'objective':>11}{'reference':>11}{'gap %':>8}{'seconds':>9}"
    f"  {'status':<11}{'verified':<10}{'greedy':>9}{'greedy gap %':>14}"
)


def fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def print_row(row: Row) -> None:
    print(
        f"{row.name:<16}{fmt(row.objective, '.0f'):>11}{row.reference:>11.0f}"
        f"{fmt(row.gap(row.objective), '.3f'):>8}{row.seconds:>9.2f}  {row.status:<11}"
        f"{'yes' if row.verified else 'NO':<10}{fmt(row.greedy, '.0f'):>9}"
        f"{fmt(row.gap(row.greedy), '.3f'):>14}",
        flush=True,
    )


def summarise(title: str, rows: list[Row]) -> None:
    solver = [g for r in rows if (g := r.gap(r.objective)) is not None]
    greedy = [g for r in rows if (g := r.gap(r.greedy)) is not None]
    gains = [
        r.gap(r.greedy) - r.gap(r.objective)  # type: ignore[operator]
        for r in rows
        if r.objective is not None and r.greedy is not None
    ]
    optimal = sum(r.status == "optimal" for r in rows)
    print(
        f"{title}: {len(rows)} instances, {optimal} proven optimal, "
        f"{sum(r.verified for r in rows)} verified; mean gap solver "
        f"{statistics.fmean(solver) if solver else float('nan'):.3f} %, greedy "
        f"{statistics.fmean(greedy) if greedy else float('nan'):.3f} %; mean gain "
        f"{statistics.fmean(gains) if gains else float('nan'):.3f} percentage points; "
        f"mean {statistics.fmean(r.seconds for r in rows):.2f} s, "
        f"max {max(r.seconds for r in rows):.2f} s per instance"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "bench-data",
        help="the shared bench-data directory",
    )
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=1, help="solver threads")
    parser.add_argument("--quick", action="store_true", help="run fewer instances")
    args = parser.parse_args(argv)
    if not (args.data / "mkp").is_dir():
        parser.error(f"no bench data in {args.data}")

    sections = [
        (
            "MKP mknapcb1 (reference: best known)",
            lambda: run_mkp(args.data, args.time_limit, args.workers, args.quick),
        ),
        (
            "RCPSP PSPLIB j30 (reference: optimal makespan)",
            lambda: run_rcpsp(args.data, args.time_limit, args.workers, args.quick),
        ),
        (
            "Synthetic portfolio 300 x 12 x 15 (reference: the solver's bound)",
            lambda: run_portfolio(args.time_limit, args.workers, args.quick),
        ),
    ]
    results = []
    for title, run in sections:
        print(f"\n{title}\n{HEADER}")
        results.append((title, run()))
    print("\nSummary")
    for title, rows in results:
        summarise(title.split(" (")[0], rows)
    return 0 if all(r.verified for _, rows in results for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
