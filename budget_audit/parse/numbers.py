"""Reading printed figures as Decimal, keeping the printed form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from budget_audit.model import Value

_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY_MARKS = {"", "-", "—", "--", "/", "无", "——"}


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell))


def parse_value(cell: str, line: int, page: int | None = None) -> Value | None:
    """A table cell as a Value; blank or a dash is None (empty, not zero)."""
    cell = cell.strip()
    if cell in _EMPTY_MARKS or not _NUMBER.match(cell):
        return None
    try:
        amount = Decimal(cell)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    return Value(amount=amount, printed=cell, line=line, page=page)
