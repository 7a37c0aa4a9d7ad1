"""Analytic Hierarchy Process: weights from a pairwise comparison matrix.

``priorities(matrix)`` takes a reciprocal matrix on Saaty's 1–9 scale, where ``matrix[i][j]``
says how much more important element ``i`` is than element ``j``. Entries may be numbers or
strings such as ``"3"``, ``"1/3"`` or ``"0.5"``.

- Weights: the principal right eigenvector, normalised to sum 1 (Saaty 1980).
- ``CI = (lambda_max - n) / (n - 1)``; ``CR = CI / RI(n)`` with Saaty's (1980) random index
  ``RANDOM_INDEX``; for ``n <= 2`` every reciprocal matrix is consistent and ``CR = 0``.
  ``CR <= 0.10`` counts as consistent.
- The most inconsistent judgement is the one with the largest ``epsilon_ij = a_ij * w_j / w_i``
  (Saaty, "Decision-making with the AHP: Why is the principal eigenvector necessary",
  EJOR 145 (2003) 85–91): in a perfectly consistent matrix every ``epsilon_ij`` is 1, and the
  largest one (always >= 1, as ``epsilon_ji = 1 / epsilon_ij``) marks the judgement to revisit
  first. The consistent value there is ``w_i / w_j``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

# Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill: mean CI of random reciprocal
# matrices of order n.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
CONSISTENCY_LIMIT = 0.10
RECIPROCAL_TOLERANCE = 0.01


class AHPError(ValueError):
    """The matrix cannot be used: the message says which entry and why."""


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise comparison matrix.

    ``most_inconsistent`` is the judgement ``(i, j)`` (0-based) with the largest
    ``epsilon_ij``; ``None`` when the matrix is perfectly consistent. ``suggested_value`` is
    ``w_i / w_j``, the value that would be consistent with the other judgements.
    """

    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    consistent: bool
    most_inconsistent: tuple[int, int] | None
    suggested_value: float | None

    @property
    def n(self) -> int:
        return len(self.weights)


def parse_judgement(value: object, where: str = "value") -> float:
    """A positive number from a number or a string like ``"3"``, ``"1/3"`` or ``"0.5"``."""
    if isinstance(value, bool):
        raise AHPError(f"{where}: {value!r} is not a number")
    if isinstance(value, numbers.Real | Decimal):
        number = float(value)
    elif isinstance(value, str):
        parts = value.strip().split("/")
        try:
            if len(parts) == 1:
                number = float(parts[0])
            elif len(parts) == 2:
                number = float(parts[0]) / float(parts[1])
            else:
                raise ValueError(value)
        except (ValueError, ZeroDivisionError):
            raise AHPError(f"{where}: cannot read {value!r} as a number or fraction") from None
    else:
        raise AHPError(f"{where}: {value!r} is not a number")
    if not math.isfinite(number) or number <= 0:
        raise AHPError(f"{where}: must be positive, got {value!r}")
    return number


def parse_matrix(matrix: Sequence[Sequence[object]]) -> np.ndarray:
    """Validate and convert: square, positive, diagonal 1, ``a_ij * a_ji = 1``."""
    if isinstance(matrix, np.ndarray):
        matrix = matrix.tolist()
    if isinstance(matrix, str | bytes) or not isinstance(matrix, Sequence):
        raise AHPError("the matrix must be a list of rows")
    n = len(matrix)
    if n == 0:
        raise AHPError("the matrix is empty")
    if n > max(RANDOM_INDEX):
        raise AHPError(
            f"the matrix has {n} rows; Saaty's random index is defined for at most "
            f"{max(RANDOM_INDEX)} elements"
        )
    for i, row in enumerate(matrix):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence):
            raise AHPError(f"row {i} is not a list")
        if len(row) != n:
            raise AHPError(
                f"the matrix is not square: row {i} has {len(row)} entries, expected {n}"
            )
    a = np.array(
        [[parse_judgement(matrix[i][j], f"[{i}][{j}]") for j in range(n)] for i in range(n)]
    )
    for i in range(n):
        if abs(a[i, i] - 1.0) > 1e-9:
            raise AHPError(f"[{i}][{i}]: the diagonal must be 1, got {matrix[i][i]!r}")
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
                raise AHPError(
                    f"[{i}][{j}] and [{j}][{i}] are not reciprocal: "
                    f"{matrix[i][j]!r} × {matrix[j][i]!r} = {a[i, j] * a[j, i]:.4g}, must be 1"
                )
    return a


def priorities(matrix: Sequence[Sequence[object]]) -> AHPResult:
    """Weights, lambda_max, CI, CR and the most inconsistent judgement of ``matrix``."""
    a = parse_matrix(matrix)
    n = a.shape[0]
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    weights = vector / vector.sum()

    if n <= 2:
        ci = cr = 0.0
    else:
        ci = max(0.0, (lambda_max - n) / (n - 1))
        cr = ci / RANDOM_INDEX[n]
    epsilon = a * weights[np.newaxis, :] / weights[:, np.newaxis]
    i, j = np.unravel_index(int(np.argmax(epsilon)), epsilon.shape)
    worst: tuple[int, int] | None = (int(i), int(j))
    suggested: float | None = float(weights[i] / weights[j])
    if epsilon[i, j] <= 1.0 + 1e-9:
        worst = suggested = None
    return AHPResult(
        weights=tuple(float(w) for w in weights),
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        consistent=cr <= CONSISTENCY_LIMIT,
        most_inconsistent=worst,
        suggested_value=suggested,
    )
