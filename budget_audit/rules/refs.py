"""References to figures by the names printed in the document.

``表别名[行名|行名].列名|列名`` — a table alias, one or more row names or subject codes (``*``: the
only row of a one-row table),
optionally one or more column headers, and a trailing ``?`` when the row may be absent
(then it counts as blank). Names compare without spacing, full-width forms or years, and — when
nothing is printed with a name asked for — without a cost item's own ending (费, 费用, 经费).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from budget_audit.model import Column, Document, Row, Table, Value, cost_name
from budget_audit.parse.normalize import compact
from budget_audit.vocabulary import year_free

_REF = re.compile(r"^\s*([^\[\].]+?)\s*\[([^\]]+)\]\s*(?:\.\s*([^?]+?))?\s*(\?)?\s*$")
REF_IN_TEXT = re.compile(r"[^\s\[\]().+\-*/<>=!]+\s*\[[^\]]+\](?:\.[^\s+\-*/()<>=!?]+)?\??")


class Skip(Exception):
    """The rule cannot be evaluated on this document; the reason is shown with --verbose.

    ``unread`` says why: True when what the rule judges is in the document but could not be
    read reliably (a column whose header does not line up with its figures, a table not split
    into its sides, garbled codes, the year or kind not read) — the reader's limit, counted
    apart so a user sees how much was read; False (the default) when the document has nothing
    the rule judges (no such table, row, statement or layout)."""

    def __init__(self, reason: str, unread: bool = False) -> None:
        super().__init__(reason)
        self.unread = unread


@dataclass(frozen=True)
class Ref:
    table: str
    rows: tuple[str, ...]
    columns: tuple[str, ...] = ()
    optional: bool = False
    text: str = ""


@dataclass
class Resolved:
    value: Value | None
    table: Table
    row: Row | None
    column: Column | None


def parse_ref(text: str) -> Ref:
    m = _REF.match(text)
    if not m:
        raise ValueError(f"not a reference: {text!r} (expected 表名[行名].列名)")
    rows = tuple(compact(r) for r in m.group(2).split("|") if r.strip())
    columns = tuple(compact(c) for c in (m.group(3) or "").split("|") if c.strip())
    return Ref(compact(m.group(1)), rows, columns, bool(m.group(4)), text.strip())


def need_table(doc: Document, alias: str) -> Table:
    table = doc.table(alias)
    if table is None:
        raise Skip(f"table {alias} absent")
    return table


def find_row(table: Table, names: tuple[str, ...], side: str | None = None) -> Row | None:
    """First row named (or coded) as one of ``names``; full rows before 其中 breakdowns. When no
    row is printed with any name asked for, the first whose name differs from one only in a cost
    item's ending (费, 费用, 经费: ``model.cost_name``), so rules name an item once."""
    return _first_row(table, names, side, table.rows_named) or _first_row(table, names, side, table.rows_cost_named)


def _first_row(table: Table, names: tuple[str, ...], side: str | None, named: Callable[[str], list[Row]]) -> Row | None:
    for name in names:
        if name == "*":  # the one row of a one-row table (the 三公 table printed as a single row of figures)
            own = [r for r in table.rows if side is None or r.side == side]
            if len(own) == 1:
                return own[0]
            continue
        for row in named(name):
            if side is None or row.side == side:
                return row
        for own in table.sides:  # 收入总计: the row printed 总计 on the 收入 side of a two-sided table
            rest = name[len(own) :] if name.startswith(own) else ""
            if rest in ("总计", "合计") and side in (None, own):
                found = next((r for r in named(rest) if r.side == own), None)
                if found is not None:
                    return found
    return None


IN_GROUP = re.compile(r"^(.+?)\((.+)\)$")


def find_column(table: Table, names: tuple[str, ...], side: str | None) -> Column | None:
    """A column by its header; ``决算数(公务接待费)`` names the 决算数 column under the merged header
    公务接待费 (whatever the reader called it: the first of several 决算数 columns is plain 决算数)."""
    columns = table.value_columns(side)
    for name in names:
        for col in columns:
            if col.name == name or year_free(col.name) == name:
                return col
        grouped = IN_GROUP.match(name)
        if grouped:
            leaf, group = grouped.groups()
            for col in columns:
                if (col.name in (leaf, group + leaf) or col.name.startswith(leaf + "(")) and group in col.parents:
                    return col
    # no header printed as asked: one that differs only in a cost item's ending (公务接待经费 for 公务接待费)
    for name in names:
        wanted = cost_name(name)
        for col in columns:
            if wanted in (cost_name(col.name), cost_name(year_free(col.name))):
                return col
    # or one that says the same with the words templates add — a group's
    # subtotal (基本支出小计 is the 基本支出 column), a breakdown's 其中 (其中:基本支出) — and a first
    # column headed 小计 for the table's total (合计)
    bare = [(_BARE_HEADER.sub("", col.name), col) for col in columns]
    for name in names:
        for plain, col in bare:
            if plain == name != col.name:
                return col
    if columns and columns[0].name == "小计" and any(n in ("合计", "总计") for n in names):
        return columns[0]
    return None


_BARE_HEADER = re.compile(r"^其中[:：]?|(?<=.)小计$")


def certain_column(table: Table, names: tuple[str, ...], side: str | None) -> Column:
    col = find_column(table, names, side)
    if col is None:
        raise Skip(f"{table.alias} has no column {'|'.join(names)}")
    if col.uncertain:
        raise Skip(f"{table.alias} column {col.name}: header misaligned with the figures, not trusted", unread=True)
    return col


def first_column(table: Table, side: str | None) -> Column:
    columns = table.value_columns(side)
    if not columns:
        raise Skip(f"{table.alias} has no figure column")
    if columns[0].uncertain:
        raise Skip(f"{table.alias} column {columns[0].name}: not aligned with the figures, not trusted", unread=True)
    return columns[0]


def resolve(doc: Document, ref: Ref) -> Resolved:
    table = need_table(doc, ref.table)
    row = find_row(table, ref.rows)
    if row is None:
        if ref.optional:
            return Resolved(None, table, None, None)
        raise Skip(f"{ref.table} has no row {'|'.join(ref.rows)}")
    if ref.columns and ref.optional and find_column(table, ref.columns, row.side) is None:
        return Resolved(None, table, row, None)
    col = certain_column(table, ref.columns, row.side) if ref.columns else first_column(table, row.side)
    value = row.values.get(col.name)
    return Resolved(value.in_wan(table.unit) if value is not None else None, table, row, col)


def describe(res: Resolved) -> str:
    """How a message names a figure: table, row and column as printed."""
    parts = [res.table.alias or res.table.title]
    if res.row is not None:
        parts.append(res.row.label)
    if res.column is not None and res.row is not None and len(res.table.value_columns(res.row.side)) > 1:
        parts.append(res.column.name)
    return " ".join(parts)
