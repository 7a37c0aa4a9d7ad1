"""Readers for benchmark formats and converters to the portfolio problem format.

- OR-Library multidimensional knapsack (``mknap1``/``mknapcb*``): one period, every constraint
  a resource, every item a candidate, objective ``max_value``.
- PSPLIB single-mode RCPSP (``.sm``): every job a candidate forced in with its duration and a
  constant demand per period, every precedence a ``finish_to_start``, objective
  ``min_finish``. Start windows are the critical-path windows for the chosen horizon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from veivalg.optimize.problem import PROBLEM_FORMAT


@dataclass(frozen=True)
class MKPInstance:
    """max sum(p_j x_j) s.t. sum_j weights[i][j] x_j <= capacities[i]; ``optimum`` 0 = unknown."""

    name: str
    profits: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]
    capacities: tuple[float, ...]
    optimum: float = 0.0


def parse_orlib_mknap(text: str, name: str = "mkp") -> list[MKPInstance]:
    """Parse an OR-Library ``mknap`` file: K, then per instance ``n m opt``, p, r (m rows), b."""
    tokens = text.split()
    pos = 0

    def take(count: int) -> list[float]:
        nonlocal pos
        if pos + count > len(tokens):
            raise ValueError("unexpected end of file")
        out = [float(t) for t in tokens[pos : pos + count]]
        pos += count
        return out

    (count,) = take(1)
    instances = []
    for k in range(int(count)):
        n, m, opt = take(3)
        n, m = int(n), int(m)
        profits = take(n)
        weights = tuple(tuple(take(n)) for _ in range(m))
        capacities = take(m)
        instances.append(
            MKPInstance(
                name=f"{name}-{k:02d}",
                profits=tuple(profits),
                weights=weights,
                capacities=tuple(capacities),
                optimum=opt,
            )
        )
    return instances


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def mkp_to_problem(inst: MKPInstance, *, time_limit_s: float | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "periods": 1,
        "resources": [
            {"id": f"R{i + 1}", "capacity": _number(b)} for i, b in enumerate(inst.capacities)
        ],
        "candidates": [
            {
                "id": f"I{j + 1}",
                "value": _number(p),
                "demand": {
                    f"R{i + 1}": [_number(row[j])] for i, row in enumerate(inst.weights) if row[j]
                },
                "duration": 1,
            }
            for j, p in enumerate(inst.profits)
        ],
        "objective": "max_value",
    }
    if time_limit_s is not None:
        doc["time_limit_s"] = time_limit_s
    return doc


@dataclass(frozen=True)
class RCPSPInstance:
    """Single-mode RCPSP; jobs are 0-based here (PSPLIB job ``j`` is index ``j - 1``)."""

    name: str
    durations: tuple[int, ...]
    demands: tuple[tuple[int, ...], ...]
    successors: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]
    horizon: int

    @property
    def n_jobs(self) -> int:
        return len(self.durations)


def parse_psplib_sm(text: str, name: str = "rcpsp") -> RCPSPInstance:
    """Parse a PSPLIB single-mode ``.sm`` file."""
    lines = text.splitlines()
    horizon = 0
    n_jobs = 0
    for line in lines:
        if line.strip().startswith("horizon"):
            horizon = int(line.split(":")[1])
        elif line.strip().startswith("jobs (incl. supersource/sink"):
            n_jobs = int(line.split(":")[1])

    def section(title: str) -> list[str]:
        for i, line in enumerate(lines):
            if line.strip().startswith(title):
                body = []
                for follow in lines[i + 1 :]:
                    if follow.startswith("*"):
                        break
                    body.append(follow)
                return body
        raise ValueError(f"section {title!r} not found")

    successors: list[tuple[int, ...]] = [() for _ in range(n_jobs)]
    for line in section("PRECEDENCE RELATIONS"):
        fields = line.split()
        if not fields or not fields[0].isdigit():
            continue
        job, _modes, count = (int(x) for x in fields[:3])
        successors[job - 1] = tuple(int(x) - 1 for x in fields[3 : 3 + count])

    durations = [0] * n_jobs
    demands: list[tuple[int, ...]] = [() for _ in range(n_jobs)]
    for line in section("REQUESTS/DURATIONS"):
        fields = line.split()
        if not fields or not fields[0].isdigit():
            continue
        job = int(fields[0])
        durations[job - 1] = int(fields[2])
        demands[job - 1] = tuple(int(x) for x in fields[3:])

    body = [line for line in section("RESOURCEAVAILABILITIES") if re.search(r"\d", line)]
    capacities = tuple(int(x) for x in body[-1].split())
    return RCPSPInstance(
        name=name,
        durations=tuple(durations),
        demands=tuple(demands),
        successors=tuple(successors),
        capacities=capacities,
        horizon=horizon,
    )


def topological_order(inst: RCPSPInstance) -> list[int]:
    indegree = [0] * inst.n_jobs
    for succ in inst.successors:
        for j in succ:
            indegree[j] += 1
    ready = [j for j in range(inst.n_jobs) if indegree[j] == 0]
    order: list[int] = []
    while ready:
        job = ready.pop(0)
        order.append(job)
        for j in inst.successors[job]:
            indegree[j] -= 1
            if indegree[j] == 0:
                ready.append(j)
    if len(order) != inst.n_jobs:
        raise ValueError("precedence graph has a cycle")
    return order


def critical_path_windows(inst: RCPSPInstance, horizon: int) -> tuple[list[int], list[int]]:
    """Earliest and latest starts (ignoring resources) for a project that ends by ``horizon``."""
    order = topological_order(inst)
    earliest = [0] * inst.n_jobs
    for job in order:
        for j in inst.successors[job]:
            earliest[j] = max(earliest[j], earliest[job] + inst.durations[job])
    latest = [horizon - d for d in inst.durations]
    for job in reversed(order):
        for j in inst.successors[job]:
            latest[job] = min(latest[job], latest[j] - inst.durations[job])
    return earliest, latest


def rcpsp_to_problem(
    inst: RCPSPInstance, *, horizon: int | None = None, time_limit_s: float | None = None
) -> dict[str, Any]:
    """Convert to ``min_finish``; ``horizon`` (default: the file's) must be an upper bound.

    A zero-duration job (the dummy source and sink) cannot start at the period after the
    horizon, so the horizon gets one spare period: periods = ``horizon + 1``.
    """
    horizon = horizon or inst.horizon
    earliest, latest = critical_path_windows(inst, horizon)
    if any(e > lt for e, lt in zip(earliest, latest, strict=True)):
        raise ValueError(f"horizon {horizon} is shorter than the critical path")
    doc: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "periods": horizon + 1,
        "resources": [
            {"id": f"R{k + 1}", "capacity": cap} for k, cap in enumerate(inst.capacities)
        ],
        "candidates": [
            {
                "id": f"J{j + 1}",
                "value": 0,
                "demand": {
                    f"R{k + 1}": [q] * inst.durations[j]
                    for k, q in enumerate(inst.demands[j])
                    if q and inst.durations[j]
                },
                "duration": inst.durations[j],
                "earliest_start": earliest[j],
                "latest_start": latest[j],
                "decision": "in",
            }
            for j in range(inst.n_jobs)
        ],
        "relations": [
            {"type": "finish_to_start", "from": f"J{j + 1}", "to": f"J{k + 1}"}
            for j in range(inst.n_jobs)
            for k in inst.successors[j]
        ],
        "objective": "min_finish",
    }
    if time_limit_s is not None:
        doc["time_limit_s"] = time_limit_s
    return doc
