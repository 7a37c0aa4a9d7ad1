"""Money helpers: whole kroner as Decimal, never float outside the optimiser and charts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def kroner(value: object) -> Decimal:
    """Quantize ``value`` to whole kroner. Raises ``ValueError`` for what is not a number."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"«{value}» er ikke et beløp") from exc
    if not amount.is_finite():
        raise ValueError(f"«{value}» er ikke et beløp")
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def format_kroner(value: Decimal | int | None) -> str:
    """``1234567`` → ``"1 234 567 kr"`` (non-breaking spaces, Norwegian style)."""
    if value is None:
        return "–"
    whole = f"{int(value):,}".replace(",", "\u00a0")
    return f"{whole}\u00a0kr"
