"""Column structure checked against the table's own figures: which columns a total column adds up.

A table's header rarely names its parts the same way twice (本年收入小计 | 一般公共预算资金 …
in one template, 财政拨款收入 | 事业收入 … in another), so the parts of a total column are
not looked up by name but read from the layout and confirmed by the figures, as the row
structure is (structure.py, docs/design.md §4a):

- the total is the first figure column headed as one (合计, 总计, 收入总计, 预算数合计, 小计);
- its parts are columns after it: a subtotal (…小计, …合计) stands for the columns after it
  that it adds up, and a 其中 column breaks down the column before it, so it is no part —
  unless it follows the head directly (小计 | 其中:基本支出 | 项目支出: the head's breakdown
  starts there), which the figures decide;
- where a subtotal's members end, and whether the last columns (备注, 政府采购 …) are parts at
  all, is decided by the figures: the reading under which the identities fail in the fewest
  rows, the printed group (a merged header) or the plainest reading on a tie;
- the reading is accepted only when it holds in the table's total row and in nearly all rows
  with figures (a rare failing row stays a finding). Two equally good readings that fail in
  different rows, or too few rows to tell, leave the table without a reading, with the reason
  (``Table.column_sums``): rules skip it rather than judge rows by a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.findings import judge
from budget_audit.model import Column, ColumnReading, ColumnSum, Row, Table
from budget_audit.parse.structure import is_subtotal, side_rows

TOTAL = re.compile(r"(?:合计|总计|小计)$")  # 合计, 收入总计, 预算数合计, 一般公共预算支出 小计
SUBTOTAL = re.compile(r"(?:小计|合计)$")  # 本年收入小计, 财政拨款合计: it stands for the columns after it
BREAKDOWN = re.compile(r"^其中")  # 其中:专项资金…: a part of the column before it, not a part of the total

Identity = tuple[Column, list[Column]]


def read_columns(table: Table) -> None:
    """Record on the table, side by side, the column sums its figures confirm, or why there are none."""
    for side in table.sides or [None]:
        table.column_sums[side] = _read_side(table, side)


def _read_side(table: Table, side: str | None) -> ColumnReading:
    columns = table.value_columns(side)
    at = next((i for i, c in enumerate(columns) if TOTAL.search(c.name)), None)
    if at is None:
        return ColumnReading([], "no column headed as a total (合计, 总计, 小计)")
    total, after = columns[at], columns[at + 1 :]
    if len(after) < 2:
        return ColumnReading([], f"fewer than two columns after {total.name}")
    if any(c.uncertain for c in [total, *after]):
        return ColumnReading([], "headers not aligned with the figures", unread=True)
    rows = [r for r in side_rows(table, side) if any(v is not None for v in r.values.values())]
    grand = _total_row(rows, total)
    if grand is None:
        return ColumnReading([], f"no row with a figure in {total.name}")
    read = {k: _members(after, k, rows) for k, c in enumerate(after) if SUBTOTAL.search(c.name)}
    members = {k: m for k, (m, _) in read.items() if m}
    options = []
    for end in range(len(after), 1, -1):  # the whole width first: the plainest reading
        if any(k < end <= after.index(m[-1]) for k, m in members.items()):
            continue  # the range would cut a subtotal's members
        for n, parts in enumerate(_parts(after[:end], members)):
            identities = [(total, parts)] + [(after[k], m) for k, m in members.items() if after[k] in parts]
            if len(parts) + sum(len(m) - 1 for _, m in identities[1:]) < 2:
                continue
            # chosen by the figures (a narrower range, a subtotal's extent, a 其中 taken in), not printed
            chosen = end < len(after) or n > 0 or any(not read[k][1] for k in members if after[k] in parts)
            options.append((_failing(identities, rows), identities, chosen))
    if not options:
        return ColumnReading([], f"no partition of the columns after {total.name}")
    holding = [o for o in options if grand not in o[0]]  # the total row must add up under the reading
    if not holding:
        said = _said(options[0][1])
        return ColumnReading([], f"{said}: fails in the total row, as does every other reading", unread=True)
    fewest = min(len(f) for f, _, _ in holding)
    best = [o for o in holding if len(o[0]) == fewest]
    if len({tuple(id(r) for r in f) for f, _, _ in best}) > 1:
        return ColumnReading([], "two readings of the columns fit equally well but fail in different rows", unread=True)
    failing, identities, chosen = best[0]
    judged = sum(1 for r in rows if _judged(identities, r))
    said = _said(identities)
    if not _nearly_all(len(failing), judged, chosen):
        return ColumnReading([], f"{said}: fails in {len(failing)} of {judged} rows with figures", unread=True)
    sums = [ColumnSum(h, p) for h, p in identities]
    return ColumnReading(sums, f"{said}: holds in {judged - len(failing)} of {judged} rows with figures")


def _said(identities: list[Identity]) -> str:
    return "; ".join(f"{h.name} = {' + '.join(c.name for c in p)}" for h, p in identities)


def _total_row(rows: list[Row], total: Column) -> Row | None:
    """The table's total row (合计 / 总计), else its first row with figures: a department above its units."""
    figured = [r for r in rows if _has(r, total)]
    named = (r for r in figured if (r.is_total or TOTAL.search(r.name)) and not is_subtotal(r))
    return next(named, figured[0] if figured else None)


