"""Which rows a total sums and which rows a class (类/款) or enumerated row is made of.

Which rows a total sums is established by the parser against the table's own figures
(``parse.structure``); a parent row's children are the rows one level below it up to the
next row of its own level or higher.
"""

from __future__ import annotations

import re

from budget_audit.model import RANK_BREAKDOWN, RANK_DETAIL, RANK_ITEM, RANK_PLAIN, Row, Table
from budget_audit.parse.normalize import compact
from budget_audit.parse.structure import scope_of, side_rows, top_level

_CHAIN = re.compile(r"(.+?)\((类|款|项)\)")  # names may hold brackets of their own: 政府办公厅(室)及相关机构事务(款)


def chain_names(subject: str) -> list[tuple[str, str]] | None:
    """(name, level) of the 类, 款, 项 the prose names, in order ("一般公共服务支出(类)…(款)…(项)"), or None
    when the subject is not wholly such a chain starting at a 类."""
    found = _CHAIN.findall(subject)
    if not found or found[0][1] != "类" or "".join(f"{n}({lv})" for n, lv in found) != subject:
        return None
    return [(compact(n), lv) for n, lv in found]


def same_name(a: str, b: str) -> bool:
    """A subject's name as the prose gives it and as the table prints it (one may be cut short)."""
    return a == b or (len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a)))


def chain_row(table: Table, subject: str) -> Row | None:
    """The row a 类/款/项 chain names: its class by name, then each 款 and 项 among the codes under it."""
    names = chain_names(subject)
    if names is None:
        return None
    rows = [r for r in table.rows if r.side is None]
    current = next((r for r in rows if r.level == 1 and r.code and same_name(r.name, names[0][0])), None)
    for name, _ in names[1:]:
        if current is None:
            return None
        current = next((r for r in code_children(rows, current) if same_name(r.name, name)), None)
    return current


def table_sides(doc, aliases: list[str]):
    """(table, side, rows of that side) for every present table of ``aliases``."""
    for alias in aliases:
        table = doc.table(alias)
        if table is None:
            continue
        for side in table.sides or [None]:
            yield table, side, side_rows(table, side)


def total_members(rows: list[Row], total: Row) -> list[Row]:
    """The rows ``total`` adds up, as the parser established them (``Row.members``).

    Empty when they could not be established; ``total.members_reading`` then says why.
    """
    if total.members is not None or total.members_reading:
        return list(total.members or [])
    previous, scope = scope_of(rows, total)
    return ([previous] if previous is not None else []) + top_level(scope)


def code_children(rows: list[Row], parent: Row) -> list[Row]:
    """Rows one level below ``parent`` with its code prefix, up to the next total or the
    next row of the same code (a second unit's block); items printed out of order count."""
    at = rows.index(parent)
    children = []
    below = []
    for row in rows[at + 1 :]:
        if row.is_total or row.code == parent.code:
            break
        if row.code and row.code.startswith(parent.code) and row.level and row.level > parent.level and "garbled-code" not in row.flags:
            below.append(row)
    codes = {r.code for r in below}
    for row in below:
        # one level down, or deeper when the level between is not printed (301 → 3010201 without 30102)
        between = {row.code[: 3 + 2 * k] for k in range(parent.level, row.level - 1)}
        if row.level == parent.level + 1 or not (between & codes):
            children.append(row)
    if not children and parent.level == 3:
        # projects printed by name under their 项 (level 4, no code), up to the next coded row
        for row in rows[at + 1 :]:
            if row.code or row.is_total or row.level != 4:
                break
            children.append(row)
    return children


def enum_children(rows: list[Row], parent: Row) -> list[Row]:
    """The numbered lines under ``parent``: the next deeper numbering (1. under 一、); under
    an unnumbered line (上年结转) only numbered lines printed right after it. A row of the
    parent's own rank or higher, or an unnumbered row, ends them — so 五、 is never a child
    of the line above it."""
    at = rows.index(parent)
    following = rows[at + 1 :]
    first = next((r for r in following if not r.is_total), None)
    if first is None or first.rank <= parent.rank or first.rank == RANK_BREAKDOWN or first.rank == RANK_PLAIN:
        return []
    if parent.rank == RANK_PLAIN and first.rank < RANK_ITEM:
        return []  # under an unnumbered line only 1. (1) ① lines: 五、 is the next class, not a part
    child_rank = first.rank
    children: list[Row] = []
    for row in following:
        if row.is_total:
            break
        if row.rank == child_rank:
            children.append(row)
        elif row.rank > child_rank:
            continue  # deeper lines under a child, 其中 breakdowns
        else:
            break
    return children


def level_children(rows: list[Row], parent: Row) -> list[Row]:
    """Rows one level below a code-less ``parent`` (levels from numbering), up to its next peer."""
    at = rows.index(parent)
    children = []
    for row in rows[at + 1 :]:
        if row.is_total or (row.level is not None and row.level <= parent.level):
            break
        if row.level == parent.level + 1:
            children.append(row)
    return children


def enum_parents(rows: list[Row]) -> list[Row]:
    return [r for r in rows if not r.code and "garbled-code" not in r.flags and r.rank < RANK_DETAIL and not r.is_total]
