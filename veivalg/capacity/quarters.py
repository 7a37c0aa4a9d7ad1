"""Quarters as integers: ``year * 4 + (q - 1)``, so that ranges and offsets are arithmetic.

``"2027Q1"`` is the exchange label (API, imports, problem documents); ``"1. kv. 2027"`` is
what people read (translated: "Q1 2027"). Nothing else from Django.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_LABEL = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[QqKk]([1-4])\s*$")
MIN_YEAR = 2000
MAX_YEAR = 2100


def parse_quarter(text: str) -> int:
    """The quarter index of ``"2027Q1"`` (also ``2027K1``, ``2027-Q1``); ValueError otherwise."""
    match = _LABEL.match(str(text))
    if not match:
        raise ValueError(f"«{text}» er ikke et kvartal på formen 2027Q1")
    year, quarter = int(match.group(1)), int(match.group(2))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"året i «{text}» må være mellom {MIN_YEAR} og {MAX_YEAR}")
    return year * 4 + quarter - 1


def quarter_label(index: int) -> str:
    """``"2027Q1"`` for the index of the first quarter of 2027."""
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_display(index: int) -> str:
    """``"1. kv. 2027"``: how people read a quarter (in the active language)."""
    return _("%(quarter)s. kv. %(year)s") % {"quarter": index % 4 + 1, "year": index // 4}


def year_of(index: int) -> int:
    return index // 4


def first_quarter(year: int) -> int:
    return year * 4


def last_quarter(year: int) -> int:
    return year * 4 + 3


def quarter_range(first: int, last: int) -> list[int]:
    """The quarters from ``first`` to ``last``, both included (empty when last < first)."""
    return list(range(first, last + 1))
