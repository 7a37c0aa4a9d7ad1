"""The command line, run as a separate process like a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from veivalg.optimize.problem import PROBLEM_FORMAT

REPO_ROOT = Path(__file__).resolve().parents[3]

PROBLEM: dict[str, Any] = {
    "format": PROBLEM_FORMAT,
    "periods": ["2027", "2028"],
    "resources": [{"id": "budget", "capacity": [10, 10]}],
    "candidates": [
        {"id": "I-1", "value": 5, "demand": {"budget": [6]}, "latest_start": 1},
        {"id": "I-2", "value": 4, "demand": {"budget": [6]}, "latest_start": 1},
        {"id": "I-3", "value": 3, "demand": {"budget": [6]}, "latest_start": 1},
    ],
    "objective": "max_value",
    "time_limit_s": 5,
}


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "veivalg.optimize", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")
    return path


def test_solves_and_prints_the_solution(problem_file: Path) -> None:
    result = run_cli(str(problem_file), "--time-limit", "5", "--workers", "1")
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["format"] == "veivalg-portfolio-solution/1"
    assert solution["status"] == "optimal"
    assert solution["objective"] == 9
    assert sorted(s["id"] for s in solution["selected"]) == ["I-1", "I-2"]
    assert solution["unselected"][0]["id"] == "I-3"
    assert solution["unselected"][0]["reason"].startswith("adding it at any start")


def test_reads_standard_input() -> None:
    result = run_cli("-", stdin=json.dumps(PROBLEM))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["objective"] == 9


def test_invalid_document_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(PROBLEM))
    bad["resources"][0]["capacity"] = [10, -1]
    bad["candidates"][1]["demand"]["budget"][0] = "six"
    bad["candidates"][2]["latest_start"] = 2
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "/resources/0/capacity/1: must be a non-negative number",
        "/candidates/1/demand/budget/0: must be a non-negative number",
        "/candidates/2/latest_start: must be a period index below 2",
    ]


def test_not_json_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    result = run_cli(str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("/: not valid JSON")


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nowhere.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_frontier(problem_file: Path) -> None:
    result = run_cli("frontier", str(problem_file), "--resource", "budget", "--points", "5")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["resource"] == "budget"
    assert [p["fraction"] for p in out["points"]] == [0.2, 0.4, 0.6, 0.8, 1.0]
    assert [p["value"] for p in out["points"]] == [0, 0, 9, 9, 9]  # 6 per period fits one
    assert out["points"][-1]["selected"] == ["I-1", "I-2"]


def test_frontier_unknown_resource_exits_2(problem_file: Path) -> None:
    result = run_cli("frontier", str(problem_file), "--resource", "staff")
    assert result.returncode == 2
    assert result.stderr.strip() == "--resource: unknown resource 'staff'"
