"""Reading printed figures as Decimal, keeping the printed form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from budget_audit.model import Value

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY_MARKS = {"", "-", "—", "--", "/", "无", "——"}


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell))


def parse_value(cell: str, line: int, page: int | None = None) -> Value | None:
    """A table cell as a Value; blank or a dash is None (empty, not zero)."""
    cell = cell.strip()
    amount = amount_of(cell)
    return None if amount is None else Value(amount=amount, printed=cell, line=line, page=page)


@lru_cache(maxsize=1 << 12)
def amount_of(figure: str) -> Decimal | None:
    """The Decimal a stripped figure prints, or None for a blank, a dash or a word.

    Shared between equal figures (a Decimal is immutable): in a disclosure most figures are
    printed more than once — zeros, and each total restated across tables (five in six of the
    corpus's table cells repeat one printed before them in the same document)."""
    if figure in _EMPTY_MARKS or not _NUMBER.match(figure):
        return None
    try:
        return Decimal(figure)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
