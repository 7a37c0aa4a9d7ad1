"""Related initiatives: a TF-IDF index over Norwegian character n-grams, blended with
structured signals (same unit, same site, same program, shared goals, same directorate).

No Django import: ``veivalg.coordination.selectors`` builds the documents from the
database and caches one index per process; the labelled-set test and ``bench/related.py``
build indexes from plain data.

The index is stored feature-major (for every feature, the documents that contain it and
the weight), so that looking up one text touches only the postings of the text's own
features: one ``numpy.bincount`` over them gives the cosine similarity with every document.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from veivalg.coordination.text import features, word_features, words

Analyzer = Callable[[str], Counter[str]]


@dataclass(frozen=True)
class Doc:
    """One initiative as the index sees it: ``key`` is its id, ``text`` its title, summary
    and need; the rest are the structured signals (any hashable values)."""

    key: int
    text: str
    unit: object = None
    site: str = ""
    directorate: object = None
    program: object = None
    goals: frozenset[object] = frozenset()
    confidential: bool = False


@dataclass(frozen=True)
class Weights:
    """How much each signal adds to the text similarity (a cosine between 0 and 1)."""

    unit: float = 0.15
    site: float = 0.10  # same site, another unit (Oksenøya)
    program: float = 0.08
    goal: float = 0.04  # per shared goal …
    goals_max: float = 0.08  # … up to this
    directorate: float = 0.02  # same directorate, another unit
    text_only: bool = False

    @classmethod
    def text(cls) -> Weights:
        return cls(text_only=True)


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Match:
    """One related document, with what it shares with the query."""

    key: int
    score: float
    text: float
    same_unit: bool = False
    same_site: bool = False
    same_program: bool = False
    same_directorate: bool = False
    shared_goals: tuple[object, ...] = ()
    confidential: bool = False


@dataclass
class Vectorizer:
    """Turns texts into feature ids and sublinear term frequencies (``1 + log tf``).

    The vocabulary only grows while documents are indexed (a query never adds to it), so
    feature ids stay valid across rebuilds. With the default analyzer the feature ids of each
    stemmed word are cached: a rebuild of thousands of initiatives is then mostly numpy work.
    """

    analyzer: Analyzer = features
    vocabulary: dict[str, int] = field(default_factory=dict)
    _word_ids: dict[str, np.ndarray] = field(default_factory=dict)

    WORD_CACHE_SIZE = 200_000

    def _ids_of_word(self, word: str) -> np.ndarray:
        cached = self._word_ids.get(word)
        if cached is None:
            if len(self._word_ids) >= self.WORD_CACHE_SIZE:
                self._word_ids.clear()
            vocabulary = self.vocabulary
            ids = []
            for feature in word_features(word):
                index = vocabulary.get(feature)
                if index is None:
                    index = vocabulary[feature] = len(vocabulary)
                ids.append(index)
            cached = self._word_ids[word] = np.array(ids, dtype=np.int64)
        return cached

    def doc_terms(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and weights of an indexed text, adding new features to the vocabulary."""
        if self.analyzer is features:
            parts = [self._ids_of_word(word) for word in words(text)]
            if not parts:
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
            ids, counts = np.unique(np.concatenate(parts), return_counts=True)
            return ids, 1.0 + np.log(counts)
        counts_by_feature = self.analyzer(text)
        ids = np.empty(len(counts_by_feature), dtype=np.int64)
        tf = np.empty(len(counts_by_feature), dtype=np.float64)
        vocabulary = self.vocabulary
        for position, (feature, count) in enumerate(counts_by_feature.items()):
            index = vocabulary.get(feature)
            if index is None:
                index = vocabulary[feature] = len(vocabulary)
            ids[position] = index
            tf[position] = 1.0 + math.log(count)
        return ids, tf


class _Codes:
    """Categorical values (units, sites, programs …) as small integers; -1 is «none»."""

    def __init__(self) -> None:
        self.codes: dict[object, int] = {}

    def code(self, value: object) -> int:
        if value is None or value == "":
            return -1
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.codes)
        return found

    def lookup(self, value: object) -> int:
        if value is None or value == "":
            return -1
        return self.codes.get(value, -2)  # -2 matches nothing


def _same(codes: np.ndarray, code: int) -> np.ndarray:
    """Where ``codes`` equals ``code``; nothing matches a query without a value."""
    if code < 0:
        return np.zeros(len(codes), dtype=bool)
    return codes == code


