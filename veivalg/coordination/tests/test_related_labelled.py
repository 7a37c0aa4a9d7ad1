"""Quality of «related initiatives» on the labelled set in ``tests/data``.

The floors are the values measured when the method was chosen, rounded down a little (see
``bench/related.py``, which prints them). A change that makes the ranking worse fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from veivalg.coordination.selectors import MIN_SCORE, MIN_TEXT
from veivalg.coordination.similarity import DEFAULT_WEIGHTS, Doc, Weights, evaluate

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "related_initiatives.json"

# Measured: blended (as listed) 0.749 / 0.709; text alone 0.640 / 0.588.
BLENDED_PRECISION_AT_3 = 0.73
BLENDED_RECALL_AT_5 = 0.69
TEXT_PRECISION_AT_3 = 0.62
TEXT_RECALL_AT_5 = 0.57


@pytest.fixture(scope="module")
def labelled() -> tuple[list[Doc], dict[int, frozenset[str]], list[dict[str, Any]]]:
    items = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    docs = [
        Doc(
            key=index,
            text=f"{item['title']}\n{item['summary']}\n{item['need']}",
            unit=item["unit"],
            site=item["site"],
            directorate=item["directorate"],
            program=item["program"],
            goals=frozenset(item["goals"]),
        )
        for index, item in enumerate(items)
    ]
    groups = {index: frozenset(item["groups"]) for index, item in enumerate(items)}
    return docs, groups, items


def test_the_labelled_set_has_at_least_sixty_texts_in_known_groups(labelled: Any) -> None:
    _docs, groups, items = labelled
    grouped = [i for i in items if i["groups"]]
    assert len(grouped) >= 60
    assert any(not i["groups"] for i in items), "distractors are part of the set"
    for name in ("haug-skole", "oksenoya", "digitalt-forstevalg"):
        assert sum(name in g for g in groups.values()) >= 5, name


def test_blended_ranking_keeps_its_precision_and_recall(labelled: Any) -> None:
    docs, groups, _items = labelled
    result = evaluate(docs, groups, weights=DEFAULT_WEIGHTS, min_score=MIN_SCORE, min_text=MIN_TEXT)
    assert result.queries >= 60
    assert result.precision_at_3 >= BLENDED_PRECISION_AT_3, result
    assert result.recall_at_5 >= BLENDED_RECALL_AT_5, result


def test_text_alone_keeps_its_precision_and_recall(labelled: Any) -> None:
    docs, groups, _items = labelled
    result = evaluate(docs, groups, weights=Weights.text())
    assert result.precision_at_3 >= TEXT_PRECISION_AT_3, result
    assert result.recall_at_5 >= TEXT_RECALL_AT_5, result


def test_structured_signals_improve_on_text_alone(labelled: Any) -> None:
    docs, groups, _items = labelled
    text = evaluate(docs, groups, weights=Weights.text())
    blended = evaluate(docs, groups, weights=DEFAULT_WEIGHTS)
    assert blended.precision_at_3 > text.precision_at_3
    assert blended.recall_at_5 > text.recall_at_5
