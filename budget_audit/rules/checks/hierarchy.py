"""Which rows a total sums and which rows a class (类/款) or enumerated row is made of.

Position decides, codes confirm: a total sums the top-level rows printed since the
previous total (plus that total, as a subtotal); a parent row's children are the rows
one level below it up to the next row of its own level or higher.
"""

from __future__ import annotations

from budget_audit.model import RANK_BREAKDOWN, RANK_CLASS, RANK_ITEM, RANK_PLAIN, Row, Table


def side_rows(table: Table, side: str | None) -> list[Row]:
    return [r for r in table.rows if r.side == side]


def table_sides(doc, aliases: list[str]):
    """(table, side, rows of that side) for every present table of ``aliases``."""
    for alias in aliases:
        table = doc.table(alias)
        if table is None:
            continue
        for side in table.sides or [None]:
            yield table, side, side_rows(table, side)


def total_members(rows: list[Row], total: Row) -> list[Row]:
    """The rows ``total`` adds up: top-level rows since the previous total, and that total."""
    at = rows.index(total)
    previous = next((i for i in range(at - 1, -1, -1) if rows[i].is_total), None)
    between = rows[(previous + 1 if previous is not None else 0) : at]
    members: list[Row] = [rows[previous]] if previous is not None else []
    if not between and previous is None:  # total printed first (合计 at the top of the table)
        following = rows[at + 1 :]
        end = next((i for i, r in enumerate(following) if r.is_total), len(following))
        between = following[:end]
    return members + top_level(between)


def top_level(rows: list[Row]) -> list[Row]:
    candidates = [r for r in rows if not r.is_total and r.rank != RANK_BREAKDOWN]
    plain = [r for r in candidates if r.rank == RANK_PLAIN and not r.level]
    leveled = [r for r in candidates if r.level]
    if plain and leveled:
        if candidates.index(plain[0]) < candidates.index(leveled[0]):
            return plain  # unit or group rows heading the subject rows under them
        return _uncovered(leveled) + plain  # the classes, then lines such as 年终结转
    if leveled:
        return _uncovered(leveled)
    if not candidates:
        return []
    lowest = min(r.rank for r in candidates)
    return [r for r in candidates if r.rank == lowest]


def _uncovered(rows: list[Row]) -> list[Row]:
    """Rows with no ancestor printed above them (a 款 whose 类 row is missing counts)."""
    stack: list[Row] = []
    coded: list[Row] = []
    out = []
    for row in rows:
        while stack and stack[-1].level >= row.level:
            stack.pop()
        if row.code:
            # codes decide even when items are printed out of order, away from their class
            covered = any(row.code.startswith(a.code) and a.level < row.level for a in coded)
        else:
            covered = any(is_ancestor(a, row) for a in stack)
        if not covered:
            out.append(row)
        stack.append(row)
        if row.code:
            coded.append(row)
    return out


def is_ancestor(parent: Row, child: Row) -> bool:
    if parent.level is None or child.level is None or parent.level >= child.level:
        return False
    if parent.code and child.code:
        return child.code.startswith(parent.code)
    return True  # a code missing or garbled: position decides


def code_children(rows: list[Row], parent: Row) -> list[Row]:
    """Rows one level below ``parent`` with its code prefix, up to the next total or the
    next row of the same code (a second unit's block); items printed out of order count."""
    at = rows.index(parent)
    children = []
    for row in rows[at + 1 :]:
        if row.is_total or row.code == parent.code:
            break
        if row.level == parent.level + 1 and (row.code or "").startswith(parent.code) and "garbled-code" not in row.flags:
            children.append(row)
    return children


def enum_children(rows: list[Row], parent: Row) -> list[Row]:
    at = rows.index(parent)
    children = []
    for row in rows[at + 1 :]:
        if row.is_total or row.rank <= parent.rank:
            break
        if row.rank == parent.rank + 1:
            children.append(row)
    return children


def enum_parents(rows: list[Row]) -> list[Row]:
    return [r for r in rows if not r.level and r.rank in (RANK_PLAIN, RANK_CLASS, RANK_ITEM) and not r.is_total]