class RelatedIndex:
    """An immutable index over ``docs``; build once, query many times."""

    def __init__(self, docs: Sequence[Doc], vectorizer: Vectorizer | None = None) -> None:
        self.vectorizer = vectorizer or Vectorizer()
        self.docs = list(docs)
        self.size = len(self.docs)
        self.position = {doc.key: i for i, doc in enumerate(self.docs)}
        self._build_text()
        self._build_structure()

    # --- building ------------------------------------------------------------------------

    def _build_text(self) -> None:
        n = self.size
        per_doc = [self.vectorizer.doc_terms(doc.text) for doc in self.docs]
        vocabulary_size = len(self.vectorizer.vocabulary)
        lengths = np.fromiter((len(ids) for ids, _tf in per_doc), dtype=np.int64, count=n)
        if n and lengths.sum():
            cols = np.concatenate([ids for ids, _tf in per_doc])
            tf = np.concatenate([t for _ids, t in per_doc])
        else:
            cols = np.empty(0, dtype=np.int64)
            tf = np.empty(0, dtype=np.float64)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        df = np.bincount(cols, minlength=vocabulary_size).astype(np.float64)
        # Smooth idf (as scikit-learn): a feature in every document still weighs 1.
        self.idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
        self.unseen_idf = math.log(1.0 + n) + 1.0
        values = tf * self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n))
        norms[norms == 0] = 1.0
        values = values / norms[rows]
        order = np.argsort(cols, kind="stable")
        self.post_docs = rows[order].astype(np.int32)
        self.post_values = values[order].astype(np.float32)
        self.indptr = np.zeros(vocabulary_size + 1, dtype=np.int64)
        np.cumsum(df.astype(np.int64), out=self.indptr[1:])
        self.vocabulary_size = vocabulary_size

    def _build_structure(self) -> None:
        self._units, self._sites = _Codes(), _Codes()
        self._programs, self._directorates = _Codes(), _Codes()
        self.unit_codes = np.array([self._units.code(d.unit) for d in self.docs], dtype=np.int32)
        self.site_codes = np.array([self._sites.code(d.site) for d in self.docs], dtype=np.int32)
        self.program_codes = np.array(
            [self._programs.code(d.program) for d in self.docs], dtype=np.int32
        )
        self.directorate_codes = np.array(
            [self._directorates.code(d.directorate) for d in self.docs], dtype=np.int32
        )
        goal_lists: dict[object, list[int]] = {}
        for position, doc in enumerate(self.docs):
            for goal in doc.goals:
                goal_lists.setdefault(goal, []).append(position)
        self.goal_postings = {g: np.array(p, dtype=np.int64) for g, p in goal_lists.items()}
        self.confidential = np.array([d.confidential for d in self.docs], dtype=bool)

    # --- querying ------------------------------------------------------------------------

    def text_scores(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` with every document (TF-IDF, L2-normalised)."""
        scores = np.zeros(self.size, dtype=np.float64)
        if not self.size or not text.strip():
            return scores
        counts = self.vectorizer.analyzer(text)
        if not counts:
            return scores
        vocabulary = self.vectorizer.vocabulary
        known_ids: list[int] = []
        known_tf: list[float] = []
        unseen_square = 0.0
        for feature, count in counts.items():
            weight = 1.0 + math.log(count)
            index = vocabulary.get(feature)
            if index is None or index >= self.vocabulary_size:
                unseen_square += (weight * self.unseen_idf) ** 2
                continue
            known_ids.append(index)
            known_tf.append(weight)
        if not known_ids:
            return scores
        ids = np.array(known_ids, dtype=np.int64)
        weights = np.array(known_tf) * self.idf[ids]
        norm = math.sqrt(float(weights @ weights) + unseen_square)
        weights /= norm
        starts = self.indptr[ids]
        lengths = self.indptr[ids + 1] - starts
        total = int(lengths.sum())
        if not total:
            return scores
        # Positions of every posting of every query feature, without a Python loop.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = offsets + np.arange(total, dtype=np.int64)
        contributions = self.post_values[positions] * np.repeat(weights, lengths)
        return np.bincount(self.post_docs[positions], weights=contributions, minlength=self.size)

    def query(
        self,
        doc: Doc,
        *,
        limit: int = 10,
        weights: Weights = DEFAULT_WEIGHTS,
        min_score: float = 0.0,
        min_text: float = 0.0,
        exclude: Iterable[int] = (),
        boost: Mapping[int, float] | None = None,
    ) -> list[Match]:
        """The documents most related to ``doc`` (which need not be indexed), best first.

        A document is listed when its blended score is above ``min_score`` and its text
        similarity at least ``min_text``, or when ``boost`` names it (links made by hand).
        """
        if not self.size:
            return []
        text = self.text_scores(doc.text)
        total = text.copy()
        unit = site = program = directorate = None
        goal_hits = np.zeros(self.size, dtype=np.int64)
        if not weights.text_only:
            unit = _same(self.unit_codes, self._units.lookup(doc.unit))
            site = _same(self.site_codes, self._sites.lookup(doc.site)) & ~unit
            program = _same(self.program_codes, self._programs.lookup(doc.program))
            directorate = (
                _same(self.directorate_codes, self._directorates.lookup(doc.directorate)) & ~unit
            )
            total += weights.unit * unit + weights.site * site + weights.program * program
            total += weights.directorate * directorate
            postings = [self.goal_postings[g] for g in doc.goals if g in self.goal_postings]
            if postings:
                goal_hits = np.bincount(np.concatenate(postings), minlength=self.size)
                total += np.minimum(goal_hits * weights.goal, weights.goals_max)
        eligible = (total > max(min_score, 0.0)) & (text >= min_text)
        for key, extra in (boost or {}).items():
            position = self.position.get(key)
            if position is not None:
                total[position] += extra
                eligible[position] = True
        for key in (doc.key, *exclude):
            position = self.position.get(key)
            if position is not None:
                eligible[position] = False
        candidates = np.flatnonzero(eligible)
        if not len(candidates):
            return []
        if len(candidates) > limit:
            top = np.argpartition(-total[candidates], limit - 1)[:limit]
            candidates = candidates[top]
        candidates = candidates[np.argsort(-total[candidates], kind="stable")]
        matches = []
        for position in candidates.tolist():
            other = self.docs[position]
            shared = tuple(g for g in doc.goals if g in other.goals) if goal_hits[position] else ()
            matches.append(
                Match(
                    key=other.key,
                    score=round(min(float(total[position]), 1.0), 4),
                    text=round(float(text[position]), 4),
                    same_unit=bool(unit[position]) if unit is not None else False,
                    same_site=bool(site[position]) if site is not None else False,
                    same_program=bool(program[position]) if program is not None else False,
                    same_directorate=(
                        bool(directorate[position]) if directorate is not None else False
                    ),
                    shared_goals=shared,
                    confidential=other.confidential,
                )
            )
        return matches


# --- evaluation on a labelled set ---------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    precision_at_3: float
    recall_at_5: float
    queries: int


def evaluate(
    docs: Sequence[Doc],
    groups: dict[int, frozenset[str]],
    *,
    analyzer: Analyzer = features,
    weights: Weights = DEFAULT_WEIGHTS,
    min_score: float = 0.0,
    min_text: float = 0.0,
) -> Evaluation:
    """Precision@3 and recall@5 of ranking every labelled document against the others.

    A document is relevant to another when they share a group. Precision@3 is the share of
    the top three that are relevant, out of at most ``min(3, relevant)``, so that a group of
    two can still score 1; recall@5 is the share of the relevant found in the top five.
    Documents without a related one (the distractors) are ranked against, never queried.
    """
    index = RelatedIndex(docs, Vectorizer(analyzer))
    precision: list[float] = []
    recall: list[float] = []
    for doc in docs:
        mine = groups.get(doc.key, frozenset())
        relevant = {
            other.key
            for other in docs
            if other.key != doc.key and mine & groups.get(other.key, frozenset())
        }
        if not relevant:
            continue
        found = index.query(doc, limit=5, weights=weights, min_score=min_score, min_text=min_text)
        ranked = [m.key for m in found]
        precision.append(len(set(ranked[:3]) & relevant) / min(3, len(relevant)))
        recall.append(len(set(ranked[:5]) & relevant) / len(relevant))
    return Evaluation(
        precision_at_3=sum(precision) / len(precision) if precision else 0.0,
        recall_at_5=sum(recall) / len(recall) if recall else 0.0,
        queries=len(precision),
    )
