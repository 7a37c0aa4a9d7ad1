"""Score arithmetic, on plain data (no queries): the weighted sum of ratings, 0–100.

An initiative's score is ``sum(w_c * f_c) * 100`` over the criteria ``c`` of its board's set,
where the weights ``w_c`` are normalised to sum to 1 and ``f_c`` is ``level / 4``, or
``(4 - level) / 4`` for an inverted criterion (risk: a high level pulls the score down).
A criterion that is not rated contributes 0 points and is reported in ``missing``. When no
criterion has a positive weight yet, every criterion weighs the same.

The total is the exact sum rounded to two decimals (a fully rated initiative at the best
level on every criterion scores exactly 100); each part is rounded to two decimals on its
own, so the shown parts may differ from the total by a cent or two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_LEVEL = 4
HUNDRED = Decimal(100)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    """What the arithmetic needs to know about a criterion."""

    slug: str
    name: str
    weight: Decimal
    inverted: bool = False
    id: int | None = None


@dataclass(frozen=True)
class ScorePart:
    """One criterion's share of the score.

    ``weight`` is the normalised weight (the parts' weights sum to 1); ``points`` is what the
    criterion contributes (0 … ``max_points``); ``max_points`` is ``weight * 100``.
    """

    slug: str
    name: str
    weight: Decimal
    inverted: bool
    level: int | None
    points: Decimal
    max_points: Decimal

    @property
    def rated(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class Score:
    """An initiative's score (0–100, two decimals) with its per-criterion breakdown."""

    total: Decimal
    parts: tuple[ScorePart, ...]
    missing: tuple[str, ...]
    set_id: int | None = None

    @property
    def complete(self) -> bool:
        """Every criterion is rated (and there is at least one criterion)."""
        return bool(self.parts) and not self.missing

    @property
    def rated_count(self) -> int:
        return sum(1 for p in self.parts if p.rated)

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly form: numbers as floats, for the API and charts."""
        return {
            "score": float(self.total),
            "complete": self.complete,
            "missing": list(self.missing),
            "breakdown": [
                {
                    "criterion": p.slug,
                    "name": p.name,
                    "weight": float(p.weight),
                    "inverted": p.inverted,
                    "level": p.level,
                    "points": float(p.points),
                    "max_points": float(p.max_points),
                }
                for p in self.parts
            ],
        }


EMPTY_SCORE = Score(total=Decimal("0.00"), parts=(), missing=())


def normalised_weights(criteria: Sequence[CriterionSpec]) -> list[Decimal]:
    """The weights scaled to sum to 1; equal weights when none is positive."""
    if not criteria:
        return []
    total = sum((c.weight for c in criteria), Decimal(0))
    if total <= 0:
        return [Decimal(1) / Decimal(len(criteria))] * len(criteria)
    return [c.weight / total for c in criteria]


def fraction(level: int, *, inverted: bool) -> Decimal:
    """How much of a criterion's weight a level earns: level/4, or (4 − level)/4 inverted."""
    earned = MAX_LEVEL - level if inverted else level
    return Decimal(earned) / Decimal(MAX_LEVEL)


def compute_score(
    criteria: Sequence[CriterionSpec],
    levels: Mapping[str, int],
    *,
    set_id: int | None = None,
) -> Score:
    """The score of one initiative rated ``levels`` (criterion slug → 0–4)."""
    parts: list[ScorePart] = []
    missing: list[str] = []
    exact = Decimal(0)
    for criterion, weight in zip(criteria, normalised_weights(criteria), strict=True):
        level = levels.get(criterion.slug)
        max_points = weight * HUNDRED
        if level is None:
            missing.append(criterion.slug)
            points = Decimal(0)
        else:
            points = max_points * fraction(level, inverted=criterion.inverted)
        exact += points
        parts.append(
            ScorePart(
                slug=criterion.slug,
                name=criterion.name,
                weight=weight,
                inverted=criterion.inverted,
                level=level,
                points=points.quantize(CENTS, rounding=ROUND_HALF_UP),
                max_points=max_points.quantize(CENTS, rounding=ROUND_HALF_UP),
            )
        )
    total = exact.quantize(CENTS, rounding=ROUND_HALF_UP)
    return Score(total=total, parts=tuple(parts), missing=tuple(missing), set_id=set_id)


def normalise_to_sum_one(raw: Sequence[Decimal], *, places: int = 5) -> list[Decimal]:
    """Scale non-negative numbers (not all zero) to sum to exactly 1 at ``places`` decimals.

    The rounding remainder goes to the largest weight, so that the stored weights add up
    to 1 and no weight changes by more than one unit in the last place.
    """
    total = sum(raw, Decimal(0))
    if total <= 0:
        raise ValueError("weights must not all be zero")
    quantum = Decimal(1).scaleb(-places)
    scaled = [(w / total).quantize(quantum, rounding=ROUND_HALF_UP) for w in raw]
    remainder = Decimal(1) - sum(scaled, Decimal(0))
    if remainder:
        largest = max(range(len(scaled)), key=lambda i: (scaled[i], -i))
        scaled[largest] += remainder
    return scaled