def _nearly_all(failing: int, judged: int, chosen: bool = True) -> bool:
    """A failing row is a finding only under a reading nearly all rows confirm. When the figures chose
    the reading among others: at most one row in ten fails, and more than twice as many hold. The
    printed reading (every column after the total a part: nothing chosen to fit) is not a guess, so
    one row in five may fail, with at least twice as many holding (the total row and another for one)
    — a lone total row holding is never enough: it may add up by coincidence."""
    if failing == 0:
        return True
    if chosen:
        return failing <= max(1, judged // 10) and judged - failing >= 2 * failing + 1
    return failing <= max(1, judged // 5) and judged - failing >= 2 * failing


def _has(row: Row, column: Column) -> bool:
    value = row.values.get(column.name)
    return value is not None and value.amount != 0


def _holds(head: Column, parts: Sequence[Column], row: Row) -> bool | None:
    """Whether head = Σ parts in ``row``; None when the row says nothing about it (blank or zero
    throughout, or the head blank over figures: a figure read into the wrong column, see compare_sum)."""
    actual = row.values.get(head.name)
    values = [row.values.get(c.name) for c in parts]
    if all(v is None or v.amount == 0 for v in [actual, *values]):
        return None
    if actual is None:
        return None
    return judge(actual, [(1, v) for v in values]).consistent


def _judged(identities: list[Identity], row: Row) -> bool:
    return any(_holds(h, p, row) is not None for h, p in identities)


def _failing(identities: list[Identity], rows: list[Row]) -> list[Row]:
    return [r for r in rows if any(_holds(h, p, r) is False for h, p in identities)]


def _parts(span: list[Column], members: dict[int, list[Column]]) -> list[list[Column]]:
    """The parts of a total over ``span``: subtotals for their members, 其中 columns left out; a 其中
    column first in the span taken both ways (the total's own breakdown may start there)."""
    covered = {id(c) for m in members.values() for c in m}
    kept = [c for c in span if id(c) not in covered]
    plain = [c for c in kept if not BREAKDOWN.match(c.name)]
    if span and BREAKDOWN.match(span[0].name):
        return [plain, [span[0], *plain]]
    return [plain]


def _members(after: list[Column], k: int, rows: list[Row]) -> tuple[list[Column], bool]:
    """The columns the subtotal at ``after[k]`` adds up, and whether the header printed them so.

    Its merged header's group (财政拨款收入 over 小计 | 一般公共预算 | …) when the figures confirm it;
    else a range after it, up to the next subtotal, that holds in nearly all rows; else none (it is
    then a plain column)."""
    head = after[k]
    limit = next((j for j in range(k + 1, len(after)) if SUBTOTAL.search(after[j].name)), len(after))
    group = head.parents[-1:]
    if group:
        end = k + 1
        while end < limit and after[end].parents[-1:] == group:
            end += 1
        printed = _parts(after[k + 1 : end], {})[0]
        if len(printed) >= 2 and _fits(head, printed, rows, chosen=False):
            return printed, True
    options: list[tuple[int, list[Column]]] = []
    for end in range(k + 2, limit + 1):
        for parts in _parts(after[k + 1 : end], {}):
            if (len(parts) >= 2 or end == k + 2) and parts and _fits(head, parts, rows):
                options.append((len(_failing([(head, parts)], rows)), parts))
    if not options:
        return [], False
    # fewest failing rows; then the shortest (a column of zeros after it may be its sibling as well as its part)
    return min(options, key=lambda o: (o[0], len(o[1])))[1], False


def _fits(head: Column, parts: list[Column], rows: list[Row], chosen: bool = True) -> bool:
    failing = _failing([(head, parts)], rows)
    judged = sum(1 for r in rows if _holds(head, parts, r) is not None)
    return _nearly_all(len(failing), judged, chosen)  # a range of blanks and zeros fits: nothing against it
