"""Command line.

    python -m veivalg.optimize PROBLEM.json [--time-limit S] [--workers N]
    python -m veivalg.optimize frontier PROBLEM.json --resource ID [--points N]
        [--time-limit S] [--workers N]

Prints the solution (or frontier) JSON on standard output. ``-`` reads the problem from
standard input. An invalid document exits with status 2 and one ``pointer: message`` line per
problem on standard error; nothing is solved.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from veivalg.optimize.frontier import frontier
from veivalg.optimize.problem import Problem, ProblemError, load_problem_json
from veivalg.optimize.solve import DEFAULT_WORKERS, solve

EXIT_INVALID = 2


def _read(path: str) -> Problem:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise ProblemError([("", f"cannot read {path}: {exc.strerror or exc}")]) from None
    return load_problem_json(text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("problem", help="problem JSON file, or - for standard input")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        metavar="S",
        help="solver limit in seconds (overrides time_limit_s in the document)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"solver threads (default {DEFAULT_WORKERS})",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    is_frontier = bool(args_list) and args_list[0] == "frontier"
    parser = argparse.ArgumentParser(
        prog="python -m veivalg.optimize" + (" frontier" if is_frontier else ""),
        description="Solve a veivalg portfolio problem with OR-Tools CP-SAT.",
        epilog=None
        if is_frontier
        else "Efficient frontier: python -m veivalg.optimize frontier PROBLEM.json "
        "--resource ID [--points N]",
    )
    _common(parser)
    if is_frontier:
        parser.add_argument("--resource", required=True, help="the resource to vary")
        parser.add_argument("--points", type=int, default=10, help="number of points")
        args_list = args_list[1:]
    args = parser.parse_args(args_list)

    if args.time_limit is not None and args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        problem = _read(args.problem)
    except ProblemError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_INVALID

    if is_frontier:
        if args.resource not in {r.id for r in problem.resources}:
            print(f"--resource: unknown resource {args.resource!r}", file=sys.stderr)
            return EXIT_INVALID
        if args.points < 1:
            print("--points: must be at least 1", file=sys.stderr)
            return EXIT_INVALID
        result = frontier(
            problem,
            args.resource,
            args.points,
            time_limit_s=args.time_limit,
            workers=args.workers,
        )
    else:
        result = solve(problem, time_limit_s=args.time_limit, workers=args.workers).to_dict()
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
