"""Validation of the problem document: every error names its field by JSON pointer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from veivalg.optimize.problem import (
    PROBLEM_FORMAT,
    ProblemError,
    load_problem,
    load_problem_json,
    pointer,
)


def valid() -> dict[str, Any]:
    return {
        "format": PROBLEM_FORMAT,
        "periods": ["2027Q1", "2027Q2", "2027Q3", "2027Q4"],
        "resources": [
            {"id": "budget", "capacity": [16000000], "granularity": 4},
            {"id": "utvikler", "capacity": 6.0},
        ],
        "candidates": [
            {
                "id": "I-17",
                "value": 73.5,
                "demand": {"budget": [900000, 600000], "utvikler": [2.0, 1.5]},
                "earliest_start": 0,
                "latest_start": 2,
                "decision": "auto",
            },
            {"id": "I-18", "value": 10, "demand": {"utvikler": [1]}},
            {"id": "I-20", "value": 5},
            {"id": "I-21", "value": 5},
        ],
        "relations": [
            {"type": "requires", "from": "I-18", "to": "I-17"},
            {"type": "excludes", "ids": ["I-20", "I-21"]},
            {"type": "together", "ids": ["I-17", "I-18"]},
            {"type": "finish_to_start", "from": "I-17", "to": "I-18"},
        ],
        "objective": "max_value",
        "time_limit_s": 10,
    }


def errors_of(doc: object) -> list[tuple[str, str]]:
    with pytest.raises(ProblemError) as info:
        load_problem(doc)
    return info.value.errors


def test_valid_document_loads_with_defaults() -> None:
    problem = load_problem(valid())
    assert problem.periods == ("2027Q1", "2027Q2", "2027Q3", "2027Q4")
    budget = problem.resource("budget")
    assert budget.capacity == (16000000,) and budget.granularity == 4
    assert problem.resource("utvikler").capacity == (6.0,) * 4
    first, second = problem.candidates[:2]
    assert (first.duration, first.earliest_start, first.latest_start) == (2, 0, 2)
    assert (second.duration, second.latest_start, second.decision) == (1, 0, "auto")
    assert problem.candidates[2].duration == 0
    assert problem.relations[0].from_id == "I-18"
    assert problem.time_limit_s == 10


def test_round_trip_through_to_dict() -> None:
    problem = load_problem(valid())
    assert load_problem(problem.to_dict()) == problem


def test_periods_as_count_get_numbered_labels() -> None:
    doc = valid()
    doc["periods"] = 4
    assert load_problem(doc).periods == ("0", "1", "2", "3")


def test_duration_field_extends_a_candidate() -> None:
    doc = valid()
    doc["candidates"][1]["duration"] = 3
    assert load_problem(doc).candidates[1].duration == 3


def test_negative_demand_is_named_by_pointer() -> None:
    doc = valid()
    doc["candidates"][0]["demand"]["budget"][1] = -5
    assert errors_of(doc) == [
        ("/candidates/0/demand/budget/1", "must be a non-negative number"),
    ]


def test_all_problems_are_collected() -> None:
    doc = valid()
    doc["format"] = "something/2"
    doc["resources"][1]["capacity"] = -1
    doc["candidates"][0]["value"] = "high"
    doc["candidates"][1]["demand"]["unknown"] = [1]
    doc["candidates"].append({"id": "I-21", "value": 1})
    doc["relations"][0]["to"] = "I-99"
    doc["objective"] = "cheapest"
    errors = dict(errors_of(doc))
    assert errors == {
        "/format": "unknown format 'something/2'; expected 'veivalg-portfolio-problem/1'",
        "/resources/1/capacity": "must be a non-negative number",
        "/candidates/0/value": "must be a number",
        "/candidates/1/demand/unknown": "unknown resource 'unknown'",
        "/candidates/4/id": "duplicate id 'I-21' (also /candidates/3)",
        "/relations/0/to": "unknown candidate 'I-99'",
        "/objective": "must be one of 'max_value', 'min_finish'",
    }


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (lambda d: d.pop("format"), "/format", "is required"),
        (lambda d: d.pop("candidates"), "/candidates", "is required"),
        (lambda d: d.update(periods=[]), "/periods", "must have at least one period"),
        (lambda d: d.update(periods=0), "/periods", "must be at least 1"),
        (
            lambda d: d.update(periods="Q1"),
            "/periods",
            "must be a list of labels or a positive integer",
        ),
        (
            lambda d: d["periods"].__setitem__(1, "2027Q1"),
            "/periods/1",
            "duplicate label '2027Q1' (also /periods/0)",
        ),
        (
            lambda d: d["resources"][0].update(capacity=[1, 2]),
            "/resources/0/capacity",
            "must have one number per group of 4 periods (1), got 2",
        ),
        (
            lambda d: d["resources"][1].update(capacity=[1, 2]),
            "/resources/1/capacity",
            "must have one number per period (4), got 2",
        ),
        (
            lambda d: d["resources"][0].update(granularity=3),
            "/resources/0/granularity",
            "the number of periods (4) is not a multiple of 3",
        ),
        (
            lambda d: d["resources"][0].update(granularity=0),
            "/resources/0/granularity",
            "must be a positive integer",
        ),
        (
            lambda d: d["resources"][1].update(capacity=[1, 2, "x", 4]),
            "/resources/1/capacity/2",
            "must be a non-negative number",
        ),
        (
            lambda d: d["resources"].append({"id": "budget", "capacity": 1}),
            "/resources/2/id",
            "duplicate id 'budget' (also /resources/0)",
        ),
        (lambda d: d["resources"][1].pop("capacity"), "/resources/1/capacity", "is required"),
        (lambda d: d["candidates"].append({"value": 1}), "/candidates/4/id", "is required"),
        (
            lambda d: d["candidates"][0].update(value=True),
            "/candidates/0/value",
            "must be a number",
        ),
        (
            lambda d: d["candidates"][0].update(demand={"budget": 5}),
            "/candidates/0/demand/budget",
            "must be a list",
        ),
        (
            lambda d: d["candidates"][0].update(latest_start=3),
            "/candidates/0/latest_start",
            "starting in period 3 with duration 2 would finish after the last period (3)",
        ),
        (
            lambda d: d["candidates"][2].update(earliest_start=4),
            "/candidates/2/earliest_start",
            "must be a period index below 4",
        ),
        (
            lambda d: d["candidates"][0].update(earliest_start=2, latest_start=1),
            "/candidates/0/latest_start",
            "must not be before earliest_start (2)",
        ),
        (
            lambda d: d["candidates"][0].update(earliest_start=-1),
            "/candidates/0/earliest_start",
            "must be a non-negative integer",
        ),
        (
            lambda d: d["candidates"][0].update(duration=1),
            "/candidates/0/duration",
            "must be at least the longest demand list (2 periods)",
        ),
        (
            lambda d: d["candidates"][0].update(decision="maybe"),
            "/candidates/0/decision",
            "must be one of 'auto', 'in', 'out'",
        ),
        (
            lambda d: d["candidates"][0].update(lastest_start=1),
            "/candidates/0/lastest_start",
            "unknown field",
        ),
        (
            lambda d: d["relations"][1].update(ids=["I-20"]),
            "/relations/1/ids",
            "must name at least two candidates",
        ),
        (
            lambda d: d["relations"][1].update(ids=["I-20", "I-20"]),
            "/relations/1/ids/1",
            "'I-20' is named twice",
        ),
        (
            lambda d: d["relations"][2].update(ids=["I-17", "nobody"]),
            "/relations/2/ids/1",
            "unknown candidate 'nobody'",
        ),
        (
            lambda d: d["relations"][3].update(to="I-17"),
            "/relations/3/to",
            "must differ from 'from'",
        ),
        (
            lambda d: d["relations"][0].update(type="depends"),
            "/relations/0/type",
            "must be one of 'requires', 'excludes', 'together', 'finish_to_start'",
        ),
        (lambda d: d["relations"][0].pop("from"), "/relations/0/from", "is required"),
        (lambda d: d.update(time_limit_s=-1), "/time_limit_s", "must be a non-negative number"),
        (
            lambda d: d["candidates"][0].update(value=1e16),
            "/candidates/0/value",
            "must be at most 1e+15 in magnitude",
        ),
    ],
)
def test_single_error(change: Any, where: str, message: str) -> None:
    doc = copy.deepcopy(valid())
    change(doc)
    assert errors_of(doc) == [(where, message)]


def test_extension_fields_are_ignored() -> None:
    doc = valid()
    doc["x-scenario"] = "Plan A"
    doc["candidates"][0]["x-title"] = "Nytt sak/arkiv"
    load_problem(doc)


def test_not_an_object() -> None:
    assert errors_of([1, 2]) == [("", "must be an object")]


def test_invalid_json_text() -> None:
    with pytest.raises(ProblemError) as info:
        load_problem_json("{")
    [(where, message)] = info.value.errors
    assert where == "" and message.startswith("not valid JSON")
    assert info.value.lines()[0].startswith("/: not valid JSON")


def test_nan_is_not_a_number() -> None:
    with pytest.raises(ProblemError) as info:
        load_problem_json('{"periods": NaN}')
    assert "NaN" in info.value.errors[0][1]


def test_pointer_escapes_slash_and_tilde() -> None:
    assert pointer("candidates", 0, "demand", "a/b~c") == "/candidates/0/demand/a~1b~0c"
    doc = valid()
    doc["candidates"][0]["demand"] = {"a/b": [1]}
    assert errors_of(doc) == [("/candidates/0/demand/a~1b", "unknown resource 'a/b'")]


def test_zero_duration_candidate_may_start_in_the_last_period() -> None:
    doc = valid()
    doc["candidates"][2].update(earliest_start=3)
    assert load_problem(doc).candidates[2].starts == range(3, 4)


def test_scaled_capacity_multiplies_every_entry() -> None:
    problem = load_problem(valid()).with_scaled_capacity("utvikler", 0.5)
    assert problem.resource("utvikler").capacity == (3.0,) * 4
    assert problem.resource("budget").capacity == (16000000,)
