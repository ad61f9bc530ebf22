"""Row structure checked against the table's own identities: which rows each total totals.

A printed table rarely says which rows a total adds up. Levels come from codes, numbering
and 其中 rows, but real layouts mix them (a 类 row above unnumbered 款 rows, 一、本年支出
printed with its children, codes printed only in part), and summing the wrong rows makes
every total look 2× or 3× off. So each total gets the reading under which it holds:

- candidate member sets, most structural first — the top-level rows (classes, 一、 lines),
  the rows of one code level, the leaves, the rows of the lowest numbering rank, every row;
- each candidate is judged on every figure column; the one that holds in most columns is
  kept (the structural one on a tie), and recorded on the total row (``Row.members``);
- when no candidate holds in any column and the structural reading is not clear-cut (rows
  of several kinds, no codes to confirm them, and other readings possible), the total is
  left without members: rules skip it, with the reason, rather than report a sum of the
  wrong rows. A group's 小计 with only one possible reading (the rows of its group) keeps it.

A reading hypothesis is only about which rows belong together; no figure is changed.
An isolated violation under an otherwise consistent reading stays a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from budget_audit.findings import judge
from budget_audit.model import RANK_BREAKDOWN, RANK_PLAIN, Column, Row, Table


def side_rows(table: Table, side: str | None) -> list[Row]:
    return [r for r in table.rows if r.side == side]


def scope_of(rows: list[Row], total: Row) -> tuple[Row | None, list[Row]]:
    """The previous total (a subtotal this total may include) and the rows since it.

    A total printed first (合计 at the top of the table) covers the rows after it.
    """
    at = rows.index(total)
    previous = next((i for i in range(at - 1, -1, -1) if rows[i].is_total), None)
    between = rows[(previous + 1 if previous is not None else 0) : at]
    if not between and previous is None:
        return None, _following(rows, at)
    return (rows[previous] if previous is not None else None), between


def _following(rows: list[Row], at: int) -> list[Row]:
    """The rows after row ``at`` up to the next total: the group a leading (sub)total heads."""
    following = rows[at + 1 :]
    end = next((i for i, r in enumerate(following) if r.is_total), len(following))
    return following[:end]


def _group_totals(rows: list[Row], total: Row) -> list[Row]:
    """The other totals of the side, when they are group subtotals (小计) a grand total adds up."""
    if is_subtotal(total):
        return []
    groups = [r for r in rows if r.is_total and r is not total and is_subtotal(r)]
    return groups if len(groups) >= 2 else []


def is_subtotal(row: Row) -> bool:
    return "小计" in row.name or bool(row.project and "小计" in row.project)


def top_level(rows: list[Row]) -> list[Row]:
    """The structural reading: classes (not their 款/项), 一、 lines (not their 1. 2.), no 其中 rows."""
    candidates = [r for r in rows if not r.is_total and r.rank != RANK_BREAKDOWN]
    plain = [r for r in candidates if r.rank == RANK_PLAIN and not r.level]
    leveled = [r for r in candidates if r.level]
    if plain and leveled:
        if candidates.index(plain[0]) < candidates.index(leveled[0]):
            return plain  # unit or group rows heading the subject rows under them
        return uncovered(leveled) + plain  # the classes, then lines such as 年终结转
    if leveled:
        return uncovered(leveled)
    if not candidates:
        return []
    lowest = min(r.rank for r in candidates)
    return [r for r in candidates if r.rank == lowest]


def uncovered(rows: list[Row]) -> list[Row]:
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


def _leaves(rows: list[Row]) -> list[Row]:
    """Rows with nothing printed under them: the next row is not deeper."""
    out = []
    for i, row in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        deeper = nxt is not None and (
            (nxt.level or 0) > (row.level or 0) if (nxt.level and row.level) else nxt.rank > row.rank
        )
        if not deeper:
            out.append(row)
    return out


def candidates(rows: list[Row], previous: Row | None) -> list[tuple[str, list[Row]]]:
    """Possible member sets of a total over ``rows``, the structural reading first."""
    body = [r for r in rows if not r.is_total and r.rank != RANK_BREAKDOWN]
    head = [previous] if previous is not None else []
    out: list[tuple[str, list[Row]]] = [("top-level rows", head + top_level(rows))]
    for level in sorted({r.level for r in body if r.level}):
        out.append((f"level-{level} rows", head + [r for r in body if r.level == level]))
    out.append(("leaf rows", head + _leaves(body)))
    if body:
        lowest = min(r.rank for r in body)
        out.append(("rows of the first numbering rank", head + [r for r in body if r.rank == lowest]))
    out.append(("every row", head + body))
    seen: set[tuple[int, ...]] = set()
    unique = []
    for name, members in out:
        key = tuple(id(m) for m in members)
        if members and key not in seen:
            seen.add(key)
            unique.append((name, members))
    return unique


def holds(total: Row, members: list[Row], columns: list[Column]) -> tuple[int, int]:
    """(columns where the total equals the members' sum, columns with figures)."""
    ok = judged = 0
    for col in columns:
        actual = total.values.get(col.name)
        parts = [m.values.get(col.name) for m in members]
        if all(v is None or v.amount == 0 for v in [actual, *parts]):
            continue  # nothing but zeros and blanks: no evidence for or against a reading
        judged += 1
        if judge(actual, [(1, p) for p in parts]).consistent:
            ok += 1
    return ok, judged


def _multiple(total: Row, members: list[Row], columns: list[Column]) -> bool:
    """Whether the members sum to k × the total (k ≥ 2) in every column with figures: the
    signature of parents summed with their children, not of a wrong figure."""
    seen = False
    for col in columns:
        actual = total.values.get(col.name)
        parts = [m.values.get(col.name) for m in members]
        if actual is None or actual.amount == 0:
            if any(p is not None and p.amount != 0 for p in parts):
                return False
            continue
        found = sum((p.amount for p in parts if p is not None), Decimal(0))
        ratio = found / actual.amount
        if ratio < 2 or abs(ratio - ratio.to_integral_value()) > Decimal("0.001"):
            return False
        seen = True
    return seen


def _clear_cut(members: list[Row]) -> bool:
    """A structural reading that needs no confirmation: one code level, or one numbering rank."""
    if not members:
        return False
    levels = {m.level for m in members}
    if all(m.code for m in members) and len(levels) == 1:
        return True
    return all(not m.level for m in members) and len({m.rank for m in members}) == 1 and members[0].rank != RANK_PLAIN


def assign_totals(table: Table, trusted: Callable[[Column], bool] = lambda c: not c.uncertain) -> None:
    """Record on each total row the rows it totals, or why they cannot be established."""
    for side in table.sides or [None]:
        rows = side_rows(table, side)
        columns = [c for c in table.value_columns(side) if trusted(c)]
        for total in (r for r in rows if r.is_total):
            previous, scope = scope_of(rows, total)
            options = candidates(scope, previous) if scope else []
            at = rows.index(total)
            after = _following(rows, at)
            heads = bool(total.project) and is_subtotal(total)  # "政府性基金 | 小计": it names, and heads, its group
            if heads:
                # its group is the rows under it, never those above (the group before it); its own
                # 其中 rows are a part of it, not its members
                options = [(f"{name} after it", members) for name, members in candidates(after, None)]
                if not options:
                    total.members, total.members_reading = [], "a group subtotal with no rows under it"
                    continue
            elif after and after != scope and (not scope or is_subtotal(total)):
                # a subtotal may head its group (单位 | 小计 above the unit's projects)
                options = options + [(f"{name} after it", members) for name, members in candidates(after, None)]
            groups = _group_totals(rows, total)
            if groups:
                options.append(("group subtotals", groups))
            if not options:
                continue
            scored = [(holds(total, members, columns), n, name, members) for n, (name, members) in enumerate(options)]
            (ok, judged), _, name, members = max(scored, key=lambda s: (s[0][0], -s[1]))
            structural = options[0][1]
            if judged == 0 or ok > 0:
                total.members, total.members_reading = members, name
            elif _multiple(total, structural, columns):
                total.members, total.members_reading = None, (
                    "the rows below it add up to a whole multiple of it (2×, 3×) in every column: rows of "
                    "several levels that the layout does not tell apart"
                )
            elif (is_subtotal(total) and len({tuple(map(id, m)) for _, m in options}) == 1) or _clear_cut(
                [m for m in structural if m is not previous]
            ):
                total.members, total.members_reading = structural, options[0][0]
            else:
                total.members, total.members_reading = None, (
                    "the rows it totals cannot be established: no reading of the rows above it "
                    f"(of {len(options)} tried) adds up in any column"
                )
